package evaluation_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation"
)

func TestReflectionValidate(t *testing.T) {
	c := evaluation.NewCampaign(uuid.New(), "Printemps", "2011-03-01", "2011-03-31")
	p := uuid.New()
	c.Participants = []uuid.UUID{p, uuid.New()}
	ok := func() evaluation.Reflection {
		return evaluation.Reflection{Campaign: c.ID, Session: evaluation.SessionWork, Person: p,
			Answers: map[string]string{evaluation.QuestionImprove: "Prendre la parole plus tôt."}}
	}
	for _, tc := range []struct {
		name string
		edit func(*evaluation.Reflection)
		want error
	}{
		{"fine", func(*evaluation.Reflection) {}, nil},
		{"every question", func(r *evaluation.Reflection) {
			for _, q := range evaluation.ReflectionQuestions() {
				r.Answers[q] = "oui"
			}
		}, nil},
		{"another campaign", func(r *evaluation.Reflection) { r.Campaign = uuid.New() }, evaluation.ErrInvalidAnswer},
		{"unknown session", func(r *evaluation.Reflection) { r.Session = "plenary" }, evaluation.ErrInvalidAnswer},
		{"not a participant", func(r *evaluation.Reflection) { r.Person = uuid.New() }, evaluation.ErrNotParticipant},
		{"unknown question", func(r *evaluation.Reflection) { r.Answers["weather"] = "sunny" }, evaluation.ErrInvalidAnswer},
		{"too long", func(r *evaluation.Reflection) {
			r.Answers[evaluation.QuestionShare] = strings.Repeat("x", evaluation.MaxReflectionText+1)
		}, evaluation.ErrInvalidAnswer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ok()
			tc.edit(&r)
			if err := r.Validate(&c); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("Validate = %v, want %v", err, tc.want)
			}
		})
	}
	if q := evaluation.ReflectionQuestions(); len(q) != 5 || q[0] != evaluation.QuestionImprove || q[4] != evaluation.QuestionRelations {
		t.Fatalf("questions %v", q)
	}
	empty := ok()
	empty.Answers = map[string]string{evaluation.QuestionShare: "  "}
	full := ok()
	if !empty.Empty() || full.Empty() {
		t.Fatal("Empty is wrong")
	}
}

// A reflection opened from another laptop's record: any bytes decode or
// fail cleanly, and what decodes answers only the five questions within
// bounds.
func FuzzDecodeReflection(f *testing.F) {
	f.Add([]byte(`{"campaign":"00000000-0000-0000-0000-000000000001","session":"work","person":"00000000-0000-0000-0000-000000000002","answers":{"improve":"oui"}}`))
	f.Add([]byte(`{"answers":{"weather":"sunny"}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := evaluation.DecodeReflection(b)
		if err != nil {
			if !errors.Is(err, evaluation.ErrBadRecord) {
				t.Fatalf("error does not wrap ErrBadRecord: %v", err)
			}
			return
		}
		for k, v := range r.Answers {
			if !slices.Contains(evaluation.ReflectionQuestions(), k) || len(v) > evaluation.MaxReflectionText {
				t.Fatalf("decoded %q (%d bytes)", k, len(v))
			}
		}
	})
}
