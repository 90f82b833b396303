package meetings

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// Status is where a meeting stands.
type Status string

// Meeting statuses.
const (
	Planned  Status = "planned"
	Live     Status = "live"
	Finished Status = "finished"
)

// Ordering is how the speaking queue orders people who raised a hand.
type Ordering string

// Queue orderings.
const (
	// FirstCome serves hands in the order they were raised.
	FirstCome Ordering = "first-come"
	// Progressive serves first those who have not spoken on the item, then
	// those who have spoken least in the meeting: "it is always the same
	// people who speak" (DOMAIN.md, Speaking).
	Progressive Ordering = "progressive"
)

// Languages a meeting can be held in.
const (
	French  = "fr"
	English = "en"
)

// Meeting is one meeting of the work collective or of a committee.
type Meeting struct {
	ID       uuid.UUID
	Title    string
	Template string    // key of the template it was made from
	Body     uuid.UUID // uuid.Nil: the work collective; else a committee id
	Date     string    // YYYY-MM-DD
	Time     string    // HH:MM, "" if not set
	Language string    // "fr" or "en"
	Status   Status
	Ordering Ordering
	// SilenceConsent: a proposal is adopted when nobody objects, without
	// everyone having to say so ("silence gives consent").
	SilenceConsent bool
	SpeakingLimit  time.Duration // per turn, 0 for none
	CurrentItem    uuid.UUID
	StartedAt      time.Time
	EndedAt        time.Time
}

// Meeting field names.
const (
	FieldTitle          = "title"
	FieldTemplate       = "template"
	FieldBody           = "body"
	FieldDate           = "date"
	FieldTime           = "time"
	FieldLanguage       = "language"
	FieldStatus         = "status"
	FieldOrdering       = "ordering"
	FieldSilenceConsent = "silence_consent"
	FieldSpeakingLimit  = "speaking_limit_ms"
	FieldCurrentItem    = "current_item"
	FieldStartedAt      = "started_at"
	FieldEndedAt        = "ended_at"
)

// NewMeeting returns a planned meeting with a new id and the usual
// defaults: French, first-come queue, silence gives consent.
func NewMeeting(title, template string, body uuid.UUID, date string) Meeting {
	return Meeting{
		ID: crdt.NewID(), Title: strings.TrimSpace(title), Template: template, Body: body, Date: date,
		Language: French, Status: Planned, Ordering: FirstCome, SilenceConsent: true,
	}
}

// Fields encodes every field of the meeting.
func (m *Meeting) Fields() []crdt.Field {
	return []crdt.Field{
		field(FieldTitle, strings.TrimSpace(m.Title)),
		field(FieldTemplate, m.Template),
		idField(FieldBody, m.Body),
		field(FieldDate, m.Date),
		field(FieldTime, m.Time),
		field(FieldLanguage, m.Language),
		field(FieldStatus, string(m.Status)),
		field(FieldOrdering, string(m.Ordering)),
		field(FieldSilenceConsent, m.SilenceConsent),
		durField(FieldSpeakingLimit, m.SpeakingLimit),
		idField(FieldCurrentItem, m.CurrentItem),
		timeField(FieldStartedAt, m.StartedAt),
		timeField(FieldEndedAt, m.EndedAt),
	}
}

// ChangedFields encodes only the fields that differ from old, so that
// concurrent edits of different fields on two laptops both survive.
func (m *Meeting) ChangedFields(old *Meeting) []crdt.Field {
	return changedFields(m.Fields(), old.Fields())
}

// MeetingFromFields decodes a meeting, tolerating missing or malformed
// values. Missing status, ordering and language take their defaults, and
// a missing silence_consent means true.
func MeetingFromFields(id uuid.UUID, f map[string][]byte) Meeting {
	m := Meeting{ID: id, Language: French, Status: Planned, Ordering: FirstCome, SilenceConsent: true}
	get(f, FieldTitle, &m.Title)
	get(f, FieldTemplate, &m.Template)
	m.Body = getID(f, FieldBody)
	get(f, FieldDate, &m.Date)
	get(f, FieldTime, &m.Time)
	get(f, FieldLanguage, &m.Language)
	get(f, FieldStatus, &m.Status)
	get(f, FieldOrdering, &m.Ordering)
	get(f, FieldSilenceConsent, &m.SilenceConsent)
	m.SpeakingLimit = getDur(f, FieldSpeakingLimit)
	m.CurrentItem = getID(f, FieldCurrentItem)
	m.StartedAt = getTime(f, FieldStartedAt)
	m.EndedAt = getTime(f, FieldEndedAt)
	return m
}

// Validate reports the first problem with the meeting.
func (m *Meeting) Validate() error {
	if strings.TrimSpace(m.Title) == "" {
		return fmt.Errorf("meeting title is empty")
	}
	if err := checkDate("meeting date", m.Date, true); err != nil {
		return err
	}
	if m.Time != "" {
		if _, err := time.Parse(ClockLayout, m.Time); err != nil {
			return fmt.Errorf("meeting time %q is not a time of day: use HH:MM", m.Time)
		}
	}
	if m.Language != French && m.Language != English {
		return fmt.Errorf("meeting language %q: want fr or en", m.Language)
	}
	switch m.Status {
	case Planned, Live, Finished:
	default:
		return fmt.Errorf("meeting status %q: want planned, live or finished", m.Status)
	}
	switch m.Ordering {
	case FirstCome, Progressive:
	default:
		return fmt.Errorf("speaking order %q: want first-come or progressive", m.Ordering)
	}
	if m.SpeakingLimit < 0 {
		return fmt.Errorf("speaking limit %v is negative", m.SpeakingLimit)
	}
	if !m.EndedAt.IsZero() && !m.StartedAt.IsZero() && m.EndedAt.Before(m.StartedAt) {
		return fmt.Errorf("meeting ends (%s) before it starts (%s)", m.EndedAt.Format(time.DateTime), m.StartedAt.Format(time.DateTime))
	}
	return nil
}

// When is the planned start of the meeting in loc: its date at its time,
// or at midnight if no time is set. It is the zero time if the date is bad.
func (m *Meeting) When(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	clock := m.Time
	if clock == "" {
		clock = "00:00"
	}
	t, err := time.ParseInLocation(DateLayout+" "+ClockLayout, m.Date+" "+clock, loc)
	if err != nil {
		t, err = time.ParseInLocation(DateLayout, m.Date, loc)
		if err != nil {
			return time.Time{}
		}
	}
	return t
}

// Collective reports whether the meeting is one of the work collective
// rather than of a committee.
func (m *Meeting) Collective() bool { return m.Body == uuid.Nil }

// LimitFor is the speaking limit per turn on an item: the item's own if it
// has one, else the meeting's (0: none).
func (m *Meeting) LimitFor(it Item) time.Duration {
	if it.SpeakingLimit > 0 {
		return it.SpeakingLimit
	}
	return m.SpeakingLimit
}
