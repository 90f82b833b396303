package discover_test

import (
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/discover"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestTableExpiryAndAddresses(t *testing.T) {
	c := &clock{t: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)}
	tab := discover.NewTable(40*time.Second, c.now)
	a, b := dev(1), dev(50)
	v4 := netip.MustParseAddrPort("192.168.1.20:21046")
	v6 := netip.MustParseAddrPort("[fe80::1%wlan0]:21046")

	tab.Add(discover.Peer{Device: a, Addr: v4, Via: discover.ViaBeacon, Seen: c.now()})
	c.add(10 * time.Second)
	tab.Add(discover.Peer{Device: a, Addr: v6, Via: discover.ViaMDNS}) // Seen stamped by the table
	tab.Add(discover.Peer{Device: b, Addr: v4, Via: discover.ViaBeacon, Seen: c.now()})
	tab.Add(discover.Peer{Addr: v4, Via: discover.ViaManual}) // no device: not kept

	peers := tab.Peers()
	if len(peers) != 2 || peers[0].Device != a || peers[1].Device != b {
		t.Fatalf("peers = %v", peers)
	}
	if peers[0].Addr != v6 || peers[0].Via != discover.ViaMDNS || !peers[0].Seen.Equal(c.now()) {
		t.Fatalf("latest sighting of a = %+v", peers[0])
	}
	if got := tab.Addrs(a); len(got) != 2 || got[0] != v6 || got[1] != v4 {
		t.Fatalf("addrs of a = %v", got)
	}

	c.add(35 * time.Second) // the first sighting of a is now 45s old
	if got := tab.Addrs(a); len(got) != 1 || got[0] != v6 {
		t.Fatalf("addrs of a after expiry = %v", got)
	}
	// Seen again at the old address: it comes back first.
	tab.Add(discover.Peer{Device: a, Addr: v4, Via: discover.ViaBeacon, Seen: c.now()})
	if got := tab.Addrs(a); len(got) != 2 || got[0] != v4 {
		t.Fatalf("addrs of a after re-sighting = %v", got)
	}
	c.add(41 * time.Second)
	if got := tab.Peers(); len(got) != 0 {
		t.Fatalf("peers after expiry = %v", got)
	}
	if _, ok := tab.Get(a); ok {
		t.Fatal("expired peer still found")
	}
}

func TestTableIsBounded(t *testing.T) {
	c := &clock{t: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)}
	tab := discover.NewTable(time.Hour, c.now)
	first := crdt.DeviceID{0xff}
	tab.Add(discover.Peer{Device: first, Addr: netip.MustParseAddrPort("10.0.0.1:1")})
	for i := range 400 {
		c.add(time.Millisecond)
		var d crdt.DeviceID
		d[0], d[1] = byte(i>>8), byte(i)
		for j := range 12 {
			tab.Add(discover.Peer{Device: d, Addr: netip.AddrPortFrom(netip.MustParseAddr("10.0.0.2"), uint16(j+1))})
		}
	}
	peers := tab.Peers()
	if len(peers) > 256 {
		t.Fatalf("%d devices kept", len(peers))
	}
	if _, ok := tab.Get(first); ok {
		t.Fatal("the least recently seen device was not evicted")
	}
	if n := len(tab.Addrs(peers[0].Device)); n > 8 {
		t.Fatalf("%d addresses kept for one device", n)
	}
}
