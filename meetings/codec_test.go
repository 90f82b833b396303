package meetings_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/sync/crdt"
)

// asMap turns written fields into what a record read back holds.
func asMap(fs []crdt.Field) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range fs {
		m[f.Name] = f.Value
	}
	return m
}

func id(n byte) uuid.UUID { return uuid.UUID{15: n} }

// t0 is a fixed instant with whole milliseconds, as stored.
var t0 = time.Date(2011, 3, 8, 13, 30, 0, 0, time.UTC)

func TestCodecsRoundTrip(t *testing.T) {
	rid := id(99)
	prop := meetings.NewProposal(id(3), id(1), "We buy a coffee machine", false, t0)
	prop.Responses = map[uuid.UUID]meetings.Response{id(4): {Kind: meetings.ConcernResponse, Text: "cost"}}
	prop.Objections = []meetings.Objection{{ID: "o1", Member: id(5), Text: "too loud", Round: 1}}
	tests := []struct {
		name string
		in   any
	}{
		{"meeting", meetings.Meeting{ID: rid, Title: "Prod", Template: "weekly-production", Body: id(2), Date: "2011-03-08", Time: "13:30",
			Language: "en", Status: meetings.Live, Ordering: meetings.Progressive, SilenceConsent: false, SpeakingLimit: 2 * time.Minute,
			CurrentItem: id(3), StartedAt: t0, EndedAt: t0.Add(time.Hour)}},
		{"item", meetings.Item{ID: rid, Meeting: id(1), Position: 2.5, Type: meetings.ProposalItem, Kind: meetings.KindAccounts, Title: "Accounts",
			Presenter: id(4), Timebox: 15 * time.Minute, Notes: "ok", Session: "Seated", StartedAt: t0, EndedAt: t0.Add(time.Minute)}},
		{"template", meetings.DefaultTemplates()[0]},
		{"mark", meetings.Mark{Meeting: id(1), Member: id(2), Status: meetings.Late, Arrived: t0, Date: "2011-03-08"}},
		{"role set", meetings.DefaultRoleSet()},
		{"assignment", meetings.Assignment{Meeting: id(1), Role: meetings.Facilitator, Member: id(2), Reason: "never facilitated"}},
		{"segment", meetings.Segment{ID: rid, Meeting: id(1), Item: id(2), Speaker: id(3), Kind: meetings.PointOfOrder, Start: t0,
			Duration: 90 * time.Second, Language: "fr"}},
		{"proposal", prop},
		{"decision", meetings.Decision{ID: rid, Meeting: id(1), Item: id(2), Body: id(3), Date: "2011-03-08", Title: "Coffee",
			Text: "We buy", Versions: []meetings.Version{{Text: "We buy", At: t0}}, Objections: prop.Objections, Tags: []string{"kitchen"},
			ReviewDate: "2012-03-08", Status: meetings.Superseded, Supersedes: id(7)}},
		{"action", meetings.Action{ID: rid, Meeting: id(1), Body: id(2), Text: "Call bank", Owner: id(3), OwnerIsCommittee: true,
			Due: "2011-03-15", Done: true, DoneAt: t0}},
		{"report", meetings.Report{Meeting: id(1), Committee: id(2), Note: "all good"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got any
			switch v := tc.in.(type) {
			case meetings.Meeting:
				got = meetings.MeetingFromFields(rid, asMap(v.Fields()))
			case meetings.Item:
				got = meetings.ItemFromFields(rid, asMap(v.Fields()))
			case meetings.Template:
				got = meetings.TemplateFromFields(v.ID, asMap(v.Fields()))
			case meetings.Mark:
				got = meetings.MarkFromFields(v.ID(), asMap(v.Fields()))
			case meetings.RoleSet:
				got = meetings.RoleSetFromFields(v.ID, asMap(v.Fields()))
			case meetings.Assignment:
				got = meetings.AssignmentFromFields(v.ID(), asMap(v.Fields()))
			case meetings.Segment:
				got = meetings.SegmentFromFields(rid, asMap(v.Fields()))
			case meetings.Proposal:
				got = meetings.ProposalFromFields(v.ID, asMap(v.Fields()))
			case meetings.Decision:
				got = meetings.DecisionFromFields(rid, asMap(v.Fields()))
			case meetings.Action:
				got = meetings.ActionFromFields(rid, asMap(v.Fields()))
			case meetings.Report:
				got = meetings.ReportFromFields(v.ID(), asMap(v.Fields()))
			}
			if !reflect.DeepEqual(got, tc.in) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, tc.in)
			}
		})
	}
}

func TestFromFieldsToleratesBadValues(t *testing.T) {
	bad := map[string][]byte{
		"title": []byte(`42`), "date": []byte(`{`), "body": []byte(`"not-a-uuid"`), "status": []byte(`null`),
		"mark": []byte(`[1,2]`), "v": []byte(`"x"`), "items": []byte(`"x"`), "position": []byte(`"x"`),
	}
	m := meetings.MeetingFromFields(id(1), bad)
	if m.Title != "" || m.Body != uuid.Nil || m.Status != meetings.Planned || !m.SilenceConsent {
		t.Errorf("meeting from bad fields = %+v", m)
	}
	if mk := meetings.MarkFromFields(id(1), bad); mk.Validate() == nil {
		t.Error("a mark from a bad value validates")
	}
	if s := meetings.SegmentFromFields(id(1), bad); s.Validate() == nil {
		t.Error("a segment from a bad value validates")
	}
	if tp := meetings.TemplateFromFields(id(1), bad); len(tp.Items) != 0 {
		t.Errorf("template items from bad value = %v", tp.Items)
	}
	if it := meetings.ItemFromFields(id(1), nil); it.Type != meetings.InfoItem || it.Kind != meetings.KindNormal {
		t.Errorf("item defaults = %+v", it)
	}
}

func TestDeterministicIDs(t *testing.T) {
	ids := map[string]uuid.UUID{
		"attendance": meetings.AttendanceID(id(1), id(2)),
		"role":       meetings.RoleAssignmentID(id(1), meetings.Facilitator),
		"report":     meetings.ReportID(id(1), id(2)),
		"proposal":   meetings.ProposalID(id(1)),
		"decision":   meetings.DecisionID(id(1)),
		"template":   meetings.TemplateID("blank"),
		"role set":   meetings.RoleSetID(),
	}
	seen := map[uuid.UUID]string{}
	for k, v := range ids {
		if other, dup := seen[v]; dup {
			t.Errorf("%s and %s share id %s", k, other, v)
		}
		seen[v] = k
	}
	if meetings.AttendanceID(id(1), id(2)) != ids["attendance"] {
		t.Error("attendance id is not deterministic")
	}
	if meetings.AttendanceID(id(2), id(1)) == ids["attendance"] {
		t.Error("attendance id ignores argument order")
	}
}
