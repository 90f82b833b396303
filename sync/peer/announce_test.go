package peer_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
)

// A laptop that merges changes from others during a session (a busy hub)
// sends only what it announced: the peer holds it to its vector, and the
// rest goes in the next session. Before, the hub streamed its new merges
// too and the peer dropped it for sending more than announced.
func TestPeerSendsOnlyWhatItAnnounced(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	a, hub := newFake(t), newFake(t)
	hub.edit(300, r)
	var once sync.Once
	hub.nextHook = func(context.Context) {
		once.Do(func() { hub.edit(200, r) }) // merged from elsewhere meanwhile
	}
	ca := cfgFor(a, "a")
	ca.MaxExtra = 10
	ra, rb := syncTLS(t, ca, cfgFor(hub, "hub"), nil)
	if ra.err != nil || rb.err != nil {
		t.Fatalf("sync: %v / %v", ra.err, rb.err)
	}
	if ra.st.NewIn != 300 {
		t.Errorf("received %d changes, want the 300 announced", ra.st.NewIn)
	}
	hub.nextHook = nil
	if ra, rb = syncTLS(t, ca, cfgFor(hub, "hub"), nil); ra.err != nil || rb.err != nil || ra.st.NewIn != 200 {
		t.Fatalf("next session: %+v %v / %v", ra.st, ra.err, rb.err)
	}
	mustConverge(t, a, hub)
}
