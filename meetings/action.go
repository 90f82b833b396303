package meetings

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// Action is something a person or committee took on at a meeting, so that
// it is followed up rather than "left to themselves" (DOMAIN.md).
type Action struct {
	ID               uuid.UUID
	Meeting          uuid.UUID
	Body             uuid.UUID // body whose meeting decided it: uuid.Nil for the work collective
	Text             string
	Owner            uuid.UUID // a member, or a committee if OwnerIsCommittee
	OwnerIsCommittee bool
	Due              string // YYYY-MM-DD, "" if none
	Done             bool
	DoneAt           time.Time
	// Campaign and About are set on the action plan of a peer evaluation:
	// the campaign and the person the action helps. Such an action has no
	// meeting; its Body is the campaign's HR committee, so that it comes
	// up in that committee's meetings until done.
	Campaign uuid.UUID
	About    uuid.UUID
}

// Action field names.
const (
	FieldOwner            = "owner"
	FieldOwnerIsCommittee = "owner_is_committee"
	FieldDue              = "due"
	FieldDone             = "done"
	FieldDoneAt           = "done_at"
	FieldCampaign         = "campaign"
	FieldAbout            = "about"
)

// Fields encodes every field of the action.
func (a *Action) Fields() []crdt.Field {
	f := []crdt.Field{
		idField(FieldMeeting, a.Meeting),
		idField(FieldBody, a.Body),
		field(FieldText, strings.TrimSpace(a.Text)),
		idField(FieldOwner, a.Owner),
		field(FieldOwnerIsCommittee, a.OwnerIsCommittee),
		field(FieldDue, a.Due),
		field(FieldDone, a.Done),
		timeField(FieldDoneAt, a.DoneAt),
	}
	// Only evaluation actions carry these, so that meeting actions keep
	// their encoding.
	if a.Campaign != uuid.Nil || a.About != uuid.Nil {
		f = append(f, idField(FieldCampaign, a.Campaign), idField(FieldAbout, a.About))
	}
	return f
}

// ChangedFields encodes only the fields that differ from old.
func (a *Action) ChangedFields(old *Action) []crdt.Field {
	return changedFields(a.Fields(), old.Fields())
}

// ActionFromFields decodes an action, tolerating missing or bad values.
func ActionFromFields(id uuid.UUID, f map[string][]byte) Action {
	a := Action{ID: id}
	a.Meeting = getID(f, FieldMeeting)
	a.Body = getID(f, FieldBody)
	get(f, FieldText, &a.Text)
	a.Owner = getID(f, FieldOwner)
	get(f, FieldOwnerIsCommittee, &a.OwnerIsCommittee)
	get(f, FieldDue, &a.Due)
	get(f, FieldDone, &a.Done)
	a.DoneAt = getTime(f, FieldDoneAt)
	a.Campaign = getID(f, FieldCampaign)
	a.About = getID(f, FieldAbout)
	return a
}

// Validate reports the first problem with the action.
func (a *Action) Validate() error {
	if strings.TrimSpace(a.Text) == "" {
		return fmt.Errorf("action text is empty")
	}
	if a.OwnerIsCommittee && a.Owner == uuid.Nil {
		return fmt.Errorf("action %q is given to a committee but names none", a.Text)
	}
	if err := checkDate("due date", a.Due, false); err != nil {
		return err
	}
	if !a.Done && !a.DoneAt.IsZero() {
		return fmt.Errorf("action %q has a completion time but is not done", a.Text)
	}
	return nil
}

// MarkDone records the action as done at now.
func (a *Action) MarkDone(now time.Time) { a.Done, a.DoneAt = true, now }

// OpenFor lists the actions not done that concern body: decided at its
// meetings, or given to it as a committee. Sorted by due date (none last),
// then text.
func OpenFor(body uuid.UUID, actions []Action) []Action {
	var out []Action
	for _, a := range actions {
		if !a.Done && (a.Body == body || a.OwnerIsCommittee && a.Owner == body && body != uuid.Nil) {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b Action) int {
		if (a.Due == "") != (b.Due == "") {
			return compareBool(a.Due == "", b.Due == "")
		}
		if c := cmp.Compare(a.Due, b.Due); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Text, b.Text); c != 0 {
			return c
		}
		return compareIDs(a.ID, b.ID)
	})
	return out
}
