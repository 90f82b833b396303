package replica_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sync/crdt"
)

// hrLaptops gives each member an HR key on a laptop of their own, paired
// with r, and brings the published public keys to r: a campaign needs two
// HR members with keys.
func hrLaptops(t *testing.T, r *replica.Replica, members ...uuid.UUID) []*replica.Replica {
	t.Helper()
	var out []*replica.Replica
	for i, m := range members {
		o := openReplica(t)
		pair(t, r, o)
		if err := o.CreateHRKey(context.Background(), m, []byte(fmt.Sprintf("pass %d", i)), fastKey); err != nil {
			t.Fatal(err)
		}
		exchange(t, o, r)
		out = append(out, o)
	}
	return out
}

// laptopBytes is everything a laptop keeps on disk (database, its WAL).
func laptopBytes(t *testing.T, r *replica.Replica) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(r.Dir(), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		b.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

const secret = "Zéphyrin ne rend jamais ses outils"

// Answers filled on a relaying laptop travel to HR sealed: the relay holds
// every record and reads none, not even in its files; a wrong passphrase
// reads none; a new HR member reads the old campaign after a grant; a
// tampered answer is refused and reported.
func TestEvaluationAnswersAreSealed(t *testing.T) {
	ctx := context.Background()
	hr, lydie, relay := openReplica(t), openReplica(t), openReplica(t)
	pair(t, hr, lydie, relay)
	if err := hr.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	ms, _ := hr.Members()
	if err := hr.CreateHRKey(ctx, ms[0].ID, []byte("omar"), fastKey); err != nil {
		t.Fatal(err)
	}
	c := evaluation.NewCampaign(uuid.Nil, "Printemps", "2011-03-01", "2011-03-31")
	c.Participants = []uuid.UUID{ms[0].ID, ms[1].ID, ms[2].ID, ms[3].ID}
	c.HR = []uuid.UUID{ms[0].ID, ms[1].ID}
	if _, err := hr.CreateCampaign(ctx, c); !errors.Is(err, replica.ErrTooFewHRKeys) || !strings.Contains(err.Error(), ms[1].Name) {
		t.Fatalf("one keyed HR member: %v", err)
	}
	if err := lydie.CreateHRKey(ctx, ms[1].ID, []byte("lydie"), fastKey); err != nil {
		t.Fatal(err)
	}
	exchange(t, lydie, hr)
	c, err := hr.CreateCampaign(ctx, c)
	if err != nil {
		t.Fatal(err)
	}

	// Grids are filled on the relay.
	exchange(t, hr, relay)
	grids, _, err := relay.CampaignGrids(c.ID)
	if err != nil || len(grids) == 0 {
		t.Fatalf("grids: %v", err)
	}
	crit := grids[0].Criteria[0].Key
	var sent []evaluation.Answer
	for i, ev := range c.Participants[:3] {
		for j, ed := range c.Participants[:3] {
			a := evaluation.Answer{Campaign: c.ID, Session: grids[0].Session, Criterion: crit,
				Evaluator: ev, Evaluated: ed, Score: 1 + (i+j)%5}
			if i == 1 && j == 2 {
				a.Comment = secret
			}
			if err := relay.SubmitAnswer(ctx, a); err != nil {
				t.Fatal(err)
			}
			sent = append(sent, a)
		}
	}
	bad := sent[0]
	bad.Score = 99
	if err := relay.SubmitAnswer(ctx, bad); !errors.Is(err, evaluation.ErrInvalidAnswer) {
		t.Fatalf("off-scale answer: %v", err)
	}
	exchange(t, relay, hr)

	if got := relay.AnswerStatus(c.ID); len(got) != len(sent) {
		t.Fatalf("the relay holds %d answer records, want %d", len(got), len(sent))
	}
	if got, err := relay.ReadAnswers(ctx, c.ID, []byte("omar")); !errors.Is(err, replica.ErrNoHRKey) || got != nil {
		t.Fatalf("relay read %d answers: %v", len(got), err)
	}
	if strings.Contains(laptopBytes(t, relay), secret) || strings.Contains(laptopBytes(t, hr), secret) {
		t.Fatal("a comment is readable in a laptop's files")
	}
	if got, err := hr.ReadAnswers(ctx, c.ID, []byte("Omar")); !errors.Is(err, seal.ErrWrongPassphrase) || got != nil {
		t.Fatalf("wrong passphrase read %d answers: %v", len(got), err)
	}
	got, err := hr.ReadAnswers(ctx, c.ID, []byte("omar"))
	if err != nil || len(got) != len(sent) {
		t.Fatalf("HR read %d answers: %v", len(got), err)
	}
	found := false
	for _, a := range got {
		found = found || a.Comment == secret
	}
	if !found {
		t.Fatal("the comment did not open")
	}
	// A re-submission replaces the earlier answer.
	again := sent[0]
	again.Score = 5
	if err := hr.SubmitAnswer(ctx, again); err != nil {
		t.Fatal(err)
	}
	got, err = hr.ReadAnswers(ctx, c.ID, []byte("omar"))
	if err != nil || len(got) != len(sent) {
		t.Fatalf("after a re-submission: %d answers: %v", len(got), err)
	}
	for _, a := range got {
		if a.Evaluator == again.Evaluator && a.Evaluated == again.Evaluated && a.Score != 5 {
			t.Fatalf("re-submission not kept: %+v", a)
		}
	}

	// The second HR member reads it on her own laptop.
	exchange(t, hr, lydie)
	if got, err := lydie.ReadAnswers(ctx, c.ID, []byte("lydie")); err != nil || len(got) != len(sent) {
		t.Fatalf("second HR member read %d: %v", len(got), err)
	}

	// A new HR member reads nothing until a current one grants her the key.
	newcomer := openReplica(t)
	pair(t, hr, newcomer)
	if err := newcomer.CreateHRKey(ctx, ms[2].ID, []byte("new"), fastKey); err != nil {
		t.Fatal(err)
	}
	exchange(t, newcomer, hr)
	exchange(t, hr, newcomer)
	if got, err := newcomer.ReadAnswers(ctx, c.ID, []byte("new")); !errors.Is(err, replica.ErrNotGranted) || got != nil {
		t.Fatalf("before the grant: %d %v", len(got), err)
	}
	if err := relay.GrantCampaign(ctx, c.ID, ms[2].ID, []byte("omar")); !errors.Is(err, replica.ErrNoHRKey) {
		t.Fatalf("grant from a relay: %v", err)
	}
	if err := hr.GrantCampaign(ctx, c.ID, ms[2].ID, []byte("omar")); err != nil {
		t.Fatal(err)
	}
	exchange(t, hr, newcomer)
	if got, err := newcomer.ReadAnswers(ctx, c.ID, []byte("new")); err != nil || len(got) != len(sent) {
		t.Fatalf("after the grant: %d %v", len(got), err)
	}
	if c2, _ := newcomer.Campaign(c.ID); !c2.IsHR(ms[2].ID) {
		t.Fatal("the new HR member is not listed in the campaign")
	}

	// Tampered ciphertext, and an answer moved to another person, are refused.
	pub, err := hr.CampaignPublicKey(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	forge := func(b seal.Binding, content []byte) {
		t.Helper()
		_, err := hr.Commit(ctx, crdt.Set(replica.AnswerID(b), konbit.TypeAnswer,
			crdt.Field{Name: "campaign", Value: b.Campaign[:]},
			crdt.Field{Name: "session", Value: []byte(b.Session)},
			crdt.Field{Name: "criterion", Value: []byte(b.Criterion)},
			crdt.Field{Name: "evaluator", Value: b.Evaluator[:]},
			crdt.Field{Name: "evaluated", Value: b.Evaluated[:]},
			crdt.Field{Name: "content", Value: content}))
		if err != nil {
			t.Fatal(err)
		}
	}
	b1 := seal.Binding{Campaign: c.ID, Session: sent[1].Session, Criterion: crit, Evaluator: sent[1].Evaluator, Evaluated: sent[1].Evaluated}
	ct, err := seal.Seal(pub, b1, []byte(`{"score":1}`))
	if err != nil {
		t.Fatal(err)
	}
	ct[len(ct)-1] ^= 1
	forge(b1, ct)
	b2 := seal.Binding{Campaign: c.ID, Session: sent[2].Session, Criterion: crit, Evaluator: sent[2].Evaluator, Evaluated: sent[2].Evaluated}
	moved, err := seal.Seal(pub, b1, []byte(`{"score":1}`)) // sealed for b1, stored as b2
	if err != nil {
		t.Fatal(err)
	}
	forge(b2, moved)
	got, err = hr.ReadAnswers(ctx, c.ID, []byte("omar"))
	if !errors.Is(err, seal.ErrCannotOpen) || !strings.Contains(err.Error(), "2 answer(s) refused") || len(got) != len(sent)-2 {
		t.Fatalf("tampered: %d answers, %v", len(got), err)
	}
}

// Completeness is computed from the clear fields alone, on any laptop.
func TestCompletenessNeedsNoKey(t *testing.T) {
	ctx := context.Background()
	r := openReplica(t)
	c := evalCampaign(t, r)
	plan, err := r.FormGroups(ctx, c.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	grids, _, _ := r.CampaignGrids(c.ID)
	g := plan.Sessions[0].Groups[0]
	for _, cr := range grids[0].Criteria {
		if err := r.SubmitAnswer(ctx, evaluation.Answer{Campaign: c.ID, Session: grids[0].Session, Criterion: cr.Key,
			Evaluator: g[0], Evaluated: g[1], Score: 3}); err != nil {
			t.Fatal(err)
		}
	}
	fills, err := r.Completeness(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var answered int
	for _, f := range fills {
		answered += f.Answered
	}
	if answered != len(grids[0].Criteria) {
		t.Fatalf("answered %d, want %d", answered, len(grids[0].Criteria))
	}
}
