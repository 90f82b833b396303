package peer_test

import (
	"context"
	"math/rand/v2"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/konbit/konbit/sync/peer"
)

// BenchmarkPeerPairing measures a pairing round trip on loopback: two TLS
// 1.3 handshakes' worth of work (certificates made afresh), the
// commitment exchange, the code, both admissions and an empty session.
func BenchmarkPeerPairing(b *testing.B) {
	for b.Loop() {
		l, j := newFake(b), newFake(b)
		lc, jc, _ := pairCfgs(l, j, func(c string) string { return c })
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		addr, lout := listen(b, ctx, lc)
		if _, err := peer.DialPair(ctx, addr, jc); err != nil {
			b.Fatal(err)
		}
		if lo := <-lout; lo.err != nil {
			b.Fatal(lo.err)
		}
		cancel()
	}
}

// countConn counts the bytes that cross the TCP connection (TLS records
// included).
type countConn struct {
	net.Conn
	in, out *atomic.Int64
}

func (c countConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.in.Add(int64(n))
	return n, err
}

func (c countConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.out.Add(int64(n))
	return n, err
}

// BenchmarkPeerSyncBytes syncs 10,000 changes one way (with the fake
// store's JSON batches: the replica's bundle batches are compressed, see
// replica's BenchmarkPeerSync) and reports the bytes on the wire.
func BenchmarkPeerSyncBytes(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	src := newFake(b)
	src.edit(10_000, r)
	var in, out atomic.Int64
	for b.Loop() {
		dst := newFake(b)
		ca, cb := cfgFor(src, "a"), cfgFor(dst, "b")
		ca.BatchBytes, cb.BatchBytes = 1<<20, 1<<20
		ra, rb := syncTLS(b, ca, cb, func(c net.Conn) net.Conn { return countConn{c, &in, &out} })
		if ra.err != nil || rb.err != nil || dst.count() != 10_000 {
			b.Fatalf("%v / %v", ra.err, rb.err)
		}
	}
	b.ReportMetric(float64(in.Load()+out.Load())/float64(b.N), "wire-B/op")
	b.ReportMetric(float64(in.Load()+out.Load())/float64(b.N)/10_000, "wire-B/change")
}
