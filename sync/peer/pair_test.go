package peer_test

import (
	"context"
	"crypto/ed25519"
	"crypto/tls"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/peer"
)

// shown is what a listener displayed for one attempt.
type shown struct {
	code   string
	joiner crdt.DeviceID
	name   string
}

// pairCfgs builds the two sides' configurations: the listener shows its
// code on a channel, the joiner types what typed returns, and Admit puts
// the other device on the fake store's roster.
func pairCfgs(l, j *fakeStore, typed func(shownCode string) string) (peer.PairConfig, peer.PairConfig, chan shown) {
	codes := make(chan shown, 16)
	admit := func(s *fakeStore) func(context.Context, ed25519.PublicKey, string) error {
		return func(_ context.Context, pub ed25519.PublicKey, _ string) error {
			s.allow(crdt.DeviceIDFromPublicKey(pub))
			return nil
		}
	}
	l.allow(l.Device())
	j.allow(j.Device())
	lc := peer.PairConfig{
		Config: cfgFor(l, "Marie's laptop"),
		ShowCode: func(code string, joiner crdt.DeviceID, name string) {
			codes <- shown{code, joiner, name}
		},
		Admit: admit(l),
	}
	jc := peer.PairConfig{
		Config: cfgFor(j, "new laptop"),
		EnterCode: func(ctx context.Context, _ crdt.DeviceID, _ string) (string, error) {
			select {
			case s := <-codes:
				return typed(s.code), nil
			case <-ctx.Done():
				return "", ctx.Err()
			}
		},
		Admit: admit(j),
	}
	return lc, jc, codes
}

type pairOutcome struct {
	res peer.PairResult
	err error
}

func listen(t testing.TB, ctx context.Context, cfg peer.PairConfig) (string, chan pairOutcome) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	out := make(chan pairOutcome, 1)
	go func() {
		res, err := peer.ListenPair(ctx, ln, cfg)
		out <- pairOutcome{res, err}
	}()
	return ln.Addr().String(), out
}

func TestPeerPairing(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	l, j := newFake(t), newFake(t)
	l.edit(120, r)
	j.edit(30, r)
	lc, jc, _ := pairCfgs(l, j, func(c string) string { return c })
	var seen shown
	show := lc.ShowCode
	lc.ShowCode = func(code string, joiner crdt.DeviceID, name string) {
		seen = shown{code, joiner, name}
		show(code, joiner, name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	addr, lout := listen(t, ctx, lc)
	jres, jerr := peer.DialPair(ctx, addr, jc)
	lo := <-lout
	if jerr != nil || lo.err != nil {
		t.Fatalf("pairing: joiner %v, listener %v", jerr, lo.err)
	}
	if !jres.Paired || !lo.res.Paired || jres.Peer != l.Device() || lo.res.Peer != j.Device() {
		t.Fatalf("results: %+v / %+v", jres, lo.res)
	}
	if len(seen.code) != 6 || seen.joiner != j.Device() || seen.name != "new laptop" || jres.PeerName != "Marie's laptop" {
		t.Errorf("listener showed %+v; joiner saw %q", seen, jres.PeerName)
	}
	if l.Allowed(j.Device()) != nil || j.Allowed(l.Device()) != nil {
		t.Error("admissions not written on both sides")
	}
	mustConverge(t, l, j)
	if jres.Sync.NewIn != 120 || lo.res.Sync.NewIn != 30 {
		t.Errorf("first sync: joiner got %d, listener %d", jres.Sync.NewIn, lo.res.Sync.NewIn)
	}
}

func TestPeerPairingWrongCodeThreeTimes(t *testing.T) {
	l, j := newFake(t), newFake(t)
	lc, jc, _ := pairCfgs(l, j, func(c string) string {
		return string(rune('0'+(c[0]-'0'+1)%10)) + c[1:] // a typo
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	addr, lout := listen(t, ctx, lc)
	for i := range 3 {
		_, err := peer.DialPair(ctx, addr, jc)
		if !errors.Is(err, peer.ErrCodeMismatch) || !strings.Contains(err.Error(), "Marie's laptop") {
			t.Fatalf("attempt %d: %v, want ErrCodeMismatch naming the listener", i+1, err)
		}
	}
	lo := <-lout
	if !errors.Is(lo.err, peer.ErrWindowClosed) || lo.res.Paired || lo.res.Wrong != 3 {
		t.Fatalf("listener: %+v %v, want window closed after 3 wrong codes", lo.res, lo.err)
	}
	if _, err := peer.DialPair(ctx, addr, jc); err == nil {
		t.Fatal("a 4th attempt reached a closed window")
	}
	if l.Allowed(j.Device()) == nil || j.Allowed(l.Device()) == nil {
		t.Error("a device was admitted after wrong codes")
	}
}

func TestPeerPairingListenerCountsWrongCodes(t *testing.T) {
	l, j := newFake(t), newFake(t)
	lc, jc, _ := pairCfgs(l, j, func(c string) string {
		return c[:5] + string(rune('0'+(c[5]-'0'+1)%10))
	})
	jc = peer.Unchecked(jc) // a hostile joiner guessing codes
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	addr, lout := listen(t, ctx, lc)
	for i := range 3 {
		_, err := peer.DialPair(ctx, addr, jc)
		if !errors.Is(err, peer.ErrWrongCode) || !strings.Contains(err.Error(), "wrong code") {
			t.Fatalf("attempt %d: %v, want ErrWrongCode", i+1, err)
		}
	}
	lo := <-lout
	if !errors.Is(lo.err, peer.ErrWindowClosed) || lo.res.Wrong != 3 {
		t.Fatalf("listener: %+v %v, want window closed after 3 wrong codes", lo.res, lo.err)
	}
	if l.Allowed(j.Device()) == nil {
		t.Error("a guessing device was admitted")
	}
}

func TestPeerPairingWindowExpires(t *testing.T) {
	l, j := newFake(t), newFake(t)
	lc, _, _ := pairCfgs(l, j, func(c string) string { return c })
	lc.Window = 200 * time.Millisecond
	start := time.Now()
	_, lout := listen(t, context.Background(), lc)
	lo := <-lout
	if !errors.Is(lo.err, peer.ErrWindowClosed) || !strings.Contains(lo.err.Error(), "expired") {
		t.Fatalf("got %v, want the window to expire", lo.err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("window closed after %v", d)
	}
}

// mitm accepts the joiner's connection, terminates its TLS with its own
// certificate, opens its own TLS connection to the listener with another,
// and relays the bytes between the two: everything a man in the middle on
// the network can do short of breaking the cryptography.
func mitm(t *testing.T, target string) (string, crdt.Identity) {
	t.Helper()
	toL, _ := crdt.NewIdentity()
	toJ, _ := crdt.NewIdentity()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	cj, _ := peer.TLSConfig(toJ)
	cl, _ := peer.TLSConfig(toL)
	go func() {
		for {
			raw, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				j := tls.Server(raw, cj)
				l, err := tls.Dial("tcp", target, cl)
				if err != nil {
					j.Close()
					return
				}
				var wg sync.WaitGroup
				wg.Add(2)
				go func() { defer wg.Done(); io.Copy(l, j); l.CloseWrite() }()
				go func() { defer wg.Done(); io.Copy(j, l); j.CloseWrite() }()
				wg.Wait()
				j.Close()
				l.Close()
			}()
		}
	}()
	return ln.Addr().String(), toL
}

func TestPeerPairingManInTheMiddle(t *testing.T) {
	l, j := newFake(t), newFake(t)
	lc, jc, _ := pairCfgs(l, j, func(c string) string { return c }) // the user types what the listener shows
	var seen []shown
	var mu sync.Mutex
	show := lc.ShowCode
	lc.ShowCode = func(code string, joiner crdt.DeviceID, name string) {
		mu.Lock()
		seen = append(seen, shown{code, joiner, name})
		mu.Unlock()
		show(code, joiner, name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	addr, lout := listen(t, ctx, lc)
	proxy, proxyID := mitm(t, addr)
	_, err := peer.DialPair(ctx, proxy, jc)
	if !errors.Is(err, peer.ErrCodeMismatch) {
		t.Fatalf("joiner through a man in the middle: %v, want ErrCodeMismatch (the codes differ)", err)
	}
	mu.Lock()
	if len(seen) != 1 || seen[0].joiner != proxyID.Device() || seen[0].joiner == j.Device() {
		t.Errorf("listener showed %+v: want the proxy's device %s, which the member can tell from the new laptop's", seen, proxyID.Device().Short())
	}
	mu.Unlock()
	if l.Allowed(proxyID.Device()) == nil || l.Allowed(j.Device()) == nil || j.Allowed(l.Device()) == nil {
		t.Error("a device was admitted through a man in the middle")
	}
	cancel()
	<-lout
}

// stallAfterCode joins the window at addr, takes the code shown and
// never types it, as a stranger holding the window would; it returns when
// ctx ends.
func stallAfterCode(ctx context.Context, addr string, jc peer.PairConfig, codes chan shown, took chan<- struct{}) {
	jc.EnterCode = func(ctx context.Context, _ crdt.DeviceID, _ string) (string, error) {
		<-codes
		took <- struct{}{}
		<-ctx.Done()
		return "", ctx.Err()
	}
	peer.DialPair(ctx, addr, jc)
}

func TestPeerPairingStallAfterCodeCountsAndFreesWindow(t *testing.T) {
	l, j := newFake(t), newFake(t)
	lc, jc, codes := pairCfgs(l, j, func(c string) string { return c })
	lc.CodeTimeout = 300 * time.Millisecond
	lc.Window = 30 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	addr, lout := listen(t, ctx, lc)
	sctx, stopStaller := context.WithCancel(ctx)
	defer stopStaller()
	took := make(chan struct{}, 1)
	go stallAfterCode(sctx, addr, jc, codes, took)
	<-took // the listener showed the stranger a code and waits for it
	start := time.Now()
	jres, jerr := peer.DialPair(ctx, addr, jc) // the real new laptop queues behind
	lo := <-lout
	if jerr != nil || lo.err != nil || !lo.res.Paired || !jres.Paired {
		t.Fatalf("pairing after a stalled stranger: joiner %v, listener %+v %v", jerr, lo.res, lo.err)
	}
	if lo.res.Wrong != 1 {
		t.Errorf("the stall counted as %d wrong attempts, want 1", lo.res.Wrong)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("the stranger held the window for %v", d)
	}
}

func TestPeerPairingStallsCloseWindow(t *testing.T) {
	l, j := newFake(t), newFake(t)
	lc, jc, codes := pairCfgs(l, j, func(c string) string { return c })
	lc.CodeTimeout = 200 * time.Millisecond
	lc.Window = 30 * time.Second
	lc.MaxWrong = 2
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := time.Now()
	addr, lout := listen(t, ctx, lc)
	took := make(chan struct{}, 2)
	for range 2 {
		sctx, stop := context.WithCancel(ctx)
		defer stop()
		go stallAfterCode(sctx, addr, jc, codes, took)
		select {
		case <-took:
		case <-time.After(5 * time.Second):
			t.Fatal("the window still waits for the first stranger's code")
		}
	}
	lo := <-lout
	if !errors.Is(lo.err, peer.ErrWindowClosed) || lo.res.Wrong != 2 || !strings.Contains(lo.err.Error(), "no code within") {
		t.Fatalf("listener: %+v %v, want the window closed after 2 stalls", lo.res, lo.err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("two stalls took %v to close the window", d)
	}
}

// slowConn delays each write: a stranger pacing its messages just under
// the read timeout.
type slowConn struct {
	net.Conn
	delay time.Duration
}

func (c slowConn) Write(p []byte) (int, error) {
	time.Sleep(c.delay)
	return c.Conn.Write(p)
}

func TestPeerPairingBoundsTimeBeforeCode(t *testing.T) {
	l, j := newFake(t), newFake(t)
	lc, jc, _ := pairCfgs(l, j, func(c string) string { return c })
	lc.ReadTimeout = 500 * time.Millisecond
	lc.Window = 30 * time.Second
	var showed atomic.Int32
	show := lc.ShowCode
	lc.ShowCode = func(code string, joiner crdt.DeviceID, name string) {
		showed.Add(1)
		show(code, joiner, name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	addr, lout := listen(t, ctx, lc)
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	// Each message comes well within the read timeout, all of them not.
	if _, err := peer.JoinPair(ctx, slowConn{raw, 150 * time.Millisecond}, jc); err == nil {
		t.Error("a joiner pacing its messages paired")
	}
	if n := showed.Load(); n != 0 {
		t.Errorf("the listener showed %d codes to a joiner slower than the read timeout in all", n)
	}
	cancel()
	<-lout
}
