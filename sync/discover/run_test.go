package discover_test

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/discover"
)

// node is one Run under test with what it found.
type node struct {
	self   crdt.DeviceID
	mu     sync.Mutex
	found  []discover.Peer
	done   chan error
	cancel context.CancelFunc
}

func start(t *testing.T, self crdt.DeviceID, opts discover.Options) *node {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	n := &node{self: self, done: make(chan error, 1), cancel: cancel}
	opts.Logf = func(f string, a ...any) { t.Logf(self.Short()+": "+f, a...) }
	go func() {
		n.done <- discover.Run(ctx, self, opts, func(p discover.Peer) {
			n.mu.Lock()
			n.found = append(n.found, p)
			n.mu.Unlock()
		})
	}()
	t.Cleanup(func() { n.stop(t) })
	return n
}

// exited returns Run's error if it returned already (it returns early only
// when no mechanism could start).
func (n *node) exited() error {
	if n.cancel == nil {
		return nil
	}
	select {
	case err := <-n.done:
		n.cancel()
		n.cancel = nil
		if err == nil {
			err = errors.New("Run returned nil before cancel")
		}
		return err
	default:
		return nil
	}
}

func (n *node) stop(t *testing.T) {
	if n.cancel == nil {
		return
	}
	n.cancel()
	n.cancel = nil
	select {
	case err := <-n.done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Error("Run did not return after cancel")
	}
}

// waitFor returns the first peer found for device d with the given Via.
func (n *node) waitFor(d crdt.DeviceID, via string, within time.Duration) (discover.Peer, bool) {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		n.mu.Lock()
		for _, p := range n.found {
			if p.Device == d && p.Via == via {
				n.mu.Unlock()
				return p, true
			}
		}
		n.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	return discover.Peer{}, false
}

func (n *node) foundSelf() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, p := range n.found {
		if p.Device == n.self {
			return true
		}
	}
	return false
}

func loopback(t *testing.T) net.Interface {
	t.Helper()
	ifaces, err := net.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagLoopback != 0 && ifc.Flags&net.FlagUp != 0 {
			return ifc
		}
	}
	t.Skip("no loopback interface that is up")
	return net.Interface{}
}

// freeUDPPort picks a port no one uses, so tests never hear real laptops.
func freeUDPPort(t *testing.T) int {
	t.Helper()
	c, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}

func TestBeaconOnLoopback(t *testing.T) {
	lo := loopback(t)
	port := freeUDPPort(t)
	opts := func(tcp int) discover.Options {
		return discover.Options{
			Port: tcp, BeaconPort: port, Interval: 50 * time.Millisecond,
			DisableMDNS: true, Loopback: true, Interfaces: []net.Interface{lo},
		}
	}
	a := start(t, dev(1), opts(4001))
	b := start(t, dev(100), opts(4002))

	pb, ok := a.waitFor(b.self, discover.ViaBeacon, 3*time.Second)
	if !ok {
		t.Fatal("a did not hear b's beacon on 127.255.255.255 (two sockets sharing the port with SO_REUSEADDR)")
	}
	if pb.Addr != netip.MustParseAddrPort("127.0.0.1:4002") || pb.Seen.IsZero() {
		t.Fatalf("a found b as %+v", pb)
	}
	pa, ok := b.waitFor(a.self, discover.ViaBeacon, 3*time.Second)
	if !ok || pa.Addr != netip.MustParseAddrPort("127.0.0.1:4001") {
		t.Fatalf("b found a as %+v (found: %v)", pa, ok)
	}

	// Garbage on the port is ignored, not reported and not fatal.
	c, err := net.Dial("udp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatal(err)
	}
	c.Write([]byte("KNBT\x01 not a beacon"))
	c.Write(discover.Beacon{Device: dev(1)}.Encode()) // port 0
	c.Close()
	time.Sleep(100 * time.Millisecond)
	a.stop(t)
	b.stop(t)
	if a.foundSelf() || b.foundSelf() {
		t.Fatal("a node reported its own beacon")
	}
	for _, n := range []*node{a, b} {
		for _, p := range n.found {
			if p.Addr.Port() == 0 || (p.Device != dev(1) && p.Device != dev(100)) {
				t.Fatalf("reported %+v", p)
			}
		}
	}
}

func TestRunFoundNotCalledAfterReturn(t *testing.T) {
	lo := loopback(t)
	port := freeUDPPort(t)
	opts := discover.Options{BeaconPort: port, Interval: 10 * time.Millisecond, DisableMDNS: true, Loopback: true, Interfaces: []net.Interface{lo}}
	other := start(t, dev(9), opts)
	_ = other
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	returned := false
	done := make(chan error)
	go func() {
		done <- discover.Run(ctx, dev(1), opts, func(discover.Peer) {
			mu.Lock()
			defer mu.Unlock()
			if returned {
				t.Error("found called after Run returned")
			}
		})
	}()
	time.Sleep(100 * time.Millisecond)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	returned = true
	mu.Unlock()
	time.Sleep(50 * time.Millisecond)
}

func TestRunRefusesNothingToDo(t *testing.T) {
	err := discover.Run(context.Background(), dev(1), discover.Options{DisableMDNS: true, DisableBeacon: true}, func(discover.Peer) {})
	if err == nil {
		t.Fatal("Run with both mechanisms disabled returned nil")
	}
	if err := discover.Run(context.Background(), crdt.DeviceID{}, discover.Options{}, func(discover.Peer) {}); err == nil {
		t.Fatal("Run with a zero device id returned nil")
	}
}

func TestBroadcastTargets(t *testing.T) {
	mk := func(name string, flags net.Flags) net.Interface { return net.Interface{Name: name, Flags: flags} }
	cidr := func(s string) net.Addr {
		ip, n, err := net.ParseCIDR(s)
		if err != nil {
			t.Fatal(err)
		}
		n.IP = ip
		return n
	}
	addrs := map[string][]net.Addr{
		"lo":    {cidr("127.0.0.1/8"), cidr("::1/128")},
		"wlan0": {cidr("192.168.1.20/24"), cidr("fe80::1/64"), cidr("10.1.2.3/16")},
		"eth0":  {cidr("192.168.1.21/24")}, // same subnet: one target
		"tun0":  {cidr("10.8.0.2/24")},
		"down":  {cidr("172.16.0.1/24")},
		"p2p":   {cidr("100.64.0.1/32")},
	}
	of := func(ifc net.Interface) ([]net.Addr, error) { return addrs[ifc.Name], nil }
	ifaces := []net.Interface{
		mk("lo", net.FlagUp|net.FlagLoopback),
		mk("wlan0", net.FlagUp|net.FlagBroadcast|net.FlagMulticast),
		mk("eth0", net.FlagUp|net.FlagBroadcast),
		mk("tun0", net.FlagUp|net.FlagPointToPoint),
		mk("down", net.FlagBroadcast),
		mk("p2p", net.FlagUp|net.FlagBroadcast),
	}
	str := func(ts []netip.AddrPort) []string {
		var s []string
		for _, a := range ts {
			s = append(s, a.String())
		}
		return s
	}
	got := str(discover.BroadcastTargets(ifaces, false, 21047, of))
	want := []string{"192.168.1.255:21047", "10.1.255.255:21047"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("targets = %v, want %v", got, want)
	}
	got = str(discover.BroadcastTargets(ifaces, true, 21047, of))
	if len(got) != 3 || got[0] != "127.255.255.255:21047" {
		t.Fatalf("targets with loopback = %v", got)
	}
	got = str(discover.BroadcastTargets(ifaces[3:], false, 9, of))
	if len(got) != 1 || got[0] != "255.255.255.255:9" {
		t.Fatalf("fallback targets = %v", got)
	}
}
