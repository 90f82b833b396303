package replica_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/konbit/konbit"
)

// A laptop paired only with the hub learns a third laptop's changes and
// its admission from the hub in one session, in whichever order the log
// sends them (by device id): the changes held aside before the admission
// are merged when it arrives, in the same session.
func TestPeerRelayThroughHubInOneSession(t *testing.T) {
	ctx := context.Background()
	for round := range 6 {
		t.Run(fmt.Sprint(round), func(t *testing.T) {
			hub, b, c := openReplica(t), openReplica(t), openReplica(t)
			pair(t, hub, b)
			for i := range 5 {
				if _, err := c.AddMember(ctx, konbit.Member{Name: fmt.Sprintf("Member %d of c", i), Category: konbit.Salaried}); err != nil {
					t.Fatal(err)
				}
			}
			pair(t, hub, c)
			if a, s := peerSync(t, hub, c); a.err != nil || s.err != nil {
				t.Fatal(a.err, s.err)
			}
			if a, s := peerSync(t, b, hub); a.err != nil || s.err != nil {
				t.Fatal(a.err, s.err)
			}
			if dump(t, b) != dump(t, hub) {
				t.Fatalf("b differs from the hub after one session (c %s, hub %s)", c.Device().Short(), hub.Device().Short())
			}
		})
	}
}
