package replica_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
)

// putDecision writes a decision straight into the register (a meeting id
// of its own unless told), as an adoption would.
func putDecision(t *testing.T, r *replica.Replica, d meetings.Decision) meetings.Decision {
	t.Helper()
	if d.ID == uuid.Nil {
		d.ID = crdt.NewID()
	}
	if d.Meeting == uuid.Nil {
		d.Meeting = crdt.NewID()
	}
	if d.Status == "" {
		d.Status = meetings.Active
	}
	if d.Date == "" {
		d.Date = "2012-01-01"
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Commit(context.Background(), crdt.Set(d.ID, konbit.TypeDecision, d.Fields()...)); err != nil {
		t.Fatal(err)
	}
	return d
}

func titles(hits []replica.DecisionHit) []string {
	out := make([]string, 0, len(hits))
	for _, h := range hits {
		out = append(out, h.Decision.Title)
	}
	return out
}

func search(t *testing.T, r *replica.Replica, q replica.DecisionQuery) []string {
	t.Helper()
	hits, err := r.SearchDecisions(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return titles(hits)
}

func bilingualRegister(t *testing.T) *replica.Replica {
	r := openReplica(t)
	putDecision(t, r, meetings.Decision{Date: "2010-03-01", Title: "Règlement intérieur", Text: "Le règlement intérieur s'applique à tous les membres.", Tags: []string{"Réunions"}})
	putDecision(t, r, meetings.Decision{Date: "2010-06-10", Title: "Embauches de l'été", Text: "Deux embauches saisonnières pour l’été.", Tags: []string{"embauche"}})
	putDecision(t, r, meetings.Decision{Date: "2011-02-02", Title: "Hire a developer", Text: "We hire one developer for the Drupal projects.", Tags: []string{"hiring"}})
	putDecision(t, r, meetings.Decision{Date: "2011-05-05", Title: "Hosting policy", Text: "Servers stay in Montréal."})
	putDecision(t, r, meetings.Decision{Date: "2012-09-09", Title: "Budget", Text: "The committee's budget for training days."})
	return r
}

func TestSearchDecisionsIgnoresCaseAccentsPluralsApostrophes(t *testing.T) {
	r := bilingualRegister(t)
	for _, c := range []struct {
		text string
		want []string
	}{
		{"reglement", []string{"Règlement intérieur"}},
		{"RÈGLEMENT", []string{"Règlement intérieur"}},
		{"règlements", []string{"Règlement intérieur"}},
		{"EMBAUCHE", []string{"Embauches de l'été"}},
		{"l'embauche", []string{"Embauches de l'été"}},
		{"l’embauche", []string{"Embauches de l'été"}},
		{"embauches saisonniere", []string{"Embauches de l'été"}},
		{"le règlement", []string{"Règlement intérieur"}},
		{"MONTREAL", []string{"Hosting policy"}},
		{"developers", []string{"Hire a developer"}},
		{"the developer", []string{"Hire a developer"}},
		{"committee", []string{"Budget"}},
		{"committee's", []string{"Budget"}},
		{"hire montreal", nil},
		{"hiring", []string{"Hire a developer"}}, // a tag
		{"zzz", nil},
	} {
		if got := search(t, r, replica.DecisionQuery{Text: c.text}); !slices.Equal(got, c.want) {
			t.Errorf("search %q = %q, want %q", c.text, got, c.want)
		}
	}
	// Nothing a user types is FTS5 syntax, nor an error.
	for _, text := range []string{`"`, `*`, `-budget`, `budget AND`, `title:budget`, `^budget`, `NEAR(budget`, `(`, `"règlement" OR`, `'`, `{a b}`, `budget"*`} {
		if _, err := r.SearchDecisions(context.Background(), replica.DecisionQuery{Text: text}); err != nil {
			t.Errorf("search %q: %v", text, err)
		}
	}
	if got := search(t, r, replica.DecisionQuery{Text: `budget:training`}); !slices.Equal(got, []string{"Budget"}) {
		t.Errorf("budget:training = %q, want the decision with both words", got)
	}
}

func TestSearchDecisionsRanksTitleFirstAndSnippets(t *testing.T) {
	r := openReplica(t)
	putDecision(t, r, meetings.Decision{Date: "2013-01-01", Title: "Achat d'un projecteur", Text: "Un projecteur pour la salle. Il servira aussi pour la formation des nouveaux membres, une fois par mois, et pour les réunions."})
	putDecision(t, r, meetings.Decision{Date: "2011-01-01", Title: "Formation continue", Text: "Deux jours par personne et par an."})
	d := meetings.Decision{Date: "2014-01-01", Title: "Congés", Text: "Cinq semaines.",
		Objections: []meetings.Objection{{ID: "o1", Text: "Et la formation ?", Resolution: "Comptée à part.", Resolved: true}}}
	putDecision(t, r, d)
	hits, err := r.SearchDecisions(context.Background(), replica.DecisionQuery{Text: "formations"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := titles(hits), []string{"Formation continue", "Achat d'un projecteur", "Congés"}; !slices.Equal(got, want) {
		t.Fatalf("ranking = %q, want %q", got, want)
	}
	if !(hits[0].Rank > hits[1].Rank && hits[1].Rank > hits[2].Rank) {
		t.Errorf("ranks not decreasing: %v %v %v", hits[0].Rank, hits[1].Rank, hits[2].Rank)
	}
	if !strings.Contains(hits[1].Snippet, "**formation**") {
		t.Errorf("snippet %q does not mark the word", hits[1].Snippet)
	}
	// By date instead, newest first.
	if got, want := search(t, r, replica.DecisionQuery{Text: "formation", ByDate: true}), []string{"Congés", "Achat d'un projecteur", "Formation continue"}; !slices.Equal(got, want) {
		t.Errorf("by date = %q, want %q", got, want)
	}
	// The objection's resolution is searchable too.
	if got := search(t, r, replica.DecisionQuery{Text: "comptee"}); !slices.Equal(got, []string{"Congés"}) {
		t.Errorf("resolution search = %q", got)
	}
	if got := search(t, r, replica.DecisionQuery{Text: "formation", Limit: 1}); len(got) != 1 {
		t.Errorf("limit 1 gave %d", len(got))
	}
}

func TestSearchDecisionsFilters(t *testing.T) {
	ctx := context.Background()
	r := openReplica(t)
	c, err := r.AddCommittee(ctx, konbit.Committee{Name: "Vente"})
	if err != nil {
		t.Fatal(err)
	}
	putDecision(t, r, meetings.Decision{Date: "2010-01-10", Title: "Collectif A", Text: "Texte.", Tags: []string{"Réunions"}})
	putDecision(t, r, meetings.Decision{Date: "2011-01-10", Title: "Comité B", Text: "Texte.", Body: c.ID, Status: meetings.Implemented})
	if _, err := r.ImportWikiDecisions(ctx, strings.NewReader("## 2009-05-05 Wiki C\nTexte.\n"), "wiki.md"); err != nil {
		t.Fatal(err)
	}
	collective, committee := uuid.Nil, c.ID
	for _, tc := range []struct {
		name string
		q    replica.DecisionQuery
		want []string
	}{
		{"all newest first", replica.DecisionQuery{}, []string{"Comité B", "Collectif A", "Wiki C"}},
		{"collective", replica.DecisionQuery{Body: &collective}, []string{"Collectif A"}},
		{"committee", replica.DecisionQuery{Body: &committee}, []string{"Comité B"}},
		{"unknown", replica.DecisionQuery{Unknown: true}, []string{"Wiki C"}},
		{"status", replica.DecisionQuery{Status: "implemented"}, []string{"Comité B"}},
		{"theme folded", replica.DecisionQuery{Theme: "REUNIONS"}, []string{"Collectif A"}},
		{"from", replica.DecisionQuery{From: "2010-01-10"}, []string{"Comité B", "Collectif A"}},
		{"to inclusive", replica.DecisionQuery{To: "2010-01-10"}, []string{"Collectif A", "Wiki C"}},
		{"text and body", replica.DecisionQuery{Text: "texte", Body: &committee}, []string{"Comité B"}},
	} {
		if got := search(t, r, tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	for _, q := range []replica.DecisionQuery{{Status: "lost"}, {From: "2010-13-01"}, {Unknown: true, Body: &collective}} {
		if _, err := r.SearchDecisions(ctx, q); err == nil {
			t.Errorf("query %+v accepted", q)
		}
	}
}

func TestSearchFindsMergedDecisionAtOnceAndFollowsEdits(t *testing.T) {
	ctx := context.Background()
	a, b := openReplica(t), openReplica(t)
	pair(t, a, b)
	watch := b.WatchDecisions(uuid.Nil)
	d := putDecision(t, a, meetings.Decision{Title: "Subvention PAPSI", Text: "Redemander la subvention chaque année."})
	exchange(t, a, b)
	select {
	case <-watch:
	default:
		t.Error("merging a decision did not wake the register's watchers")
	}
	if got := search(t, b, replica.DecisionQuery{Text: "subventions"}); !slices.Equal(got, []string{"Subvention PAPSI"}) {
		t.Fatalf("merged decision not found: %q", got)
	}
	// An edit re-indexes the decision: the old title is gone.
	d.Title = "Bourse annuelle"
	if err := b.SaveDecision(ctx, d); err != nil {
		t.Fatal(err)
	}
	if got := search(t, b, replica.DecisionQuery{Text: "papsi"}); len(got) != 0 {
		t.Errorf("old title still found: %q", got)
	}
	if got := search(t, b, replica.DecisionQuery{Text: "bourse"}); len(got) != 1 {
		t.Errorf("new title not found: %q", got)
	}
	// A deletion removes it from the index.
	if _, err := b.Commit(ctx, crdt.Delete(d.ID, konbit.TypeDecision)); err != nil {
		t.Fatal(err)
	}
	if got := search(t, b, replica.DecisionQuery{Text: "subvention"}); len(got) != 0 {
		t.Errorf("deleted decision found: %q", got)
	}
}

func TestRegisterIndexIsRebuiltAtOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	r, err := replica.Open(ctx, dir, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	putDecision(t, r, meetings.Decision{Title: "Règlement", Text: "Texte du règlement."})
	if err := r.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	r.Close()
	// Simulate a store whose projections are out of date (or from before
	// the register had its index): they are rebuilt from the records.
	db, err := sqlite.Open(ctx, dir+"/konbit.db", sqlite.Options{})
	if err != nil {
		t.Skipf("cannot open the store directly: %v", err)
	}
	if err := db.DropProjections(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	r, err = replica.Open(ctx, dir, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := search(t, r, replica.DecisionQuery{Text: "reglement"}); len(got) != 1 {
		t.Errorf("after rebuild: %q", got)
	}
}

func TestSetDecisionStatusAndSupersession(t *testing.T) {
	ctx := context.Background()
	r := openReplica(t)
	old := putDecision(t, r, meetings.Decision{Date: "2010-01-01", Title: "Ancienne règle", Text: "A."})
	nw := putDecision(t, r, meetings.Decision{Date: "2012-01-01", Title: "Nouvelle règle", Text: "B."})
	other := putDecision(t, r, meetings.Decision{Date: "2013-01-01", Title: "Autre", Text: "C."})
	if err := r.SetDecisionStatus(ctx, old.ID, meetings.Superseded, uuid.Nil); err == nil {
		t.Error("superseded without a successor accepted")
	}
	if err := r.SetDecisionStatus(ctx, old.ID, meetings.Superseded, old.ID); err == nil {
		t.Error("superseded by itself accepted")
	}
	if err := r.SetDecisionStatus(ctx, old.ID, meetings.Revoked, nw.ID); err == nil {
		t.Error("revoked with a successor accepted")
	}
	if err := r.SetDecisionStatus(ctx, old.ID, "lost", uuid.Nil); err == nil {
		t.Error("unknown status accepted")
	}
	before, _ := r.Vector(ctx)
	if err := r.SetDecisionStatus(ctx, old.ID, meetings.Superseded, nw.ID); err != nil {
		t.Fatal(err)
	}
	after, _ := r.Vector(ctx)
	if after[r.Device()] != before[r.Device()]+1 {
		t.Errorf("supersession took %d changes, want 1", after[r.Device()]-before[r.Device()])
	}
	got, _ := r.Decision(ctx, old.ID)
	succ, _ := r.Decision(ctx, nw.ID)
	if got.Status != meetings.Superseded || succ.Supersedes != old.ID {
		t.Fatalf("status %s, successor supersedes %s", got.Status, succ.Supersedes)
	}
	if by, _ := r.SupersededBy(ctx, old.ID); len(by) != 1 || by[0].ID != nw.ID {
		t.Errorf("superseded by %v", by)
	}
	if got := search(t, r, replica.DecisionQuery{Status: "superseded"}); !slices.Equal(got, []string{"Ancienne règle"}) {
		t.Errorf("superseded filter = %q", got)
	}
	if err := r.SetDecisionStatus(ctx, other.ID, meetings.Superseded, nw.ID); err == nil {
		t.Error("a decision superseding two accepted (it has one Supersedes)")
	}
	// Back in force: the successor no longer claims to replace it.
	if err := r.SetDecisionStatus(ctx, old.ID, meetings.Active, uuid.Nil); err != nil {
		t.Fatal(err)
	}
	succ, _ = r.Decision(ctx, nw.ID)
	if succ.Supersedes != uuid.Nil {
		t.Errorf("successor still supersedes %s", succ.Supersedes)
	}
	if _, err := r.Decision(ctx, crdt.NewID()); !errors.Is(err, replica.ErrNotFound) {
		t.Errorf("unknown decision: %v", err)
	}
}

func TestReviewsDueAndOfferReview(t *testing.T) {
	ctx := context.Background()
	r := openReplica(t)
	c, _ := r.AddCommittee(ctx, konbit.Committee{Name: "Finances"})
	putDecision(t, r, meetings.Decision{Date: "2014-01-01", Title: "En retard", Text: "A.", ReviewDate: "2014-06-01"})
	due := putDecision(t, r, meetings.Decision{Date: "2014-01-01", Title: "Bientôt", Text: "B.", ReviewDate: "2015-01-20", Body: c.ID})
	putDecision(t, r, meetings.Decision{Date: "2014-01-01", Title: "Plus tard", Text: "C.", ReviewDate: "2015-03-01"})
	putDecision(t, r, meetings.Decision{Date: "2014-01-01", Title: "Révoquée", Text: "D.", ReviewDate: "2014-06-01", Status: meetings.Revoked})
	putDecision(t, r, meetings.Decision{Date: "2014-01-01", Title: "Sans date", Text: "E."})
	got, err := r.ReviewsDue(ctx, "2015-01-05", 30)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range got {
		names = append(names, d.Title)
	}
	if want := []string{"En retard", "Bientôt"}; !slices.Equal(names, want) {
		t.Errorf("reviews due = %q, want %q", names, want)
	}
	if _, err := r.ReviewsDue(ctx, "demain", 30); err == nil {
		t.Error("bad date accepted")
	}

	// No planned meeting of the committee yet.
	if _, _, err := r.OfferReview(ctx, due.ID, "2015-01-05"); !errors.Is(err, replica.ErrNotFound) {
		t.Errorf("offer without a meeting: %v", err)
	}
	mk := func(date, lang string, body uuid.UUID) meetings.Meeting {
		m, err := r.CreateMeeting(ctx, replica.NewMeeting{Template: meetings.TemplateCommittee, Body: body, Date: date, Language: lang})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	mk("2015-01-01", "fr", c.ID) // past
	mk("2015-01-10", "fr", uuid.Nil)
	later := mk("2015-02-10", "fr", c.ID)
	next := mk("2015-01-12", "en", c.ID)
	_ = later
	m, it, err := r.OfferReview(ctx, due.ID, "2015-01-05")
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != next.ID || it.Title != "Review: Bientôt" || it.Type != meetings.ProposalItem {
		t.Errorf("offered at %s (%s) as %q %s", m.Date, m.Language, it.Title, it.Type)
	}
	_, again, err := r.OfferReview(ctx, due.ID, "2015-01-05")
	if err != nil || again.ID != it.ID {
		t.Errorf("offering twice added another item (%v)", err)
	}
	items, _ := r.Agenda(next.ID)
	if items[len(items)-1].ID != it.ID {
		t.Error("review item not at the end of the agenda")
	}
	if got := meetings.ReviewItemTitle("fr", "Bientôt"); got != "Révision\u00a0: Bientôt" {
		t.Errorf("French title %q", got)
	}
}

func TestSimilarDecisions(t *testing.T) {
	ctx := context.Background()
	r := bilingualRegister(t)
	hits, err := r.SimilarDecisions(ctx, "Proposition : embaucher deux saisonniers pour l'été prochain", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].Decision.Title != "Embauches de l'été" {
		t.Errorf("similar = %q", titles(hits))
	}
	hits, err = r.SimilarDecisions(ctx, "We should hire a second developer", 0)
	if err != nil || len(hits) == 0 || hits[0].Decision.Title != "Hire a developer" {
		t.Errorf("similar = %q (%v)", titles(hits), err)
	}
	if hits, err := r.SimilarDecisions(ctx, "le la les à de", 5); err != nil || hits != nil {
		t.Errorf("stop words only gave %q, %v", titles(hits), err)
	}
}

const wikiBook = `# Livre des décisions

Page tenue depuis 2009. Ce texte est ignoré.

## 2009-11-14 Embauche d'un développeur
On embauche un développeur Drupal. #embauche

## 2010-01-05: Règlement intérieur
### Article 1
Le règlement s'applique à tous.

## 2010-02-01 - Projecteur
`

func TestImportWikiDecisions(t *testing.T) {
	ctx := context.Background()
	r := openReplica(t)
	n, err := r.ImportWikiDecisions(ctx, strings.NewReader(wikiBook), "decisions.md")
	if err != nil || n != 3 {
		t.Fatalf("imported %d, %v", n, err)
	}
	hits, _ := r.SearchDecisions(ctx, replica.DecisionQuery{Text: "reglement"})
	if len(hits) != 1 || !hits[0].Decision.BodyUnknown() || hits[0].Decision.Date != "2010-01-05" || !strings.Contains(hits[0].Decision.Text, "### Article 1") {
		t.Errorf("imported decision: %+v", hits)
	}
	if got := search(t, r, replica.DecisionQuery{Theme: "embauche"}); !slices.Equal(got, []string{"Embauche d'un développeur"}) {
		t.Errorf("hashtag theme: %q", got)
	}
	// The same page again adds nothing.
	if n, err := r.ImportWikiDecisions(ctx, strings.NewReader(wikiBook), "decisions.md"); err != nil || n != 0 {
		t.Errorf("re-import: %d, %v", n, err)
	}

	// One bad entry: nothing at all is imported, the line is named.
	fresh := openReplica(t)
	before := dump(t, fresh)
	for _, bad := range []struct{ text, line string }{
		{wikiBook + "\n## 2010-02-30 Impossible\nTexte.\n", "line 14"},
		{wikiBook + "## 2010-03-01 :  \nTexte.\n", "line 13"},
		{"## Sommaire\n", "line 1"},
	} {
		_, err := fresh.ImportWikiDecisions(ctx, strings.NewReader(bad.text), "bad.md")
		var we *meetings.WikiError
		if err == nil || !errors.As(err, &we) || !strings.Contains(err.Error(), bad.line) || !strings.Contains(err.Error(), "bad.md") {
			t.Errorf("bad page: %v, want %s", err, bad.line)
		}
	}
	if _, err := fresh.ImportWikiDecisions(ctx, strings.NewReader("no heading here\n"), "empty.md"); err == nil {
		t.Error("a page without decisions was accepted")
	}
	if after := dump(t, fresh); after != before {
		t.Error("a refused import changed the store")
	}
}
