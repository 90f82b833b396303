package crdt

import (
	"fmt"
	"sync"
	"time"
)

// Timestamp is a hybrid logical clock reading (Kulkarni et al., 2014): the
// high 48 bits hold physical milliseconds since the Unix epoch, the low 16
// bits a logical counter that orders events within one millisecond.
type Timestamp uint64

const logicalBits = 16
const logicalMask = 1<<logicalBits - 1

// MakeTimestamp builds a timestamp from wall milliseconds and a counter.
func MakeTimestamp(wallMillis int64, logical uint16) Timestamp {
	return Timestamp(uint64(wallMillis)<<logicalBits | uint64(logical))
}

// WallMillis is the physical part, in milliseconds since the Unix epoch.
func (t Timestamp) WallMillis() int64 { return int64(uint64(t) >> logicalBits) }

// Logical is the logical counter.
func (t Timestamp) Logical() uint16 { return uint16(uint64(t) & logicalMask) }

// Time converts the physical part to a time.Time (UTC).
func (t Timestamp) Time() time.Time { return time.UnixMilli(t.WallMillis()).UTC() }

func (t Timestamp) String() string {
	return fmt.Sprintf("%s+%d", t.Time().Format("2006-01-02T15:04:05.000Z"), t.Logical())
}

// MaxWallMillis is the largest physical time a 48-bit clock can hold.
const MaxWallMillis = 1<<48 - 1

// Clock is a hybrid logical clock. Its physical source is injected so tests
// control time. It is safe for concurrent use.
type Clock struct {
	mu   sync.Mutex
	now  func() time.Time
	last Timestamp
}

// NewClock returns a clock reading physical time from now, which never
// issues a timestamp at or below last (the highest one issued or seen
// before, as persisted by the store).
func NewClock(now func() time.Time, last Timestamp) *Clock {
	if now == nil {
		now = time.Now
	}
	return &Clock{now: now, last: last}
}

// Now issues a new timestamp for a local event, strictly greater than any
// timestamp issued or observed before.
func (c *Clock) Now() Timestamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	pt := c.physical()
	if pt > c.last.WallMillis() {
		c.last = MakeTimestamp(pt, 0)
	} else {
		c.last = c.last.next()
	}
	return c.last
}

// Observe merges a remote timestamp into the clock, so the next local event
// is ordered after it. It returns how far ahead of the local physical clock
// the remote timestamp is (zero or negative when it is not ahead).
func (c *Clock) Observe(remote Timestamp) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	pt := c.physical()
	if remote > c.last {
		c.last = remote
	}
	return time.Duration(remote.WallMillis()-pt) * time.Millisecond
}

func (c *Clock) physical() int64 {
	ms := c.now().UnixMilli()
	if ms < 0 {
		ms = 0
	}
	if ms > MaxWallMillis {
		ms = MaxWallMillis
	}
	return ms
}

// next returns the smallest timestamp after t, carrying a full logical
// counter into the physical part.
func (t Timestamp) next() Timestamp {
	if t.Logical() == logicalMask {
		return MakeTimestamp(t.WallMillis()+1, 0)
	}
	return t + 1
}
