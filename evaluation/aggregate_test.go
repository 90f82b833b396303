package evaluation_test

import (
	"errors"
	"math"
	"testing"

	"github.com/google/uuid"
	"github.com/konbit/konbit/evaluation"
)

func score(session, criterion string, evaluator, evaluated uuid.UUID, s int, comment ...string) evaluation.Answer {
	a := evaluation.Answer{Campaign: campaignID, Session: session, Criterion: criterion, Evaluator: evaluator, Evaluated: evaluated, Score: s}
	if len(comment) > 0 {
		a.Comment = comment[0]
	}
	return a
}

func cantSay(session, criterion string, evaluator, evaluated uuid.UUID, comment ...string) evaluation.Answer {
	a := score(session, criterion, evaluator, evaluated, 0, comment...)
	a.CantSay = true
	return a
}

// fixture is a small campaign with hand-computed results:
//
//	work/communication for alice: self 5; peers bob 3, chloe 4, dan 2, eve can't say
//	  -> peers n=3 (1 can't say), mean 3, SD sqrt(2/3) = 0.8165, min 2, max 4, gap +2
//	  (with the self score the mean would be 3.5)
//	work/knowledge for alice: self 2; peers bob 4, chloe 4
//	  -> n=2 < k=3, mean 4, SD 0, gap -2
//	work/skills for alice: self can't say; peers 1, 2, 4, 5
//	  -> n=4, mean 3, SD sqrt(10/4) = 1.5811, min 1, max 5, no gap
//	work/communication for bob: self 3; peers alice 4, chloe 4, dan 5
//	  -> mean 13/3 = 4.3333, gap -1.3333
//	involvement: eve gives 3 everywhere to alice, bob, chloe (6 scores);
//	  dan gives 4 everywhere to alice, bob (4 scores)
func fixture() (evaluation.Campaign, []evaluation.Grid, []evaluation.Answer) {
	c := campaign2011()
	c.Visibility.Released = true
	const w, inv = "work", "involvement"
	answers := []evaluation.Answer{
		score(w, "communication", alice, alice, 5),
		score(w, "communication", chloe, alice, 1), // replaced below: the later record wins
		score(w, "communication", bob, alice, 3, "Toujours claire."),
		score(w, "communication", chloe, alice, 4, "Répond vite."),
		score(w, "communication", dan, alice, 2),
		cantSay(w, "communication", eve, alice, "Je ne travaille pas avec elle."),
		score(w, "knowledge", alice, alice, 2),
		score(w, "knowledge", bob, alice, 4),
		score(w, "knowledge", chloe, alice, 4),
		cantSay(w, "skills", alice, alice),
		score(w, "skills", bob, alice, 1),
		score(w, "skills", bob, alice, 9), // off the scale: ignored, does not replace
		score(w, "skills", chloe, alice, 2),
		score(w, "skills", dan, alice, 4),
		score(w, "skills", eve, alice, 5),
		score(w, evaluation.OverallKey, alice, alice, 0, "Année chargée."),
		score(w, evaluation.OverallKey, dan, alice, 0, "Bravo"),
		score(w, "communication", bob, bob, 3),
		score(w, "communication", alice, bob, 4),
		score(w, "communication", chloe, bob, 4),
		score(w, "communication", dan, bob, 5),
		score("other", "communication", dan, bob, 5), // unknown session: ignored
	}
	for _, p := range []uuid.UUID{alice, bob, chloe} {
		answers = append(answers, score(inv, "involvement", eve, p, 3), score(inv, "collaborative-spirit", eve, p, 3))
	}
	for _, p := range []uuid.UUID{alice, bob} {
		answers = append(answers, score(inv, "involvement", dan, p, 4), score(inv, "collaborative-spirit", dan, p, 4))
	}
	other := score(w, "communication", bob, alice, 1)
	other.Campaign = person(77) // another campaign: skipped, not even ignored
	answers = append(answers, other)
	return c, evaluation.DefaultGrids(c.ID), answers
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-4 }

func line(t *testing.T, r evaluation.Report, session, criterion string) evaluation.Line {
	t.Helper()
	for _, l := range r.Lines {
		if l.Session == session && l.Criterion == criterion {
			return l
		}
	}
	t.Fatalf("no line %s/%s", session, criterion)
	return evaluation.Line{}
}

func TestPersonReportLines(t *testing.T) {
	c, grids, answers := fixture()
	type want struct {
		hasSelf, selfCantSay bool
		self                 int
		count, cantSay       int
		mean, sd             float64
		min, max             int
		hasGap               bool
		gap                  float64
		belowK, withheld     bool
	}
	tests := []struct {
		name               string
		person             uuid.UUID
		view               evaluation.View
		session, criterion string
		want               want
	}{
		{"self excluded, can't say not counted", alice, evaluation.HRView, "work", "communication",
			want{hasSelf: true, self: 5, count: 3, cantSay: 1, mean: 3, sd: 0.8165, min: 2, max: 4, hasGap: true, gap: 2}},
		{"3 raters shown to the person", alice, evaluation.PersonView, "work", "communication",
			want{hasSelf: true, self: 5, count: 3, cantSay: 1, mean: 3, sd: 0.8165, min: 2, max: 4, hasGap: true, gap: 2}},
		{"2 raters: HR sees, flagged", alice, evaluation.HRView, "work", "knowledge",
			want{hasSelf: true, self: 2, count: 2, mean: 4, sd: 0, min: 4, max: 4, hasGap: true, gap: -2, belowK: true}},
		{"2 raters: withheld from the person", alice, evaluation.PersonView, "work", "knowledge",
			want{hasSelf: true, self: 2, count: 2, belowK: true, withheld: true}},
		{"self can't say: no gap; spread", alice, evaluation.HRView, "work", "skills",
			want{selfCantSay: true, count: 4, mean: 3, sd: 1.5811, min: 1, max: 5}},
		{"gap below the peer mean", bob, evaluation.PersonView, "work", "communication",
			want{hasSelf: true, self: 3, count: 3, mean: 4.3333, sd: 0.4714, min: 4, max: 5, hasGap: true, gap: -1.3333}},
		{"no answers at all", chloe, evaluation.PersonView, "work", "skills",
			want{belowK: true, withheld: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := evaluation.PersonReport(&c, grids, answers, tc.person, tc.view)
			if err != nil {
				t.Fatal(err)
			}
			l := line(t, r, tc.session, tc.criterion)
			got := want{l.HasSelf, l.SelfCantSay, l.Self, l.Peers.Count, l.Peers.CantSay, l.Peers.Mean, l.Peers.SD,
				l.Peers.Min, l.Peers.Max, l.HasGap, l.Gap, l.BelowK, l.Withheld}
			w := tc.want
			if got.hasSelf != w.hasSelf || got.selfCantSay != w.selfCantSay || got.self != w.self ||
				got.count != w.count || got.cantSay != w.cantSay || !near(got.mean, w.mean) || !near(got.sd, w.sd) ||
				got.min != w.min || got.max != w.max || got.hasGap != w.hasGap || !near(got.gap, w.gap) ||
				got.belowK != w.belowK || got.withheld != w.withheld {
				t.Errorf("line = %+v\nwant   %+v", got, w)
			}
			if l.Withheld != (l.Reason == evaluation.ReasonTooFewRaters) || l.Need != 3 {
				t.Errorf("reason %q, need %d", l.Reason, l.Need)
			}
		})
	}
}

func TestPersonReportOrderAndIgnored(t *testing.T) {
	c, grids, answers := fixture()
	r, err := evaluation.PersonReport(&c, grids, answers, alice, evaluation.HRView)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range r.Lines {
		got = append(got, l.Session+"/"+l.Criterion)
	}
	want := []string{"work/communication", "work/knowledge", "work/skills", "involvement/involvement", "involvement/collaborative-spirit"}
	if len(got) != len(want) {
		t.Fatalf("lines %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("lines %v, want %v", got, want)
		}
	}
	if r.Ignored != 1 {
		t.Errorf("alice ignored = %d, want 1 (the off-scale score)", r.Ignored)
	}
	rb, _ := evaluation.PersonReport(&c, grids, answers, bob, evaluation.HRView)
	if rb.Ignored != 1 {
		t.Errorf("bob ignored = %d, want 1 (the unknown session)", rb.Ignored)
	}
}

func TestPersonReportAccess(t *testing.T) {
	c, grids, answers := fixture()
	if _, err := evaluation.PersonReport(&c, grids, answers, fred, evaluation.HRView); !errors.Is(err, evaluation.ErrNotParticipant) {
		t.Errorf("non participant: %v", err)
	}
	c.Visibility.Released = false
	if _, err := evaluation.PersonReport(&c, grids, answers, alice, evaluation.PersonView); !errors.Is(err, evaluation.ErrNotReleased) {
		t.Errorf("unreleased person view: %v", err)
	}
	if _, err := evaluation.PersonReport(&c, grids, answers, alice, evaluation.HRView); err != nil {
		t.Errorf("unreleased HR view: %v", err)
	}
}

func TestPersonReportComments(t *testing.T) {
	c, grids, answers := fixture()
	type cm struct {
		criterion, text string
		self, named     bool
	}
	tests := []struct {
		name  string
		view  evaluation.View
		named bool
		want  []cm
	}{
		{"person view: anonymous, sorted by text", evaluation.PersonView, false, []cm{
			{"communication", "Je ne travaille pas avec elle.", false, false},
			{"communication", "Répond vite.", false, false},
			{"communication", "Toujours claire.", false, false},
			{evaluation.OverallKey, "Année chargée.", true, true},
			{evaluation.OverallKey, "Bravo", false, false},
		}},
		{"campaign names raters", evaluation.PersonView, true, nil},
		{"HR view names raters", evaluation.HRView, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c.Visibility.RatersNamed = tc.named
			r, err := evaluation.PersonReport(&c, grids, answers, alice, tc.view)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Comments) != 5 {
				t.Fatalf("%d comments, want 5: %+v", len(r.Comments), r.Comments)
			}
			for i, x := range r.Comments {
				named := x.Rater != uuid.Nil
				if tc.want == nil {
					if !named {
						t.Errorf("comment %q has no rater", x.Text)
					}
					continue
				}
				g := cm{x.Criterion, x.Text, x.Self, named}
				if g != tc.want[i] {
					t.Errorf("comment %d = %+v, want %+v", i, g, tc.want[i])
				}
			}
		})
	}
}

func TestOverview(t *testing.T) {
	c, grids, answers := fixture()
	ov := evaluation.Overview(&c, grids, answers)
	tests := []struct {
		session, criterion string
		peerN, peerCS      int
		peerMean           float64
		selfN, selfCS      int
		selfMean           float64
		persons, belowK    int
	}{
		// peers 3,4,2 (alice) + 4,4,5 (bob) = 22/6; selves 5 and 3
		{"work", "communication", 6, 1, 3.6667, 2, 0, 4, 2, 0},
		{"work", "knowledge", 2, 0, 4, 1, 0, 2, 1, 1},
		{"work", "skills", 4, 0, 3, 0, 1, 0, 1, 0},
		// eve 3 x3, dan 4 x2 = 17/5
		{"involvement", "involvement", 5, 0, 3.4, 0, 0, 0, 3, 3},
		{"involvement", "collaborative-spirit", 5, 0, 3.4, 0, 0, 0, 3, 3},
	}
	if len(ov) != len(tests) {
		t.Fatalf("%d overview lines, want %d", len(ov), len(tests))
	}
	for i, tc := range tests {
		l := ov[i]
		if l.Session != tc.session || l.Criterion != tc.criterion || l.Peers.Count != tc.peerN || l.Peers.CantSay != tc.peerCS ||
			!near(l.Peers.Mean, tc.peerMean) || l.Self.Count != tc.selfN || l.Self.CantSay != tc.selfCS ||
			!near(l.Self.Mean, tc.selfMean) || l.Persons != tc.persons || l.BelowK != tc.belowK {
			t.Errorf("overview %d = %+v, want %+v", i, l, tc)
		}
	}
}

func TestRaterFlags(t *testing.T) {
	c, grids, answers := fixture()
	type flag struct {
		kind      evaluation.FlagKind
		who       uuid.UUID
		criterion string
		score     int
		gap       float64
		belowK    bool
	}
	tests := []struct {
		name string
		opt  evaluation.FlagOptions
		want []flag
	}{
		{"defaults: eve straight-lines, dan has too few ratings; gaps of 2 flagged, 1.33 not", evaluation.FlagOptions{}, []flag{
			{evaluation.FlagStraightLining, eve, "", 3, 0, false},
			{evaluation.FlagLargeGap, alice, "communication", 0, 2, false},
			{evaluation.FlagLargeGap, alice, "knowledge", 0, -2, true},
		}},
		{"lower thresholds flag dan and bob", evaluation.FlagOptions{MinRatings: 4, GapThreshold: 1.3}, []flag{
			{evaluation.FlagStraightLining, dan, "", 4, 0, false},
			{evaluation.FlagStraightLining, eve, "", 3, 0, false},
			{evaluation.FlagLargeGap, alice, "communication", 0, 2, false},
			{evaluation.FlagLargeGap, alice, "knowledge", 0, -2, true},
			{evaluation.FlagLargeGap, bob, "communication", 0, -1.3333, false},
		}},
		{"gap exactly at the threshold is flagged", evaluation.FlagOptions{MinRatings: 7, GapThreshold: 2}, []flag{
			{evaluation.FlagLargeGap, alice, "communication", 0, 2, false},
			{evaluation.FlagLargeGap, alice, "knowledge", 0, -2, true},
		}},
		{"high gap threshold flags no gap", evaluation.FlagOptions{MinRatings: 7, GapThreshold: 2.5}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := evaluation.RaterFlags(&c, grids, answers, tc.opt)
			// Straight-liners of a session come sorted by id.
			if len(tc.want) > 1 && tc.want[1].kind == evaluation.FlagStraightLining && tc.want[0].who.String() > tc.want[1].who.String() {
				tc.want[0], tc.want[1] = tc.want[1], tc.want[0]
			}
			if len(got) != len(tc.want) {
				t.Fatalf("flags = %+v, want %d", got, len(tc.want))
			}
			for i, f := range got {
				w := tc.want[i]
				who := f.Person
				if f.Kind == evaluation.FlagStraightLining {
					who = f.Rater
					if f.Session != "involvement" || f.Ratings < tc.opt.MinRatings {
						t.Errorf("flag %d: session %s, %d ratings", i, f.Session, f.Ratings)
					}
				}
				if f.Kind != w.kind || who != w.who || f.Criterion != w.criterion || f.Score != w.score || !near(f.Gap, w.gap) || f.BelowK != w.belowK {
					t.Errorf("flag %d = %+v, want %+v", i, f, w)
				}
			}
		})
	}
}

func TestCompleteness(t *testing.T) {
	c, grids, answers := fixture()
	groups := map[string][][]uuid.UUID{"work": {{alice, bob, chloe}, {dan, eve}}}
	got, err := evaluation.Completeness(&c, grids, answers, groups)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d groups, want 2", len(got))
	}
	// evaluator-major over alice, bob, chloe; 3 criteria each
	wantFills := []int{3, 1, 0, 3, 1, 0, 3, 1, 0}
	g := got[0]
	if g.Session != "work" || g.Group != 0 || g.Answered != 12 || g.Total != 27 || g.Done() || len(g.Fills) != 9 {
		t.Errorf("group 0 = %d/%d, %d fills", g.Answered, g.Total, len(g.Fills))
	}
	for i, f := range g.Fills {
		if f.Answered != wantFills[i] || f.Total != 3 || f.Done() != (wantFills[i] == 3) {
			t.Errorf("fill %d (%s -> %s) = %d/%d, want %d/3", i, f.Evaluator, f.Evaluated, f.Answered, f.Total, wantFills[i])
		}
	}
	if g.Fills[1].Evaluator != alice || g.Fills[1].Evaluated != bob {
		t.Error("fills not evaluator-major")
	}
	if got[1].Answered != 0 || got[1].Total != 12 {
		t.Errorf("group 1 = %d/%d, want 0/12 (dan's answers about alice are outside his group)", got[1].Answered, got[1].Total)
	}

	errs := []struct {
		name   string
		grids  []evaluation.Grid
		groups map[string][][]uuid.UUID
		target error
	}{
		{"unknown session", grids, map[string][][]uuid.UUID{"fun": {{alice, bob}}}, evaluation.ErrInvalidCampaign},
		{"session without grid", grids[:1], map[string][][]uuid.UUID{"involvement": {{alice, bob}}}, evaluation.ErrInvalidGrid},
		{"member not a participant", grids, map[string][][]uuid.UUID{"work": {{alice, fred}}}, evaluation.ErrNotParticipant},
	}
	for _, tc := range errs {
		if _, err := evaluation.Completeness(&c, tc.grids, answers, tc.groups); !errors.Is(err, tc.target) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.target)
		}
	}
}
