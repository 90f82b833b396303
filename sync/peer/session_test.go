package peer_test

import (
	"context"
	"crypto/tls"
	"errors"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/konbit/konbit/sync/peer"
)

func cfgFor(s *fakeStore, name string) peer.Config {
	return peer.Config{Identity: s.id, Name: name, Store: s, ReadTimeout: 5 * time.Second, BatchBytes: 2048}
}

type outcome struct {
	st  peer.Stats
	err error
}

// syncTLS runs one session between ca (dialing) and cb (accepting) over
// loopback TLS; wrap, if set, wraps the dialing side's TCP connection.
func syncTLS(t testing.TB, ca, cb peer.Config, wrap func(net.Conn) net.Conn) (a, b outcome) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	tb, err := peer.TLSConfig(cb.Identity)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan outcome, 1)
	go func() {
		raw, err := ln.Accept()
		if err != nil {
			done <- outcome{err: err}
			return
		}
		st, err := peer.Sync(ctx, tls.Server(raw, tb), cb)
		done <- outcome{st, err}
	}()
	ta, err := peer.TLSConfig(ca.Identity)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if wrap != nil {
		raw = wrap(raw)
	}
	st, err := peer.Sync(ctx, tls.Client(raw, ta), ca)
	return outcome{st, err}, <-done
}

func mustConverge(t *testing.T, stores ...*fakeStore) {
	t.Helper()
	want := stores[0].content()
	for i, s := range stores[1:] {
		if got := s.content(); got != want {
			t.Fatalf("store %d holds %d changes, store 0 holds %d: not converged", i+1, s.count(), stores[0].count())
		}
	}
}

func TestPeerSyncTwo(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	a, b := newFake(t), newFake(t)
	a.edit(700, r)
	b.edit(400, r)
	var progress atomic.Int32
	ca := cfgFor(a, "Anne's laptop")
	ca.Progress = func(p peer.Progress) {
		progress.Add(1)
		if p.InDone > p.InTotal || p.OutDone > p.OutTotal {
			t.Errorf("progress beyond its total: %+v", p)
		}
	}
	ra, rb := syncTLS(t, ca, cfgFor(b, "Bob's laptop"), nil)
	if ra.err != nil || rb.err != nil {
		t.Fatalf("sync: %v / %v", ra.err, rb.err)
	}
	mustConverge(t, a, b)
	if ra.st.Peer != b.Device() || ra.st.PeerName != "Bob's laptop" || rb.st.PeerName != "Anne's laptop" {
		t.Errorf("peers: %+v / %+v", ra.st, rb.st)
	}
	if ra.st.ChangesOut != 700 || ra.st.ChangesIn != 400 || ra.st.NewIn != 400 || rb.st.NewIn != 700 {
		t.Errorf("counts: a %+v, b %+v", ra.st, rb.st)
	}
	if ra.st.BatchesOut < 5 || ra.st.BatchesOut != rb.st.BatchesIn || ra.st.BytesOut != rb.st.BytesIn {
		t.Errorf("batches/bytes: a %+v, b %+v", ra.st, rb.st)
	}
	if progress.Load() == 0 {
		t.Error("no progress reported")
	}
	// A second session has nothing to send.
	ra, rb = syncTLS(t, cfgFor(a, "a"), cfgFor(b, "b"), nil)
	if ra.err != nil || rb.err != nil || ra.st.ChangesIn+ra.st.ChangesOut != 0 {
		t.Fatalf("idle sync: %+v %v / %v", ra.st, ra.err, rb.err)
	}
}

func TestPeerSyncSeveral(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	stores := make([]*fakeStore, 5)
	for i := range stores {
		stores[i] = newFake(t)
		stores[i].edit(50+r.IntN(200), r)
	}
	// A chain, then back: every change travels through relays.
	for round := 0; round < 2; round++ {
		for i := 0; i+1 < len(stores); i++ {
			ra, rb := syncTLS(t, cfgFor(stores[i], "x"), cfgFor(stores[i+1], "y"), nil)
			if ra.err != nil || rb.err != nil {
				t.Fatalf("sync %d-%d: %v / %v", i, i+1, ra.err, rb.err)
			}
		}
		for i := range stores {
			stores[i].edit(r.IntN(20), r)
		}
	}
	for i := 0; i+1 < len(stores); i++ {
		syncTLS(t, cfgFor(stores[i], "x"), cfgFor(stores[i+1], "y"), nil)
	}
	for i := len(stores) - 1; i > 0; i-- {
		syncTLS(t, cfgFor(stores[i], "x"), cfgFor(stores[i-1], "y"), nil)
	}
	mustConverge(t, stores...)
}

// cutConn closes the connection once n bytes were written through it.
type cutConn struct {
	net.Conn
	mu   sync.Mutex
	left int
}

func (c *cutConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.left <= 0 {
		c.Conn.Close()
		return 0, net.ErrClosed
	}
	if len(p) > c.left {
		n, _ := c.Conn.Write(p[:c.left])
		c.left = 0
		c.Conn.Close()
		return n, net.ErrClosed
	}
	c.left -= len(p)
	return c.Conn.Write(p)
}

func TestPeerCutResumes(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	a, b := newFake(t), newFake(t)
	a.edit(2000, r)
	b.edit(1500, r)
	ra, rb := syncTLS(t, cfgFor(a, "a"), cfgFor(b, "b"), func(c net.Conn) net.Conn { return &cutConn{Conn: c, left: 40_000} })
	if ra.err == nil || rb.err == nil {
		t.Fatalf("cut session succeeded: %v / %v", ra.err, rb.err)
	}
	if !errors.Is(rb.err, peer.ErrCut) {
		t.Errorf("the other side's error %v, want ErrCut", rb.err)
	}
	if b.count() <= 1500 || b.count() >= 3500 {
		t.Fatalf("b holds %d changes after the cut: want part of a's", b.count())
	}
	// What b merged is a prefix of a's log: its vector covers it all.
	bv, _ := b.Vector(context.Background())
	if int(bv[a.Device()]) != b.count()-1500 {
		t.Errorf("b holds %d of a's changes but its vector says %d: a gap", b.count()-1500, bv[a.Device()])
	}
	ra, rb = syncTLS(t, cfgFor(a, "a"), cfgFor(b, "b"), nil)
	if ra.err != nil || rb.err != nil {
		t.Fatalf("retry: %v / %v", ra.err, rb.err)
	}
	mustConverge(t, a, b)
	if a.newIn != 1500 || b.newIn != 2000 {
		t.Errorf("merged as new: a %d (want 1500), b %d (want 2000)", a.newIn, b.newIn)
	}
}

func TestPeerRefusesUnknownBothWays(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	a, b, c := newFake(t), newFake(t), newFake(t)
	a.edit(10, r)
	b.edit(10, r)
	b.allow(c.Device()) // a is not on b's roster
	ra, rb := syncTLS(t, cfgFor(a, "a"), cfgFor(b, "b"), nil)
	if !errors.Is(ra.err, peer.ErrRefused) || !errors.Is(rb.err, peer.ErrRefused) {
		t.Fatalf("errors %v / %v, want ErrRefused both", ra.err, rb.err)
	}
	if !strings.Contains(ra.err.Error(), "not on this group's roster") || !strings.Contains(ra.err.Error(), b.Device().Short()) {
		t.Errorf("refused side's error does not say why and who: %v", ra.err)
	}
	if !strings.Contains(rb.err.Error(), "not on this group's roster") || !strings.Contains(rb.err.Error(), a.Device().Short()) {
		t.Errorf("refusing side's error does not say why and who: %v", rb.err)
	}
	if a.merges+b.merges+a.batches+b.batches != 0 || a.count() != 10 || b.count() != 10 {
		t.Errorf("records exchanged with a refused device: merges %d/%d batches %d/%d", a.merges, b.merges, a.batches, b.batches)
	}
	// The other way round: the refused device dials in.
	rb, ra = syncTLS(t, cfgFor(b, "b"), cfgFor(a, "a"), nil)
	if !errors.Is(ra.err, peer.ErrRefused) || !errors.Is(rb.err, peer.ErrRefused) || a.merges+b.merges != 0 {
		t.Fatalf("errors %v / %v, want ErrRefused both, no merge", ra.err, rb.err)
	}
}

func TestPeerDropsGarbageBatch(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	a, b := newFake(t), newFake(t)
	a.edit(30, r)
	a.batchHook = func(bt peer.Batch) peer.Batch { bt.Data = []byte("\x00garbage"); return bt }
	ra, rb := syncTLS(t, cfgFor(a, "a"), cfgFor(b, "b"), nil)
	if !errors.Is(rb.err, peer.ErrGarbage) || !strings.Contains(rb.err.Error(), a.Device().Short()) {
		t.Fatalf("receiver: %v, want ErrGarbage naming the peer", rb.err)
	}
	if ra.err == nil || !strings.Contains(ra.err.Error(), "dropped by") {
		t.Errorf("sender was not told why: %v", ra.err)
	}
	if b.count() != 0 {
		t.Errorf("b merged %d changes from garbage", b.count())
	}
}

func TestPeerDropsRawGarbage(t *testing.T) {
	b := newFake(t)
	evil := newFake(t)
	for name, frames := range map[string][][]byte{
		"unknown type":  {{99, 0, 0, 0, 0}},
		"bad hello":     {{peer.MsgHello, 0, 0, 0, 2, 0xff, 0xff}},
		"oversize":      {{peer.MsgHello, 0xff, 0xff, 0xff, 0xff}},
		"batch first":   {{peer.MsgBatch, 0, 0, 0, 1, 7}},
		"truncated len": {{peer.MsgHello, 0}},
	} {
		t.Run(name, func(t *testing.T) {
			ln, _ := net.Listen("tcp", "127.0.0.1:0")
			defer ln.Close()
			tb, _ := peer.TLSConfig(b.id)
			done := make(chan error, 1)
			cb := cfgFor(b, "b")
			cb.ReadTimeout = 300 * time.Millisecond
			go func() {
				raw, err := ln.Accept()
				if err != nil {
					done <- err
					return
				}
				_, err = peer.Sync(context.Background(), tls.Server(raw, tb), cb)
				done <- err
			}()
			ta, _ := peer.TLSConfig(evil.id)
			c, err := tls.Dial("tcp", ln.Addr().String(), ta)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			for _, f := range frames {
				c.Write(f)
			}
			if name == "truncated len" {
				c.CloseWrite()
			}
			err = <-done
			if err == nil || !(errors.Is(err, peer.ErrGarbage) || errors.Is(err, peer.ErrTooMuch) || errors.Is(err, peer.ErrCut)) {
				t.Fatalf("got %v", err)
			}
		})
	}
}

func TestPeerDropsStalled(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	a, b := newFake(t), newFake(t)
	a.edit(10, r)
	release := make(chan struct{})
	defer close(release)
	a.nextHook = func(ctx context.Context) {
		select {
		case <-release:
		case <-ctx.Done():
		}
	}
	cb := cfgFor(b, "b")
	cb.ReadTimeout = 300 * time.Millisecond
	ca := cfgFor(a, "a") // the stalled side waits longer than b
	start := time.Now()
	_, rb := syncTLS(t, ca, cb, nil)
	if !errors.Is(rb.err, peer.ErrStalled) {
		t.Fatalf("got %v, want ErrStalled", rb.err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v to drop a stalled peer", d)
	}
}

func TestPeerDropsOversizeFrame(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	a, b := newFake(t), newFake(t)
	a.edit(5, r)
	a.batchHook = func(bt peer.Batch) peer.Batch { bt.Data = make([]byte, 2<<20); return bt }
	ca := cfgFor(a, "a")
	ca.MaxFrame = 64 << 20
	cb := cfgFor(b, "b")
	cb.MaxFrame = 1 << 20
	_, rb := syncTLS(t, ca, cb, nil)
	if !errors.Is(rb.err, peer.ErrTooMuch) || !strings.Contains(rb.err.Error(), "over the limit") {
		t.Fatalf("got %v, want ErrTooMuch over the limit", rb.err)
	}
}

func TestPeerDropsRepeatedKnownBatches(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	a, b := newFake(t), newFake(t)
	a.edit(50, r)
	var first *peer.Batch
	a.batchHook = func(bt peer.Batch) peer.Batch {
		if first == nil {
			first = &bt
		}
		return *first // the same changes again and again
	}
	_, rb := syncTLS(t, cfgFor(a, "a"), cfgFor(b, "b"), nil)
	if !errors.Is(rb.err, peer.ErrTooMuch) || !strings.Contains(rb.err.Error(), "already held") {
		t.Fatalf("got %v, want ErrTooMuch for known batches", rb.err)
	}
}
