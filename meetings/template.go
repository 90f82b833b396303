package meetings

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// TemplateItem is an agenda item a template puts in each new meeting.
type TemplateItem struct {
	Type    ItemType
	Kind    ItemKind
	TitleEN string
	TitleFR string
	Timebox time.Duration
	Session string
}

// templateItemJSON is the stored form of a TemplateItem (timebox in ms).
type templateItemJSON struct {
	Type      ItemType `json:"type"`
	Kind      ItemKind `json:"kind"`
	TitleEN   string   `json:"title_en"`
	TitleFR   string   `json:"title_fr"`
	TimeboxMS int64    `json:"timebox_ms"`
	Session   string   `json:"session,omitempty"`
}

// MarshalJSON stores the timebox in milliseconds.
func (t TemplateItem) MarshalJSON() ([]byte, error) {
	return json.Marshal(templateItemJSON{t.Type, t.Kind, t.TitleEN, t.TitleFR, t.Timebox.Milliseconds(), t.Session})
}

// UnmarshalJSON reads the stored form.
func (t *TemplateItem) UnmarshalJSON(b []byte) error {
	var w templateItemJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("template item: %w", err)
	}
	*t = TemplateItem{w.Type, w.Kind, w.TitleEN, w.TitleFR, time.Duration(w.TimeboxMS) * time.Millisecond, w.Session}
	return nil
}

// Title is the item's title in lang, falling back to the other language.
func (t TemplateItem) Title(lang string) string {
	if lang == French && t.TitleFR != "" || t.TitleEN == "" {
		return t.TitleFR
	}
	return t.TitleEN
}

// Template is a meeting template. Templates are records that people can
// edit; the defaults have ids derived from their key, so two laptops that
// seed them offline write the same records. The item list is one field:
// two concurrent edits of the items keep the later one whole.
type Template struct {
	ID       uuid.UUID
	Key      string
	NameEN   string
	NameFR   string
	Items    []TemplateItem
	Sessions []string // session labels in order, for multi-session meetings
}

// Template field names.
const (
	FieldKey      = "key"
	FieldNameEN   = "name_en"
	FieldNameFR   = "name_fr"
	FieldItems    = "items"
	FieldSessions = "sessions"
)

// Default template keys.
const (
	TemplateWeeklyProduction  = "weekly-production"
	TemplateMonthlyReflection = "monthly-reflection"
	TemplateCommittee         = "committee"
	TemplateGeneralAssembly   = "general-assembly"
	TemplateWeekend           = "weekend"
	TemplateBlank             = "blank"
)

// TemplateID is the deterministic id of the template with the given key.
func TemplateID(key string) uuid.UUID { return derive("template", key) }

// Name is the template's name in lang, falling back to the other language.
func (t *Template) Name(lang string) string {
	if lang == French && t.NameFR != "" || t.NameEN == "" {
		return t.NameFR
	}
	return t.NameEN
}

// Fields encodes every field of the template.
func (t *Template) Fields() []crdt.Field {
	items, sessions := t.Items, t.Sessions
	if items == nil {
		items = []TemplateItem{}
	}
	if sessions == nil {
		sessions = []string{}
	}
	return []crdt.Field{
		field(FieldKey, t.Key),
		field(FieldNameEN, t.NameEN),
		field(FieldNameFR, t.NameFR),
		field(FieldItems, items),
		field(FieldSessions, sessions),
	}
}

// ChangedFields encodes only the fields that differ from old.
func (t *Template) ChangedFields(old *Template) []crdt.Field {
	return changedFields(t.Fields(), old.Fields())
}

// TemplateFromFields decodes a template, tolerating missing or bad values.
func TemplateFromFields(id uuid.UUID, f map[string][]byte) Template {
	t := Template{ID: id}
	get(f, FieldKey, &t.Key)
	get(f, FieldNameEN, &t.NameEN)
	get(f, FieldNameFR, &t.NameFR)
	get(f, FieldItems, &t.Items)
	get(f, FieldSessions, &t.Sessions)
	return t
}

// Validate reports the first problem with the template.
func (t *Template) Validate() error {
	if strings.TrimSpace(t.Key) == "" {
		return fmt.Errorf("template key is empty")
	}
	if strings.TrimSpace(t.NameEN) == "" && strings.TrimSpace(t.NameFR) == "" {
		return fmt.Errorf("template %s has no name", t.Key)
	}
	for i, it := range t.Items {
		if strings.TrimSpace(it.TitleEN) == "" && strings.TrimSpace(it.TitleFR) == "" {
			return fmt.Errorf("template %s: item %d has no title", t.Key, i+1)
		}
		probe := Item{Meeting: t.ID, Title: "x", Type: it.Type, Kind: it.Kind, Timebox: it.Timebox}
		if err := probe.Validate(); err != nil {
			return fmt.Errorf("template %s: item %d: %w", t.Key, i+1, err)
		}
		if it.Session != "" && len(t.Sessions) > 0 && !slices.Contains(t.Sessions, it.Session) {
			return fmt.Errorf("template %s: item %d is in unknown session %q", t.Key, i+1, it.Session)
		}
	}
	return nil
}

// Instantiate makes the agenda items of a new meeting from the template,
// titled in lang, with new ids and positions 1, 2, 3...
func (t *Template) Instantiate(meeting uuid.UUID, lang string) []Item {
	out := make([]Item, 0, len(t.Items))
	for i, ti := range t.Items {
		out = append(out, Item{
			ID: crdt.NewID(), Meeting: meeting, Position: float64(i + 1),
			Type: ti.Type, Kind: ti.Kind, Title: ti.Title(lang), Timebox: ti.Timebox, Session: ti.Session,
		})
	}
	return out
}

// TemplateKeys lists the keys of the default templates, in menu order.
func TemplateKeys() []string {
	return []string{TemplateWeeklyProduction, TemplateMonthlyReflection, TemplateCommittee,
		TemplateGeneralAssembly, TemplateWeekend, TemplateBlank}
}

// ParseTemplateKey checks a template key as typed (case and spaces ignored).
func ParseTemplateKey(s string) (string, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	if slices.Contains(TemplateKeys(), k) {
		return k, nil
	}
	return "", fmt.Errorf("unknown template %q: want one of %s", s, strings.Join(TemplateKeys(), ", "))
}

func item(typ ItemType, kind ItemKind, en, fr string, box time.Duration, session string) TemplateItem {
	return TemplateItem{Type: typ, Kind: kind, TitleEN: en, TitleFR: fr, Timebox: box, Session: session}
}

// DefaultTemplates returns the templates Konbit seeds, built on the
// co-op's meeting practice (DOMAIN.md, Meetings), with deterministic ids.
func DefaultTemplates() []Template {
	const m = time.Minute
	ts := []Template{
		{
			Key: TemplateWeeklyProduction, NameEN: "Weekly production meeting", NameFR: "Réunion de production hebdomadaire",
			Sessions: []string{"Stand-up", "Seated"},
			Items: []TemplateItem{
				item(InfoItem, KindRoundPeople, "Stand-up: priorities, help needed, availability, announcements, sales",
					"Debout : priorités, besoins d'aide, disponibilités, annonces, ventes", 40*m, "Stand-up"),
				item(InfoItem, KindAccounts, "Round of accounts", "Tour des comptes", 15*m, "Seated"),
			},
		},
		{
			Key: TemplateMonthlyReflection, NameEN: "Monthly reflection meeting", NameFR: "Réunion de réflexion mensuelle",
			Items: []TemplateItem{
				item(InfoItem, KindMembershipCheck, "Membership check", "Vérification de l'appartenance", 10*m, ""),
				item(InfoItem, KindRoundCommittees, "Round of committees", "Tour des comités", 30*m, ""),
			},
		},
		{
			Key: TemplateCommittee, NameEN: "Committee meeting", NameFR: "Réunion de comité",
			Items: []TemplateItem{
				item(InfoItem, KindRoundPeople, "Check-in round", "Tour de table", 10*m, ""),
				item(InfoItem, KindNormal, "Follow-up of actions", "Suivi des actions", 10*m, ""),
			},
		},
		{
			Key: TemplateGeneralAssembly, NameEN: "General assembly", NameFR: "Assemblée générale",
			Items: []TemplateItem{
				item(InfoItem, KindNormal, "Opening and quorum", "Ouverture et quorum", 10*m, ""),
				item(ProposalItem, KindNormal, "Adoption of the agenda", "Adoption de l'ordre du jour", 5*m, ""),
				item(InfoItem, KindNormal, "Annual report", "Rapport annuel", 30*m, ""),
				item(InfoItem, KindNormal, "Financial statements", "États financiers", 30*m, ""),
				item(ProposalItem, KindNormal, "Election of the board", "Élection du conseil d'administration", 30*m, ""),
			},
		},
		{
			Key: TemplateWeekend, NameEN: "Annual reflection weekend", NameFR: "Fin de semaine de réflexion annuelle",
			Sessions: []string{"Saturday morning", "Saturday afternoon", "Sunday morning"},
			Items: []TemplateItem{
				item(InfoItem, KindRoundPeople, "Opening round", "Tour d'ouverture", 45*m, "Saturday morning"),
				item(InfoItem, KindNormal, "Review of the year", "Bilan de l'année", 90*m, "Saturday morning"),
				item(BrainstormItem, KindNormal, "Workshops", "Ateliers", 150*m, "Saturday afternoon"),
				item(ProposalItem, KindNormal, "Proposals from the workshops", "Propositions des ateliers", 120*m, "Sunday morning"),
				item(InfoItem, KindRoundPeople, "Closing round", "Tour de clôture", 30*m, "Sunday morning"),
			},
		},
		{Key: TemplateBlank, NameEN: "Blank meeting", NameFR: "Réunion vierge", Items: []TemplateItem{}},
	}
	for i := range ts {
		ts[i].ID = TemplateID(ts[i].Key)
	}
	return ts
}
