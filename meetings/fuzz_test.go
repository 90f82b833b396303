package meetings_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
)

// FuzzRecordDecoders feeds arbitrary field values, as a hostile or buggy
// laptop could write them, to every record decoder of meetings. None may
// panic; what they return is then validated (a refusal is fine) and, when
// valid, must encode and decode to the same fields.
func FuzzRecordDecoders(f *testing.F) {
	seg := meetings.Segment{Meeting: uuid.New(), Speaker: uuid.New(), Kind: meetings.Normal, Duration: 42e9}
	f.Add("v", seg.Fields()[0].Value)
	f.Add("mark", []byte(`{"meeting":"x","member":"","status":"late","arrived":-1,"date":"2011-13-45"}`))
	f.Add("assignment", []byte(`{"meeting":"00000000-0000-0000-0000-000000000000","role":""}`))
	f.Add("versions", []byte(`[{"text":"a","at":9223372036854775807}]`))
	f.Add("responses", []byte(`{"not-a-uuid":{"kind":"objection"}}`))
	f.Add("objections", []byte(`[{"id":"o1","member":"zz","round":-3}]`))
	f.Add("items", []byte(`[{"type":"proposal","timebox_ms":-5}]`))
	f.Add("position", []byte(`1e308`))
	f.Add("speaking_limit_ms", []byte(`-9223372036854775808`))
	f.Fuzz(func(t *testing.T, name string, value []byte) {
		id := uuid.New()
		fields := map[string][]byte{name: value}
		for _, other := range []string{"v", "mark", "assignment", "meeting", "item", "versions", "responses", "objections", "items", "roles", "position", "timebox_ms", "date", "status"} {
			if other != name {
				fields[other] = value
			}
		}
		m := meetings.MeetingFromFields(id, fields)
		_ = m.Validate()
		it := meetings.ItemFromFields(id, fields)
		_ = it.Validate()
		mk := meetings.MarkFromFields(id, fields)
		_ = mk.Validate()
		a := meetings.AssignmentFromFields(id, fields)
		_ = a.Validate()
		p := meetings.ProposalFromFields(id, fields)
		_ = p.Validate()
		d := meetings.DecisionFromFields(id, fields)
		_ = d.Validate()
		ac := meetings.ActionFromFields(id, fields)
		_ = ac.Validate()
		rep := meetings.ReportFromFields(id, fields)
		_ = rep.Validate()
		tp := meetings.TemplateFromFields(id, fields)
		_ = tp.Validate()
		rs := meetings.RoleSetFromFields(id, fields)
		_ = rs.Validate()
		s := meetings.SegmentFromFields(id, fields)
		if s.Validate() == nil {
			again := meetings.SegmentFromFields(id, map[string][]byte{"v": s.Fields()[0].Value})
			if again != s {
				t.Fatalf("segment does not round-trip: %+v vs %+v", again, s)
			}
		}
	})
}
