package evaluation

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// Record field names. A campaign and a grid are each one JSON value: HR
// edits them as a whole, rarely and on one laptop, so field-level merging
// would buy little and could mix two half-edited grids. A session's groups
// are one value too, for the same reason: a merge of two hand edits must
// keep one consistent set of groups, never half of each.
const (
	FieldCampaign = "campaign" // campaign record: the Campaign; groups record: the campaign id
	FieldGrid     = "grid"
	FieldSession  = "session"
	FieldGroups   = "groups"
)

// ErrBadRecord is wrapped by the decoders when a record's fields cannot be
// read: a bundle from another laptop (or another version) is untrusted
// input, so decoding fails instead of panicking or guessing.
var ErrBadRecord = errors.New("unreadable evaluation record")

// GroupsID is the deterministic id of the record holding a session's
// groups, so that two laptops forming the groups of the same campaign and
// session write one record (the later write wins) instead of two.
func GroupsID(campaign uuid.UUID, session string) uuid.UUID {
	return uuid.NewSHA1(campaign, []byte("groups/"+session))
}

// CampaignFields encodes a campaign as record fields.
func CampaignFields(c Campaign) []crdt.Field {
	return []crdt.Field{jsonField(FieldCampaign, c)}
}

// CampaignFromFields decodes a campaign record; the record id wins over
// any id inside the value.
func CampaignFromFields(id uuid.UUID, f map[string][]byte) (Campaign, error) {
	var c Campaign
	if err := decode(f, FieldCampaign, &c); err != nil {
		return Campaign{}, fmt.Errorf("campaign %s: %w", id, err)
	}
	c.ID = id
	return c, nil
}

// GridFields encodes a grid as record fields.
func GridFields(g Grid) []crdt.Field {
	return []crdt.Field{jsonField(FieldGrid, g)}
}

// GridFromFields decodes a grid record; the record id wins over any id
// inside the value.
func GridFromFields(id uuid.UUID, f map[string][]byte) (Grid, error) {
	var g Grid
	if err := decode(f, FieldGrid, &g); err != nil {
		return Grid{}, fmt.Errorf("grid %s: %w", id, err)
	}
	g.ID = id
	return g, nil
}

// GroupsFields encodes one session's groups of a campaign as record
// fields; the record id is GroupsID(campaign, s.Name).
func GroupsFields(campaign uuid.UUID, s Session) []crdt.Field {
	groups := s.Groups
	if groups == nil {
		groups = [][]uuid.UUID{}
	}
	return []crdt.Field{
		jsonField(FieldCampaign, campaign),
		jsonField(FieldSession, s.Name),
		jsonField(FieldGroups, groups),
	}
}

// GroupsFromFields decodes a groups record into its campaign and session.
func GroupsFromFields(id uuid.UUID, f map[string][]byte) (uuid.UUID, Session, error) {
	var campaign uuid.UUID
	var s Session
	if err := decode(f, FieldCampaign, &campaign); err != nil {
		return uuid.Nil, Session{}, fmt.Errorf("groups %s: %w", id, err)
	}
	if err := decode(f, FieldSession, &s.Name); err != nil {
		return uuid.Nil, Session{}, fmt.Errorf("groups %s: %w", id, err)
	}
	if err := decode(f, FieldGroups, &s.Groups); err != nil {
		return uuid.Nil, Session{}, fmt.Errorf("groups %s: %w", id, err)
	}
	if strings.TrimSpace(s.Name) == "" {
		return uuid.Nil, Session{}, fmt.Errorf("groups %s: no session: %w", id, ErrBadRecord)
	}
	return campaign, s, nil
}

// decode reads one required JSON field.
func decode(f map[string][]byte, name string, v any) error {
	b, ok := f[name]
	if !ok {
		return fmt.Errorf("no field %q: %w", name, ErrBadRecord)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("field %q: %w: %v", name, ErrBadRecord, err)
	}
	return nil
}

// jsonField encodes one field. The values are plain structs, so an error
// is a programming error.
func jsonField(name string, v any) crdt.Field {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("evaluation: encode field %s: %v", name, err))
	}
	return crdt.Field{Name: name, Value: b}
}
