package cli

import (
	"strings"

	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// pdfLang picks the language of a person's PDF: the one asked, else the
// person's first language, else French, the co-op's language.
func pdfLang(asked string, m konbit.Member) (string, error) {
	switch asked {
	case evaluation.French, evaluation.English:
		return asked, nil
	case "":
	default:
		return "", usagef("--lang %q: want fr or en", asked)
	}
	if len(m.Languages) > 0 && (m.Languages[0] == evaluation.French || m.Languages[0] == evaluation.English) {
		return m.Languages[0], nil
	}
	return evaluation.French, nil
}

// followUp is what came after the grids for one person: the group's
// reflections and the action plan of the campaign.
type followUp struct {
	Reflections []evaluation.Reflection // about the person, any session
	Actions     []meetings.Action       // of the campaign, about the person
}

// personFollowUp picks a person's reflections among refs and their
// actions of campaign c (clear records: any laptop reads them).
func personFollowUp(r *replica.Replica, c uuid.UUID, person uuid.UUID, refs []evaluation.Reflection) followUp {
	var f followUp
	for _, ref := range refs {
		if ref.Person == person && ref.Campaign == c {
			f.Reflections = append(f.Reflections, ref)
		}
	}
	as, _ := r.PersonActions(person)
	for _, a := range as {
		if a.Campaign == c {
			f.Actions = append(f.Actions, a)
		}
	}
	return f
}

// ownerNames names an action's owner: a member, or a committee when the
// action says so.
func ownerNames(r *replica.Replica) func(meetings.Action) string {
	member, body := names(r), bodyNames(r)
	return func(a meetings.Action) string {
		if a.OwnerIsCommittee {
			return body(a.Owner)
		}
		return member(a.Owner)
	}
}

// personReportJSON is one person's report as `eval report --format json`
// and `eval my-report` write it: the report's own fields, then the
// group's reflections and the action plan.
type personReportJSON struct {
	evaluation.Report
	Reflections []reflectionJSON `json:"reflections"`
	Actions     []actionJSON     `json:"actions"`
}

// reflectionJSON is a reflection in one session, its answers in the
// questions' order (keys of evaluation.ReflectionQuestions).
type reflectionJSON struct {
	Session string                 `json:"session"`
	Answers []reflectionAnswerJSON `json:"answers"`
}

type reflectionAnswerJSON struct {
	Question string `json:"question"`
	Text     string `json:"text"`
}

// actionJSON is one item of the action plan.
type actionJSON struct {
	ID               string `json:"id"`
	Text             string `json:"text"`
	Owner            string `json:"owner"` // a member's or a committee's id
	OwnerName        string `json:"owner_name"`
	OwnerIsCommittee bool   `json:"owner_is_committee"`
	Due              string `json:"due,omitempty"`
	Done             bool   `json:"done"`
}

// personJSON puts a report and its follow-up together for JSON.
func personJSON(rep evaluation.Report, f followUp, owner func(meetings.Action) string) personReportJSON {
	out := personReportJSON{Report: rep, Reflections: []reflectionJSON{}, Actions: []actionJSON{}}
	for _, ref := range f.Reflections {
		rj := reflectionJSON{Session: ref.Session, Answers: []reflectionAnswerJSON{}}
		for _, q := range evaluation.ReflectionQuestions() {
			if t := ref.Answers[q]; strings.TrimSpace(t) != "" {
				rj.Answers = append(rj.Answers, reflectionAnswerJSON{Question: q, Text: t})
			}
		}
		out.Reflections = append(out.Reflections, rj)
	}
	for _, a := range f.Actions {
		out.Actions = append(out.Actions, actionJSON{ID: a.ID.String(), Text: a.Text, Owner: idOrEmpty(a.Owner), OwnerName: owner(a),
			OwnerIsCommittee: a.OwnerIsCommittee, Due: a.Due, Done: a.Done})
	}
	return out
}
