package discover

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/konbit/konbit/sync/crdt"
)

// startBeacon listens for beacons on the beacon port and sends ours to every
// broadcast address every interval. If the port cannot be shared (another
// program holds it without SO_REUSEADDR) we still send from an ephemeral
// port, so the others find us even if we cannot hear them.
func startBeacon(self crdt.DeviceID, opts Options, log *onceLogger, report func(Peer)) (stop func(), err error) {
	port := opts.beaconPort()
	lc := net.ListenConfig{Control: reuseAddr}
	pc, lerr := lc.ListenPacket(context.Background(), "udp4", fmt.Sprintf(":%d", port))
	listening := lerr == nil
	if lerr != nil {
		log.Printf("discover: beacon: cannot listen on UDP port %d, sending only: %v", port, lerr)
		pc, err = net.ListenPacket("udp4", ":0")
		if err != nil {
			return nil, fmt.Errorf("no UDP socket: %w (listen: %v)", err, lerr)
		}
	}
	conn := pc.(*net.UDPConn)
	packet := Beacon{Device: self, Port: uint16(opts.port())}.Encode()

	quit := make(chan struct{})
	var wg sync.WaitGroup
	if listening {
		wg.Go(func() { receiveBeacons(conn, opts, log, report) })
	}
	wg.Go(func() {
		t := time.NewTicker(opts.interval())
		defer t.Stop()
		for {
			sendBeacon(conn, packet, port, opts, log)
			select {
			case <-quit:
				return
			case <-t.C:
			}
		}
	})
	return func() {
		close(quit)
		conn.Close()
		wg.Wait()
	}, nil
}

// receiveBeacons reads until conn is closed. Packets that are not valid
// beacons are dropped: the port is open to the whole network.
func receiveBeacons(conn *net.UDPConn, opts Options, log *onceLogger, report func(Peer)) {
	buf := make([]byte, 1500)
	for {
		n, from, err := conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// Not fatal (an ICMP error surfacing on Windows, say), but
			// never spin on a socket that keeps failing.
			log.Printf("discover: beacon: read: %v", err)
			time.Sleep(100 * time.Millisecond)
			continue
		}
		b, err := DecodeBeacon(buf[:n])
		if err != nil {
			if errors.Is(err, ErrBeaconVersion) {
				log.Printf("discover: beacon from %s: %v (a different Konbit version?)", from.Addr(), err)
			}
			continue
		}
		report(Peer{
			Device: b.Device,
			Addr:   netip.AddrPortFrom(from.Addr().Unmap(), b.Port),
			Via:    ViaBeacon,
			Seen:   opts.now(),
		})
	}
}

func sendBeacon(conn *net.UDPConn, packet []byte, port int, opts Options, log *onceLogger) {
	ifaces := opts.Interfaces
	if ifaces == nil {
		var err error
		if ifaces, err = net.Interfaces(); err != nil {
			log.Printf("discover: beacon: list interfaces: %v", err)
			return
		}
	}
	for _, to := range broadcastTargets(ifaces, opts.Loopback, uint16(port), interfaceAddrs) {
		if _, err := conn.WriteToUDPAddrPort(packet, to); err != nil {
			log.Printf("discover: beacon: send to %s: %v", to, err)
		}
	}
}

func interfaceAddrs(ifc net.Interface) ([]net.Addr, error) { return ifc.Addrs() }

// broadcastTargets lists the subnet broadcast address of every IPv4 network
// on the usable interfaces, or the limited broadcast 255.255.255.255 when
// there is none (then the system picks the interface). IPv6 has no
// broadcast; mDNS covers it.
func broadcastTargets(ifaces []net.Interface, loopback bool, port uint16, addrsOf func(net.Interface) ([]net.Addr, error)) []netip.AddrPort {
	var out []netip.AddrPort
	seen := map[netip.Addr]bool{}
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagPointToPoint != 0 {
			continue
		}
		isLoop := ifc.Flags&net.FlagLoopback != 0
		if isLoop && !loopback || !isLoop && ifc.Flags&net.FlagBroadcast == 0 {
			continue
		}
		addrs, err := addrsOf(ifc)
		if err != nil {
			continue
		}
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			bc, ok := subnetBroadcast(ipn)
			if ok && !seen[bc] {
				seen[bc] = true
				out = append(out, netip.AddrPortFrom(bc, port))
			}
		}
	}
	if len(out) == 0 {
		out = append(out, netip.AddrPortFrom(netip.AddrFrom4([4]byte{255, 255, 255, 255}), port))
	}
	return out
}

// subnetBroadcast is the broadcast address of an IPv4 network; /31 and /32
// have none.
func subnetBroadcast(n *net.IPNet) (netip.Addr, bool) {
	ip4 := n.IP.To4()
	if ip4 == nil {
		return netip.Addr{}, false
	}
	mask := n.Mask
	if len(mask) == net.IPv6len {
		mask = mask[12:]
	}
	if len(mask) != net.IPv4len {
		return netip.Addr{}, false
	}
	if ones, _ := net.IPMask(mask).Size(); ones > 30 || ones == 0 {
		return netip.Addr{}, false
	}
	var b [4]byte
	for i := range b {
		b[i] = ip4[i] | ^mask[i]
	}
	return netip.AddrFrom4(b), true
}
