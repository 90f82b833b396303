package replica_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/trust"
)

// sampleCampaign loads the sample organisation and its finished 2011
// campaign (passphrase "demo") on a new laptop.
func sampleCampaign(t *testing.T) (*replica.Replica, evaluation.Campaign, replica.SampleCampaignCounts) {
	t.Helper()
	ctx := context.Background()
	r := openReplica(t)
	if err := r.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	c, n, err := r.LoadSampleCampaign(ctx, []byte("demo"), fastKey)
	if err != nil {
		t.Fatal(err)
	}
	return r, c, n
}

// The demo campaign is finished: groups with codes, every grid, a
// reflection and an action plan per person, released.
func TestSampleCampaignIsFinished(t *testing.T) {
	ctx := context.Background()
	r, c, n := sampleCampaign(t)
	if n.Participants != 24 || n.Groups != 12 || n.Reflections != 24 || n.Actions < 24 {
		t.Fatalf("counts %+v", n)
	}
	if !c.Visibility.Released || c.Committee == uuid.Nil {
		t.Fatalf("campaign %+v", c)
	}
	fills, err := r.Completeness(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fills {
		if !f.Done() {
			t.Fatalf("group %d of %s not complete", f.Group, f.Session)
		}
	}
	codes, err := r.RevealCodes(ctx, c.ID, []byte("demo"))
	if err != nil || len(codes) != n.Groups {
		t.Fatalf("%d codes: %v", len(codes), err)
	}
	rel, err := r.ReleaseCodes(ctx, c.ID, []byte("demo"))
	if err != nil || len(rel) != 24 {
		t.Fatalf("%d release codes: %v", len(rel), err)
	}
	// The committee's meetings list the open actions; the person's page
	// lists theirs.
	open := meetings.OpenFor(c.Committee, func() []meetings.Action { a, _ := r.Actions(c.Committee); return a }())
	if len(open) == 0 {
		t.Fatal("no open evaluation action in the HR committee's list")
	}
	mine, _ := r.PersonActions(open[0].About)
	if !slices.ContainsFunc(mine, func(a meetings.Action) bool { return a.ID == open[0].ID }) {
		t.Fatalf("the person's page lacks %q", open[0].Text)
	}
}

// A group reveals its own answers with its code, and only with it; the
// answers it opens are exactly those between its members, as HR reads them.
func TestGroupRevealsWithItsCode(t *testing.T) {
	ctx := context.Background()
	r, c, _ := sampleCampaign(t)
	codes, err := r.RevealCodes(ctx, c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	all, err := r.ReadAnswers(ctx, c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	for _, gc := range codes[:3] {
		got, err := r.RevealGroup(ctx, c.ID, gc.Session, gc.Group, strings.ToLower(gc.Code))
		if err != nil {
			t.Fatal(err)
		}
		var want []evaluation.Answer
		for _, a := range all {
			if a.Session == gc.Session && slices.Contains(gc.Members, a.Evaluator) && slices.Contains(gc.Members, a.Evaluated) {
				want = append(want, a)
			}
		}
		if len(got) != len(want) || len(got) == 0 {
			t.Fatalf("group %d of %s revealed %d answers, HR reads %d", gc.Group, gc.Session, len(got), len(want))
		}
		key := func(a evaluation.Answer) string { return a.Criterion + a.Evaluator.String() + a.Evaluated.String() }
		slices.SortFunc(got, func(a, b evaluation.Answer) int { return strings.Compare(key(a), key(b)) })
		slices.SortFunc(want, func(a, b evaluation.Answer) int { return strings.Compare(key(a), key(b)) })
		if !slices.Equal(got, want) {
			t.Fatalf("group %d of %s: revealed answers differ from HR's", gc.Group, gc.Session)
		}
	}
	other := codes[1]
	if _, err := r.RevealGroup(ctx, c.ID, codes[0].Session, codes[0].Group, other.Code); !errors.Is(err, replica.ErrWrongCode) {
		t.Fatalf("another group's code: %v", err)
	}
	if _, err := r.RevealGroup(ctx, c.ID, codes[0].Session, codes[0].Group, "1234"); !errors.Is(err, seal.ErrBadCode) {
		t.Fatalf("a malformed code: %v", err)
	}
}

// The reflection is sealed: the group reopens it with its code, HR with
// its key, a relaying laptop reads nothing of it even in its files.
func TestReflectionIsSealedAndReopened(t *testing.T) {
	ctx := context.Background()
	r, c, _ := sampleCampaign(t)
	relay := openReplica(t)
	pair(t, r, relay)
	codes, err := r.RevealCodes(ctx, c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	gc := codes[0]
	person := gc.Members[1]
	const words = "Présenter son travail sur Aegir à l'assemblée de juin"
	ref := evaluation.Reflection{Campaign: c.ID, Session: gc.Session, Person: person,
		Answers: map[string]string{evaluation.QuestionShowcase: words}}
	if err := r.SaveReflection(ctx, ref); err != nil {
		t.Fatal(err)
	}
	bad := ref
	bad.Answers = map[string]string{"weather": "sunny"}
	if err := r.SaveReflection(ctx, bad); !errors.Is(err, evaluation.ErrInvalidAnswer) {
		t.Fatalf("unknown question: %v", err)
	}
	exchange(t, r, relay)
	if strings.Contains(laptopBytes(t, relay), "Aegir à l'assemblée") || strings.Contains(laptopBytes(t, r), "Aegir à l'assemblée") {
		t.Fatal("the reflection is readable in a laptop's files")
	}
	got, ok, err := relay.ReadReflection(ctx, c.ID, gc.Session, person, gc.Code)
	if err != nil || !ok || got.Answers[evaluation.QuestionShowcase] != words {
		t.Fatalf("the group reopens %+v %v %v", got, ok, err)
	}
	if _, _, err := relay.ReadReflection(ctx, c.ID, gc.Session, person, codes[2].Code); !errors.Is(err, replica.ErrWrongCode) {
		t.Fatalf("another group's code: %v", err)
	}
	hr, err := r.ReflectionsHR(ctx, c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(hr, func(x evaluation.Reflection) bool {
		return x.Person == person && x.Answers[evaluation.QuestionShowcase] == words
	}) {
		t.Fatal("HR does not read the reflection")
	}
	if _, err := relay.ReflectionsHR(ctx, c.ID, []byte("demo")); !errors.Is(err, replica.ErrNoHRKey) {
		t.Fatalf("relay reads reflections: %v", err)
	}
}

// A released report opens with the person's code only; it holds the
// person's view (no rater named) and their reflection; re-releasing keeps
// the codes.
func TestReleasedReportOpensWithThePersonsCode(t *testing.T) {
	ctx := context.Background()
	r, c, _ := sampleCampaign(t)
	relay := openReplica(t)
	pair(t, r, relay)
	exchange(t, r, relay)
	codes, err := r.ReleaseCodes(ctx, c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	me, other := codes[0], codes[1]
	rep, err := relay.MyReport(ctx, c.ID, me.Person, me.Code)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Report.Person != me.Person || rep.Report.View != evaluation.PersonView || len(rep.Report.Lines) != 5 || len(rep.Reflections) != 1 {
		t.Fatalf("report %+v", rep.Report)
	}
	for _, cm := range rep.Report.Comments {
		if !cm.Self && cm.Rater != uuid.Nil {
			t.Fatal("a rater is named in an anonymous campaign")
		}
	}
	// The person's view, as HR would compute it.
	answers, err := r.ReadAnswers(ctx, c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	grids, _, _ := r.CampaignGrids(c.ID)
	want, err := evaluation.PersonReport(&c, grids, answers, me.Person, evaluation.PersonView)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(want.Lines, rep.Report.Lines) || !slices.Equal(want.Comments, rep.Report.Comments) {
		t.Fatalf("released %+v, computed %+v", rep.Report.Lines, want.Lines)
	}
	if _, err := relay.MyReport(ctx, c.ID, me.Person, other.Code); !errors.Is(err, replica.ErrWrongCode) {
		t.Fatalf("someone else's code: %v", err)
	}
	again, err := r.ReleaseCampaign(ctx, c.ID, []byte("demo"))
	if err != nil || !slices.Equal(again, codes) {
		t.Fatalf("re-release changed the codes: %v", err)
	}
	// Before any release: not released.
	c2 := c
	c2.ID, c2.Name = uuid.Nil, "Automne"
	c2.Visibility = evaluation.DefaultVisibility()
	c2, err = r.CreateCampaign(ctx, c2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.MyReport(ctx, c2.ID, me.Person, me.Code); !errors.Is(err, evaluation.ErrNotReleased) {
		t.Fatalf("unreleased: %v", err)
	}
}

// Answers filled on a laptop that is not HR's: submitted whole, sealed to
// the group too; drafts stay on the laptop, sealed, and go when deleted.
func TestSubmitGridAndDrafts(t *testing.T) {
	ctx := context.Background()
	r, c, _ := sampleCampaign(t)
	grids, _, _ := r.CampaignGrids(c.ID)
	g := grids[0]
	me := c.Participants[0]
	gi, members, ok := r.GroupOf(c.ID, g.Session, me)
	if !ok || len(members) < 3 {
		t.Fatalf("group of %s: %v %v", me, members, ok)
	}
	peer := members[slices.IndexFunc(members, func(id uuid.UUID) bool { return id != me })]
	const typed = "Commentaire en cours d'écriture, très personnel"
	var grid []evaluation.Answer
	for _, cr := range g.Criteria {
		grid = append(grid, evaluation.Answer{Campaign: c.ID, Session: g.Session, Criterion: cr.Key, Evaluator: me, Evaluated: peer, Score: 2, Comment: typed})
	}
	d := replica.Draft{Campaign: c.ID, Session: g.Session, Evaluator: me, Answers: grid}
	if err := r.SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(laptopBytes(t, r), "très personnel") {
		t.Fatal("the draft is in clear in the laptop's files")
	}
	// The draft survives closing the laptop's database.
	dir := r.Dir()
	r.Close()
	r = reopen(t, dir)
	got, ok, err := r.LoadDraft(ctx, c.ID, g.Session, me)
	if err != nil || !ok || len(got.Answers) != len(grid) || got.Answers[0].Comment != typed {
		t.Fatalf("draft after reopening: %+v %v %v", got, ok, err)
	}
	bad := slices.Clone(grid)
	bad[len(bad)-1].Score = 42
	if err := r.SubmitGrid(ctx, bad); !errors.Is(err, evaluation.ErrInvalidAnswer) {
		t.Fatalf("bad grid: %v", err)
	}
	codes, err := r.RevealCodes(ctx, c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	code := codes[slices.IndexFunc(codes, func(x replica.GroupCode) bool { return x.Session == g.Session && x.Group == gi })].Code
	if err := r.SubmitGrid(ctx, grid); err != nil {
		t.Fatal(err)
	}
	if err := r.DeleteDraft(ctx, c.ID, g.Session, me); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := r.LoadDraft(ctx, c.ID, g.Session, me); ok || err != nil {
		t.Fatalf("deleted draft still there: %v %v", ok, err)
	}
	revealed, err := r.RevealGroup(ctx, c.ID, g.Session, gi, code)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range revealed {
		if a.Evaluator == me && a.Evaluated == peer && a.Comment == typed && a.Score == 2 {
			n++
		}
	}
	if n != len(g.Criteria) {
		t.Fatalf("the group reveals %d of the %d new answers", n, len(g.Criteria))
	}
}

// Hand moves: a person moved to another group keeps every group's code;
// a person left out or placed twice is refused; the checks see repeats.
func TestSaveGroupsByHand(t *testing.T) {
	ctx := context.Background()
	r, c, _ := sampleCampaign(t)
	before, err := r.RevealCodes(ctx, c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	sessions, _, _ := r.Groups(c.ID)
	score, err := r.CheckGroups(ctx, c.ID, sessions)
	if err != nil || score.RepeatCount != 0 {
		t.Fatalf("formed groups: %d repeats, %v", score.RepeatCount, err)
	}
	// Make the involvement session's first group repeat a work pair.
	inv := sessions[1]
	a, b := sessions[0].Groups[0][0], sessions[0].Groups[0][1]
	from := slices.IndexFunc(inv.Groups, func(g []uuid.UUID) bool { return slices.Contains(g, b) })
	to := slices.IndexFunc(inv.Groups, func(g []uuid.UUID) bool { return slices.Contains(g, a) })
	moved := evaluation.Session{Name: inv.Name}
	for i, g := range inv.Groups {
		g = slices.Clone(g)
		if i == from {
			g = slices.DeleteFunc(g, func(id uuid.UUID) bool { return id == b })
		}
		if i == to {
			g = append(g, b)
		}
		moved.Groups = append(moved.Groups, g)
	}
	score, err = r.CheckGroups(ctx, c.ID, []evaluation.Session{sessions[0], moved})
	if err != nil || score.RepeatCount == 0 {
		t.Fatalf("a repeat is not seen: %+v %v", score.Repeats, err)
	}
	// Keep-apart pairs being edited are checked before they are stored.
	if score, err := r.CheckGroupsApart(ctx, c.ID, []evaluation.Session{sessions[0], moved}, []evaluation.Pair{{A: a, B: b}}); err != nil || len(score.KeepApart) == 0 {
		t.Fatalf("a and b kept apart, together twice: %+v %v", score.KeepApart, err)
	}
	if err := r.SaveGroups(ctx, c.ID, moved); err != nil {
		t.Fatal(err)
	}
	after, err := r.RevealCodes(ctx, c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range before {
		if before[i].Code != after[i].Code {
			t.Fatal("a hand move changed a group's code")
		}
	}
	stored, _, _ := r.Groups(c.ID)
	if !slices.Contains(stored[1].Groups[to], b) {
		t.Fatal("the move is not stored")
	}
	missing := evaluation.Session{Name: inv.Name, Groups: [][]uuid.UUID{inv.Groups[0]}}
	if err := r.SaveGroups(ctx, c.ID, missing); err == nil || !strings.Contains(err.Error(), "in no group") {
		t.Fatalf("people left out: %v", err)
	}
	twice := evaluation.Session{Name: inv.Name, Groups: append(slices.Clone(inv.Groups), []uuid.UUID{a})}
	if err := r.SaveGroups(ctx, c.ID, twice); err == nil || !strings.Contains(err.Error(), "two groups") {
		t.Fatalf("a person twice: %v", err)
	}
}

// Editing a campaign keeps the key answers are sealed to; its HR members
// change only by a grant.
func TestUpdateCampaignKeepsItsKey(t *testing.T) {
	ctx := context.Background()
	r, c, _ := sampleCampaign(t)
	pub, err := r.CampaignPublicKey(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	c.Name, c.Visibility.MinRaters = "Évaluation du printemps 2011", 2
	if err := r.UpdateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, _ := r.Campaign(c.ID)
	after, err := r.CampaignPublicKey(c.ID)
	if err != nil || !after.Equal(pub) || got.Name != c.Name || got.Visibility.MinRaters != 2 {
		t.Fatalf("after the edit: %+v %v", got, err)
	}
	c.HR = c.HR[:1]
	if err := r.UpdateCampaign(ctx, c); err == nil {
		t.Fatal("HR members changed by an edit")
	}
	grids, _, _ := r.CampaignGrids(c.ID)
	g := grids[0]
	bank := evaluation.Bank()
	g.Criteria = append(g.Criteria, bank[len(bank)-1])
	if err := r.SaveGrid(ctx, g); err != nil {
		t.Fatal(err)
	}
	grids, _, _ = r.CampaignGrids(c.ID)
	if len(grids[0].Criteria) != len(g.Criteria) {
		t.Fatal("the grid edit is not stored")
	}
}

// reopen opens a laptop's data directory again, as after a restart.
func reopen(t *testing.T, dir string) *replica.Replica {
	t.Helper()
	r, err := replica.Open(context.Background(), dir, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// A paired laptop that gives a campaign its own key (to read what is
// answered after) is refused: the campaign's id is its key's fingerprint.
func TestForgedCampaignKeyRefused(t *testing.T) {
	ctx := context.Background()
	hr, c, _ := sampleCampaign(t)
	x := openReplica(t)
	pair(t, hr, x)
	exchange(t, hr, x)
	fake, err := seal.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.Commit(ctx, crdt.Set(c.ID, konbit.TypeCampaign, append(evaluation.CampaignFields(c),
		crdt.Field{Name: trust.CampaignFieldPublic, Value: fake.PublicKey().Bytes()})...)); err != nil {
		t.Fatal(err)
	}
	res := exchange(t, x, hr)
	if res.Refused[x.Device()] == "" {
		t.Fatalf("forged campaign key accepted: %+v", res)
	}
	if pub, err := hr.CampaignPublicKey(c.ID); err != nil || pub.Equal(fake.PublicKey()) {
		t.Fatalf("the campaign's key on HR's laptop: %v", err)
	}
}

// A laptop that plants its own code in a person's report record before
// (or after) a release gets nothing: HR derives each person's code from
// the campaign's key and rewrites the record at every release.
func TestPlantedReportCodeIsOverwritten(t *testing.T) {
	ctx := context.Background()
	hr, c, _ := sampleCampaign(t)
	x := openReplica(t)
	pair(t, hr, x)
	exchange(t, hr, x)
	victim := c.Participants[3]
	mine, err := seal.NewCode()
	if err != nil {
		t.Fatal(err)
	}
	id := uuid.NewSHA1(c.ID, []byte("report/"+victim.String()))
	key, err := seal.CodeKey(mine, id[:])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.Commit(ctx, crdt.Set(id, konbit.TypeReleasedReport,
		crdt.Field{Name: "campaign", Value: c.ID[:]}, crdt.Field{Name: "person", Value: victim[:]},
		crdt.Field{Name: "public", Value: key.PublicKey().Bytes()}, crdt.Field{Name: "content", Value: []byte("x")})); err != nil {
		t.Fatal(err)
	}
	exchange(t, x, hr)
	codes, err := hr.ReleaseCampaign(ctx, c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	exchange(t, hr, x)
	if _, err := x.MyReport(ctx, c.ID, victim, mine); !errors.Is(err, replica.ErrWrongCode) {
		t.Fatalf("the planted code opens the report: %v", err)
	}
	for _, rc := range codes {
		if rc.Person == victim {
			if _, err := x.MyReport(ctx, c.ID, victim, rc.Code); err != nil {
				t.Fatalf("the person's own code: %v", err)
			}
		}
	}
}

// Codes follow groups, not positions: groups formed again get new codes;
// a group emptied by hand shifts the others, whose changed slots get new
// codes, while a group that only lost or gained one person keeps its own.
func TestRevealCodesFollowGroups(t *testing.T) {
	ctx := context.Background()
	r, c, _ := sampleCampaign(t)
	before, err := r.RevealCodes(ctx, c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.FormGroups(ctx, c.ID, 7); err != nil {
		t.Fatal(err)
	}
	after, err := r.RevealCodes(ctx, c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range before {
		if before[i].Code == after[i].Code {
			t.Fatalf("group %d of %s kept its code after the groups were formed again", before[i].Group+1, before[i].Session)
		}
	}
	// Empty the first work group into the second: the second keeps most
	// of its people... as slot 0 now, so its code is a new one; the rest
	// shift too.
	sessions, _, _ := r.Groups(c.ID)
	w := sessions[0]
	merged := evaluation.Session{Name: w.Name, Groups: [][]uuid.UUID{append(slices.Clone(w.Groups[1]), w.Groups[0]...)}}
	merged.Groups = append(merged.Groups, w.Groups[2:]...)
	if err := r.SaveGroups(ctx, c.ID, merged); err != nil {
		t.Fatal(err)
	}
	moved, err := r.RevealCodes(ctx, c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	code := func(cs []replica.GroupCode, session string, g int) string {
		for _, x := range cs {
			if x.Session == session && x.Group == g {
				return x.Code
			}
		}
		return ""
	}
	for g := range merged.Groups {
		if code(moved, w.Name, g) == code(after, w.Name, g) {
			t.Fatalf("work slot %d kept its code though other people are in it now", g)
		}
	}
	if _, err := r.RevealGroup(ctx, c.ID, w.Name, -1, code(moved, w.Name, 0)); err == nil {
		t.Fatal("group -1 revealed")
	}
}

// One record that does not open does not hold the release back: it is
// left out and named, and every report is released.
func TestReleaseGoesOnPastABadRecord(t *testing.T) {
	ctx := context.Background()
	r, c, _ := sampleCampaign(t)
	a := r.AnswerStatus(c.ID)[0]
	b := seal.Binding{Campaign: c.ID, Session: a.Session, Criterion: a.Criterion, Evaluator: a.Evaluator, Evaluated: a.Evaluated}
	if _, err := r.Commit(ctx, crdt.Set(replica.AnswerID(b), konbit.TypeAnswer,
		crdt.Field{Name: "campaign", Value: c.ID[:]}, crdt.Field{Name: "session", Value: []byte(a.Session)},
		crdt.Field{Name: "criterion", Value: []byte(a.Criterion)}, crdt.Field{Name: "evaluator", Value: a.Evaluator[:]},
		crdt.Field{Name: "evaluated", Value: a.Evaluated[:]}, crdt.Field{Name: "content", Value: []byte("garbage")})); err != nil {
		t.Fatal(err)
	}
	codes, err := r.ReleaseCampaign(ctx, c.ID, []byte("demo"))
	if !errors.Is(err, seal.ErrCannotOpen) || len(codes) != len(c.Participants) {
		t.Fatalf("%d codes, %v", len(codes), err)
	}
	if _, err := r.MyReport(ctx, c.ID, codes[0].Person, codes[0].Code); err != nil {
		t.Fatal(err)
	}
}

// A laptop publishing an HR key in an HR member's name does not get the
// next campaign: with keys in that name from two laptops, the campaign is
// refused until HR says which laptop is the member's, and then sealed to
// that one only.
func TestHRKeyInAnotherNameIsNotSealedTo(t *testing.T) {
	ctx := context.Background()
	hr := openReplica(t)
	if err := hr.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	ms, _ := hr.Members()
	omar, lydie := ms[0].ID, ms[1].ID
	laptops := hrLaptops(t, hr, omar, lydie) // "pass 0", "pass 1"
	impostor := openReplica(t)
	pair(t, hr, impostor)
	exchange(t, hr, impostor)
	if err := impostor.CreateHRKey(ctx, lydie, []byte("not lydie"), fastKey); err != nil {
		t.Fatal(err)
	}
	exchange(t, impostor, hr)
	c := evaluation.NewCampaign(uuid.Nil, "Printemps", "2011-03-01", "2011-03-31")
	c.Participants = []uuid.UUID{omar, lydie, ms[2].ID}
	c.HR = []uuid.UUID{omar, lydie}
	if _, err := hr.CreateCampaign(ctx, c); !errors.Is(err, replica.ErrSeveralHRKeys) || !strings.Contains(err.Error(), impostor.DeviceLabel(impostor.Device())) {
		t.Fatalf("keys in Lydie's name from two laptops: %v", err)
	}
	c, err := hr.CreateCampaignWith(ctx, c, replica.HRLaptops{lydie: laptops[1].Device()})
	if err != nil {
		t.Fatal(err)
	}
	exchange(t, hr, impostor)
	exchange(t, hr, laptops[1])
	if _, err := impostor.ReadAnswers(ctx, c.ID, []byte("not lydie")); !errors.Is(err, replica.ErrNotGranted) {
		t.Fatalf("the impostor's key: %v", err)
	}
	if _, err := laptops[1].ReadAnswers(ctx, c.ID, []byte("pass 1")); err != nil {
		t.Fatalf("Lydie's own laptop: %v", err)
	}
}
