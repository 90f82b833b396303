package agent_test

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/agent"
	"github.com/konbit/konbit/sync/discover"
)

func open(t *testing.T, name string) *replica.Replica {
	t.Helper()
	r, err := replica.Open(context.Background(), t.TempDir(), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if err := r.SetDeviceName(context.Background(), name); err != nil {
		t.Fatal(err)
	}
	return r
}

// loopback options: free ports, no multicast or broadcast on the machine's
// network, short timeouts.
func loopback(t *testing.T) agent.Options {
	return agent.Options{
		Listen:     "127.0.0.1:0",
		PairListen: "127.0.0.1:0",
		Interval:   200 * time.Millisecond,
		Discover:   discover.Options{DisableMDNS: true, DisableBeacon: true},
	}
}

func dump(t *testing.T, r *replica.Replica) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Dump(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func addMember(t *testing.T, r *replica.Replica, name string) {
	t.Helper()
	if _, err := r.AddMember(context.Background(), konbit.Member{Name: name, Category: konbit.Salaried}); err != nil {
		t.Fatal(err)
	}
}

// pairOver pairs joiner with member through the agents' pairing window
// on loopback, the code passing from one "screen" to the other.
func pairOver(t *testing.T, member, joiner *agent.Agent) (agent.PairResult, agent.PairResult) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	codes := make(chan string, 4)
	type res struct {
		r   agent.PairResult
		err error
	}
	done := make(chan res, 1)
	go func() {
		r, err := member.PairOn(ctx, ln, func(req agent.PairRequest) { codes <- req.Code })
		done <- res{r, err}
	}()
	j, err := joiner.Join(ctx, ln.Addr().String(), func(ctx context.Context) (string, error) {
		select {
		case c := <-codes:
			return c, nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	})
	if err != nil {
		t.Fatalf("join: %v", err)
	}
	m := <-done
	if m.err != nil {
		t.Fatalf("pair: %v", m.err)
	}
	return m.r, j
}

func TestPairThenConvergeByAddress(t *testing.T) {
	ctx := context.Background()
	a, b := open(t, "Marie's laptop"), open(t, "New laptop")
	addMember(t, a, "Awa")
	addMember(t, b, "Bruno")
	aa, ab := agent.New(a, loopback(t)), agent.New(b, loopback(t))
	m, j := pairOver(t, aa, ab)
	if m.Device != b.Device() || j.Device != a.Device() {
		t.Fatalf("paired with the wrong devices: %v %v", m.Device, j.Device)
	}
	if m.Name != "New laptop" || j.Name != "Marie's laptop" {
		t.Errorf("names: %q %q", m.Name, j.Name)
	}
	if a.PeerAllowed(b.Device()) != nil || b.PeerAllowed(a.Device()) != nil {
		t.Fatal("the two laptops do not trust each other after pairing")
	}
	if !strings.Contains(dump(t, b), "Awa") || !strings.Contains(dump(t, a), "Bruno") {
		t.Fatal("the first sync after pairing exchanged nothing")
	}
	if !aa.Enabled(ctx) || !ab.Enabled(ctx) {
		t.Error("background sync is not on by default once paired")
	}

	// Later edits on both sides; b serves, a syncs with its address.
	addMember(t, a, "Chloé")
	addMember(t, b, "Daniel")
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- ab.Serve(sctx) }()
	addr := waitListen(t, ab)
	outs, err := aa.Converge(ctx, []string{addr}, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 1 || outs[0].Peer != b.Device() || outs[0].Stats.NewIn == 0 || outs[0].Stats.ChangesOut == 0 {
		t.Fatalf("outcomes: %+v", outs)
	}
	if dump(t, a) != dump(t, b) {
		t.Fatal("not converged")
	}
	// The group key (for the shared folder) was handed over on the way.
	ka, _ := a.GroupKeys()
	kb, _ := b.GroupKeys()
	if len(ka) == 0 || len(kb) != len(ka) {
		t.Errorf("group keys: member holds %d, new laptop %d", len(ka), len(kb))
	}
	stop()
	if err := <-served; err != nil {
		t.Fatal(err)
	}
}

func waitListen(t *testing.T, a *agent.Agent) string {
	t.Helper()
	for range 200 {
		if l := a.Status().Listen; l != "" {
			return l
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the agent does not serve")
	return ""
}

func TestUnpairedLaptopRefusedBothWays(t *testing.T) {
	ctx := context.Background()
	a, x := open(t, "Group laptop"), open(t, "Stranger")
	addMember(t, a, "Awa")
	addMember(t, x, "Intruder")
	before := dump(t, a)
	aa, ax := agent.New(a, loopback(t)), agent.New(x, loopback(t))
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	go aa.Serve(sctx)
	go ax.Serve(sctx)
	addrA, addrX := waitListen(t, aa), waitListen(t, ax)

	if _, err := ax.Converge(ctx, []string{addrA}, time.Second); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("the stranger's sync: %v", err)
	}
	if _, err := aa.Converge(ctx, []string{addrX}, time.Second); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("a sync towards the stranger: %v", err)
	}
	if dump(t, a) != before {
		t.Error("the group laptop changed")
	}
	if strings.Contains(dump(t, x), "Awa") {
		t.Error("the stranger received records")
	}
}

func TestBackgroundSyncSpreadsEdits(t *testing.T) {
	ctx := context.Background()
	a, b := open(t, "A"), open(t, "B")
	aa, ab := agent.New(a, loopback(t)), agent.New(b, loopback(t))
	pairOver(t, aa, ab)
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	go ab.Run(sctx)
	addr := waitListen(t, ab)
	// a knows b's address by hand; from then on its loop syncs by itself.
	go aa.Run(sctx)
	waitListen(t, aa)
	if err := aa.SyncNow(ctx, addr); err != nil {
		t.Fatal(err)
	}
	addMember(t, b, "Written on B")
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(dump(t, a), "Written on B") {
		if time.Now().After(deadline) {
			t.Fatalf("the edit did not arrive; status: %+v", aa.Status())
		}
		time.Sleep(50 * time.Millisecond)
	}
	st := aa.Status()
	if len(st.Peers) != 1 || st.Peers[0].Device != b.Device() || !st.Peers[0].Allowed || st.Peers[0].LastSync.IsZero() {
		t.Errorf("peers: %+v", st.Peers)
	}
	// Switching it off stops serving.
	if err := aa.SetEnabled(false); err != nil {
		t.Fatal(err)
	}
	for aa.Status().Listen != "" {
		if time.Now().After(deadline) {
			t.Fatal("still serving after the switch was turned off")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// The shared folder set in Settings is watched while the agent runs: an
// edit on one laptop reaches the other through it, with no network.
func TestSharedFolderWatchedWhileRunning(t *testing.T) {
	ctx := context.Background()
	a, b := open(t, "A"), open(t, "B")
	aa, ab := agent.New(a, loopback(t)), agent.New(b, loopback(t))
	pairOver(t, aa, ab)
	// The group key goes round in the sessions after pairing: each seals
	// the keys it holds to the other once it has the other's key-exchange
	// key, and the grants travel with the next session.
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	go ab.Serve(sctx)
	addr := waitListen(t, ab)
	for range 2 {
		if _, err := aa.Converge(ctx, []string{addr}, time.Second); err != nil {
			t.Fatal(err)
		}
	}
	stop()
	ka, _ := a.GroupKeys()
	kb, _ := b.GroupKeys()
	if len(ka) == 0 || len(ka) != len(kb) {
		t.Fatalf("group keys after two sessions: %d and %d", len(ka), len(kb))
	}
	for _, x := range []*agent.Agent{aa, ab} {
		if err := x.SetEnabled(false); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	opts := loopback(t)
	opts.FolderInterval = 100 * time.Millisecond
	fa, fb := agent.New(a, opts), agent.New(b, opts)
	for _, x := range []*agent.Agent{fa, fb} {
		if err := x.SetFolder(dir); err != nil {
			t.Fatal(err)
		}
	}
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go fa.Run(rctx)
	go fb.Run(rctx)
	addMember(t, a, "Through the folder")
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(dump(t, b), "Through the folder") {
		if time.Now().After(deadline) {
			t.Fatalf("the edit did not come through the folder; status a: %+v\nb: %+v", fa.Status(), fb.Status())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if st := fb.Status(); st.Folder != dir || st.FolderLast.IsZero() || st.Listen != "" {
		t.Errorf("status: folder %q last %v listen %q", st.Folder, st.FolderLast, st.Listen)
	}
}

// Flipping the switch off and on at once serves again on the same
// address: the old listener is closed before the new one opens.
func TestSwitchFlippedQuicklyServesAgain(t *testing.T) {
	r := open(t, "A")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	opts := loopback(t)
	opts.Listen = addr
	a := agent.New(r, opts)
	if err := a.SetEnabled(true); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	waitListen(t, a)
	for range 5 {
		if err := a.SetEnabled(false); err != nil {
			t.Fatal(err)
		}
		if err := a.SetEnabled(true); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		st := a.Status()
		if st.Listen == addr && st.Enabled {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not serving on %s after the flips: %+v", addr, st)
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, e := range a.Status().Log {
		if strings.Contains(e.Text, "address already in use") {
			t.Errorf("a flip found the address taken: %s", e.Text)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
