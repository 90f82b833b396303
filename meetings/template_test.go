package meetings_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/konbit/konbit/meetings"
)

func TestDefaultTemplates(t *testing.T) {
	ts := meetings.DefaultTemplates()
	var keys []string
	for _, tp := range ts {
		keys = append(keys, tp.Key)
		if err := tp.Validate(); err != nil {
			t.Errorf("template %s: %v", tp.Key, err)
		}
		if tp.ID != meetings.TemplateID(tp.Key) || tp.ID != meetings.DefaultTemplates()[len(keys)-1].ID {
			t.Errorf("template %s: id not deterministic", tp.Key)
		}
	}
	if !slices.Equal(keys, meetings.TemplateKeys()) {
		t.Errorf("keys %v, want %v", keys, meetings.TemplateKeys())
	}
	byKey := func(k string) meetings.Template { return ts[slices.Index(keys, k)] }
	tests := []struct {
		key   string
		first []meetings.ItemKind
	}{
		{"weekly-production", []meetings.ItemKind{meetings.KindRoundPeople, meetings.KindAccounts}},
		{"monthly-reflection", []meetings.ItemKind{meetings.KindMembershipCheck, meetings.KindRoundCommittees}},
		{"blank", nil},
	}
	for _, tc := range tests {
		tp := byKey(tc.key)
		var got []meetings.ItemKind
		for _, it := range tp.Items[:min(len(tc.first), len(tp.Items))] {
			got = append(got, it.Kind)
		}
		if !slices.Equal(got, tc.first) {
			t.Errorf("%s first kinds = %v, want %v", tc.key, got, tc.first)
		}
	}
	standup := byKey("weekly-production").Items[0]
	if standup.Timebox != 40*time.Minute || standup.Type != meetings.InfoItem || !strings.HasPrefix(standup.TitleEN, "Stand-up") {
		t.Errorf("stand-up item = %+v", standup)
	}
	sessions := map[string]bool{}
	for _, it := range byKey("weekend").Items {
		sessions[it.Session] = true
	}
	if len(sessions) < 3 || !sessions["Saturday morning"] || !sessions["Sunday morning"] {
		t.Errorf("weekend sessions = %v", sessions)
	}
}

func TestParseTemplateKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"weekly-production", "weekly-production"},
		{" Blank ", "blank"},
		{"weekly", ""},
	}
	for _, tc := range tests {
		got, err := meetings.ParseTemplateKey(tc.in)
		if got != tc.want || (err != nil) != (tc.want == "") {
			t.Errorf("ParseTemplateKey(%q) = %q, %v", tc.in, got, err)
		}
		if err != nil && !strings.Contains(err.Error(), "monthly-reflection") {
			t.Errorf("error %q does not list valid names", err)
		}
	}
}

func TestInstantiate(t *testing.T) {
	tp := meetings.DefaultTemplates()[0]
	items := tp.Instantiate(id(1), "fr")
	if len(items) != len(tp.Items) {
		t.Fatalf("%d items, want %d", len(items), len(tp.Items))
	}
	for i, it := range items {
		if err := it.Validate(); err != nil {
			t.Errorf("item %d: %v", i, err)
		}
		if it.Title != tp.Items[i].TitleFR || it.Meeting != id(1) || it.Position != float64(i+1) {
			t.Errorf("item %d = %+v", i, it)
		}
	}
	tp.Items[0].TitleFR = ""
	if got := tp.Items[0].Title("fr"); got != tp.Items[0].TitleEN {
		t.Errorf("French title falls back to %q", got)
	}
}
