package meetings

import (
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// DecisionStatus is where a decision stands, so that the register says
// what still holds (DOMAIN.md, Decision register).
type DecisionStatus string

// Decision statuses.
const (
	Active      DecisionStatus = "active"
	Implemented DecisionStatus = "implemented"
	Superseded  DecisionStatus = "superseded"
	Revoked     DecisionStatus = "revoked"
)

// Decision is an entry of the decision register: findable by theme (tags),
// with its status and history, so that it is not lost or re-decided.
type Decision struct {
	ID         uuid.UUID
	Meeting    uuid.UUID
	Item       uuid.UUID
	Body       uuid.UUID // uuid.Nil: the work collective; else a committee
	Date       string    // YYYY-MM-DD
	Title      string
	Text       string
	Versions   []Version   // wordings up to the adopted one
	Objections []Objection // raised and how resolved
	Tags       []string
	ReviewDate string // "" if none
	Status     DecisionStatus
	Supersedes uuid.UUID // the decision this one replaces, uuid.Nil if none
}

// Decision field names.
const (
	FieldText       = "text"
	FieldTags       = "tags"
	FieldReviewDate = "review_date"
	FieldSupersedes = "supersedes"
)

// DecisionID is the deterministic id of the decision recorded from a
// proposal, so that recording it twice writes one record.
func DecisionID(proposal uuid.UUID) uuid.UUID { return derive("decision", proposal.String()) }

// DecisionFromProposal records an adopted proposal in the register.
func DecisionFromProposal(p Proposal, title string, body uuid.UUID, date string, tags []string, review string) (Decision, error) {
	if p.Stage != Adopted {
		return Decision{}, fmt.Errorf("record decision: the proposal is %s, not adopted", p.Stage)
	}
	d := Decision{
		ID: DecisionID(p.ID), Meeting: p.Meeting, Item: p.Item, Body: body, Date: date,
		Title: strings.TrimSpace(title), Text: p.Text(), Versions: slices.Clone(p.Versions),
		Objections: slices.Clone(p.Objections), Tags: normalizeTags(tags), ReviewDate: review, Status: Active,
	}
	if err := d.Validate(); err != nil {
		return Decision{}, fmt.Errorf("record decision: %w", err)
	}
	return d, nil
}

// Fields encodes every field of the decision.
func (d *Decision) Fields() []crdt.Field {
	versions, objections := d.Versions, d.Objections
	if versions == nil {
		versions = []Version{}
	}
	if objections == nil {
		objections = []Objection{}
	}
	return []crdt.Field{
		idField(FieldMeeting, d.Meeting),
		idField(FieldItem, d.Item),
		idField(FieldBody, d.Body),
		field(FieldDate, d.Date),
		field(FieldTitle, strings.TrimSpace(d.Title)),
		field(FieldText, d.Text),
		field(FieldVersions, versions),
		field(FieldObjections, objections),
		field(FieldTags, normalizeTags(d.Tags)),
		field(FieldReviewDate, d.ReviewDate),
		field(FieldStatus, string(d.Status)),
		idField(FieldSupersedes, d.Supersedes),
	}
}

// ChangedFields encodes only the fields that differ from old.
func (d *Decision) ChangedFields(old *Decision) []crdt.Field {
	return changedFields(d.Fields(), old.Fields())
}

// DecisionFromFields decodes a decision, tolerating missing or bad values
// (a missing status is active).
func DecisionFromFields(id uuid.UUID, f map[string][]byte) Decision {
	d := Decision{ID: id, Status: Active}
	d.Meeting = getID(f, FieldMeeting)
	d.Item = getID(f, FieldItem)
	d.Body = getID(f, FieldBody)
	get(f, FieldDate, &d.Date)
	get(f, FieldTitle, &d.Title)
	get(f, FieldText, &d.Text)
	get(f, FieldVersions, &d.Versions)
	get(f, FieldObjections, &d.Objections)
	get(f, FieldTags, &d.Tags)
	get(f, FieldReviewDate, &d.ReviewDate)
	get(f, FieldStatus, &d.Status)
	d.Supersedes = getID(f, FieldSupersedes)
	return d
}

// Validate reports the first problem with the decision.
func (d *Decision) Validate() error {
	if strings.TrimSpace(d.Title) == "" {
		return fmt.Errorf("decision title is empty")
	}
	if strings.TrimSpace(d.Text) == "" {
		return fmt.Errorf("decision %q has no text", d.Title)
	}
	if err := checkDate("decision date", d.Date, true); err != nil {
		return err
	}
	if err := checkDate("review date", d.ReviewDate, false); err != nil {
		return err
	}
	if d.ReviewDate != "" && d.ReviewDate < d.Date {
		return fmt.Errorf("review date %s is before the decision date %s", d.ReviewDate, d.Date)
	}
	switch d.Status {
	case Active, Implemented, Superseded, Revoked:
	default:
		return fmt.Errorf("decision status %q: want active, implemented, superseded or revoked", d.Status)
	}
	if d.Supersedes != uuid.Nil && d.Supersedes == d.ID {
		return fmt.Errorf("decision %q cannot supersede itself", d.Title)
	}
	return nil
}
