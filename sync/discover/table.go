package discover

import (
	"net/netip"
	"slices"
	"sync"
	"time"

	"github.com/konbit/konbit/sync/crdt"
)

// Bounds of a Table: anyone on the network can send beacons with made-up
// device ids, so the table forgets the least recently seen instead of
// growing.
const (
	maxTableDevices = 256
	maxDeviceAddrs  = 8
)

// Table remembers the peers seen recently, by device, with every address
// each was seen at, for the Sync screen ("peers seen") and for dialing. It
// is safe for concurrent use; its clock is injected.
type Table struct {
	mu     sync.Mutex
	expiry time.Duration
	now    func() time.Time
	devs   map[crdt.DeviceID][]Peer // most recently seen first
}

// NewTable forgets a sighting expiry after it was made (Options.Expiry is a
// good value). now nil means time.Now.
func NewTable(expiry time.Duration, now func() time.Time) *Table {
	if now == nil {
		now = time.Now
	}
	return &Table{expiry: expiry, now: now, devs: map[crdt.DeviceID][]Peer{}}
}

// Add records a sighting; it fits Run's found callback. Peers without a
// device id (typed by hand) are not kept: they are dialed directly. A zero
// Seen is stamped with the table's clock.
func (t *Table) Add(p Peer) {
	if p.Device == (crdt.DeviceID{}) || !p.Addr.IsValid() {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if p.Seen.IsZero() {
		p.Seen = now
	}
	// Only this device's list is pruned here; the whole table only when it
	// is full or read, so a flood of beacons costs little each.
	limit := now.Add(-t.expiry)
	list := slices.DeleteFunc(t.devs[p.Device], func(q Peer) bool { return q.Addr == p.Addr || q.Seen.Before(limit) })
	list = append(list, p)
	slices.SortStableFunc(list, func(a, b Peer) int { return b.Seen.Compare(a.Seen) })
	if len(list) > maxDeviceAddrs {
		list = list[:maxDeviceAddrs]
	}
	t.devs[p.Device] = list
	if len(t.devs) > maxTableDevices {
		t.pruneLocked(now)
	}
	if len(t.devs) > maxTableDevices {
		t.evictOldestLocked()
	}
}

// Peers lists one entry per device still fresh, its most recent sighting,
// ordered by device id.
func (t *Table) Peers() []Peer {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pruneLocked(t.now())
	out := make([]Peer, 0, len(t.devs))
	for _, list := range t.devs {
		out = append(out, list[0])
	}
	slices.SortFunc(out, func(a, b Peer) int { return a.Device.Compare(b.Device) })
	return out
}

// Addrs lists the fresh addresses of a device, most recently seen first: the
// order to try when dialing.
func (t *Table) Addrs(d crdt.DeviceID) []netip.AddrPort {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pruneLocked(t.now())
	var out []netip.AddrPort
	for _, p := range t.devs[d] {
		out = append(out, p.Addr)
	}
	return out
}

// Get returns the most recent fresh sighting of a device.
func (t *Table) Get(d crdt.DeviceID) (Peer, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pruneLocked(t.now())
	list := t.devs[d]
	if len(list) == 0 {
		return Peer{}, false
	}
	return list[0], true
}

func (t *Table) pruneLocked(now time.Time) {
	limit := now.Add(-t.expiry)
	for d, list := range t.devs {
		list = slices.DeleteFunc(list, func(p Peer) bool { return p.Seen.Before(limit) })
		if len(list) == 0 {
			delete(t.devs, d)
		} else {
			t.devs[d] = list
		}
	}
}

func (t *Table) evictOldestLocked() {
	var oldest crdt.DeviceID
	var at time.Time
	first := true
	for d, list := range t.devs {
		if first || list[0].Seen.Before(at) || list[0].Seen.Equal(at) && d.Compare(oldest) < 0 {
			oldest, at, first = d, list[0].Seen, false
		}
	}
	delete(t.devs, oldest)
}
