package replica_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
)

// sampleReplicas opens n replicas that share the sample organisation.
func sampleReplicas(t *testing.T, n int) []*replica.Replica {
	t.Helper()
	ctx := context.Background()
	rs := make([]*replica.Replica, n)
	for i := range rs {
		rs[i] = openReplica(t)
	}
	pair(t, rs...)
	if err := rs[0].LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	for _, r := range rs[1:] {
		exchange(t, rs[0], r)
	}
	return rs
}

func memberIDs(t *testing.T, r *replica.Replica, names ...string) []uuid.UUID {
	t.Helper()
	var out []uuid.UUID
	for _, n := range names {
		m, err := r.FindMember(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m.ID)
	}
	return out
}

// runMeeting records a small meeting: five present, turns by the given
// speakers.
func runMeeting(t *testing.T, r *replica.Replica, date string, speakers ...string) meetings.Meeting {
	t.Helper()
	ctx := context.Background()
	m, err := r.CreateMeeting(ctx, replica.NewMeeting{Template: "monthly-reflection", Date: date, Time: "13:30"})
	if err != nil {
		t.Fatal(err)
	}
	present := memberIDs(t, r, "Omar", "Jenny", "Heidi", "Steve", "Lydie")
	if err := r.Attend(ctx, m.ID, meetings.Present, time.Time{}, present...); err != nil {
		t.Fatal(err)
	}
	items, _ := r.Agenda(m.ID)
	at := m.When(time.Local)
	for i, who := range memberIDs(t, r, speakers...) {
		s := meetings.Segment{Meeting: m.ID, Item: items[0].ID, Speaker: who, Kind: meetings.Normal,
			Start: at.Add(time.Duration(i) * time.Minute), Duration: time.Duration(30+i) * time.Second, Language: "fr"}
		if _, err := r.RecordSegment(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func totals(t *testing.T, r *replica.Replica, m uuid.UUID) map[uuid.UUID]time.Duration {
	t.Helper()
	segs, err := r.Segments(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	out := map[uuid.UUID]time.Duration{}
	for _, s := range segs {
		out[s.Speaker] += s.Duration
	}
	return out
}

// Two laptops run different meetings offline; a third imports both
// bundles: all three show both meetings with the same speaking figures,
// and their dumps are equal.
func TestTwoMeetingsOfflineMergeOnAThirdLaptop(t *testing.T) {
	rs := sampleReplicas(t, 3)
	a, b, c := rs[0], rs[1], rs[2]
	ma := runMeeting(t, a, "2011-05-03", "Omar", "Omar", "Jenny")
	mb := runMeeting(t, b, "2011-05-10", "Heidi", "Steve")
	exchange(t, a, c)
	exchange(t, b, c)
	exchange(t, c, a)
	exchange(t, c, b)
	// What each laptop recorded itself is the reference.
	want := map[uuid.UUID][]meetings.Segment{}
	for m, r := range map[uuid.UUID]*replica.Replica{ma.ID: a, mb.ID: b} {
		segs, err := r.Segments(context.Background(), m)
		if err != nil || len(segs) == 0 {
			t.Fatalf("%d segments (%v)", len(segs), err)
		}
		want[m] = segs
	}
	if len(want[ma.ID]) != 3 || len(want[mb.ID]) != 2 {
		t.Fatalf("recorded %d and %d segments", len(want[ma.ID]), len(want[mb.ID]))
	}
	wantCounts, err := a.Store().ProjectionCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rs {
		ms, _ := r.Meetings()
		if len(ms) != 2 {
			t.Fatalf("replica %d: %d meetings", i, len(ms))
		}
		for _, m := range []meetings.Meeting{ma, mb} {
			got, err := r.Segments(context.Background(), m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want[m.ID]) {
				t.Fatalf("replica %d, meeting %s: %d segments, want %d", i, m.Date, len(got), len(want[m.ID]))
			}
			for k := range got {
				if got[k].ID != want[m.ID][k].ID || got[k].Speaker != want[m.ID][k].Speaker || got[k].Duration != want[m.ID][k].Duration {
					t.Fatalf("replica %d, meeting %s: segment %d is %+v, want %+v", i, m.Date, k, got[k], want[m.ID][k])
				}
			}
			if p, _ := r.Present(context.Background(), m.ID); len(p) != 5 {
				t.Fatalf("replica %d, meeting %s: %d present", i, m.Date, len(p))
			}
		}
		counts, err := r.Store().ProjectionCounts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if counts["segments"] != 5 || counts["attendance"] != 10 || counts["segments"] != wantCounts["segments"] || counts["attendance"] != wantCounts["attendance"] {
			t.Fatalf("replica %d projections %v, a has %v", i, counts, wantCounts)
		}
	}
	if dump(t, a) != dump(t, b) || dump(t, b) != dump(t, c) {
		t.Fatal("dumps differ")
	}
}

// The same meeting recorded on two laptops (the note-taker's and the
// queue keeper's) merges without losing a segment or an attendance mark:
// segments are immutable records with their own ids, marks merge per
// person.
func TestSameMeetingOnTwoLaptopsKeepsEverySegment(t *testing.T) {
	ctx := context.Background()
	rs := sampleReplicas(t, 2)
	a, b := rs[0], rs[1]
	m := runMeeting(t, a, "2011-05-03", "Omar")
	exchange(t, a, b)
	items, _ := a.Agenda(m.ID)
	at := m.When(time.Local).Add(time.Hour)
	// Offline: the queue keeper (a) records turns, the note-taker (b)
	// records others and marks a late arrival.
	for i, who := range memberIDs(t, a, "Jenny", "Heidi", "Jenny") {
		if _, err := a.RecordSegment(ctx, meetings.Segment{Meeting: m.ID, Item: items[1].ID, Speaker: who, Kind: meetings.Normal, Start: at.Add(time.Duration(i) * time.Minute), Duration: 40 * time.Second}); err != nil {
			t.Fatal(err)
		}
	}
	for i, who := range memberIDs(t, b, "Steve", "Lydie") {
		if _, err := b.RecordSegment(ctx, meetings.Segment{Meeting: m.ID, Item: items[1].ID, Speaker: who, Kind: meetings.DirectResponse, Start: at.Add(time.Duration(i)*time.Minute + 30*time.Second), Duration: 20 * time.Second}); err != nil {
			t.Fatal(err)
		}
	}
	late := memberIDs(t, b, "Chris")
	if err := b.Attend(ctx, m.ID, meetings.Late, at, late...); err != nil {
		t.Fatal(err)
	}
	exchange(t, a, b)
	exchange(t, b, a)
	for _, r := range rs {
		segs, err := r.Segments(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(segs) != 1+3+2 {
			t.Fatalf("%d segments after merge, want 6", len(segs))
		}
		if p, _ := r.Present(ctx, m.ID); len(p) != 6 {
			t.Fatalf("%d present after merge, want 6", len(p))
		}
	}
	if dump(t, a) != dump(t, b) {
		t.Fatal("dumps differ")
	}
}

// A segment wakes the watchers of its meeting, not those of another
// meeting nor the live view's lists; a merged segment wakes them too.
func TestSegmentWakesOnlyItsMeeting(t *testing.T) {
	ctx := context.Background()
	rs := sampleReplicas(t, 2)
	a, b := rs[0], rs[1]
	m1 := runMeeting(t, a, "2011-05-03")
	m2 := runMeeting(t, a, "2011-05-10")
	exchange(t, a, b)
	w1, w2 := a.WatchSegments(m1.ID), a.WatchSegments(m2.ID)
	_, members := a.Members()
	_, meetingsCh := a.Meetings()
	bw1 := b.WatchSegments(m1.ID)
	items, _ := a.Agenda(m1.ID)
	who := memberIDs(t, a, "Omar")[0]
	if _, err := a.RecordSegment(ctx, meetings.Segment{Meeting: m1.ID, Item: items[0].ID, Speaker: who, Start: m1.When(time.Local), Duration: time.Minute}); err != nil {
		t.Fatal(err)
	}
	mustFire(t, "meeting 1's watcher", w1)
	for name, ch := range map[string]<-chan struct{}{"meeting 2's watcher": w2, "member list": members, "meeting list": meetingsCh} {
		select {
		case <-ch:
			t.Fatalf("a segment woke the %s", name)
		default:
		}
	}
	exchange(t, a, b)
	mustFire(t, "the other laptop's watcher", bw1)
}

func mustFire(t *testing.T, what string, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(time.Second):
		t.Fatalf("%s was not woken", what)
	}
}

// Projections are rebuilt from the records when their version changes
// (here: forgotten), and give the same answers.
func TestProjectionsRebuiltFromRecords(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	r, err := replica.Open(ctx, dir, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	m := runMeeting(t, r, "2011-05-03", "Omar", "Jenny", "Omar")
	before := totals(t, r, m.ID)
	abs, _ := r.MembershipCheck(ctx, "2011-05-20")
	if err := r.Store().DropProjections(ctx); err != nil {
		t.Fatal(err)
	}
	r.Close()
	r, err = replica.Open(ctx, dir, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	counts, err := r.Store().ProjectionCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts["segments"] != 3 || counts["attendance"] != 5 {
		t.Fatalf("rebuilt projections: %v", counts)
	}
	after := totals(t, r, m.ID)
	if len(after) != len(before) || after[memberIDs(t, r, "Omar")[0]] != before[memberIDs(t, r, "Omar")[0]] {
		t.Fatalf("totals %v, were %v", after, before)
	}
	if abs2, _ := r.MembershipCheck(ctx, "2011-05-20"); len(abs2) != len(abs) || len(abs) == 0 {
		t.Fatalf("membership check %d, was %d", len(abs2), len(abs))
	}
}

// An import of a bundle refreshes the catch-up bookkeeping: the next
// catch-up finds nothing to re-apply.
func TestImportAdvancesCatchUp(t *testing.T) {
	ctx := context.Background()
	rs := sampleReplicas(t, 2)
	a, b := rs[0], rs[1]
	runMeeting(t, a, "2011-05-03", "Omar")
	if res := exchange(t, a, b); res.New == 0 || len(res.Warnings) != 0 {
		t.Fatalf("import: %+v", res)
	}
	v, err := b.Vector(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if seen := b.Seen(); !seen.Covers(v) || !v.Covers(seen) {
		t.Fatalf("after the import the view is caught up to %v, the store holds %v", seen, v)
	}
	if n, err := b.CatchUp(ctx); err != nil || n != 0 {
		t.Fatalf("catch-up re-applied %d records (%v)", n, err)
	}
}
