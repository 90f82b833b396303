package replica_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/konbit/konbit/sync/bundle"
	"github.com/konbit/konbit/sync/crdt"
)

// A bundle's header never claims a change the bundle lacks, even while
// the laptop keeps writing: the shared folder and `--since-vector` trust
// that vector, and a change claimed but missing would never travel.
func TestExportHeaderNeverClaimsMissingChanges(t *testing.T) {
	ctx := context.Background()
	r := openReplica(t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 300 {
			if _, err := r.SaveMember(ctx, memberNamed(fmt.Sprintf("Personne %d", i)), nil); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	since := crdt.Vector{}
	for {
		var buf bytes.Buffer
		if _, err := r.Export(ctx, &buf, since, nil); err != nil {
			t.Fatal(err)
		}
		b, err := bundle.Decode(&buf, bundle.DecodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		have := map[crdt.DeviceID]map[uint64]bool{}
		for _, c := range b.Changes {
			if have[c.Origin] == nil {
				have[c.Origin] = map[uint64]bool{}
			}
			have[c.Origin][c.Seq] = true
		}
		for d, n := range b.Header.Vector {
			for seq := since[d] + 1; seq <= n; seq++ {
				if !have[d][seq] {
					t.Fatalf("the header claims change %s/%d, which the bundle lacks", d.Short(), seq)
				}
			}
		}
		since = b.Header.Vector
		select {
		case <-done:
			return
		default:
		}
	}
}
