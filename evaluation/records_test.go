package evaluation_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/google/uuid"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/sync/crdt"
)

func fieldMap(fs []crdt.Field) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range fs {
		m[f.Name] = f.Value
	}
	return m
}

func TestRecordsRoundTrip(t *testing.T) {
	c := campaign2011()
	got, err := evaluation.CampaignFromFields(c.ID, fieldMap(evaluation.CampaignFields(c)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c) {
		t.Fatalf("campaign:\n got %+v\nwant %+v", got, c)
	}
	for _, g := range evaluation.DefaultGrids(c.ID) {
		got, err := evaluation.GridFromFields(g.ID, fieldMap(evaluation.GridFields(g)))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, g) {
			t.Fatalf("grid %s differs after a round trip", g.Session)
		}
	}
	s := evaluation.Session{Name: evaluation.SessionWork, Groups: [][]uuid.UUID{{person(1), person(2), person(3)}, {person(4), person(5), person(6)}}}
	id := evaluation.GroupsID(c.ID, s.Name)
	camp, back, err := evaluation.GroupsFromFields(id, fieldMap(evaluation.GroupsFields(c.ID, s)))
	if err != nil {
		t.Fatal(err)
	}
	if camp != c.ID || !reflect.DeepEqual(back, s) {
		t.Fatalf("groups: %s %+v", camp, back)
	}
}

func TestGroupsIDIsDeterministic(t *testing.T) {
	c := uuid.New()
	if evaluation.GroupsID(c, "work") != evaluation.GroupsID(c, "work") {
		t.Fatal("same campaign and session, different ids")
	}
	if evaluation.GroupsID(c, "work") == evaluation.GroupsID(c, "involvement") ||
		evaluation.GroupsID(c, "work") == evaluation.GridID(c, "work") {
		t.Fatal("ids collide")
	}
}

func TestRecordDecodersRefuseGarbage(t *testing.T) {
	id := uuid.New()
	bad := map[string][]byte{"campaign": []byte("{"), "grid": []byte("[1]"), "session": []byte("3"), "groups": []byte("{}")}
	if _, err := evaluation.CampaignFromFields(id, bad); !errors.Is(err, evaluation.ErrBadRecord) {
		t.Fatalf("campaign: %v", err)
	}
	if _, err := evaluation.GridFromFields(id, bad); !errors.Is(err, evaluation.ErrBadRecord) {
		t.Fatalf("grid: %v", err)
	}
	if _, _, err := evaluation.GroupsFromFields(id, bad); !errors.Is(err, evaluation.ErrBadRecord) {
		t.Fatalf("groups: %v", err)
	}
	if _, _, err := evaluation.GroupsFromFields(id, map[string][]byte{}); !errors.Is(err, evaluation.ErrBadRecord) {
		t.Fatalf("empty groups: %v", err)
	}
}

// FuzzRecordDecoders: records arrive in bundles from other laptops, so any
// bytes in any field must decode or fail, never panic.
func FuzzRecordDecoders(f *testing.F) {
	c := campaign2011()
	f.Add(evaluation.CampaignFields(c)[0].Value, evaluation.GridFields(evaluation.DefaultGrids(c.ID)[0])[0].Value, []byte(`"work"`), []byte(`[["`+person(1).String()+`"]]`))
	f.Add([]byte(`null`), []byte(`{"scale":null,"criteria":[null]}`), []byte(`""`), []byte(`[[null]]`))
	f.Add([]byte(`{"participants":["x"]}`), []byte(`{"criteria":[{"anchors":[{}]}]}`), []byte(`"`), []byte(`[1]`))
	f.Fuzz(func(t *testing.T, a, b, s, g []byte) {
		id := uuid.NewSHA1(uuid.Nil, a)
		m := map[string][]byte{"campaign": a, "grid": b, "session": s, "groups": g}
		if c, err := evaluation.CampaignFromFields(id, m); err == nil {
			_ = c.Validate()
			evaluation.CampaignFields(c)
		}
		if gr, err := evaluation.GridFromFields(id, m); err == nil {
			_ = gr.Validate()
			evaluation.GridFields(gr)
		}
		m["campaign"] = a
		if camp, sess, err := evaluation.GroupsFromFields(id, m); err == nil {
			evaluation.GroupsFields(camp, sess)
		}
	})
}
