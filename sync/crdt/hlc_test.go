package crdt

import (
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

func (f *fakeClock) now() time.Time { return f.t }

func TestClockMonotonicWhenTimeStandsStill(t *testing.T) {
	fc := &fakeClock{t: time.UnixMilli(1_700_000_000_000)}
	c := NewClock(fc.now, 0)
	a := c.Now()
	b := c.Now()
	if !(b > a) || b.WallMillis() != a.WallMillis() || b.Logical() != a.Logical()+1 {
		t.Fatalf("want logical tick, got %v then %v", a, b)
	}
	fc.t = fc.t.Add(-time.Hour) // the clock goes backwards
	if d := c.Now(); d <= b {
		t.Fatalf("clock went backwards: %v after %v", d, b)
	}
	fc.t = fc.t.Add(2 * time.Hour)
	e := c.Now()
	if e.WallMillis() != fc.t.UnixMilli() || e.Logical() != 0 {
		t.Fatalf("want physical time %d+0, got %v", fc.t.UnixMilli(), e)
	}
}

func TestClockObserveOrdersAfterRemote(t *testing.T) {
	fc := &fakeClock{t: time.UnixMilli(1_700_000_000_000)}
	c := NewClock(fc.now, 0)
	remote := MakeTimestamp(fc.t.Add(72*time.Hour).UnixMilli(), 7)
	ahead := c.Observe(remote)
	if ahead != 72*time.Hour {
		t.Fatalf("ahead = %v, want 72h", ahead)
	}
	if n := c.Now(); n <= remote {
		t.Fatalf("local event %v not after observed %v", n, remote)
	}
	if behind := c.Observe(MakeTimestamp(fc.t.Add(-time.Minute).UnixMilli(), 0)); behind != -time.Minute {
		t.Fatalf("behind = %v", behind)
	}
}

func TestClockLogicalOverflowCarries(t *testing.T) {
	fc := &fakeClock{t: time.UnixMilli(1000)}
	c := NewClock(fc.now, MakeTimestamp(1000, logicalMask))
	n := c.Now()
	if n.WallMillis() != 1001 || n.Logical() != 0 {
		t.Fatalf("got %v, want 1001+0", n)
	}
}

func TestClockResumesAfterPersistedLast(t *testing.T) {
	fc := &fakeClock{t: time.UnixMilli(5000)}
	last := MakeTimestamp(9000, 3) // saved before a restart, clock since set back
	c := NewClock(fc.now, last)
	if n := c.Now(); n <= last {
		t.Fatalf("%v not after persisted %v", n, last)
	}
}

func TestTimestampParts(t *testing.T) {
	ts := MakeTimestamp(123456789, 42)
	if ts.WallMillis() != 123456789 || ts.Logical() != 42 {
		t.Fatalf("parts of %v", ts)
	}
	if ts.Time().UnixMilli() != 123456789 {
		t.Fatal("Time")
	}
}
