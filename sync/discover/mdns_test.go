package discover_test

import (
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/ipv4"

	"github.com/konbit/konbit/sync/discover"
)

func TestMDNSBetweenTwoInstances(t *testing.T) {
	lo := loopback(t)
	requireMulticast(t, lo)
	opts := func(tcp int) discover.Options {
		return discover.Options{
			Port: tcp, Interval: 200 * time.Millisecond,
			DisableBeacon: true, Loopback: true, Interfaces: []net.Interface{lo},
		}
	}
	a := start(t, dev(1), opts(4001))
	b := start(t, dev(100), opts(4002))
	pb, ok := a.waitFor(b.self, discover.ViaMDNS, 3*time.Second)
	for _, n := range []*node{a, b} {
		if err := n.exited(); err != nil && strings.Contains(err.Error(), "5353") {
			// Something holds the mDNS port without sharing it.
			t.Skipf("mDNS not tested: %v", err)
		}
	}
	if !ok {
		t.Fatal("a did not find b by mDNS")
	}
	t.Logf("a found %v", pb)
	pa, ok := b.waitFor(a.self, discover.ViaMDNS, 3*time.Second)
	if !ok {
		t.Fatal("b did not find a by mDNS")
	}
	t.Logf("b found %v", pa)
	if pb.Addr.Port() != 4002 || pa.Addr.Port() != 4001 {
		t.Fatalf("ports: a found b at %v, b found a at %v", pb.Addr, pa.Addr)
	}
}

// requireMulticast skips the test where IPv4 multicast does not loop back on
// ifc (some containers and CI kernels): mDNS cannot work there, and the
// beacon test covers discovery.
func requireMulticast(t *testing.T, ifc net.Interface) {
	t.Helper()
	group := net.IPv4(224, 0, 0, 251)
	c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4zero})
	if err != nil {
		t.Skipf("mDNS not tested: no UDP socket: %v", err)
	}
	defer c.Close()
	p := ipv4.NewPacketConn(c)
	if err := p.JoinGroup(&ifc, &net.UDPAddr{IP: group}); err != nil {
		t.Skipf("mDNS not tested: cannot join %v on %s: %v", group, ifc.Name, err)
	}
	if err := p.SetMulticastInterface(&ifc); err != nil {
		t.Skipf("mDNS not tested: no multicast on %s: %v", ifc.Name, err)
	}
	_ = p.SetMulticastLoopback(true)
	port := c.LocalAddr().(*net.UDPAddr).Port
	dst, _ := net.ResolveUDPAddr("udp4", net.JoinHostPort(group.String(), strconv.Itoa(port)))
	if _, err := p.WriteTo([]byte("probe"), nil, dst); err != nil {
		t.Skipf("mDNS not tested: multicast send on %s fails: %v", ifc.Name, err)
	}
	_ = c.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
	buf := make([]byte, 16)
	if _, _, err := c.ReadFrom(buf); err != nil {
		t.Skipf("mDNS not tested: multicast does not loop back on %s here: %v", ifc.Name, err)
	}
}
