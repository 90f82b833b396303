package trust

import (
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// Record types of the roster. They are also listed in the root package's
// types (konbit.TypeAdmission, konbit.TypeRemoval), as Live records.
const (
	TypeAdmission = "device_admission"
	TypeRemoval   = "device_removal"
)

// Field names of the roster records. Values are binary: ids and keys as
// raw bytes, times as big-endian Unix milliseconds (i64), the cut as a
// big-endian u64, the name as UTF-8.
const (
	FieldDevice = "device"
	FieldKey    = "key"
	FieldName   = "name"
	FieldBy     = "by"
	FieldAt     = "at"
	FieldCut    = "cut"
)

// MaxNameLen bounds the name an admission gives a laptop, in bytes.
const MaxNameLen = 256

// namespace is Konbit's namespace of derived ids (as in meetings).
var namespace = uuid.MustParse("5b3c1f1e-6a0d-4c0e-9a53-6b6f6e626974")

// ErrInvalid is wrapped by every error about a malformed roster record.
var ErrInvalid = errors.New("invalid roster record")

// Why a device may not sync (Roster.Check wraps them; the message names the
// device). Their text is a prefix the messages do not repeat.
var (
	ErrRemoved     = errors.New("removed from this group's roster")
	ErrNotAdmitted = errors.New("not on this group's roster")
)

// AdmissionID is the id of the record in which by admits device: one
// record per (admitted, admitter) pair, so two laptops admitting the same
// one write two records and neither overwrites the other.
func AdmissionID(device, by crdt.DeviceID) uuid.UUID {
	return uuid.NewSHA1(namespace, []byte("admission/"+device.String()+"/"+by.String()))
}

// RemovalID is the id of the record in which by removes device: one
// record per (removed, remover) pair, as for admissions. With one shared
// record, resolved last-writer-wins, a later-stamped removal with a larger
// cut (or the removed laptop's own) would replace an earlier one; with
// one each, the roster sees them all and keeps the smallest cut.
func RemovalID(device, by crdt.DeviceID) uuid.UUID {
	return uuid.NewSHA1(namespace, []byte("removal/"+device.String()+"/"+by.String()))
}

// LegacyRemovalID is the id removals had on the first day of the roster
// (one record per device, whoever removed it). Such records are still
// read; none is written any more.
func LegacyRemovalID(device crdt.DeviceID) uuid.UUID {
	return uuid.NewSHA1(namespace, []byte("removal/"+device.String()))
}

// Admission says that By admitted Device (whose key is Key) at At.
type Admission struct {
	Device crdt.DeviceID
	Key    ed25519.PublicKey
	Name   string
	By     crdt.DeviceID
	At     time.Time
}

// NewAdmission builds the admission of the device whose key is pub.
func NewAdmission(pub ed25519.PublicKey, name string, by crdt.DeviceID, at time.Time) (Admission, error) {
	a := Admission{Key: pub, Name: name, By: by, At: at.UTC().Truncate(time.Millisecond)}
	if len(pub) == ed25519.PublicKeySize {
		a.Device = crdt.DeviceIDFromPublicKey(pub)
	}
	return a, a.check()
}

func (a Admission) check() error {
	switch {
	case len(a.Key) != ed25519.PublicKeySize:
		return fmt.Errorf("%w: admission key is %d bytes, want %d", ErrInvalid, len(a.Key), ed25519.PublicKeySize)
	case crdt.DeviceIDFromPublicKey(a.Key) != a.Device:
		return fmt.Errorf("%w: admitted device %s does not match its key", ErrInvalid, a.Device.Short())
	case len(a.Name) > MaxNameLen || !utf8.ValidString(a.Name):
		return fmt.Errorf("%w: admission name is not UTF-8 of at most %d bytes", ErrInvalid, MaxNameLen)
	}
	return nil
}

// ID is the admission's record id.
func (a Admission) ID() uuid.UUID { return AdmissionID(a.Device, a.By) }

// Op is the operation that writes the admission.
func (a Admission) Op() crdt.Op {
	return crdt.Set(a.ID(), TypeAdmission,
		crdt.Field{Name: FieldAt, Value: binary.BigEndian.AppendUint64(nil, uint64(a.At.UnixMilli()))},
		crdt.Field{Name: FieldBy, Value: append([]byte(nil), a.By[:]...)},
		crdt.Field{Name: FieldDevice, Value: append([]byte(nil), a.Device[:]...)},
		crdt.Field{Name: FieldKey, Value: append([]byte(nil), a.Key...)},
		crdt.Field{Name: FieldName, Value: []byte(a.Name)},
	)
}

// AdmissionFromFields parses an admission record (id and field values, as
// the live view holds them). It checks that the id is the one the fields
// imply, so a record cannot pose as another pair's admission.
func AdmissionFromFields(id uuid.UUID, fields map[string][]byte) (Admission, error) {
	var a Admission
	var err error
	if a.Device, err = deviceField(fields, FieldDevice); err != nil {
		return a, err
	}
	if a.By, err = deviceField(fields, FieldBy); err != nil {
		return a, err
	}
	a.Key = append(ed25519.PublicKey(nil), fields[FieldKey]...)
	a.Name = string(fields[FieldName])
	if a.At, err = timeField(fields, FieldAt); err != nil {
		return a, err
	}
	if err := a.check(); err != nil {
		return a, err
	}
	if id != a.ID() {
		return a, fmt.Errorf("%w: admission record %s does not have the id of %s admitted by %s", ErrInvalid, id, a.Device.Short(), a.By.Short())
	}
	return a, nil
}

// Removal says that By removed Device at At. Cut is By's vector entry for
// Device when it removed it: Device's changes up to Cut were made before
// the removal and stay; later ones are refused.
type Removal struct {
	Device crdt.DeviceID
	By     crdt.DeviceID
	At     time.Time
	Cut    uint64
}

// ID is the removal's record id.
func (r Removal) ID() uuid.UUID { return RemovalID(r.Device, r.By) }

// Op is the operation that writes the removal.
func (r Removal) Op() crdt.Op {
	return crdt.Set(r.ID(), TypeRemoval,
		crdt.Field{Name: FieldAt, Value: binary.BigEndian.AppendUint64(nil, uint64(r.At.UTC().Truncate(time.Millisecond).UnixMilli()))},
		crdt.Field{Name: FieldBy, Value: append([]byte(nil), r.By[:]...)},
		crdt.Field{Name: FieldCut, Value: binary.BigEndian.AppendUint64(nil, r.Cut)},
		crdt.Field{Name: FieldDevice, Value: append([]byte(nil), r.Device[:]...)},
	)
}

// RemovalFromFields parses a removal record.
func RemovalFromFields(id uuid.UUID, fields map[string][]byte) (Removal, error) {
	var r Removal
	var err error
	if r.Device, err = deviceField(fields, FieldDevice); err != nil {
		return r, err
	}
	if r.By, err = deviceField(fields, FieldBy); err != nil {
		return r, err
	}
	if r.At, err = timeField(fields, FieldAt); err != nil {
		return r, err
	}
	cut := fields[FieldCut]
	if len(cut) != 8 {
		return r, fmt.Errorf("%w: removal cut is %d bytes, want 8", ErrInvalid, len(cut))
	}
	r.Cut = binary.BigEndian.Uint64(cut)
	if r.Device == r.By {
		// A laptop cannot remove itself: its own "removal" could only
		// serve to pre-empt the real one (with a cut that keeps
		// everything it writes later).
		return r, fmt.Errorf("%w: device %s removes itself", ErrInvalid, r.Device.Short())
	}
	if id != r.ID() && id != LegacyRemovalID(r.Device) {
		return r, fmt.Errorf("%w: removal record %s does not have the id of %s removed by %s", ErrInvalid, id, r.Device.Short(), r.By.Short())
	}
	return r, nil
}

func deviceField(fields map[string][]byte, name string) (crdt.DeviceID, error) {
	var d crdt.DeviceID
	v := fields[name]
	if len(v) != len(d) {
		return d, fmt.Errorf("%w: field %s is %d bytes, want %d", ErrInvalid, name, len(v), len(d))
	}
	copy(d[:], v)
	return d, nil
}

func timeField(fields map[string][]byte, name string) (time.Time, error) {
	v := fields[name]
	if len(v) != 8 {
		return time.Time{}, fmt.Errorf("%w: field %s is %d bytes, want 8", ErrInvalid, name, len(v))
	}
	return time.UnixMilli(int64(binary.BigEndian.Uint64(v))).UTC(), nil
}

// opFields gathers an op's fields by name (a later write of a name wins,
// as within a change).
func opFields(op *crdt.Op) map[string][]byte {
	m := make(map[string][]byte, len(op.Fields))
	for _, f := range op.Fields {
		m[f.Name] = f.Value
	}
	return m
}

// FromRecord parses a roster record of either type; both results are nil
// for a record of another type.
func FromRecord(rec *crdt.Record) (adm *Admission, rem *Removal, err error) {
	if rec == nil {
		return nil, nil, nil
	}
	vals := make(map[string][]byte, len(rec.Fields))
	for n, f := range rec.Fields {
		vals[n] = f.Value
	}
	return fromFields(rec.ID, rec.Type, vals)
}

func fromFields(id uuid.UUID, typ string, vals map[string][]byte) (*Admission, *Removal, error) {
	switch typ {
	case TypeAdmission:
		a, err := AdmissionFromFields(id, vals)
		if err != nil {
			return nil, nil, err
		}
		return &a, nil, nil
	case TypeRemoval:
		r, err := RemovalFromFields(id, vals)
		if err != nil {
			return nil, nil, err
		}
		return nil, &r, nil
	}
	return nil, nil, nil
}

// FromChange returns the admissions and removals a change writes. It
// scans only the ops of a roster type. A roster op that is malformed,
// deletes a roster record, or is written in another device's name (its
// By is not the change's origin) is an error: such a change forges the
// roster and must be refused.
func FromChange(c *crdt.Change) (adms []Admission, rems []Removal, err error) {
	for i := range c.Ops {
		op := &c.Ops[i]
		if op.Type != TypeAdmission && op.Type != TypeRemoval {
			continue
		}
		if op.Kind != crdt.OpSet {
			return nil, nil, fmt.Errorf("%w: change %s/%d deletes or rewrites roster record %s", ErrInvalid, c.Origin.Short(), c.Seq, op.Record)
		}
		a, r, err := fromFields(op.Record, op.Type, opFields(op))
		if err != nil {
			return nil, nil, fmt.Errorf("change %s/%d: %w", c.Origin.Short(), c.Seq, err)
		}
		switch {
		case a != nil && a.By != c.Origin:
			return nil, nil, fmt.Errorf("%w: change %s/%d writes an admission in the name of %s", ErrInvalid, c.Origin.Short(), c.Seq, a.By.Short())
		case r != nil && r.By != c.Origin:
			return nil, nil, fmt.Errorf("%w: change %s/%d writes a removal in the name of %s", ErrInvalid, c.Origin.Short(), c.Seq, r.By.Short())
		case r != nil && op.Record != r.ID():
			// Legacy ids (one record per device) are read, never written.
			return nil, nil, fmt.Errorf("%w: change %s/%d writes the removal of %s under the shared legacy id", ErrInvalid, c.Origin.Short(), c.Seq, r.Device.Short())
		case a != nil:
			adms = append(adms, *a)
		case r != nil:
			rems = append(rems, *r)
		}
	}
	return adms, rems, nil
}
