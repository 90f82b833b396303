package replica_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/peer"
)

// The benchmark: N laptops, each with 10,000 changes of its own,
// converge on loopback (BenchmarkConvergeLoopback), against the same
// changes merged from bundles (BenchmarkConvergeBundles).
//
// Every replica merges the (N-1) x changes of the others, each change's
// signature verified: 20 replicas of 10,000 changes are 3.8 million
// merges, minutes on a 2-core machine. So that `make bench` stays within
// about a minute per sub-benchmark, replicas=20 makes 1,000 changes each
// unless the environment variable KONBIT_CONVERGE_CHANGES says how many
// every replica makes (KONBIT_CONVERGE_CHANGES=10000 for the issue's
// figure). The changes/replica metric says which was measured.
const (
	convergeChanges      = 10_000
	convergeChangesLarge = 1_000 // per replica, for the largest group by default
	// convergeMembers is how many member records each replica creates
	// before editing them: the rest of its changes are one-field edits.
	convergeMembers = 200
)

var convergeSizes = []int{5, 20}

// convergeFixture builds, once per benchmark function and lazily up to
// the largest size asked for, the template replicas every iteration
// copies: building 10,000 changes per replica is kept out of the timer
// and out of the iterations.
type convergeFixture struct {
	root     string
	override int              // KONBIT_CONVERGE_CHANGES, 0 if unset
	dirs     map[int][]string // by changes per replica
}

func newConvergeFixture(b *testing.B) *convergeFixture {
	f := &convergeFixture{root: b.TempDir(), dirs: map[int][]string{}}
	if s := os.Getenv("KONBIT_CONVERGE_CHANGES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < convergeMembers {
			b.Fatalf("KONBIT_CONVERGE_CHANGES=%q: want a number of at least %d", s, convergeMembers)
		}
		f.override = v
	}
	return f
}

// changes is how many changes each of n replicas makes.
func (f *convergeFixture) changes(n int) int {
	switch {
	case f.override > 0:
		return f.override
	case n > 10:
		return convergeChangesLarge
	default:
		return convergeChanges
	}
}

// templates returns the data directories of n replicas (closed), each
// holding its own changes only, none paired yet.
func (f *convergeFixture) templates(b *testing.B, n int) []string {
	b.Helper()
	changes := f.changes(n)
	have := f.dirs[changes]
	start := len(have)
	if start >= n {
		return have[:n]
	}
	dirs := make([]string, n-start)
	errs := make([]error, n-start)
	var wg sync.WaitGroup
	for k := range dirs {
		dirs[k] = filepath.Join(f.root, fmt.Sprintf("%d-%d", changes, start+k))
		wg.Go(func() { errs[k] = buildConvergeReplica(dirs[k], start+k, changes) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
	f.dirs[changes] = append(have, dirs...)
	return f.dirs[changes][:n]
}

// buildConvergeReplica makes what a laptop of the group does in a few
// weeks: it adds members (one change each), then edits one field of one
// of them per change (hours, languages, the name), one commit each as the
// screens do.
func buildConvergeReplica(dir string, i, changes int) error {
	ctx := context.Background()
	r, err := replica.Open(ctx, dir, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		return err
	}
	defer r.Close()
	ids := make([]uuid.UUID, convergeMembers)
	for k := range ids {
		m := konbit.Member{ID: crdt.NewID(), Name: fmt.Sprintf("Membre %d-%d", i, k), Category: konbit.Salaried,
			WeeklyHours: float64(10 + k%25), Languages: []string{"fr"}}
		ids[k] = m.ID
		if _, err := r.Commit(ctx, crdt.Set(m.ID, konbit.TypeMember, m.Fields()...)); err != nil {
			return fmt.Errorf("replica %d, member %d: %w", i, k, err)
		}
	}
	langs := [][]string{{"fr"}, {"en", "fr"}, {"es", "fr"}}
	for c := convergeMembers; c < changes; c++ {
		var f crdt.Field
		switch c % 3 {
		case 0:
			f = convergeField(konbit.FieldHours, float64(c%40))
		case 1:
			f = convergeField(konbit.FieldLanguages, langs[c%len(langs)])
		default:
			f = convergeField(konbit.FieldName, fmt.Sprintf("Membre %d-%d (%d)", i, c%convergeMembers, c))
		}
		if _, err := r.Commit(ctx, crdt.Set(ids[c%convergeMembers], konbit.TypeMember, f)); err != nil {
			return fmt.Errorf("replica %d, change %d: %w", i, c, err)
		}
	}
	return nil
}

func convergeField(name string, v any) crdt.Field {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain values: cannot happen
	}
	return crdt.Field{Name: name, Value: data}
}

// fresh copies the templates into new directories, opens them (with the
// default, durable store options) and pairs them: one iteration's group.
func (f *convergeFixture) fresh(b *testing.B, n int) []*replica.Replica {
	b.Helper()
	ctx := context.Background()
	reps := make([]*replica.Replica, n)
	for i, src := range f.templates(b, n) {
		dst := b.TempDir()
		copyReplicaDir(b, src, dst)
		r, err := replica.Open(ctx, dst, sqlite.Options{})
		if err != nil {
			b.Fatal(err)
		}
		reps[i] = r
	}
	pair(b, reps...)
	return reps
}

// copyReplicaDir copies the files of a closed replica's data directory.
func copyReplicaDir(b *testing.B, from, to string) {
	b.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
}

func closeAll(rs []*replica.Replica) {
	for _, r := range rs {
		r.Close()
	}
}

// converged reports whether every replica holds the same vector.
func converged(b *testing.B, rs []*replica.Replica) bool {
	b.Helper()
	want, err := rs[0].Vector(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range rs[1:] {
		v, err := r.Vector(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if len(v) != len(want) {
			return false
		}
		for d, s := range want {
			if v[d] != s {
				return false
			}
		}
	}
	return true
}

// BenchmarkConvergeLoopback: N paired laptops, each with 10,000 changes
// of its own (N x 10,000 to spread, plus the admissions), converge over
// loopback TLS as the sync agent makes them: the first laptop serves,
// the others all sync with it at once (each session both ways, batches
// merged as they come), and again, until every vector is equal (two
// rounds: the first brings the hub everything, the second passes it on;
// more when sessions were cut, see hubOutcome.cut). Reports the bytes
// that crossed the connections (TLS records included), the changes
// merged as new over all replicas, the rounds and the cut sessions.
func BenchmarkConvergeLoopback(b *testing.B) {
	fx := newConvergeFixture(b)
	for _, n := range convergeSizes {
		b.Run(fmt.Sprintf("replicas=%d", n), func(b *testing.B) {
			var sum hubOutcome
			for b.Loop() {
				b.StopTimer()
				reps := fx.fresh(b, n)
				b.StartTimer()
				o := convergeHub(b, reps)
				sum.wire, sum.merged, sum.rounds, sum.cut = sum.wire+o.wire, sum.merged+o.merged, sum.rounds+o.rounds, sum.cut+o.cut
				b.StopTimer()
				closeAll(reps)
				b.StartTimer()
			}
			b.ReportMetric(float64(sum.wire)/float64(b.N), "wire-B/op")
			b.ReportMetric(float64(sum.merged)/float64(b.N), "merged/op")
			b.ReportMetric(float64(sum.rounds)/float64(b.N), "rounds/op")
			b.ReportMetric(float64(sum.cut)/float64(b.N), "cut-sessions/op")
			b.ReportMetric(float64(fx.changes(n)), "changes/replica")
		})
	}
}

// hubOutcome is what one convergence did.
type hubOutcome struct {
	wire, merged int64
	rounds       int
	// cut counts sessions a receiver dropped as ErrTooMuch: while the
	// hub serves everyone at once, it streams to each peer the changes
	// it merges from the others during the session, beyond the vector it
	// announced; past Config.MaxExtra (100,000) the receiver drops it.
	// Nothing is lost (what was merged stays), the next round resumes.
	cut int
}

// convergeHub runs rounds of sessions of every replica with the first,
// all at once as the agent syncs with every peer it sees, until all
// vectors are equal.
func convergeHub(b *testing.B, reps []*replica.Replica) hubOutcome {
	b.Helper()
	var out hubOutcome
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	var mu sync.Mutex
	var hubErrs []error
	served := make(chan struct{})
	go func() {
		defer close(served)
		err := peer.Serve(ctx, ln, convergeCfg(reps[0]), func(st peer.Stats, err error) {
			mu.Lock()
			defer mu.Unlock()
			out.merged += int64(st.NewIn)
			if err != nil {
				hubErrs = append(hubErrs, err)
			}
		})
		if err != nil && ctx.Err() == nil {
			mu.Lock()
			hubErrs = append(hubErrs, err)
			mu.Unlock()
		}
	}()
	addr := ln.Addr().String()
	for !converged(b, reps) {
		if out.rounds++; out.rounds > 6 {
			b.Fatalf("not converged after %d rounds", out.rounds-1)
		}
		var wg sync.WaitGroup
		errs := make([]error, len(reps))
		for i := 1; i < len(reps); i++ {
			wg.Go(func() {
				st, n, err := dialCounted(ctx, addr, reps[i])
				mu.Lock()
				out.wire += n
				out.merged += int64(st.NewIn)
				mu.Unlock()
				errs[i] = err
			})
		}
		wg.Wait()
		cut := 0
		for i, err := range errs {
			switch {
			case errors.Is(err, peer.ErrTooMuch):
				cut++
			case err != nil:
				b.Fatalf("round %d, replica %d: %v", out.rounds, i, err)
			}
		}
		out.cut += cut
	}
	cancel()
	<-served
	// The hub sees the sessions its peers dropped end in error (reported
	// when its side ends, maybe after the peer's): nothing else.
	if len(hubErrs) > out.cut {
		b.Fatalf("hub: %v", errors.Join(hubErrs...))
	}
	return out
}

// convergeCfg is a replica's session configuration, with the defaults of
// the agent (1 MiB batches).
func convergeCfg(r *replica.Replica) peer.Config {
	return peer.Config{
		Identity: r.Identity(),
		Name:     r.Device().String(),
		Schema:   konbit.SchemaVersion,
		Store:    r.PeerStore(),
	}
}

// dialCounted is peer.DialSync through a connection that counts the bytes
// it carries both ways.
func dialCounted(ctx context.Context, addr string, r *replica.Replica) (peer.Stats, int64, error) {
	tc, err := peer.TLSConfig(r.Identity())
	if err != nil {
		return peer.Stats{}, 0, err
	}
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return peer.Stats{}, 0, err
	}
	cc := &countingConn{Conn: raw}
	conn := tls.Client(cc, tc)
	defer conn.Close()
	st, err := peer.Sync(ctx, conn, convergeCfg(r))
	return st, cc.n, err
}

// BenchmarkConvergeBundles is the baseline: the same changes merged from
// bundles. Every replica exports its changes to a file; then every
// replica imports the others' files in one go (konbit import a b c: one
// transaction), all replicas at once as separate laptops would. Reports
// the bytes of the bundle files written and the changes merged as new.
func BenchmarkConvergeBundles(b *testing.B) {
	fx := newConvergeFixture(b)
	ctx := context.Background()
	for _, n := range convergeSizes {
		b.Run(fmt.Sprintf("replicas=%d", n), func(b *testing.B) {
			var bundleBytes, merged int64
			for b.Loop() {
				b.StopTimer()
				reps := fx.fresh(b, n)
				dir := b.TempDir()
				b.StartTimer()
				files := make([]string, n)
				for i, r := range reps {
					files[i] = filepath.Join(dir, fmt.Sprintf("%d.konbit", i))
					res, err := r.ExportFile(ctx, files[i], nil, nil)
					if err != nil {
						b.Fatal(err)
					}
					bundleBytes += res.Bytes
				}
				var wg sync.WaitGroup
				results := make([]replica.ImportResult, n)
				errs := make([]error, n)
				for i, r := range reps {
					others := make([]string, 0, n-1)
					for j, f := range files {
						if j != i {
							others = append(others, f)
						}
					}
					wg.Go(func() { results[i], errs[i] = r.ImportFiles(ctx, others, nil) })
				}
				wg.Wait()
				b.StopTimer()
				for i := range reps {
					if errs[i] != nil {
						b.Fatalf("replica %d: %v", i, errs[i])
					}
					if err := results[i].Problem(); err != nil {
						b.Fatalf("replica %d: %v", i, err)
					}
					merged += int64(results[i].New)
				}
				if !converged(b, reps) {
					b.Fatal("the bundles did not converge")
				}
				closeAll(reps)
				b.StartTimer()
			}
			b.ReportMetric(float64(bundleBytes)/float64(b.N), "bundle-B/op")
			b.ReportMetric(float64(merged)/float64(b.N), "merged/op")
			b.ReportMetric(float64(fx.changes(n)), "changes/replica")
		})
	}
}
