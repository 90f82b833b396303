package peer_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/konbit/konbit/sync/peer"
)

// serve runs peer.Serve on a loopback listener until the test ends,
// collecting the sessions' errors.
func serve(t *testing.T, ln net.Listener, cfg peer.Config) (errs func() []error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var got []error
	done := make(chan error, 1)
	go func() {
		done <- peer.Serve(ctx, ln, cfg, func(_ peer.Stats, err error) {
			mu.Lock()
			got = append(got, err)
			mu.Unlock()
		})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return func() []error {
		mu.Lock()
		defer mu.Unlock()
		return append([]error(nil), got...)
	}
}

func listenLoop(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// closedWithin reads c until it ends and says how long that took.
func closedWithin(t *testing.T, c net.Conn, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	c.SetReadDeadline(start.Add(limit))
	_, err := io.Copy(io.Discard, c)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("connection still open after %v", limit)
	}
	return time.Since(start)
}

func TestPeerServeHandshakeTimeout(t *testing.T) {
	b, a := newFake(t), newFake(t)
	cb := cfgFor(b, "b") // ReadTimeout 5 s
	cb.HandshakeTimeout = 200 * time.Millisecond
	ln := listenLoop(t)
	errs := serve(t, ln, cb)

	// A connection that never starts TLS.
	raw, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if d := closedWithin(t, raw, 3*time.Second); d > 2*time.Second {
		t.Errorf("a silent connection held for %v", d)
	}

	// A device that completes TLS and never says hello.
	ta, _ := peer.TLSConfig(a.id)
	c, err := tls.Dial("tcp", ln.Addr().String(), ta)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if d := closedWithin(t, c, 3*time.Second); d > 2*time.Second {
		t.Errorf("a device without hello held for %v", d)
	}
	c.Close()
	deadline := time.Now().Add(3 * time.Second)
	for len(errs()) < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	got := errs()
	if len(got) != 2 || !errors.Is(got[0], peer.ErrStalled) || !errors.Is(got[1], peer.ErrStalled) || !strings.Contains(got[1].Error(), "no hello") {
		t.Fatalf("sessions ended with %v, want ErrStalled twice", got)
	}
}

func TestPeerServeCapsPerHost(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	a, b := newFake(t), newFake(t)
	a.edit(20, r)
	cb := peer.CapLoopback(cfgFor(b, "b"))
	cb.HandshakeTimeout = 4 * time.Second
	cb.MaxPerHost = 3
	ln := listenLoop(t)
	serve(t, ln, cb)
	addr := ln.Addr().String()

	var held []net.Conn
	for range 3 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		held = append(held, c)
	}
	time.Sleep(100 * time.Millisecond) // let Serve accept them
	extra, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer extra.Close()
	if d := closedWithin(t, extra, 2*time.Second); d > time.Second {
		t.Errorf("a connection over the host's cap held for %v", d)
	}
	// Closing one frees its place: a real session gets through.
	held[0].Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var last error
	for ctx.Err() == nil {
		if _, last = peer.DialSync(ctx, addr, cfgFor(a, "a")); last == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if last != nil {
		t.Fatalf("no session after a place was freed: %v", last)
	}
	mustConverge(t, a, b)
}

func TestPeerServeLoopbackNotCapped(t *testing.T) {
	r := rand.New(rand.NewPCG(33, 34))
	a, b := newFake(t), newFake(t)
	a.edit(5, r)
	cb := cfgFor(b, "b")
	cb.MaxPerHost = 1
	ln := listenLoop(t)
	serve(t, ln, cb)
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := peer.DialSync(ctx, ln.Addr().String(), cfgFor(a, "a")); err != nil {
		t.Fatalf("a second loopback session was refused: %v", err)
	}
}

// flakyListener fails its first accepts as a process out of file
// descriptors does.
type flakyListener struct {
	net.Listener
	fails atomic.Int32
}

func (l *flakyListener) Accept() (net.Conn, error) {
	if l.fails.Add(-1) >= 0 {
		return nil, &net.OpError{Op: "accept", Net: "tcp", Addr: l.Addr(), Err: os.NewSyscallError("accept4", syscall.EMFILE)}
	}
	return l.Listener.Accept()
}

func TestPeerServeRetriesTemporaryAcceptErrors(t *testing.T) {
	r := rand.New(rand.NewPCG(35, 36))
	a, b := newFake(t), newFake(t)
	a.edit(10, r)
	ln := &flakyListener{Listener: listenLoop(t)}
	ln.fails.Store(5)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- peer.Serve(ctx, ln, cfgFor(b, "b"), nil) }()
	dctx, dcancel := context.WithTimeout(ctx, 10*time.Second)
	defer dcancel()
	if _, err := peer.DialSync(dctx, ln.Addr().String(), cfgFor(a, "a")); err != nil {
		t.Fatalf("sync after temporary accept errors: %v", err)
	}
	select {
	case err := <-done:
		t.Fatalf("Serve returned on a temporary error: %v", err)
	default:
	}
	mustConverge(t, a, b)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Serve after cancel: %v", err)
	}
}

func TestPeerServeReturnsOnClosedListener(t *testing.T) {
	b := newFake(t)
	ln := listenLoop(t)
	done := make(chan error, 1)
	go func() { done <- peer.Serve(context.Background(), ln, cfgFor(b, "b"), nil) }()
	time.Sleep(50 * time.Millisecond)
	ln.Close()
	select {
	case err := <-done:
		if !errors.Is(err, net.ErrClosed) {
			t.Errorf("Serve on a closed listener: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Serve kept going on a closed listener")
	}
}

func TestPeerDialSyncExpect(t *testing.T) {
	r := rand.New(rand.NewPCG(37, 38))
	a, b, c := newFake(t), newFake(t), newFake(t)
	a.edit(10, r)
	b.edit(10, r)
	ln := listenLoop(t)
	errs := serve(t, ln, cfgFor(b, "b"))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	// c was announced at b's address: b answers.
	ca := cfgFor(a, "a")
	ca.Expect = c.Device()
	st, err := peer.DialSync(ctx, ln.Addr().String(), ca)
	if !errors.Is(err, peer.ErrWrongDevice) || !strings.Contains(err.Error(), c.Device().Short()) || !strings.Contains(err.Error(), b.Device().Short()) {
		t.Fatalf("got %v, want ErrWrongDevice naming the expected and the actual device", err)
	}
	if st.Peer != b.Device() {
		t.Errorf("stats name %s, want the device that answered", st.Peer.Short())
	}
	if a.merges+b.merges+a.batches+b.batches != 0 || a.count() != 10 || b.count() != 10 {
		t.Errorf("records exchanged with an unexpected device: merges %d/%d batches %d/%d", a.merges, b.merges, a.batches, b.batches)
	}
	deadline := time.Now().Add(3 * time.Second)
	for len(errs()) < 1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := errs(); len(got) != 1 || got[0] == nil {
		t.Errorf("b's side: %v, want the session failed", got)
	}

	ca.Expect = b.Device()
	if _, err := peer.DialSync(ctx, ln.Addr().String(), ca); err != nil {
		t.Fatalf("sync with the expected device: %v", err)
	}
	mustConverge(t, a, b)
}
