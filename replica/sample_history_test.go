package replica_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// The demo's year of meetings looks like the field study's: weekly and
// monthly meetings, speaking dominated by a few, a drifting member flagged
// by the membership check, roles rotated, decisions with amendments.
func TestSampleHistoryIsRealistic(t *testing.T) {
	ctx := context.Background()
	r := openReplica(t)
	if err := r.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := r.LoadSampleHistory(ctx, replica.SampleHistory{End: "2011-06-01", Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if n.Meetings < 100 || n.Segments < 3000 || n.Decisions < 50 || n.Marks < 1500 {
		t.Fatalf("too little history: %+v", n)
	}
	ms, _ := r.Meetings()
	if len(ms) != n.Meetings || ms[0].Date >= "2011-06-01" || ms[len(ms)-1].Date < "2010-05-31" {
		t.Fatalf("%d meetings from %s to %s", len(ms), ms[len(ms)-1].Date, ms[0].Date)
	}
	templates := map[string]int{}
	var collective []uuid.UUID
	for _, m := range ms {
		templates[m.Template]++
		if m.Body == uuid.Nil {
			collective = append(collective, m.ID)
		}
	}
	if templates[meetings.TemplateWeeklyProduction] != 52 || templates[meetings.TemplateMonthlyReflection] != 13 || templates[meetings.TemplateWeekend] != 1 {
		t.Fatalf("meeting kinds: %v", templates)
	}

	// A few take most of the time.
	var segs []meetings.Segment
	for _, id := range collective {
		s, err := r.Segments(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		segs = append(segs, s...)
	}
	shares := meetings.LiveShares(segs, nil)
	var top, total time.Duration
	for i, s := range shares {
		if i < 3 {
			top += s.Time
		}
		total += s.Time
	}
	if float64(top)/float64(total) < 0.3 {
		t.Fatalf("the top 3 speakers take only %.0f%% of the time", 100*float64(top)/float64(total))
	}

	// Someone drifting away shows in some membership check.
	flagged := false
	for _, m := range ms {
		if m.Template == meetings.TemplateMonthlyReflection {
			abs, err := r.MembershipCheck(ctx, m.Date)
			if err != nil {
				t.Fatal(err)
			}
			flagged = flagged || len(abs) > 0
		}
	}
	if !flagged {
		t.Fatal("no membership check ever flags anyone")
	}

	// Decisions carry their amendments.
	ds, err := r.Decisions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(ds, func(d meetings.Decision) bool {
		return len(d.Versions) == 2 && len(d.Objections) == 1 && d.Objections[0].Resolved
	}) {
		t.Fatal("no decision went through an amendment")
	}
}
