package bench

import (
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"testing"

	"github.com/google/uuid"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
)

// fill creates n records of 5 fields in batches, as years of use would.
func fill(b *testing.B, r *replica.Replica, n int) []uuid.UUID {
	b.Helper()
	rng := rand.New(rand.NewSource(1))
	ids := make([]uuid.UUID, 0, n)
	for len(ids) < n {
		ops := make([]crdt.Op, 0, 5000)
		for i := 0; i < 5000 && len(ids) < n; i++ {
			id := crdt.NewID()
			ids = append(ids, id)
			fs := make([]crdt.Field, nFields)
			for f := range fs {
				fs[f] = crdt.Field{Name: fieldNames[f], Value: randValue(rng)}
			}
			ops = append(ops, crdt.Set(id, recordType, fs...))
		}
		if _, err := r.Commit(context.Background(), ops...); err != nil {
			b.Fatal(err)
		}
	}
	return ids
}

// BenchmarkGrowth shows how the everyday costs grow with the size of the
// database: a one-field edit (what the app does on each click), opening
// the database (which loads the live view), and a delta sync of 100 edits.
func BenchmarkGrowth(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{1_000, 10_000, 100_000} {
		dir := b.TempDir()
		r, err := replica.Open(ctx, filepath.Join(dir, "a"), sqlite.Options{})
		if err != nil {
			b.Fatal(err)
		}
		ids := fill(b, r, n)
		rng := rand.New(rand.NewSource(2))
		b.Run(fmt.Sprintf("edit/records=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				op := crdt.Set(ids[rng.Intn(len(ids))], recordType, crdt.Field{Name: "f1", Value: randValue(rng)})
				if _, err := r.Commit(ctx, op); err != nil {
					b.Fatal(err)
				}
			}
		})
		r.Close()
		b.Run(fmt.Sprintf("open/records=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				r, err := replica.Open(ctx, filepath.Join(dir, "a"), sqlite.Options{})
				if err != nil {
					b.Fatal(err)
				}
				r.Close()
			}
		})
	}
}
