package agent

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/peer"
)

// joinAttempts is how many codes the new laptop's user may type: the
// member's window closes after three wrong ones anyway.
const joinAttempts = 3

// Pair opens the pairing window on the options' PairListen address.
func (a *Agent) Pair(ctx context.Context, onCode func(PairRequest)) (PairResult, error) {
	ln, err := net.Listen("tcp", a.opts.PairListen)
	if err != nil {
		return PairResult{}, fmt.Errorf("open the pairing window on %s: %w", a.opts.PairListen, err)
	}
	return a.PairOn(ctx, ln, onCode)
}

// PairOn opens the pairing window on ln (closed when it returns).
func (a *Agent) PairOn(ctx context.Context, ln net.Listener, onCode func(PairRequest)) (PairResult, error) {
	cfg := a.pairConfig()
	window := cfg.Window
	if window <= 0 {
		window = 5 * time.Minute // peer's default
	}
	expires := a.opts.Now().Add(window)
	cfg.ShowCode = func(code string, d crdt.DeviceID, name string) {
		onCode(PairRequest{Code: code, Device: d, Name: name, Expires: expires})
	}
	a.event(zeroID, false, EventPairWindow, map[string]any{"Addr": ln.Addr().String(), "Until": expires.Format("15:04")}, "pairing window open on %s until %s", ln.Addr(), expires.Format("15:04"))
	res, err := peer.ListenPair(ctx, ln, cfg)
	return a.paired(res, err)
}

// Join pairs with the member's laptop at addr (port 21048 if none given).
func (a *Agent) Join(ctx context.Context, addr string, code func(ctx context.Context) (string, error)) (PairResult, error) {
	addr = withPort(addr, DefaultPairPort)
	var err error
	for range joinAttempts {
		cfg := a.pairConfig()
		cfg.EnterCode = func(ctx context.Context, _ crdt.DeviceID, _ string) (string, error) { return code(ctx) }
		var res peer.PairResult
		res, err = peer.DialPair(ctx, addr, cfg)
		if !errors.Is(err, peer.ErrCodeMismatch) && !errors.Is(err, peer.ErrWrongCode) {
			return a.paired(res, err)
		}
		a.event(res.Peer, true, EventPairFailed, map[string]any{"Why": Why(err), "Detail": err.Error()}, "%v", err)
	}
	return PairResult{}, err
}

// pairConfig is the pairing configuration: each side admits the other.
func (a *Agent) pairConfig() peer.PairConfig {
	return peer.PairConfig{
		Config: a.config(),
		Admit: func(ctx context.Context, pub ed25519.PublicKey, name string) error {
			if err := a.r.Admit(ctx, pub, name); err != nil {
				return err
			}
			// Publish this laptop's key-exchange key in the first sync, so
			// the other can hand it the group key (the shared folder's).
			if err := a.r.ReconcileGroupKey(ctx); err != nil {
				a.event(zeroID, true, EventFailed, map[string]any{"Detail": err.Error()}, "group key: %v", err)
			}
			return nil
		},
	}
}

// paired records a pairing's outcome.
func (a *Agent) paired(res peer.PairResult, err error) (PairResult, error) {
	out := PairResult{Device: res.Peer, Name: res.PeerName, In: res.Sync.NewIn, Out: res.Sync.ChangesOut}
	switch {
	case res.Paired:
		a.event(res.Peer, false, EventPaired, map[string]any{"Peer": a.r.DeviceLabel(res.Peer)}, "paired with %s", a.r.DeviceLabel(res.Peer))
		a.record(Outcome{Peer: res.Peer, Name: res.PeerName, Stats: res.Sync, Err: err}, "pairing")
		a.poke(a.reload) // background sync turns on once paired
	case err != nil:
		a.event(res.Peer, true, EventPairFailed, map[string]any{"Why": Why(err), "Detail": err.Error()}, "pairing failed: %v", err)
	}
	return out, err
}

// JoinAsking is Join in one attempt, the code asked for by ask once the
// member's laptop shows it (told which laptop it is talking to): the
// command line's form.
func (a *Agent) JoinAsking(ctx context.Context, addr string, ask func(ctx context.Context, member crdt.DeviceID, name string) (string, error)) (PairResult, error) {
	cfg := a.pairConfig()
	cfg.EnterCode = ask
	res, err := peer.DialPair(ctx, withPort(addr, DefaultPairPort), cfg)
	return a.paired(res, err)
}
