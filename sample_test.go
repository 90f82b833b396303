package konbit

import (
	"reflect"
	"testing"
)

func TestSampleCounts(t *testing.T) {
	s := SampleOrganisation()
	got := map[Category]int{}
	for _, m := range s.Members {
		got[m.Category]++
	}
	want := map[Category]int{Salaried: 16, Freelancer: 8, External: 2}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("members by category = %v, want %v", got, want)
	}
	if workers := got[Salaried] + got[Freelancer]; workers != 24 {
		t.Errorf("workers = %d, want 24", workers)
	}
	if len(s.Committees) != 13 {
		t.Errorf("committees = %d, want 13", len(s.Committees))
	}
	women := 0
	for _, m := range s.Members {
		if m.Gender == "femme" && m.Category != External {
			women++
		}
	}
	if women != 4 {
		t.Errorf("women among workers = %d, want 4 (l.285)", women)
	}
}

func TestSampleCommitteeOrder(t *testing.T) {
	want := []string{
		"Conseil d'administration (CA)", "Vie associative", "Embauche / RH", "Financement",
		"Vente", "Communication et publicité", "Administration système", "Papsi",
		"Papsi Projet", "Papsi ComPub", "Papsi Aegir", "Features", "Femmes",
	}
	s := SampleOrganisation()
	var got []string
	for _, c := range s.Committees {
		got = append(got, c.Name)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("committees = %q, want %q", got, want)
	}
}

func TestSampleValid(t *testing.T) {
	s := SampleOrganisation()
	names := map[string]bool{}
	for _, m := range s.Members {
		n := m
		n.Normalize()
		if !reflect.DeepEqual(n, m) {
			t.Errorf("member %q is not normalised: %+v, normalised %+v", m.Name, m, n)
		}
		if err := n.Validate(); err != nil {
			t.Errorf("member %q: %v", m.Name, err)
		}
		if names[m.Name] {
			t.Errorf("duplicate member name %q", m.Name)
		}
		names[m.Name] = true
		if len(m.Languages) == 0 {
			t.Errorf("member %q has no language", m.Name)
		}
		switch m.Category {
		case External:
			if m.WeeklyHours != 0 {
				t.Errorf("external %q works %v h/week, want 0", m.Name, m.WeeklyHours)
			}
		default:
			if m.WeeklyHours < 15 || m.WeeklyHours > 35 {
				t.Errorf("worker %q works %v h/week, want 15-35", m.Name, m.WeeklyHours)
			}
		}
	}
	cnames := map[string]bool{}
	for _, c := range s.Committees {
		if err := c.Validate(); err != nil {
			t.Errorf("committee %q: %v", c.Name, err)
		}
		if c.Description == "" {
			t.Errorf("committee %q has no description", c.Name)
		}
		if cnames[c.Name] {
			t.Errorf("duplicate committee name %q", c.Name)
		}
		cnames[c.Name] = true
	}
}

func TestSampleMembershipsReferenceValidIndexes(t *testing.T) {
	s := SampleOrganisation()
	type pair struct{ c, m int }
	seen := map[pair]bool{}
	for _, ms := range s.Memberships {
		if ms.Committee < 0 || ms.Committee >= len(s.Committees) {
			t.Fatalf("membership %+v: committee index out of range", ms)
		}
		if ms.Member < 0 || ms.Member >= len(s.Members) {
			t.Fatalf("membership %+v: member index out of range", ms)
		}
		p := pair{ms.Committee, ms.Member}
		if seen[p] {
			t.Errorf("duplicate membership %s in %s", s.Members[ms.Member].Name, s.Committees[ms.Committee].Name)
		}
		seen[p] = true
	}
}

// sampleLoad returns, per member name, the annex 6.4 count of committees
// (a seat counts 1, an occasional one 0.5, as the annex counts X and /), and the same count per committee over the given names.
func sampleLoad(s Sample, only map[string]float64) (byMember map[string]float64, byCommittee []float64) {
	byMember = map[string]float64{}
	byCommittee = make([]float64, len(s.Committees))
	for _, ms := range s.Memberships {
		w := 1.0
		if ms.Occasional {
			w = 0.5
		}
		name := s.Members[ms.Member].Name
		byMember[name] += w
		if _, ok := only[name]; ok {
			byCommittee[ms.Committee] += w
		}
	}
	return byMember, byCommittee
}

// annexTotals are the printed row totals of annex 6.4.
var annexTotals = map[string]float64{
	"Omar": 10.5, "Antoine": 5, "Samuel": 5, "Mathieu": 4.5, "Sébastien": 4,
	"Sofian": 4, "Jonathan": 3, "Stéphane": 3, "Jenny": 3, "Chris": 2.5,
	"Marco": 2, "Patrick": 2, "Albert": 2, "Yann": 2, "Lydie": 2,
	"Heidi": 2, "Gabriel": 1, "Steve": 1, "Christian": 1, "Matt": 1,
}

func TestSampleAnnexRowTotals(t *testing.T) {
	s := SampleOrganisation()
	byMember, _ := sampleLoad(s, annexTotals)
	for name, want := range annexTotals {
		if got := byMember[name]; got != want {
			t.Errorf("%s: committee count %v, want %v", name, got, want)
		}
	}
	// The annex members keep their printed (s)/(p) category.
	freelancers := map[string]bool{"Chris": true, "Heidi": true, "Gabriel": true, "Steve": true, "Christian": true}
	found := 0
	for _, m := range s.Members {
		if _, ok := annexTotals[m.Name]; !ok {
			continue
		}
		found++
		want := Salaried
		if freelancers[m.Name] {
			want = Freelancer
		}
		if m.Category != want {
			t.Errorf("%s: category %s, want %s", m.Name, m.Category, want)
		}
	}
	if found != len(annexTotals) {
		t.Errorf("found %d annex members, want %d", found, len(annexTotals))
	}
}

func TestSampleAnnexColumnTotals(t *testing.T) {
	// Printed column totals of annex 6.4 except Vie associative (printed 5)
	// and Papsi (printed 5.5), which cannot match the printed row totals;
	// Femmes has no printed total. See sampleRows.
	want := []float64{3, 4.5, 4, 5, 5, 8.5, 5, 4.5, 4, 3, 7, 4, 3}
	_, got := sampleLoad(SampleOrganisation(), annexTotals)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("column totals over annex members = %v, want %v", got, want)
	}
}

func TestSampleWomenCommittee(t *testing.T) {
	s := SampleOrganisation()
	const femmes = 12
	if s.Committees[femmes].Name != "Femmes" {
		t.Fatalf("committee %d is %q", femmes, s.Committees[femmes].Name)
	}
	for _, ms := range s.Memberships {
		if ms.Committee == femmes {
			if m := s.Members[ms.Member]; m.Gender != "femme" {
				t.Errorf("%s is on the Femmes committee with gender %q", m.Name, m.Gender)
			}
		}
	}
}

func TestSampleFreshIDs(t *testing.T) {
	a, b := SampleOrganisation(), SampleOrganisation()
	seen := map[string]bool{}
	for _, s := range []Sample{a, b} {
		for _, m := range s.Members {
			if seen[m.ID.String()] {
				t.Errorf("member id %s reused", m.ID)
			}
			seen[m.ID.String()] = true
		}
		for _, c := range s.Committees {
			if seen[c.ID.String()] {
				t.Errorf("committee id %s reused", c.ID)
			}
			seen[c.ID.String()] = true
		}
	}
	if !reflect.DeepEqual(a.Memberships, b.Memberships) {
		t.Error("two calls give different memberships")
	}
}
