package discover

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/konbit/konbit/sync/crdt"
)

const (
	// DefaultPort is the TCP port of the sync service (konbit serve).
	DefaultPort = 21046
	// DefaultBeaconPort is the UDP port the broadcast beacon is sent to and
	// listened on. It is fixed so that every laptop listens where the others
	// send; Options.BeaconPort changes it for tests and odd networks.
	DefaultBeaconPort = 21047
	// DefaultInterval is how often the beacon is sent and mDNS is queried:
	// frequent enough to find a peer well within a minute, rare enough to be
	// no burden on a busy hotspot.
	DefaultInterval = 10 * time.Second
	// ServiceType is the DNS-SD service type announced and browsed.
	ServiceType = "_konbit._tcp"
)

// How a peer was found (Peer.Via).
const (
	ViaMDNS   = "mdns"
	ViaBeacon = "beacon"
	ViaManual = "manual"
)

// Peer is a place where a device's sync service was seen. Device is the zero
// id for a manual peer (it is learnt from the TLS handshake). Nothing in a
// Peer is authenticated.
type Peer struct {
	Device crdt.DeviceID
	Addr   netip.AddrPort
	Via    string
	Seen   time.Time
}

func (p Peer) String() string {
	if p.Device == (crdt.DeviceID{}) {
		return fmt.Sprintf("%s (%s)", p.Addr, p.Via)
	}
	return fmt.Sprintf("%s at %s (%s)", p.Device.Short(), p.Addr, p.Via)
}

// ManualPeer turns an address typed by a user ("192.168.1.20",
// "192.168.1.20:21046", "[fe80::1%wlan0]:21046", "marie-laptop.local") into a
// Peer; the port defaults to DefaultPort. A host name is resolved with the
// system resolver (IPv4 preferred, since hotspots are IPv4 first).
func ManualPeer(ctx context.Context, s string) (Peer, error) {
	host, port, err := splitHostPort(s)
	if err != nil {
		return Peer{}, err
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		addrs, lerr := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		if lerr != nil {
			return Peer{}, fmt.Errorf("peer address %q: %w", s, lerr)
		}
		if len(addrs) == 0 {
			return Peer{}, fmt.Errorf("peer address %q: host has no address", s)
		}
		addr = addrs[0]
		for _, a := range addrs {
			if a.Unmap().Is4() {
				addr = a
				break
			}
		}
	}
	return Peer{Addr: netip.AddrPortFrom(addr.Unmap(), port), Via: ViaManual}, nil
}

// splitHostPort splits "host", "host:port", "[v6]", "[v6]:port" and a bare
// IPv6 address, defaulting the port.
func splitHostPort(s string) (string, uint16, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", 0, fmt.Errorf("peer address is empty")
	}
	if _, err := netip.ParseAddr(s); err == nil { // bare address, IPv6 included
		return s, DefaultPort, nil
	}
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		return s[1 : len(s)-1], DefaultPort, nil
	}
	if !strings.Contains(s, ":") {
		return s, DefaultPort, nil
	}
	host, ps, err := net.SplitHostPort(s)
	if err != nil {
		return "", 0, fmt.Errorf("peer address %q: %w", s, err)
	}
	if host == "" {
		return "", 0, fmt.Errorf("peer address %q: no host", s)
	}
	n, err := strconv.ParseUint(ps, 10, 16)
	if err != nil || n == 0 {
		return "", 0, fmt.Errorf("peer address %q: port must be 1 to 65535", s)
	}
	return host, uint16(n), nil
}
