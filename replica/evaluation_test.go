package replica_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sync/trust"
)

// evalCampaign creates a campaign of every sample member, run by the
// first two.
func evalCampaign(t *testing.T, r *replica.Replica) evaluation.Campaign {
	t.Helper()
	ctx := context.Background()
	if err := r.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	ms, _ := r.Members()
	c := evaluation.NewCampaign(uuid.Nil, "Évaluation 2011", "2011-03-01", "2011-03-31")
	for _, m := range ms {
		if m.Category != konbit.External { // the 24 workers
			c.Participants = append(c.Participants, m.ID)
		}
	}
	c.HR = []uuid.UUID{ms[0].ID, ms[1].ID}
	hrLaptops(t, r, c.HR...)
	c, err := r.CreateCampaign(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCreateCampaignWritesGridsInOneChange(t *testing.T) {
	ctx := context.Background()
	r := openReplica(t)
	if err := r.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	ms, _ := r.Members()
	hrLaptops(t, r, ms[0].ID, ms[1].ID)
	before, _ := r.Vector(ctx)
	c := evaluation.NewCampaign(uuid.Nil, "Printemps", "2011-03-01", "2011-03-31")
	c.Participants = []uuid.UUID{ms[0].ID, ms[1].ID, ms[2].ID}
	c.HR = []uuid.UUID{ms[0].ID}
	if _, err := r.CreateCampaign(ctx, c); !errors.Is(err, evaluation.ErrTooFewHR) {
		t.Fatalf("one HR member: %v", err)
	}
	c.HR = append(c.HR, ms[1].ID)
	c, err := r.CreateCampaign(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if pub, err := r.CampaignPublicKey(c.ID); err != nil || c.ID != trust.CampaignID(pub.Bytes()) {
		t.Fatalf("campaign id %s is not its key's fingerprint: %v", c.ID, err)
	}
	after, _ := r.Vector(ctx)
	if after[r.Device()] != before[r.Device()]+1 {
		t.Fatalf("campaign written in %d changes", after[r.Device()]-before[r.Device()])
	}
	cs, _ := r.Campaigns()
	if len(cs) != 1 || cs[0].ID != c.ID || cs[0].Name != "Printemps" || len(cs[0].Participants) != 3 {
		t.Fatalf("campaigns %+v", cs)
	}
	for _, ref := range []string{c.ID.String(), c.ID.String()[:8], "Printemps"} {
		if got, err := r.FindCampaign(ref); err != nil || got.ID != c.ID {
			t.Fatalf("find %q: %v", ref, err)
		}
	}
	if _, err := r.FindCampaign("Automne"); !errors.Is(err, replica.ErrNotFound) {
		t.Fatalf("unknown campaign: %v", err)
	}
	grids, _, err := r.CampaignGrids(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(grids) != 2 || grids[0].Session != evaluation.SessionWork || grids[1].Session != evaluation.SessionInvolvement ||
		len(grids[0].Criteria) != 3 || len(grids[1].Criteria) != 2 {
		t.Fatalf("grids %+v", grids)
	}
}

func TestFormGroupsStoresAndReadsBack(t *testing.T) {
	ctx := context.Background()
	r := openReplica(t)
	c := evalCampaign(t, r)
	if len(c.Participants) != 24 {
		t.Fatalf("%d participants", len(c.Participants))
	}
	if got, _, err := r.Groups(c.ID); err != nil || len(got) != 0 {
		t.Fatalf("groups before forming: %v %v", got, err)
	}
	plan, err := r.FormGroups(ctx, c.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Score.RepeatCount != 0 || len(plan.Sessions) != 2 {
		t.Fatalf("plan: %d sessions, %d repeats", len(plan.Sessions), plan.Score.RepeatCount)
	}
	got, _, err := r.Groups(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("stored sessions %d", len(got))
	}
	for i, s := range got {
		if s.Name != plan.Sessions[i].Name || len(s.Groups) != len(plan.Sessions[i].Groups) {
			t.Fatalf("session %d: %+v", i, s)
		}
		seen := map[uuid.UUID]int{}
		for gi, g := range s.Groups {
			if len(g) != 4 {
				t.Fatalf("group of %d", len(g))
			}
			for j, id := range g {
				if plan.Sessions[i].Groups[gi][j] != id {
					t.Fatal("stored groups differ from the plan")
				}
				seen[id]++
			}
		}
		for _, id := range c.Participants {
			if seen[id] != 1 {
				t.Fatalf("%s placed %d times in %s", id, seen[id], s.Name)
			}
		}
	}
	// Forming again with the same seed rewrites the same groups.
	again, err := r.FormGroups(ctx, c.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i := range again.Sessions {
		for gi := range again.Sessions[i].Groups {
			for j := range again.Sessions[i].Groups[gi] {
				if again.Sessions[i].Groups[gi][j] != plan.Sessions[i].Groups[gi][j] {
					t.Fatal("same seed, different groups")
				}
			}
		}
	}
	// An impossible keep-apart request is refused and writes nothing new.
	ids := c.Participants
	var apart []evaluation.Pair
	for _, a := range ids[:7] {
		for _, b := range ids[:7] {
			if a != b {
				apart = append(apart, evaluation.Pair{A: a, B: b})
			}
		}
	}
	if _, err := r.FormGroupsWith(ctx, c.ID, replica.GroupOptions{Seed: 1, KeepApart: apart}); !errors.Is(err, evaluation.ErrKeepApart) {
		t.Fatalf("impossible keep-apart: %v", err)
	}
	if _, err := r.FormGroups(ctx, uuid.New(), 1); !errors.Is(err, replica.ErrNotFound) {
		t.Fatalf("unknown campaign: %v", err)
	}
}

func TestCampaignTravelsToAnotherLaptop(t *testing.T) {
	ctx := context.Background()
	hr, other := openReplica(t), openReplica(t)
	pair(t, hr, other)
	c := evalCampaign(t, hr)
	if _, err := hr.FormGroups(ctx, c.ID, 7); err != nil {
		t.Fatal(err)
	}
	exchange(t, hr, other)
	got, err := other.FindCampaign(c.Name)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != c.ID || len(got.Participants) != len(c.Participants) {
		t.Fatalf("campaign on the other laptop: %+v", got)
	}
	grids, _, err := other.CampaignGrids(c.ID)
	if err != nil || len(grids) != 2 {
		t.Fatalf("grids on the other laptop: %d %v", len(grids), err)
	}
	groups, _, err := other.Groups(c.ID)
	if err != nil || len(groups) != 2 {
		t.Fatalf("groups on the other laptop: %d %v", len(groups), err)
	}
}
