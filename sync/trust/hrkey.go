package trust

import (
	"fmt"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/sync/crdt"
)

// Field names of an HR key record (konbit.TypeHRKey): the member it
// belongs to, the laptop holding its private key, and the public key.
const (
	HRKeyFieldMember = "member"
	HRKeyFieldDevice = "device"
	HRKeyFieldPublic = "public"
)

// HRKeyID is the id of the record publishing member's HR public key from
// device: one record per (member, laptop), so judging can check that a
// record is written under the id its own fields imply.
func HRKeyID(member uuid.UUID, device crdt.DeviceID) uuid.UUID {
	return uuid.NewSHA1(member, append([]byte("hr-key/"), device[:]...))
}

// hrKeyForgery says how an op on an HR key record forges it (nil if it
// does not). Campaign keys are sealed to the published HR keys, so a
// member who could publish a key for another laptop (or another member)
// would be handed every campaign granted to it. A key may be published
// only by the laptop named in its device field, under the id HRKeyID
// derives. Nothing deletes an HR key, and a delete carries no fields to
// tell whose key it aims at, so every delete is refused.
func hrKeyForgery(c *crdt.Change, op *crdt.Op) error {
	if op.Type != konbit.TypeHRKey {
		return nil
	}
	if op.Kind != crdt.OpSet {
		return fmt.Errorf("%w: change %s/%d deletes HR key record %s", ErrInvalid, c.Origin.Short(), c.Seq, op.Record)
	}
	f := opFields(op)
	dev, err := deviceField(f, HRKeyFieldDevice)
	if err != nil {
		return fmt.Errorf("change %s/%d: HR key: %w", c.Origin.Short(), c.Seq, err)
	}
	if dev != c.Origin {
		return fmt.Errorf("%w: change %s/%d publishes an HR key for another laptop (%s)", ErrInvalid, c.Origin.Short(), c.Seq, dev.Short())
	}
	member, err := uuid.FromBytes(f[HRKeyFieldMember])
	if err != nil {
		return fmt.Errorf("%w: change %s/%d: HR key member: %v", ErrInvalid, c.Origin.Short(), c.Seq, err)
	}
	if op.Record != HRKeyID(member, dev) {
		return fmt.Errorf("%w: change %s/%d writes an HR key under id %s, not the one its member and laptop imply", ErrInvalid, c.Origin.Short(), c.Seq, op.Record)
	}
	return nil
}
