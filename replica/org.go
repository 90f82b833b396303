package replica

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/sync/crdt"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// ErrNotFound is returned for an unknown or deleted record.
var ErrNotFound = errors.New("not found")

func byName[T any](items []T, name func(T) string) {
	col := collate.New(language.French, collate.IgnoreCase, collate.IgnoreDiacritics)
	sort.SliceStable(items, func(i, j int) bool { return col.CompareString(name(items[i]), name(items[j])) < 0 })
}

// Members returns the members sorted by name, and a channel closed when
// the list changes.
func (r *Replica) Members() ([]konbit.Member, <-chan struct{}) {
	recs, ch := r.view.ByType(konbit.TypeMember)
	out := make([]konbit.Member, 0, len(recs))
	for _, rec := range recs {
		out = append(out, konbit.MemberFromFields(rec.ID, rec.Fields))
	}
	byName(out, func(m konbit.Member) string { return m.Name })
	return out, ch
}

// Member returns one member.
func (r *Replica) Member(id uuid.UUID) (konbit.Member, error) {
	rec, _ := r.view.Get(id)
	if rec == nil || rec.Type != konbit.TypeMember {
		return konbit.Member{}, fmt.Errorf("member %s: %w", id, ErrNotFound)
	}
	return konbit.MemberFromFields(rec.ID, rec.Fields), nil
}

// FindMember resolves a member by id, unique id prefix or exact name
// (case-insensitive), as typed on the command line.
func (r *Replica) FindMember(ref string) (konbit.Member, error) {
	members, _ := r.Members()
	return find(members, ref, "member", func(m konbit.Member) (uuid.UUID, string) { return m.ID, m.Name })
}

// find picks the one item whose id is ref, or whose name or id prefix
// (4 characters at least) matches it.
func find[T any](items []T, ref, kind string, key func(T) (uuid.UUID, string)) (T, error) {
	ref = strings.TrimSpace(ref)
	var hits []T
	for _, it := range items {
		id, name := key(it)
		if id.String() == ref {
			return it, nil
		}
		if strings.EqualFold(name, ref) || (len(ref) >= 4 && strings.HasPrefix(id.String(), strings.ToLower(ref))) {
			hits = append(hits, it)
		}
	}
	var zero T
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		return zero, fmt.Errorf("no %s %q: %w", kind, ref, ErrNotFound)
	}
	return zero, fmt.Errorf("%q names %d %ss: use the id", ref, len(hits), kind)
}

// AddMember validates and creates a member; it returns it with its new id.
func (r *Replica) AddMember(ctx context.Context, m konbit.Member) (konbit.Member, error) {
	m.ID = uuid.Nil
	return r.SaveMember(ctx, m, nil)
}

// UpdateMember writes the fields of m that changed, so a concurrent edit
// of another field on another laptop is kept.
func (r *Replica) UpdateMember(ctx context.Context, m konbit.Member) error {
	if m.ID == uuid.Nil {
		return fmt.Errorf("update member: no id")
	}
	_, err := r.SaveMember(ctx, m, nil)
	return err
}

// Seat is a member's place on a committee as a form sets it: in or out,
// and, when in, whether they take part only now and then.
type Seat struct {
	Committee  uuid.UUID
	In         bool
	Occasional bool
}

// SaveMember creates m (when its ID is zero) or writes the fields of m
// that changed, and sets the given seats, all in one change: a crash never
// leaves half of it. It returns the member as saved.
func (r *Replica) SaveMember(ctx context.Context, m konbit.Member, seats []Seat) (konbit.Member, error) {
	m.Normalize()
	if err := m.Validate(); err != nil {
		return m, err
	}
	var ops []crdt.Op
	if m.ID == uuid.Nil {
		m.ID = crdt.NewID()
		ops = append(ops, crdt.Set(m.ID, konbit.TypeMember, m.Fields()...))
	} else {
		old, err := r.Member(m.ID)
		if err != nil {
			return m, err
		}
		if fields := m.ChangedFields(&old); len(fields) > 0 {
			ops = append(ops, crdt.Set(m.ID, konbit.TypeMember, fields...))
		}
	}
	for _, st := range seats {
		seatOps, err := r.seatOps(st, m.ID)
		if err != nil {
			return m, err
		}
		ops = append(ops, seatOps...)
	}
	if len(ops) == 0 {
		return m, nil
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return m, fmt.Errorf("save member %s: %w", m.Name, err)
	}
	return m, nil
}

// seatOps are the ops that give member the seat st (none if it has it).
func (r *Replica) seatOps(st Seat, member uuid.UUID) ([]crdt.Op, error) {
	var ops []crdt.Op
	found := false
	for _, ms := range r.membershipRecords() {
		if ms.Committee != st.Committee || ms.Member != member {
			continue
		}
		switch {
		case !st.In:
			ops = append(ops, crdt.Delete(ms.ID, konbit.TypeMembership))
		case found:
			// Two laptops seated the same person at once: keep one record.
			ops = append(ops, crdt.Delete(ms.ID, konbit.TypeMembership))
		default:
			found = true
			if ms.Occasional != st.Occasional {
				upd := konbit.Membership{ID: ms.ID, Committee: st.Committee, Member: member, Occasional: st.Occasional}
				ops = append(ops, crdt.Set(ms.ID, konbit.TypeMembership, upd.Fields()[2]))
			}
		}
	}
	if st.In && !found {
		if c, _ := r.view.Get(st.Committee); c == nil || c.Type != konbit.TypeCommittee {
			return nil, fmt.Errorf("committee %s: %w", st.Committee, ErrNotFound)
		}
		ms := konbit.Membership{ID: crdt.NewID(), Committee: st.Committee, Member: member, Occasional: st.Occasional}
		ops = append(ops, crdt.Set(ms.ID, konbit.TypeMembership, ms.Fields()...))
	}
	return ops, nil
}

// Join adds a member to a committee (no-op if already in it, except that
// the occasional flag is updated).
func (r *Replica) Join(ctx context.Context, committee, member uuid.UUID, occasional bool) error {
	return r.setSeat(ctx, member, Seat{Committee: committee, In: true, Occasional: occasional})
}

// Leave removes a member from a committee.
func (r *Replica) Leave(ctx context.Context, committee, member uuid.UUID) error {
	return r.setSeat(ctx, member, Seat{Committee: committee})
}

func (r *Replica) setSeat(ctx context.Context, member uuid.UUID, st Seat) error {
	if _, err := r.Member(member); err != nil {
		return err
	}
	ops, err := r.seatOps(st, member)
	if err != nil || len(ops) == 0 {
		return err
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return fmt.Errorf("change committee seat: %w", err)
	}
	return nil
}

// RemoveMember deletes a member and their committee memberships.
func (r *Replica) RemoveMember(ctx context.Context, id uuid.UUID) error {
	if _, err := r.Member(id); err != nil {
		return err
	}
	ops := []crdt.Op{crdt.Delete(id, konbit.TypeMember)}
	for _, ms := range r.membershipRecords() {
		if ms.Member == id {
			ops = append(ops, crdt.Delete(ms.ID, konbit.TypeMembership))
		}
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return fmt.Errorf("remove member: %w", err)
	}
	return nil
}

// Committees returns the committees sorted by name.
func (r *Replica) Committees() ([]konbit.Committee, <-chan struct{}) {
	recs, ch := r.view.ByType(konbit.TypeCommittee)
	out := make([]konbit.Committee, 0, len(recs))
	for _, rec := range recs {
		out = append(out, konbit.CommitteeFromFields(rec.ID, rec.Fields))
	}
	byName(out, func(c konbit.Committee) string { return c.Name })
	return out, ch
}

// FindCommittee resolves a committee by id, id prefix or name.
func (r *Replica) FindCommittee(ref string) (konbit.Committee, error) {
	cs, _ := r.Committees()
	return find(cs, ref, "committee", func(c konbit.Committee) (uuid.UUID, string) { return c.ID, c.Name })
}

// AddCommittee creates a committee.
func (r *Replica) AddCommittee(ctx context.Context, c konbit.Committee) (konbit.Committee, error) {
	c.Name = strings.TrimSpace(c.Name)
	if err := c.Validate(); err != nil {
		return c, err
	}
	c.ID = crdt.NewID()
	if _, err := r.Commit(ctx, crdt.Set(c.ID, konbit.TypeCommittee, c.Fields()...)); err != nil {
		return c, fmt.Errorf("add committee: %w", err)
	}
	return c, nil
}

// RemoveCommittee deletes a committee and its memberships.
func (r *Replica) RemoveCommittee(ctx context.Context, id uuid.UUID) error {
	ops := []crdt.Op{crdt.Delete(id, konbit.TypeCommittee)}
	for _, ms := range r.membershipRecords() {
		if ms.Committee == id {
			ops = append(ops, crdt.Delete(ms.ID, konbit.TypeMembership))
		}
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return fmt.Errorf("remove committee: %w", err)
	}
	return nil
}

func (r *Replica) membershipRecords() []konbit.Membership {
	recs, _ := r.view.ByType(konbit.TypeMembership)
	out := make([]konbit.Membership, 0, len(recs))
	for _, rec := range recs {
		out = append(out, konbit.MembershipFromFields(rec.ID, rec.Fields))
	}
	return out
}

// Memberships returns one membership per (committee, member) pair among
// live members and committees (two laptops may both have added the same
// person to the same committee), and a channel closed when they change.
func (r *Replica) Memberships() ([]konbit.Membership, <-chan struct{}) {
	recs, ch := r.view.ByType(konbit.TypeMembership)
	seen := map[[2]uuid.UUID]int{}
	var out []konbit.Membership
	for _, rec := range recs {
		ms := konbit.MembershipFromFields(rec.ID, rec.Fields)
		if m, _ := r.view.Get(ms.Member); m == nil {
			continue
		}
		if c, _ := r.view.Get(ms.Committee); c == nil {
			continue
		}
		k := [2]uuid.UUID{ms.Committee, ms.Member}
		if i, ok := seen[k]; ok {
			out[i].Occasional = out[i].Occasional && ms.Occasional
			continue
		}
		seen[k] = len(out)
		out = append(out, ms)
	}
	return out, ch
}

// LoadSample fills the replica with the sample organisation of the field
// study, in one change.
func (r *Replica) LoadSample(ctx context.Context) error {
	s := konbit.SampleOrganisation()
	var ops []crdt.Op
	for i := range s.Committees {
		ops = append(ops, crdt.Set(s.Committees[i].ID, konbit.TypeCommittee, s.Committees[i].Fields()...))
	}
	for i := range s.Members {
		ops = append(ops, crdt.Set(s.Members[i].ID, konbit.TypeMember, s.Members[i].Fields()...))
	}
	for _, sm := range s.Memberships {
		ms := konbit.Membership{ID: crdt.NewID(), Committee: s.Committees[sm.Committee].ID, Member: s.Members[sm.Member].ID, Occasional: sm.Occasional}
		ops = append(ops, crdt.Set(ms.ID, konbit.TypeMembership, ms.Fields()...))
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return fmt.Errorf("load sample organisation: %w", err)
	}
	return nil
}
