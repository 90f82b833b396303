package replica_test

import (
	"context"
	"crypto/ed25519"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/crdt/crdttest"
	"github.com/konbit/konbit/sync/peer"
)

func peerConfig(r *replica.Replica, name string) peer.Config {
	return peer.Config{
		Identity:    r.Identity(),
		Name:        name,
		Schema:      konbit.SchemaVersion,
		Store:       r.PeerStore(),
		ReadTimeout: 10 * time.Second,
		BatchBytes:  4 << 10, // small batches: many of them per session
	}
}

type peerOutcome struct {
	st  peer.Stats
	err error
}

// peerSync runs one session between a (dialing) and b (serving) over
// loopback TLS.
func peerSync(t *testing.T, a, b *replica.Replica) (peerOutcome, peerOutcome) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan peerOutcome, 1)
	go func() {
		err := peer.Serve(sctx, ln, peerConfig(b, "b"), func(st peer.Stats, err error) {
			done <- peerOutcome{st, err}
			stop()
		})
		if err != nil {
			done <- peerOutcome{err: err}
		}
	}()
	st, err := peer.DialSync(ctx, ln.Addr().String(), peerConfig(a, "a"))
	return peerOutcome{st, err}, <-done
}

// randomEdits commits n changes of simulated edits on replica i.
func randomEdits(t *testing.T, sim *crdttest.Sim, r *replica.Replica, i, n int) {
	t.Helper()
	for range n {
		c := sim.RandomChange(i)
		var ops []crdt.Op
		for _, op := range c.Ops {
			if op.Known() {
				ops = append(ops, op)
			}
		}
		if len(ops) > 0 {
			if _, err := r.Commit(context.Background(), ops...); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestPeerSessionsConverge(t *testing.T) {
	const n = 4
	sim := crdttest.New(77, n, false)
	reps := make([]*replica.Replica, n)
	for i := range reps {
		reps[i] = openReplica(t)
		randomEdits(t, sim, reps[i], i, 60+20*i)
	}
	pair(t, reps...)
	for round := 0; round < 3; round++ {
		for k := 0; k < n; k++ {
			i, j := sim.Rng.Intn(n), sim.Rng.Intn(n)
			if i == j {
				continue
			}
			ra, rb := peerSync(t, reps[i], reps[j])
			if ra.err != nil || rb.err != nil {
				t.Fatalf("round %d, %d-%d: %v / %v", round, i, j, ra.err, rb.err)
			}
			randomEdits(t, sim, reps[sim.Rng.Intn(n)], i, 5)
		}
	}
	// Everyone with the first, twice round: then all hold everything.
	for pass := 0; pass < 2; pass++ {
		for i := 1; i < n; i++ {
			ra, rb := peerSync(t, reps[i], reps[0])
			if ra.err != nil || rb.err != nil {
				t.Fatalf("final %d-0: %v / %v", i, ra.err, rb.err)
			}
		}
	}
	want := dump(t, reps[0])
	for i := 1; i < n; i++ {
		if got := dump(t, reps[i]); got != want {
			t.Fatalf("replica %d's dump differs from replica 0's", i)
		}
	}
	// Nothing left to send.
	ra, _ := peerSync(t, reps[1], reps[2])
	if ra.err != nil || ra.st.ChangesIn+ra.st.ChangesOut != 0 {
		t.Errorf("converged replicas exchanged %+v (%v)", ra.st, ra.err)
	}
}

func TestPeerRefusesUnpairedAndRemoved(t *testing.T) {
	ctx := context.Background()
	sim := crdttest.New(78, 3, false)
	a, b, stranger := openReplica(t), openReplica(t), openReplica(t)
	randomEdits(t, sim, a, 0, 10)
	randomEdits(t, sim, stranger, 2, 10)
	pair(t, a, b)
	before := dump(t, a)
	ra, rs := peerSync(t, a, stranger)
	if !errors.Is(ra.err, peer.ErrRefused) || !errors.Is(rs.err, peer.ErrRefused) || !strings.Contains(ra.err.Error(), "roster") {
		t.Fatalf("unpaired: %v / %v, want both refused, naming the roster", ra.err, rs.err)
	}
	if ra.st.BatchesIn+rs.st.BatchesIn != 0 || dump(t, a) != before {
		t.Error("records exchanged with an unpaired laptop")
	}
	if ra, rb := peerSync(t, b, a); ra.err != nil || rb.err != nil {
		t.Fatalf("paired: %v / %v", ra.err, rb.err)
	}
	if err := a.RemoveDevice(ctx, b.Device()); err != nil {
		t.Fatal(err)
	}
	ra, rb := peerSync(t, b, a)
	if !errors.Is(ra.err, peer.ErrRefused) || !errors.Is(rb.err, peer.ErrRefused) {
		t.Fatalf("removed: %v / %v, want both refused", ra.err, rb.err)
	}
}

func TestPeerPairingThenSync(t *testing.T) {
	sim := crdttest.New(79, 2, false)
	l, j := openReplica(t), openReplica(t)
	randomEdits(t, sim, l, 0, 40)
	randomEdits(t, sim, j, 1, 15)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	codes := make(chan string, 1)
	lout := make(chan error, 1)
	go func() {
		_, err := peer.ListenPair(ctx, ln, peer.PairConfig{
			Config:   peerConfig(l, "Marie's laptop"),
			ShowCode: func(code string, _ crdt.DeviceID, _ string) { codes <- code },
			Admit:    l.Admit,
		})
		lout <- err
	}()
	res, err := peer.DialPair(ctx, ln.Addr().String(), peer.PairConfig{
		Config: peerConfig(j, "new laptop"),
		EnterCode: func(ctx context.Context, _ crdt.DeviceID, _ string) (string, error) {
			return <-codes, nil
		},
		Admit: func(ctx context.Context, pub ed25519.PublicKey, name string) error { return j.Admit(ctx, pub, name) },
	})
	if err != nil || <-lout != nil || !res.Paired {
		t.Fatalf("pairing: %v", err)
	}
	if l.PeerAllowed(j.Device()) != nil || j.PeerAllowed(l.Device()) != nil {
		t.Fatal("not admitted both ways")
	}
	if dump(t, l) != dump(t, j) {
		t.Fatal("the session after pairing did not converge")
	}
}

// cutAfter closes a connection once n bytes were written through it.
type cutAfter struct {
	net.Conn
	left int
}

func (c *cutAfter) Write(p []byte) (int, error) {
	if len(p) >= c.left {
		n, _ := c.Conn.Write(p[:c.left])
		c.left = 0
		c.Conn.Close()
		return n, net.ErrClosed
	}
	c.left -= len(p)
	return c.Conn.Write(p)
}

func TestPeerCutMidTransferResumes(t *testing.T) {
	sim := crdttest.New(80, 2, false)
	a, b := openReplica(t), openReplica(t)
	randomEdits(t, sim, a, 0, 400)
	randomEdits(t, sim, b, 1, 300)
	pair(t, a, b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	tb, _ := peer.TLSConfig(b.Identity())
	done := make(chan peerOutcome, 1)
	go func() {
		raw, err := ln.Accept()
		if err != nil {
			done <- peerOutcome{err: err}
			return
		}
		st, err := peer.Sync(ctx, tls.Server(raw, tb), peerConfig(b, "b"))
		done <- peerOutcome{st, err}
	}()
	ta, _ := peer.TLSConfig(a.Identity())
	raw, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	sa, errA := peer.Sync(ctx, tls.Client(&cutAfter{Conn: raw, left: 30_000}, ta), peerConfig(a, "a"))
	sb := <-done
	if errA == nil || sb.err == nil {
		t.Fatalf("the cut session succeeded: %v / %v", errA, sb.err)
	}
	if sb.st.NewIn == 0 {
		t.Fatal("nothing merged before the cut: cut later")
	}
	ra, rb := peerSync(t, a, b)
	if ra.err != nil || rb.err != nil {
		t.Fatalf("retry: %v / %v", ra.err, rb.err)
	}
	if dump(t, a) != dump(t, b) {
		t.Fatal("not converged after the retry")
	}
	// Every change was merged as new exactly once over both sessions:
	// each side received all the other's changes (admissions included).
	merged := sa.NewIn + sb.st.NewIn + ra.st.NewIn + rb.st.NewIn
	va, _ := a.Vector(context.Background())
	if want := int(va[a.Device()] + va[b.Device()]); merged != want {
		t.Errorf("merged %d changes as new over both sessions, want %d (%d %d %d %d; %v / %v)", merged, want, sa.NewIn, sb.st.NewIn, ra.st.NewIn, rb.st.NewIn, errA, sb.err)
	}
}

// BenchmarkPeerSync: a new laptop receives 10,000 changes from a paired
// one over loopback TLS, merged batch by batch (default 1 MiB batches);
// reports the bytes that crossed the connection.
func BenchmarkPeerSync(b *testing.B) {
	ctx := context.Background()
	open := func() *replica.Replica {
		r, err := replica.Open(ctx, b.TempDir(), sqlite.Options{Synchronous: "OFF"})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { r.Close() })
		return r
	}
	src := open()
	sim := crdttest.New(81, 1, false)
	for range 10_000 {
		c := sim.RandomChange(0)
		var ops []crdt.Op
		for _, op := range c.Ops {
			if op.Known() {
				ops = append(ops, op)
			}
		}
		if len(ops) > 0 {
			if _, err := src.Commit(ctx, ops...); err != nil {
				b.Fatal(err)
			}
		}
	}
	var wire int64
	for b.Loop() {
		b.StopTimer()
		dst := open()
		for _, r := range []*replica.Replica{src, dst} {
			for _, o := range []*replica.Replica{src, dst} {
				if r != o {
					if err := r.Admit(ctx, o.Identity().Public(), ""); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
		b.StartTimer()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		tb, _ := peer.TLSConfig(dst.Identity())
		done := make(chan error, 1)
		cfgB := peerConfig(dst, "b")
		cfgB.BatchBytes = 0
		go func() {
			raw, err := ln.Accept()
			if err != nil {
				done <- err
				return
			}
			_, err = peer.Sync(ctx, tls.Server(raw, tb), cfgB)
			done <- err
		}()
		ta, _ := peer.TLSConfig(src.Identity())
		raw, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			b.Fatal(err)
		}
		cc := &countingConn{Conn: raw}
		cfgA := peerConfig(src, "a")
		cfgA.BatchBytes = 0
		st, err := peer.Sync(ctx, tls.Client(cc, ta), cfgA)
		if err != nil || <-done != nil || st.ChangesOut < 9_000 {
			b.Fatalf("sync: %v (%+v)", err, st)
		}
		ln.Close()
		wire += cc.n
	}
	b.ReportMetric(float64(wire)/float64(b.N), "wire-B/op")
}

type countingConn struct {
	net.Conn
	n int64
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.n += int64(n)
	return n, err
}
