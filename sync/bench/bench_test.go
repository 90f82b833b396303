package bench

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
)

const (
	nRecords  = 10_000
	nFields   = 5
	nUpdates  = 50_000
	batchSize = 100
	nDeletes  = 100
	// recordType is one the live view holds (like a meeting's agenda
	// items), so that the figures include updating the view, as before
	// types served from SQL existed.
	recordType = "agenda_item"
)

var fieldNames = [nFields]string{"f0", "f1", "f2", "f3", "f4"}

func randValue(rng *rand.Rand) []byte {
	return []byte(fmt.Sprintf("%q", fmt.Sprintf("value-%08x", rng.Uint32())))
}

// BenchmarkWorkload runs the standard workload on two on-disk replicas:
//  1. create: replica A creates 10,000 records × 5 string fields in one
//     transaction;
//  2. full sync: A exports everything, a fresh replica B imports it
//     (encode, decode, verify signatures, merge, refresh the live view);
//  3. edits: A and B each make 50,000 random field updates (random record,
//     random field) committed in batches of 100, then each deletes 100
//     records;
//  4. apply delta: each exports what the other lacks and imports the
//     other's delta (both directions);
//
// and checks that the two dumps are then identical. Each phase is reported
// in milliseconds (the median of three runs), with the bundle sizes in
// bytes.
//
// It runs twice: with SQLite's synchronous=FULL (Konbit's setting: every
// commit is on disk before it returns, at the cost of one fsync per
// commit) and with synchronous=NORMAL (commits are atomic and survive an
// app crash, but the last ones may be lost if the machine loses power),
// so the cost of the fsyncs shows.
func BenchmarkWorkload(b *testing.B) {
	for _, sync := range []string{"FULL", "NORMAL"} {
		b.Run("sync="+sync, func(b *testing.B) { workload(b, sqlite.Options{Synchronous: sync}) })
	}
}

// runs is how many times each benchmark iteration runs the workload; each
// phase reports its median, so one slow disk flush does not skew a figure.
const runs = 3

type phases struct {
	create, full, edits, delta1, delta2 time.Duration
	fullBytes, deltaBytes               int
}

func workload(b *testing.B, opts sqlite.Options) {
	var all []phases
	for n := 0; n < b.N; n++ {
		for k := 0; k < runs; k++ {
			all = append(all, runWorkload(b, opts, int64(n*runs+k)))
		}
	}
	median := func(get func(phases) time.Duration) float64 {
		ds := make([]time.Duration, len(all))
		for i, p := range all {
			ds[i] = get(p)
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		return float64(ds[len(ds)/2].Microseconds()) / 1000
	}
	b.ReportMetric(median(func(p phases) time.Duration { return p.create }), "create-ms")
	b.ReportMetric(median(func(p phases) time.Duration { return p.full }), "fullsync-ms")
	b.ReportMetric(median(func(p phases) time.Duration { return p.edits }), "edits-ms")
	b.ReportMetric(median(func(p phases) time.Duration { return p.delta1 }), "delta1-ms")
	b.ReportMetric(median(func(p phases) time.Duration { return p.delta2 }), "delta2-ms")
	b.ReportMetric(float64(all[0].fullBytes), "full-bytes")
	b.ReportMetric(float64(all[0].deltaBytes), "delta-bytes")
}

// runWorkload runs the four phases once on two fresh on-disk replicas.
func runWorkload(b *testing.B, opts sqlite.Options, seed int64) phases {
	ctx := context.Background()
	var ph phases
	rng := rand.New(rand.NewSource(seed))
	dir := b.TempDir()
	ra, err := replica.Open(ctx, filepath.Join(dir, "a"), opts)
	if err != nil {
		b.Fatal(err)
	}
	defer ra.Close()
	rb, err := replica.Open(ctx, filepath.Join(dir, "b"), opts)
	if err != nil {
		b.Fatal(err)
	}
	defer rb.Close()
	// Paired, as laptops of one group are: each has the other on its
	// roster (one small change each, before the timed phases).
	if err := ra.Admit(ctx, rb.Identity().Public(), "b"); err != nil {
		b.Fatal(err)
	}
	if err := rb.Admit(ctx, ra.Identity().Public(), "a"); err != nil {
		b.Fatal(err)
	}

	// 1. create
	ids := make([]uuid.UUID, nRecords)
	ops := make([]crdt.Op, nRecords)
	for i := range ids {
		ids[i] = crdt.NewID()
		fs := make([]crdt.Field, nFields)
		for f := range fs {
			fs[f] = crdt.Field{Name: fieldNames[f], Value: randValue(rng)}
		}
		ops[i] = crdt.Set(ids[i], recordType, fs...)
	}
	t0 := time.Now()
	if _, err := ra.Commit(ctx, ops...); err != nil {
		b.Fatal(err)
	}
	ph.create = time.Since(t0)

	// 2. full sync
	t0 = time.Now()
	var buf bytes.Buffer
	if _, err := ra.Export(ctx, &buf, nil, nil); err != nil {
		b.Fatal(err)
	}
	ph.fullBytes = buf.Len()
	if _, err := rb.Import(ctx, &buf, nil); err != nil {
		b.Fatal(err)
	}
	ph.full = time.Since(t0)

	// 3. edits
	t0 = time.Now()
	for _, r := range []*replica.Replica{ra, rb} {
		for batch := 0; batch < nUpdates/batchSize; batch++ {
			ops := make([]crdt.Op, batchSize)
			for i := range ops {
				ops[i] = crdt.Set(ids[rng.Intn(nRecords)], recordType, crdt.Field{Name: fieldNames[rng.Intn(nFields)], Value: randValue(rng)})
			}
			if _, err := r.Commit(ctx, ops...); err != nil {
				b.Fatal(err)
			}
		}
		dels := make([]crdt.Op, nDeletes)
		for i := range dels {
			dels[i] = crdt.Delete(ids[rng.Intn(nRecords)], recordType)
		}
		if _, err := r.Commit(ctx, dels...); err != nil {
			b.Fatal(err)
		}
	}
	ph.edits = time.Since(t0)

	// 4. apply delta, both ways
	va, _ := ra.Vector(ctx)
	vb, _ := rb.Vector(ctx)
	var toB, toA bytes.Buffer
	if _, err := ra.Export(ctx, &toB, vb, nil); err != nil {
		b.Fatal(err)
	}
	if _, err := rb.Export(ctx, &toA, va, nil); err != nil {
		b.Fatal(err)
	}
	ph.deltaBytes = toB.Len()
	t0 = time.Now()
	if _, err := rb.Import(ctx, &toB, nil); err != nil {
		b.Fatal(err)
	}
	ph.delta1 = time.Since(t0)
	if _, err := ra.Import(ctx, &toA, nil); err != nil {
		b.Fatal(err)
	}
	ph.delta2 = time.Since(t0)

	var da, db bytes.Buffer
	ra.Dump(ctx, &da)
	rb.Dump(ctx, &db)
	if !bytes.Equal(da.Bytes(), db.Bytes()) {
		b.Fatal("dumps differ after the exchange")
	}
	return ph
}
