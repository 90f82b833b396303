package agent

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/discover"
)

// zeroID is "no device" (an event about no peer in particular).
var zeroID crdt.DeviceID

// SyncNow syncs at once with the peer at addr, or with every peer seen
// when addr is "".
func (a *Agent) SyncNow(ctx context.Context, addr string) error {
	if addr == "" {
		var errs []error
		for _, o := range a.syncAll(ctx) {
			if o.Err != nil {
				errs = append(errs, o.Err)
			}
		}
		return errors.Join(errs...)
	}
	o := a.dialManual(ctx, addr)
	a.record(o, discover.ViaManual)
	return o.Err
}

// dialManual syncs with an address typed by hand (no device expected).
func (a *Agent) dialManual(ctx context.Context, addr string) Outcome {
	p, err := discover.ManualPeer(ctx, addr)
	if err != nil {
		return Outcome{Addr: addr, Err: err}
	}
	o := Outcome{Addr: p.Addr.String()}
	o.Stats, o.Err = a.dial(ctx, o.Addr, crdt.DeviceID{})
	o.Peer, o.Name = o.Stats.Peer, o.Stats.PeerName
	if o.Err == nil {
		a.table.Add(discover.Peer{Device: o.Peer, Addr: p.Addr, Via: discover.ViaManual, Seen: a.opts.Now()})
	}
	return o
}

// Converge is `konbit sync`: with peers given, one session with each; with
// none, it looks for the group's laptops for up to wait (less once every
// laptop of the roster has answered) and syncs with each one found. Rounds
// repeat while a round brings news (a change from one peer is passed to
// the others), at most four. It fails if a peer fails, or if none is found.
func (a *Agent) Converge(ctx context.Context, addrs []string, wait time.Duration) ([]Outcome, error) {
	if len(addrs) == 0 {
		if err := a.find(ctx, wait); err != nil {
			return nil, err
		}
	}
	var all []Outcome
	for round := 0; round < 4; round++ {
		var outs []Outcome
		if len(addrs) > 0 {
			for _, addr := range addrs {
				o := a.dialManual(ctx, addr)
				a.record(o, discover.ViaManual)
				outs = append(outs, o)
			}
		} else {
			outs = a.syncAll(ctx)
		}
		all = append(all, outs...)
		news := 0
		var errs []error
		for _, o := range outs {
			if o.Err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", a.label(o), o.Err))
			}
			news += o.Stats.NewIn
		}
		if len(errs) > 0 {
			return all, errors.Join(errs...)
		}
		if news == 0 || len(outs) < 2 {
			return all, nil
		}
	}
	return all, nil
}

func (a *Agent) label(o Outcome) string {
	if o.Peer == zeroID {
		return o.Addr
	}
	return a.r.DeviceLabel(o.Peer)
}

// find browses until every allowed laptop of the roster is seen, or wait
// has passed; it fails if none was seen.
func (a *Agent) find(ctx context.Context, wait time.Duration) error {
	roster, err := a.r.Roster(ctx)
	if err != nil {
		return err
	}
	want := map[crdt.DeviceID]bool{}
	for _, e := range roster {
		if !e.Self && a.r.PeerAllowed(e.Device) == nil {
			want[e.Device] = true
		}
	}
	if len(want) == 0 {
		return errors.New("this laptop is not paired with any other: pair it first (konbit pair)")
	}
	fctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	dopts := a.opts.Discover
	dopts.Logf = func(f string, args ...any) { a.opts.Log.Info(fmt.Sprintf(f, args...)) }
	if dopts.Port == 0 {
		dopts.Port = listenPort(a.opts.Listen)
	}
	seen := make(chan struct{}, 1)
	done := make(chan error, 1)
	go func() {
		done <- discover.Run(fctx, a.r.Device(), dopts, func(p discover.Peer) {
			a.table.Add(p)
			all := true
			for d := range want {
				if _, ok := a.table.Get(d); !ok {
					all = false
				}
			}
			if all {
				select {
				case seen <- struct{}{}:
				default:
				}
			}
		})
	}()
	select {
	case <-seen:
	case <-fctx.Done():
	}
	cancel()
	if err := <-done; err != nil {
		return fmt.Errorf("discovery: %w", err)
	}
	for d := range want {
		if _, ok := a.table.Get(d); ok {
			return nil
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return errNoPeer
}

func listenPort(addr string) int {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return discover.DefaultPort
	}
	n, err := strconv.Atoi(port)
	if err != nil || n <= 0 || n > 65535 {
		return discover.DefaultPort
	}
	return n
}
