package replica_test

import (
	"context"
	"testing"

	"github.com/konbit/konbit/replica"
)

// pair puts every replica on every other's roster, as pairing does (each
// admits the others), so that their bundles are merged.
func pair(t testing.TB, rs ...*replica.Replica) {
	t.Helper()
	for _, a := range rs {
		for _, b := range rs {
			if a != b {
				if err := a.Admit(context.Background(), b.Identity().Public(), ""); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
