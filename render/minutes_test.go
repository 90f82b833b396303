package render_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/render"
)

// sampleMinutes are the minutes of a small French meeting with everything
// the minutes can hold: people late, excused and absent, roles, an item
// with notes, a decision amended after an objection, a postponed proposal,
// actions, speaking shares.
func sampleMinutes() meetings.Minutes {
	return meetings.Minutes{
		Meeting:  meetings.Meeting{ID: uuid.UUID{15: 1}, Title: "Réunion de production", Date: "2011-03-08", Time: "13:30", Language: "fr", Status: meetings.Finished},
		Template: "Production hebdomadaire", Language: "fr", Start: "13:32", End: "15:05",
		Present: []string{"Ana", "Geneviève", "Omar"},
		Late:    []meetings.LateArrival{{Name: "Félix", Arrived: "13:50"}},
		Excused: []string{"Bruno"},
		Absent:  []string{"Zoé"},
		Roles:   []meetings.RoleLine{{Label: "Animation", Name: "Ana"}, {Label: "Prise de notes", Name: "Geneviève"}},
		Items: []meetings.MinutesItem{
			{Number: 1, Type: meetings.InfoItem, Title: "Nouvelles des commandes", Presenter: "Omar", Timebox: 10 * time.Minute, Taken: 12 * time.Minute,
				Notes: "Trois commandes livrées, une en retard."},
			{Number: 2, Type: meetings.ProposalItem, Title: "Machine à café", Presenter: "Félix", Timebox: 15 * time.Minute, Taken: 21 * time.Minute,
				Decisions: []meetings.MinutesDecision{{
					Title: "Achat d'une machine à café", Text: "Nous achetons une machine d'occasion, budget 300 €.",
					Outcome: meetings.Adopted, Status: meetings.Active, Versions: 2, Tags: []string{"cuisine"},
					Objections: []meetings.ObjectionLine{
						{By: "Bruno", Text: "Trop chère neuve", Round: 1, Resolved: true, Resolution: "amended in version 2", How: meetings.ResolvedByAmendment, At: 2},
						{By: "Geneviève", Text: "Et l'entretien ?", Round: 1, Resolved: true, Resolution: "Omar s'en charge"},
					},
				}}},
			{Number: 3, Type: meetings.ProposalItem, Title: "Horaires d'été", Timebox: 10 * time.Minute,
				NotAdopted: &meetings.ProposalLine{Text: "Commencer à 7 h en juillet", Outcome: meetings.Postponed, Versions: 1}},
		},
		Actions: []meetings.ActionLine{
			{Text: "Chercher trois devis", Owner: "Félix", Due: "2011-03-15"},
			{Text: "Nettoyer la cuisine | à fond", Owner: "Cuisine"},
		},
		Speaking: []meetings.SpeakingRow{
			{Name: "Omar", Turns: 9, Time: 21 * time.Minute, Share: 0.6, EqualShare: 0.25},
			{Name: "Félix", Turns: 4, Time: 7 * time.Minute, Share: 0.2, EqualShare: 0.25},
			{Name: "Geneviève", Turns: 3, Time: 7 * time.Minute, Share: 0.2, EqualShare: 0.25},
			{Name: "Ana", EqualShare: 0.25},
		},
		IncludeChart: true,
	}
}

func markdown(t *testing.T, m meetings.Minutes, lang string) string {
	t.Helper()
	var b bytes.Buffer
	if err := render.MinutesMarkdown(&b, m, lang); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func minutesHas(t *testing.T, what, doc string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(doc, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
	if t.Failed() {
		t.Logf("%s:\n%s", what, doc)
	}
}

const nbspace = "\u00a0"

func TestMinutesMarkdownFrench(t *testing.T) {
	md := markdown(t, sampleMinutes(), "")
	minutesHas(t, "French minutes", md,
		"# Compte rendu"+nbspace+": Réunion de production",
		"mardi 8 mars 2011, 13:32–15:05",
		"**Instance"+nbspace+":** Collectif de travail",
		"**Présent·es (3)"+nbspace+":** Ana, Geneviève, Omar",
		"**En retard (1)"+nbspace+":** Félix (arrivé·e à 13:50)",
		"**Excusé·es (1)"+nbspace+":** Bruno",
		"**Absent·es (1)"+nbspace+":** Zoé",
		"**Animation"+nbspace+":** Ana",
		"### 1. Nouvelles des commandes",
		"*Information · présenté par Omar · 12 min (prévu"+nbspace+": 10 min)*",
		"**Notes"+nbspace+":** Trois commandes livrées, une en retard.",
		"**Décision"+nbspace+": Achat d'une machine à café** (adoptée, en vigueur"+nbspace+"; 2 versions)",
		"> Nous achetons une machine d'occasion, budget 300 €.",
		"**Bruno (tour 1)"+nbspace+":** «"+nbspace+"Trop chère neuve"+nbspace+"» — résolue"+nbspace+": amendée en version 2",
		"**Geneviève (tour 1)"+nbspace+":** «"+nbspace+"Et l'entretien ?"+nbspace+"» — résolue"+nbspace+": «"+nbspace+"Omar s'en charge"+nbspace+"»",
		"**Proposition non adoptée** (reportée"+nbspace+"; 1 version)",
		"*Proposition · non traité (prévu"+nbspace+": 10 min)*",
		"| Chercher trois devis | Félix | 2011-03-15 |",
		`| Nettoyer la cuisine \| à fond | Cuisine | — |`,
		"## Temps de parole",
		"| Omar | 9 | 21 min | 60"+nbspace+"% | 25"+nbspace+"% |",
		"| Ana | 0 | 0 s | 0"+nbspace+"% | 25"+nbspace+"% |",
		"Geneviève ",
	)
	for _, bad := range []string{" :", " ;", "\"", "**Décision :"} {
		if strings.Contains(strings.ReplaceAll(md, "Et l'entretien ?", ""), bad) {
			t.Errorf("French typography: %q found", bad)
		}
	}
}

func TestMinutesMarkdownEnglishAndOptions(t *testing.T) {
	m := sampleMinutes()
	m.Body = "Cuisine"
	md := markdown(t, m, "en")
	minutesHas(t, "English minutes", md,
		"# Minutes: Réunion de production",
		"**Date:** Tuesday 8 March 2011, 13:32–15:05",
		"**Body:** Cuisine",
		"**Late (1):** Félix (arrived 13:50)",
		"*Information · presented by Omar · 12 min (timebox 10 min)*",
		"**Decision: Achat d'une machine à café** (adopted, in force; 2 versions)",
		"**Bruno (round 1):** “Trop chère neuve” — resolved: amended in version 2",
		"**Proposal not adopted** (postponed; 1 version)",
		"| Action | Owner | Due |",
		"| Omar | 9 | 21 min | 60% | 25% |",
	)
	if strings.Contains(md, nbspace) {
		t.Error("no-break spaces in English")
	}

	// Left out per meeting: no speaking time at all.
	m.IncludeChart = false
	if md := markdown(t, m, "en"); strings.Contains(md, "Speaking time") || strings.Contains(md, "| Omar |") || strings.Contains(md, "██") {
		t.Errorf("speaking time not left out:\n%s", md)
	}

	// Markdown in names and notes is shown as typed, not interpreted.
	m.Items[0].Notes = "# not a heading\n1. not a list *nor bold*"
	md = markdown(t, m, "en")
	minutesHas(t, "escaped", md, `\# not a heading`, `1\. not a list \*nor bold\*`)

	// Empty minutes still say so.
	md = markdown(t, meetings.Minutes{Meeting: meetings.Meeting{Title: "Vide", Date: "2011-03-01", Language: "fr"}, IncludeChart: true}, "")
	minutesHas(t, "empty", md, "mardi 1er mars 2011", "Aucun point.", "Aucune action", "Les présences n'ont pas été notées.", "Aucun temps de parole")
}
