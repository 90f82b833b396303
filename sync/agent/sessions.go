package agent

import (
	"context"
	"net/netip"
	"slices"
	"time"

	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/discover"
	"github.com/konbit/konbit/sync/peer"
)

// Outcome is what one session with one peer did.
type Outcome struct {
	Peer  crdt.DeviceID
	Name  string
	Addr  string
	Stats peer.Stats
	Err   error
}

// peerList merges the peers seen with the sessions' outcomes; a.mu held.
func (a *Agent) peerList() []PeerStatus {
	byDev := map[crdt.DeviceID]PeerStatus{}
	for d, p := range a.peers {
		byDev[d] = *p
	}
	for _, p := range a.table.Peers() {
		ps := byDev[p.Device]
		ps.Device, ps.Addr, ps.Via, ps.Seen = p.Device, p.Addr.String(), p.Via, p.Seen
		byDev[p.Device] = ps
	}
	out := make([]PeerStatus, 0, len(byDev))
	for d, ps := range byDev {
		if d == a.r.Device() {
			continue
		}
		ps.Allowed = a.r.PeerAllowed(d) == nil
		if ps.Name == "" {
			ps.Name = a.r.DeviceName(d)
		}
		out = append(out, ps)
	}
	slices.SortFunc(out, func(x, y PeerStatus) int { return x.Device.Compare(y.Device) })
	return out
}

// record keeps a session's outcome for the status and the log.
func (a *Agent) record(o Outcome, via string) {
	a.mu.Lock()
	ps := a.peers[o.Peer]
	if ps == nil {
		ps = &PeerStatus{Device: o.Peer, Via: via}
		a.peers[o.Peer] = ps
	}
	if o.Addr != "" {
		ps.Addr = o.Addr
	}
	if o.Name != "" {
		ps.Name = o.Name
	}
	ps.Seen = a.opts.Now()
	if o.Err == nil {
		ps.LastSync, ps.In, ps.Out, ps.Err, ps.Why = a.opts.Now(), o.Stats.NewIn, o.Stats.ChangesOut, "", ""
	} else {
		ps.Err, ps.Why = o.Err.Error(), Why(o.Err)
	}
	a.mu.Unlock()
	label := a.r.DeviceLabel(o.Peer)
	if o.Peer == (crdt.DeviceID{}) {
		label = o.Addr
	}
	if o.Err == nil && o.Stats.NewIn > 0 {
		// News may be a laptop that needs the group key, or the key for us.
		if err := a.r.ReconcileGroupKey(context.Background()); err != nil {
			a.event(o.Peer, true, EventFailed, map[string]any{"Detail": err.Error()}, "group key: %v", err)
		}
	}
	switch {
	case o.Err != nil:
		a.event(o.Peer, true, EventSyncFailed, map[string]any{"Peer": label, "Why": Why(o.Err), "Detail": o.Err.Error()}, "sync with %s failed: %v", label, o.Err)
	case o.Stats.NewIn > 0 || o.Stats.ChangesOut > 0:
		a.event(o.Peer, false, EventSynced, map[string]any{"Peer": label, "In": o.Stats.NewIn, "Out": o.Stats.ChangesOut}, "synced with %s: %d changes in, %d out", label, o.Stats.NewIn, o.Stats.ChangesOut)
	}
	for _, p := range o.Stats.Problems {
		a.event(o.Peer, true, EventProblem, map[string]any{"Peer": label, "Detail": p.Error()}, "from %s: %v", label, p)
	}
}

// progress shows a running session's progress (at most every 100 ms).
func (a *Agent) progress(d crdt.DeviceID, name string, started time.Time) func(peer.Progress) {
	return func(p peer.Progress) {
		now := a.opts.Now()
		a.mu.Lock()
		skip := now.Sub(a.lastSet) < 100*time.Millisecond && p.InDone < p.InTotal && p.OutDone < p.OutTotal
		if !skip {
			a.lastSet = now
		}
		a.mu.Unlock()
		if skip {
			return
		}
		a.update(func(st *Status) {
			st.Transfer = &Transfer{Peer: d, Name: name, In: p.InDone, InTotal: p.InTotal, Out: p.OutDone, OutTotal: p.OutTotal, StartedAt: started}
		})
	}
}

// syncPeer runs one session with device d at the first address that
// answers; it skips a device already in a session.
func (a *Agent) syncPeer(ctx context.Context, d crdt.DeviceID, addrs []netip.AddrPort) (Outcome, bool) {
	a.mu.Lock()
	if a.busy[d] {
		a.mu.Unlock()
		return Outcome{}, false
	}
	a.busy[d] = true
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		delete(a.busy, d)
		a.mu.Unlock()
		a.update(func(st *Status) {
			if st.Transfer != nil && st.Transfer.Peer == d {
				st.Transfer = nil
			}
		})
	}()
	o := Outcome{Peer: d, Name: a.r.DeviceName(d)}
	if err := a.r.PeerAllowed(d); err != nil {
		o.Err = err
		return o, true
	}
	// Every address the device was announced at, most recent first, until
	// one works: anyone can announce any device id, so a failure at one
	// address (nobody there, or another device) says nothing of the next.
	for _, ap := range addrs {
		o.Addr = ap.String()
		o.Stats, o.Err = a.dial(ctx, o.Addr, d)
		if o.Err == nil || ctx.Err() != nil {
			break
		}
	}
	if o.Stats.PeerName != "" {
		o.Name = o.Stats.PeerName
	}
	return o, true
}

// dial runs one session with the peer at addr; want, if not zero, is the
// device expected there (another device answering is refused).
func (a *Agent) dial(ctx context.Context, addr string, want crdt.DeviceID) (peer.Stats, error) {
	cfg := a.config()
	cfg.Progress = a.progress(want, a.r.DeviceName(want), a.opts.Now())
	// Anyone can announce any device id: the certificate must be want's,
	// checked before any record is exchanged.
	cfg.Expect = want
	return peer.DialSync(ctx, addr, cfg)
}

// syncAll syncs with every allowed peer seen, one session each, in
// parallel, and returns their outcomes.
func (a *Agent) syncAll(ctx context.Context) []Outcome {
	peers := a.table.Peers()
	out := make(chan Outcome, len(peers))
	n := 0
	for _, p := range peers {
		if p.Device == a.r.Device() || a.r.PeerAllowed(p.Device) != nil {
			continue
		}
		n++
		go func(p discover.Peer) {
			o, ran := a.syncPeer(ctx, p.Device, a.table.Addrs(p.Device))
			if ran {
				a.record(o, p.Via)
			}
			out <- o
		}(p)
	}
	var res []Outcome
	for range n {
		if o := <-out; o.Peer != (crdt.DeviceID{}) {
			res = append(res, o)
		}
	}
	return res
}
