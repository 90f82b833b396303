package trust

import (
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/groupkey"
)

// Roster is one replica's view of the group's devices: itself (the root
// it trusts implicitly), the devices admissions name, and the removals.
// The zero value is not usable: build one with NewRoster.
type Roster struct {
	self     crdt.DeviceID
	admitted map[crdt.DeviceID][]Admission
	removed  map[crdt.DeviceID]Removal
}

// NewRoster builds the roster of self from the admissions and removals a
// replica holds (which it judged when it merged them).
func NewRoster(self crdt.DeviceID, adms []Admission, rems []Removal) *Roster {
	r := &Roster{self: self, admitted: map[crdt.DeviceID][]Admission{}, removed: map[crdt.DeviceID]Removal{}}
	for _, a := range adms {
		r.admit(a)
	}
	for _, rm := range rems {
		r.remove(rm)
	}
	return r
}

// Clone returns an independent copy.
func (r *Roster) Clone() *Roster {
	c := &Roster{self: r.self, admitted: make(map[crdt.DeviceID][]Admission, len(r.admitted)), removed: make(map[crdt.DeviceID]Removal, len(r.removed))}
	for d, as := range r.admitted {
		c.admitted[d] = slices.Clone(as)
	}
	for d, rm := range r.removed {
		c.removed[d] = rm
	}
	return c
}

func (r *Roster) admit(a Admission) bool {
	as := r.admitted[a.Device]
	for _, o := range as {
		if o.By == a.By {
			return false
		}
	}
	r.admitted[a.Device] = append(as, a)
	return true
}

// remove records a removal. Of two removals of one device, the one with
// the smaller cut counts: it refuses more, whatever order they came in.
func (r *Roster) remove(rm Removal) {
	if old, ok := r.removed[rm.Device]; ok && (old.Cut < rm.Cut || old.Cut == rm.Cut && old.By.Compare(rm.By) <= 0) {
		return
	}
	r.removed[rm.Device] = rm
}

// Self is the replica's own device, the roster's root.
func (r *Roster) Self() crdt.DeviceID { return r.self }

// Admitted reports whether d is on the roster (self, or named by an
// admission), removed or not.
func (r *Roster) Admitted(d crdt.DeviceID) bool {
	return d == r.self || len(r.admitted[d]) > 0
}

// Admissions lists the admissions of d, earliest first.
func (r *Roster) Admissions(d crdt.DeviceID) []Admission {
	as := slices.Clone(r.admitted[d])
	slices.SortFunc(as, func(a, b Admission) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return a.By.Compare(b.By)
	})
	return as
}

// Removal returns d's removal, if it was removed.
func (r *Roster) Removal(d crdt.DeviceID) (Removal, bool) {
	rm, ok := r.removed[d]
	return rm, ok
}

// Devices lists every device the roster names (self, admitted, removed),
// in id order.
func (r *Roster) Devices() []crdt.DeviceID {
	seen := map[crdt.DeviceID]bool{r.self: true}
	for d := range r.admitted {
		seen[d] = true
	}
	for d := range r.removed {
		seen[d] = true
	}
	out := make([]crdt.DeviceID, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	slices.SortFunc(out, crdt.DeviceID.Compare)
	return out
}

// Check says whether d may act as a peer now: nil if it is on the roster
// and not removed, else an error naming it and saying why. A replica
// never refuses itself.
func (r *Roster) Check(d crdt.DeviceID) error {
	if d == r.self {
		return nil
	}
	if rm, ok := r.removed[d]; ok {
		return fmt.Errorf("device %s was %w by %s on %s", d.Short(), ErrRemoved, rm.By.Short(), rm.At.Format("2006-01-02"))
	}
	if len(r.admitted[d]) == 0 {
		return fmt.Errorf("device %s is %w", d.Short(), ErrNotAdmitted)
	}
	return nil
}

// Verdict is what judging does with one change.
type Verdict int

const (
	// Accept: merge the change.
	Accept Verdict = iota + 1
	// Hold: the origin is not admitted (yet); keep the change aside.
	Hold
	// Refuse: the origin was removed before it made the change, or the
	// change forges the roster; drop it.
	Refuse
)

// Verdict judges a change of origin numbered seq against the roster as it
// is (without any batch).
func (r *Roster) Verdict(origin crdt.DeviceID, seq uint64) Verdict {
	if origin == r.self {
		return Accept
	}
	if rm, ok := r.removed[origin]; ok && seq > rm.Cut {
		return Refuse
	}
	if len(r.admitted[origin]) > 0 {
		return Accept
	}
	return Hold
}

// Judgement is the outcome of judging a batch: indices into the batch, in
// increasing order, and per device what was held or why it was refused.
type Judgement struct {
	Accepted, Held, Refused []int
	HeldBy                  map[crdt.DeviceID]int
	RefusedBy               map[crdt.DeviceID]string
	// Roster is the roster extended by what the accepted changes carry.
	Roster *Roster
}

// changeInfo is what the pre-scan learnt of one change of a batch.
type changeInfo struct {
	adms   []Admission
	rems   []Removal
	forged error
}

// Judge sorts a batch of verified changes into accepted, held and
// refused, to a fixpoint: admissions and removals carried by accepted
// changes count for the rest of the batch (see the package doc). The
// result does not depend on the batch's order. Only the ops of roster
// types are parsed; other ops cost a few comparisons and map lookups
// each, to catch a change that deletes or retypes a roster record under
// another type, writes another laptop's device record, or writes a group
// key grant in another device's name (see forgery).
func (r *Roster) Judge(changes []*crdt.Change) Judgement {
	info := make([]changeInfo, len(changes))
	// devs are the devices whose roster records or device record a
	// change of this batch could aim at: the roster's and the batch's.
	devs := map[crdt.DeviceID]bool{r.self: true}
	guard := map[uuid.UUID]bool{}
	for d, as := range r.admitted {
		devs[d] = true
		for _, a := range as {
			devs[a.By] = true
			guard[a.ID()] = true
		}
	}
	for d, rm := range r.removed {
		devs[d] = true
		devs[rm.By] = true
	}
	for i, c := range changes {
		devs[c.Origin] = true
		adms, rems, err := FromChange(c)
		info[i] = changeInfo{adms: adms, rems: rems, forged: err}
		for _, a := range adms {
			guard[a.ID()] = true
			devs[a.Device] = true
		}
	}
	for d := range devs {
		guard[LegacyRemovalID(d)] = true
		for by := range devs {
			guard[RemovalID(d, by)] = true
		}
	}
	deviceRecs := make(map[uuid.UUID]crdt.DeviceID, len(devs))
	for d := range devs {
		deviceRecs[konbit.DeviceRecordID(d)] = d
	}
	for i, c := range changes {
		if info[i].forged == nil {
			info[i].forged = forgery(c, guard, deviceRecs)
		}
	}

	// Pass 1: the batch's admissions, without its removals.
	first := r.Clone().passInPlace(changes, info)
	var rems []Removal
	for _, i := range first {
		rems = append(rems, info[i].rems...)
	}
	// Pass 2: with the removals the accepted changes carry, fixed.
	ext := r.Clone()
	for _, rm := range rems {
		ext.remove(rm)
	}
	accepted := ext.passInPlace(changes, info)

	j := Judgement{HeldBy: map[crdt.DeviceID]int{}, RefusedBy: map[crdt.DeviceID]string{}, Roster: ext}
	ok := make([]bool, len(changes))
	for _, i := range accepted {
		ok[i] = true
	}
	for i, c := range changes {
		switch {
		case ok[i]:
			j.Accepted = append(j.Accepted, i)
		case info[i].forged != nil:
			j.Refused = append(j.Refused, i)
			if _, seen := j.RefusedBy[c.Origin]; !seen {
				j.RefusedBy[c.Origin] = info[i].forged.Error()
			}
		case ext.Verdict(c.Origin, c.Seq) == Refuse:
			j.Refused = append(j.Refused, i)
			if _, seen := j.RefusedBy[c.Origin]; !seen {
				rm := ext.removed[c.Origin]
				j.RefusedBy[c.Origin] = fmt.Sprintf("device %s was removed from this group's roster by %s on %s: its changes after #%d are refused",
					c.Origin.Short(), rm.By.Short(), rm.At.Format("2006-01-02"), rm.Cut)
			}
		default:
			j.Held = append(j.Held, i)
			j.HeldBy[c.Origin]++
		}
	}
	return j
}

// forgery says how a change writes what its origin may not write (nil if
// it does not): a roster record under another type; the device record of
// another laptop, which holds the key-exchange key the group key is
// sealed to (another member could otherwise put its own key there, and
// be handed the key that replaces its own after its removal) and the
// laptop's name; a group key grant in another device's name; or an HR
// key of another laptop, or under an id its fields do not imply.
func forgery(c *crdt.Change, guard map[uuid.UUID]bool, deviceRecs map[uuid.UUID]crdt.DeviceID) error {
	own := konbit.DeviceRecordID(c.Origin)
	for j := range c.Ops {
		op := &c.Ops[j]
		switch {
		case op.Type != TypeAdmission && op.Type != TypeRemoval && guard[op.Record]:
			return fmt.Errorf("%w: change %s/%d writes roster record %s as a %q", ErrInvalid, c.Origin.Short(), c.Seq, op.Record, op.Type)
		case op.Type == konbit.TypeDevice && op.Record != own:
			return fmt.Errorf("%w: change %s/%d writes the device record of another laptop (%s)", ErrInvalid, c.Origin.Short(), c.Seq, op.Record)
		case op.Type != konbit.TypeDevice && deviceRecs[op.Record] != (crdt.DeviceID{}):
			return fmt.Errorf("%w: change %s/%d writes the device record of %s as a %q", ErrInvalid, c.Origin.Short(), c.Seq, deviceRecs[op.Record].Short(), op.Type)
		case op.Type != konbit.TypeDevice && op.Record.Version() == deviceRecordVersion:
			// The id of a device record (konbit.DeviceRecordID) of a
			// laptop not known yet, under another type.
			return fmt.Errorf("%w: change %s/%d writes a device record id (%s) as a %q", ErrInvalid, c.Origin.Short(), c.Seq, op.Record, op.Type)
		case op.Type == groupkey.TypeGroupKey && op.Kind == crdt.OpSet && !grantBy(op, c.Origin):
			return fmt.Errorf("%w: change %s/%d writes a group key grant in another device's name", ErrInvalid, c.Origin.Short(), c.Seq)
		}
		if err := hrKeyForgery(c, op); err != nil {
			return err
		}
		if err := campaignForgery(c, op); err != nil {
			return err
		}
	}
	return nil
}

// deviceRecordVersion is the uuid version of device record ids
// (konbit.DeviceRecordID), which no other record uses.
const deviceRecordVersion = 8

// grantBy reports whether a grant op says it was sealed by origin.
func grantBy(op *crdt.Op, origin crdt.DeviceID) bool {
	var by []byte
	for _, f := range op.Fields {
		if f.Name == groupkey.FieldBy {
			by = f.Value
		}
	}
	return string(by) == string(origin[:])
}

// passInPlace accepts, to a fixpoint, the changes whose origin is on r,
// adding the admissions they carry to r. It returns the accepted indices
// in increasing order.
func (r *Roster) passInPlace(changes []*crdt.Change, info []changeInfo) []int {
	pending := map[crdt.DeviceID][]int{}
	for i, c := range changes {
		if info[i].forged == nil {
			pending[c.Origin] = append(pending[c.Origin], i)
		}
	}
	var accepted []int
	for progress := true; progress; {
		progress = false
		for origin, idx := range pending {
			if !r.Admitted(origin) {
				continue
			}
			delete(pending, origin)
			for _, i := range idx {
				if r.Verdict(origin, changes[i].Seq) != Accept {
					continue
				}
				accepted = append(accepted, i)
				for _, a := range info[i].adms {
					if r.admit(a) {
						progress = true
					}
				}
			}
		}
	}
	slices.Sort(accepted)
	return accepted
}
