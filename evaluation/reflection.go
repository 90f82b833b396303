package evaluation

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// Keys of the five questions of the 2011 collective reflection, in the
// order the group answers them (seed l.2212-2215): how the person can
// improve their weak points, how the organisation can help, how it can
// better showcase their strengths, how they could share those strengths,
// and how to improve interpersonal relations.
const (
	QuestionImprove   = "improve"
	QuestionOrgHelp   = "org-help"
	QuestionShowcase  = "showcase"
	QuestionShare     = "share"
	QuestionRelations = "relations"
)

// MaxReflectionText bounds one answer of a reflection: a few pages, not a
// file someone pasted by mistake.
const MaxReflectionText = 20000

// ReflectionQuestions lists the keys of the five questions in order. It is
// a function so that no caller can reorder a shared list.
func ReflectionQuestions() []string {
	return []string{QuestionImprove, QuestionOrgHelp, QuestionShowcase, QuestionShare, QuestionRelations}
}

// Reflection is what a group wrote together about one evaluated person in
// one session, after the grids were revealed. It ends in an action plan,
// whose items are kept apart as actions so that they can be followed up
// until done.
type Reflection struct {
	Campaign uuid.UUID         `json:"campaign"`
	Session  string            `json:"session"`
	Person   uuid.UUID         `json:"person"`
	Answers  map[string]string `json:"answers"` // question key -> text
}

// Validate checks the reflection against its campaign: the person is a
// participant, the session exists, only the five questions are answered.
func (r *Reflection) Validate(c *Campaign) error {
	if r.Campaign != c.ID {
		return fmt.Errorf("reflection: campaign %s, not %s: %w", r.Campaign, c.ID, ErrInvalidAnswer)
	}
	if !c.HasSession(r.Session) {
		return fmt.Errorf("reflection: campaign %q has no session %q: %w", c.Name, r.Session, ErrInvalidAnswer)
	}
	if !c.HasParticipant(r.Person) {
		return fmt.Errorf("reflection: %s: %w", r.Person, ErrNotParticipant)
	}
	for k, v := range r.Answers {
		if !isQuestion(k) {
			return fmt.Errorf("reflection: no question %q: %w", k, ErrInvalidAnswer)
		}
		if len(v) > MaxReflectionText {
			return fmt.Errorf("reflection: answer to %q is %d bytes, more than %d: %w", k, len(v), MaxReflectionText, ErrInvalidAnswer)
		}
	}
	return nil
}

// Empty reports whether nothing has been written yet.
func (r *Reflection) Empty() bool {
	for _, v := range r.Answers {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

func isQuestion(k string) bool {
	for _, q := range ReflectionQuestions() {
		if q == k {
			return true
		}
	}
	return false
}

// DecodeReflection reads a reflection as another laptop sealed it: the
// bytes are as untrusted as the laptop (anyone holding the campaign's or
// the group's public key can seal any), so only the five questions and
// texts of bounded length are accepted; errors wrap ErrBadRecord.
func DecodeReflection(b []byte) (Reflection, error) {
	var r Reflection
	if err := json.Unmarshal(b, &r); err != nil {
		return Reflection{}, fmt.Errorf("reflection: %w: %v", ErrBadRecord, err)
	}
	for k, v := range r.Answers {
		if !isQuestion(k) || len(v) > MaxReflectionText {
			return Reflection{}, fmt.Errorf("reflection: question %.40q: %w", k, ErrBadRecord)
		}
	}
	return r, nil
}
