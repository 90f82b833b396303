package app

import (
	"context"
	"testing"

	"github.com/konbit/konbit/replica"
)

// admit puts the others on r's roster, as pairing does on r's side, so
// that r merges their bundles.
func admit(t *testing.T, r *replica.Replica, others ...*replica.Replica) {
	t.Helper()
	for _, o := range others {
		if err := r.Admit(context.Background(), o.Identity().Public(), ""); err != nil {
			t.Fatal(err)
		}
	}
}
