package konbit

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// Category is a member's relationship to the co-op (field study l.155-168).
type Category string

// Member categories.
const (
	Salaried   Category = "salaried"
	Freelancer Category = "freelancer"
	External   Category = "external"
)

// Categories lists the categories in display order.
var categories = [...]Category{Salaried, Freelancer, External}

// Categories lists the valid categories in display order.
func Categories() []Category { return categories[:] }

// ParseCategory checks a category name.
func ParseCategory(s string) (Category, error) {
	for _, c := range categories {
		if strings.EqualFold(s, string(c)) {
			return c, nil
		}
	}
	return "", fmt.Errorf("unknown category %q: want salaried, freelancer or external", s)
}

// Member is a person of the organisation.
type Member struct {
	ID          uuid.UUID
	Name        string
	Category    Category
	WeeklyHours float64  // usual hours per week, 0 if unknown
	Languages   []string // ISO 639-1 codes, e.g. "fr", "en"
	// Gender is optional and self-described. It is used only for aggregate
	// speaking-time statistics, never shown per person.
	Gender string
}

// Member field names, as stored in records.
const (
	FieldName      = "name"
	FieldCategory  = "category"
	FieldHours     = "hours"
	FieldLanguages = "languages"
	FieldGender    = "gender"
)

// MaxWeeklyHours bounds weekly hours.
const MaxWeeklyHours = 80

// Errors of member validation.
var (
	ErrEmptyName = errors.New("name is empty")
	ErrHours     = fmt.Errorf("weekly hours must be between 0 and %d", MaxWeeklyHours)
)

// Normalize trims text and sorts and de-duplicates languages.
func (m *Member) Normalize() {
	m.Name = strings.TrimSpace(m.Name)
	m.Gender = strings.TrimSpace(m.Gender)
	m.Languages = normalizeLanguages(m.Languages)
	if m.Category == "" {
		m.Category = Salaried
	}
}

// Validate reports the first problem with the member.
func (m *Member) Validate() error {
	if strings.TrimSpace(m.Name) == "" {
		return ErrEmptyName
	}
	if _, err := ParseCategory(string(m.Category)); err != nil {
		return err
	}
	if m.WeeklyHours < 0 || m.WeeklyHours > MaxWeeklyHours || math.IsNaN(m.WeeklyHours) {
		return ErrHours
	}
	for _, l := range m.Languages {
		if !ValidLanguage(l) {
			return fmt.Errorf("invalid language code %q: use two letters such as fr or en", l)
		}
	}
	return nil
}

// Fields encodes every field of the member as record fields.
func (m *Member) Fields() []crdt.Field {
	langs := m.Languages
	if langs == nil {
		langs = []string{}
	}
	return []crdt.Field{
		jsonField(FieldName, m.Name),
		jsonField(FieldCategory, string(m.Category)),
		jsonField(FieldHours, m.WeeklyHours),
		jsonField(FieldLanguages, langs),
		jsonField(FieldGender, m.Gender),
	}
}

// ChangedFields encodes only the fields that differ from old, so that
// concurrent edits of different fields on two laptops both survive.
func (m *Member) ChangedFields(old *Member) []crdt.Field {
	var out []crdt.Field
	oldF := map[string]string{}
	for _, f := range old.Fields() {
		oldF[f.Name] = string(f.Value)
	}
	for _, f := range m.Fields() {
		if oldF[f.Name] != string(f.Value) {
			out = append(out, f)
		}
	}
	return out
}

// WithEdits returns m with the fields in which edited differs from orig
// (the version the editor started from): what one person changed, applied
// onto the current version, so edits merged meanwhile from other laptops
// to other fields are kept.
func (m Member) WithEdits(orig, edited Member) Member {
	orig.Normalize()
	edited.Normalize()
	if edited.Name != orig.Name {
		m.Name = edited.Name
	}
	if edited.Category != orig.Category {
		m.Category = edited.Category
	}
	if edited.WeeklyHours != orig.WeeklyHours {
		m.WeeklyHours = edited.WeeklyHours
	}
	if !slices.Equal(edited.Languages, orig.Languages) {
		m.Languages = edited.Languages
	}
	if edited.Gender != orig.Gender {
		m.Gender = edited.Gender
	}
	return m
}

// MemberFromFields decodes a member from record fields, tolerating missing
// or malformed values (a field written by a newer version, say).
func MemberFromFields(id uuid.UUID, fields map[string][]byte) Member {
	m := Member{ID: id}
	_ = json.Unmarshal(fields[FieldName], &m.Name)
	var cat string
	_ = json.Unmarshal(fields[FieldCategory], &cat)
	m.Category = Category(cat)
	_ = json.Unmarshal(fields[FieldHours], &m.WeeklyHours)
	_ = json.Unmarshal(fields[FieldLanguages], &m.Languages)
	_ = json.Unmarshal(fields[FieldGender], &m.Gender)
	return m
}

// MemberFieldNames lists the fields `member set` accepts.
func MemberFieldNames() []string {
	return []string{FieldName, FieldCategory, FieldHours, FieldLanguages, FieldGender}
}

// SetField parses FIELD=VALUE text (as typed on the command line) into the
// member, then validates it.
func (m *Member) SetField(name, value string) error {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case FieldName:
		m.Name = value
	case FieldCategory:
		c, err := ParseCategory(value)
		if err != nil {
			return err
		}
		m.Category = c
	case FieldHours, "weekly_hours":
		h, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			return fmt.Errorf("hours: %q is not a number", value)
		}
		m.WeeklyHours = h
	case FieldLanguages, "lang":
		m.Languages = ParseLanguages(value)
	case FieldGender:
		m.Gender = value
	default:
		return fmt.Errorf("unknown member field %q: want one of %s", name, strings.Join(MemberFieldNames(), ", "))
	}
	m.Normalize()
	return m.Validate()
}

// ParseLanguages splits "fr, en" into normalised codes.
func ParseLanguages(s string) []string {
	return normalizeLanguages(strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }))
}

func normalizeLanguages(in []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, l := range in {
		l = strings.ToLower(strings.TrimSpace(l))
		if l != "" && !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

// ValidLanguage accepts ISO 639 language codes: two or three lower-case
// letters.
func ValidLanguage(l string) bool {
	if len(l) < 2 || len(l) > 3 {
		return false
	}
	for _, r := range l {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

func jsonField(name string, v any) crdt.Field {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("konbit: encode field %s: %v", name, err)) // only plain values are passed
	}
	return crdt.Field{Name: name, Value: b}
}
