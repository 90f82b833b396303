package konbit

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// Committee is a standing working group (annex 6.4 of the field study).
type Committee struct {
	ID          uuid.UUID
	Name        string
	Description string
}

// Committee field names.
const (
	FieldDescription = "description"
)

// Validate reports the first problem with the committee.
func (c *Committee) Validate() error {
	if strings.TrimSpace(c.Name) == "" {
		return ErrEmptyName
	}
	return nil
}

// Fields encodes the committee as record fields.
func (c *Committee) Fields() []crdt.Field {
	return []crdt.Field{
		jsonField(FieldName, strings.TrimSpace(c.Name)),
		jsonField(FieldDescription, c.Description),
	}
}

// CommitteeFromFields decodes a committee from record fields.
func CommitteeFromFields(id uuid.UUID, fields map[string][]byte) Committee {
	c := Committee{ID: id}
	_ = json.Unmarshal(fields[FieldName], &c.Name)
	_ = json.Unmarshal(fields[FieldDescription], &c.Description)
	return c
}

// Membership links a member to a committee. Leaving deletes the record;
// joining again creates a new one (record ids are never reused).
type Membership struct {
	ID         uuid.UUID
	Committee  uuid.UUID
	Member     uuid.UUID
	Occasional bool // takes part now and then (the "/" of annex 6.4)
}

// Membership field names.
const (
	FieldCommittee  = "committee"
	FieldMember     = "member"
	FieldOccasional = "occasional"
)

// Fields encodes the membership as record fields.
func (m *Membership) Fields() []crdt.Field {
	return []crdt.Field{
		jsonField(FieldCommittee, m.Committee.String()),
		jsonField(FieldMember, m.Member.String()),
		jsonField(FieldOccasional, m.Occasional),
	}
}

// MembershipFromFields decodes a membership from record fields.
func MembershipFromFields(id uuid.UUID, fields map[string][]byte) Membership {
	m := Membership{ID: id}
	var s string
	if json.Unmarshal(fields[FieldCommittee], &s) == nil {
		m.Committee, _ = uuid.Parse(s)
	}
	s = ""
	if json.Unmarshal(fields[FieldMember], &s) == nil {
		m.Member, _ = uuid.Parse(s)
	}
	_ = json.Unmarshal(fields[FieldOccasional], &m.Occasional)
	return m
}

// DeviceRecordID is the id of the record in which a laptop publishes its
// name. It is derived from the device id, so each laptop has exactly one;
// its version nibble (8) keeps it apart from the v7 ids of other records.
func DeviceRecordID(d crdt.DeviceID) uuid.UUID {
	id := uuid.UUID(d)
	id[6] = id[6]&0x0f | 0x80
	id[8] = id[8]&0x3f | 0x80
	return id
}

// MaxDeviceNameLen bounds a laptop's name.
const MaxDeviceNameLen = 60

// DeviceNameField encodes a laptop name as a record field.
func DeviceNameField(name string) (crdt.Field, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return crdt.Field{}, ErrEmptyName
	}
	if len([]rune(name)) > MaxDeviceNameLen {
		return crdt.Field{}, fmt.Errorf("a laptop name has at most %d characters", MaxDeviceNameLen)
	}
	return jsonField(FieldName, name), nil
}

// DeviceNameFromFields decodes a laptop name ("" if none).
func DeviceNameFromFields(fields map[string][]byte) string {
	var name string
	_ = json.Unmarshal(fields[FieldName], &name)
	return name
}
