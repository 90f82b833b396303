package discover

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/pion/logging"
	"github.com/pion/mdns/v2"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"

	"github.com/konbit/konbit/sync/crdt"
)

// TXT keys of our DNS-SD record. The device id is repeated there (and not
// only in the instance name) because instance names are meant for people and
// a responder may rename a conflicting one.
const (
	txtDevice  = "id"
	txtVersion = "v"
)

// startMDNS joins the mDNS group on the usable interfaces, answers for our
// service instance and browses for the others'. Both IPv4 and IPv6 are tried;
// one of them is enough.
func startMDNS(ctx context.Context, self crdt.DeviceID, opts Options, log *onceLogger, report func(Peer)) (stop func(), err error) {
	var p4 *ipv4.PacketConn
	var p6 *ipv6.PacketConn
	// Go binds a multicast address as the wildcard with SO_REUSEADDR, so we
	// share port 5353 with the system's responder (Avahi, Bonjour).
	l4, err4 := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(224, 0, 0, 0), Port: 5353})
	if err4 == nil {
		p4 = ipv4.NewPacketConn(l4)
	}
	l6, err6 := net.ListenUDP("udp6", &net.UDPAddr{IP: net.ParseIP("ff02::"), Port: 5353})
	if err6 == nil {
		p6 = ipv6.NewPacketConn(l6)
	}
	if p4 == nil && p6 == nil {
		return nil, fmt.Errorf("listen on port 5353: %w", errors.Join(err4, err6))
	}
	closeListeners := func() {
		if l4 != nil {
			l4.Close()
		}
		if l6 != nil {
			l6.Close()
		}
	}

	id := self.String()
	host := "konbit-" + id + ".local"
	so := []mdns.ServerOption{
		mdns.WithName("konbit"),
		mdns.WithLoggerFactory(pionLogger{log}),
		mdns.WithLocalNames(host),
		mdns.WithIncludeLoopback(opts.Loopback),
		mdns.WithQueryInterval(opts.interval()),
		mdns.WithService(mdns.ServiceInstance{
			Instance: id,
			Service:  ServiceType,
			Port:     uint16(opts.port()),
			Text: []mdns.TXTEntry{
				mdns.NewTXTString(txtDevice, id),
				mdns.NewTXTString(txtVersion, "1"),
			},
		}),
	}
	if opts.Interfaces != nil {
		so = append(so, mdns.WithInterfaces(opts.Interfaces...))
	}
	conn, err := mdns.NewServer(p4, p6, so...)
	if err != nil {
		closeListeners()
		return nil, fmt.Errorf("start responder: %w", err)
	}
	conn.OnServiceDiscovered(func(ev mdns.ServiceEvent) {
		if p, ok := peerFromService(ev); ok {
			p.Seen = opts.now()
			report(p)
		}
	})

	// pion reports an instance once per browse session (and again only when
	// it changes), so the browse is restarted every few intervals: each new
	// session reports every peer still answering, which keeps Seen fresh.
	bctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(2 * opts.interval())
		defer t.Stop()
		for {
			sctx, scancel := context.WithCancel(bctx)
			if err := conn.Browse(sctx, ServiceType); err != nil {
				log.Printf("discover: mdns: browse: %v", err)
			}
			select {
			case <-bctx.Done():
				scancel()
				return
			case <-t.C:
				scancel()
			}
		}
	})
	return func() {
		cancel()
		wg.Wait()
		if err := conn.Close(); err != nil {
			log.Printf("discover: mdns: close: %v", err)
		}
	}, nil
}

// peerFromService accepts an instance only if its name, its TXT device id
// and its port agree; anything else on the network is ignored.
func peerFromService(ev mdns.ServiceEvent) (Peer, bool) {
	in := ev.Instance
	if !strings.EqualFold(in.Service, ServiceType) || in.Port == 0 || !ev.Addr.IsValid() {
		return Peer{}, false
	}
	var txt string
	for _, e := range in.Text {
		if strings.EqualFold(e.Key, txtDevice) {
			txt = string(e.Value)
		}
	}
	dev, err := crdt.ParseDeviceID(txt)
	if err != nil || !strings.EqualFold(in.Instance, dev.String()) || dev == (crdt.DeviceID{}) {
		return Peer{}, false
	}
	addr := ev.Addr
	if addr.Is4In6() {
		addr = addr.Unmap()
	}
	return Peer{Device: dev, Addr: netip.AddrPortFrom(addr, in.Port), Via: ViaMDNS}, true
}

// pionLogger sends pion's warnings and errors to our log (each once) and
// drops its chatter.
type pionLogger struct{ log *onceLogger }

func (f pionLogger) NewLogger(string) logging.LeveledLogger { return f }

func (pionLogger) Trace(string)          {}
func (pionLogger) Tracef(string, ...any) {}
func (pionLogger) Debug(string)          {}
func (pionLogger) Debugf(string, ...any) {}
func (pionLogger) Info(string)           {}
func (pionLogger) Infof(string, ...any)  {}
func (f pionLogger) Warn(msg string)     { f.log.Printf("discover: mdns: %s", msg) }
func (f pionLogger) Warnf(format string, args ...any) {
	f.log.Printf("discover: mdns: "+format, args...)
}
func (f pionLogger) Error(msg string) { f.log.Printf("discover: mdns: %s", msg) }
func (f pionLogger) Errorf(format string, args ...any) {
	f.log.Printf("discover: mdns: "+format, args...)
}
