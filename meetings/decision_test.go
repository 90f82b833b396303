package meetings_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
)

func TestDecisionFromProposal(t *testing.T) {
	p := meetings.NewProposal(id(10), id(1), "We buy a coffee machine", true, t0)
	if _, err := meetings.DecisionFromProposal(p, "Coffee", uuid.Nil, "2011-03-08", nil, ""); err == nil {
		t.Error("a proposal not adopted became a decision")
	}
	for range 3 {
		_ = p.Advance()
	}
	if err := p.Adopt(nil); err != nil {
		t.Fatal(err)
	}
	d, err := meetings.DecisionFromProposal(p, " Coffee ", uuid.Nil, "2011-03-08", []string{"Kitchen", " kitchen", "budget"}, "2012-03-08")
	if err != nil {
		t.Fatal(err)
	}
	if d.ID != meetings.DecisionID(p.ID) || d.Title != "Coffee" || d.Text != p.Text() || d.Status != meetings.Active ||
		!slices.Equal(d.Tags, []string{"budget", "kitchen"}) || d.Item != id(10) {
		t.Errorf("decision = %+v", d)
	}
	if _, err := meetings.DecisionFromProposal(p, "", uuid.Nil, "2011-03-08", nil, ""); err == nil {
		t.Error("decision without title")
	}
}

func TestDecisionValidate(t *testing.T) {
	ok := meetings.Decision{ID: id(1), Title: "T", Text: "x", Date: "2011-03-08", Status: meetings.Active}
	tests := []struct {
		name string
		edit func(*meetings.Decision)
		want string
	}{
		{"valid", func(*meetings.Decision) {}, ""},
		{"no text", func(d *meetings.Decision) { d.Text = "" }, "no text"},
		{"bad date", func(d *meetings.Decision) { d.Date = "2011-13-01" }, "YYYY-MM-DD"},
		{"review before", func(d *meetings.Decision) { d.ReviewDate = "2011-01-01" }, "before"},
		{"bad status", func(d *meetings.Decision) { d.Status = "dead" }, "status"},
		{"supersedes itself", func(d *meetings.Decision) { d.Supersedes = d.ID }, "itself"},
	}
	for _, tc := range tests {
		d := ok
		tc.edit(&d)
		err := d.Validate()
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: Validate() = %v, want %q", tc.name, err, tc.want)
		}
	}
	old := ok
	cur := ok
	cur.Status = meetings.Revoked
	if f := cur.ChangedFields(&old); len(f) != 1 || f[0].Name != meetings.FieldStatus {
		t.Errorf("ChangedFields = %v", f)
	}
}
