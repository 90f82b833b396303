package replica

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"time"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/groupkey"
)

// kexOf is the key-exchange key a device published in its device record
// (nil if none yet).
func (r *Replica) kexOf(d crdt.DeviceID) []byte {
	rec, _ := r.view.Get(konbit.DeviceRecordID(d))
	if rec == nil {
		return nil
	}
	return konbit.DeviceKexFromFields(rec.Fields)
}

// grants lists the group key grants of the epochs no removed device
// sealed (groupkey.Trusted): the current epoch is chosen among them, so
// a key planted by a member, or known to it, is not used after its
// removal.
func (r *Replica) grants() []groupkey.Grant {
	ros := r.roster()
	return groupkey.Trusted(r.allGrants(), func(d crdt.DeviceID) bool {
		_, removed := ros.Removal(d)
		return removed
	})
}

// allGrants lists every group key grant this replica holds, whoever
// sealed it (an older key still opens what was written under it);
// records that do not parse are skipped.
func (r *Replica) allGrants() []groupkey.Grant {
	recs, _ := r.view.ByType(konbit.TypeGroupKey)
	out := make([]groupkey.Grant, 0, len(recs))
	for _, rec := range recs {
		if g, err := groupkey.GrantFromFields(rec.ID, rec.Fields); err == nil {
			out = append(out, g)
		}
	}
	return out
}

// members lists the roster's devices that are not removed (this laptop
// included unless it was removed), and the removed ones.
func (r *Replica) members(ctx context.Context) (members, removed map[crdt.DeviceID]bool, err error) {
	entries, err := r.Roster(ctx)
	if err != nil {
		return nil, nil, err
	}
	members, removed = map[crdt.DeviceID]bool{}, map[crdt.DeviceID]bool{}
	for _, e := range entries {
		if e.Status == StatusRemoved {
			removed[e.Device] = true
		} else {
			members[e.Device] = true
		}
	}
	if !removed[r.Device()] {
		members[r.Device()] = true
	}
	return members, removed, nil
}

// sealTo seals key to every member with a known key-exchange key that
// has no grant in have, as grants of epoch created at created.
func (r *Replica) sealTo(members map[crdt.DeviceID]bool, have map[crdt.DeviceID]groupkey.Grant, e groupkey.Epoch, key []byte, created time.Time) ([]crdt.Op, error) {
	id := r.db.Identity()
	var ops []crdt.Op
	for _, d := range sortedIDs(members) {
		if _, ok := have[d]; ok {
			continue
		}
		kex := r.kexOf(d)
		if d == id.Device() {
			var err error
			if kex, err = groupkey.KexPublic(id); err != nil {
				return nil, err
			}
		}
		if kex == nil {
			continue // sealed to it once its device record says how
		}
		sealed, err := groupkey.Seal(key, e, d, kex)
		if err != nil {
			log.Printf("konbit: group key: %v", err)
			continue
		}
		g := groupkey.Grant{Epoch: e, Recipient: d, Sealed: sealed, Created: created, By: id.Device()}
		ops = append(ops, g.Op())
	}
	return ops, nil
}

// ReconcileGroupKey does this laptop's share of handing the group key
// around, in at most one change: it publishes its key-exchange key if its
// device record lacks it; founds the first epoch if there is none (alone
// on its roster, or once it has synced with another member); makes a
// new epoch if the current one was handed to a device removed since, or
// if every epoch was sealed by one (groupkey.Trusted);
// otherwise seals every key it holds (the current one and older ones,
// which a newcomer needs to read older segments) to the devices of the
// roster that lack it and have published their key-exchange key. Run it
// after each sync: what one laptop cannot do, another will.
func (r *Replica) ReconcileGroupKey(ctx context.Context) error {
	id := r.db.Identity()
	me := id.Device()
	var ops []crdt.Op
	kex, err := groupkey.KexPublic(id)
	if err != nil {
		return fmt.Errorf("group key: %w", err)
	}
	if !bytes.Equal(r.kexOf(me), kex) {
		f, err := konbit.DeviceKexField(kex)
		if err != nil {
			return fmt.Errorf("group key: %w", err)
		}
		ops = append(ops, crdt.Set(konbit.DeviceRecordID(me), konbit.TypeDevice, f))
	}
	members, removed, err := r.members(ctx)
	if err != nil {
		return fmt.Errorf("group key: %w", err)
	}
	if !removed[me] {
		more, err := r.reconcileGrants(ctx, members, removed)
		if err != nil {
			return fmt.Errorf("group key: %w", err)
		}
		ops = append(ops, more...)
	}
	if len(ops) == 0 {
		return nil
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return fmt.Errorf("group key: %w", err)
	}
	return nil
}

func (r *Replica) reconcileGrants(ctx context.Context, members, removed map[crdt.DeviceID]bool) ([]crdt.Op, error) {
	id := r.db.Identity()
	epochs := groupkey.Epochs(r.allGrants())
	if len(epochs) == 0 {
		if !r.mayFound(ctx, members) {
			return nil, nil
		}
		return r.newEpoch(members, time.Time{})
	}
	trusted := groupkey.Epochs(r.grants())
	if len(trusted) == 0 {
		// Every key was sealed by a device removed since (it made them,
		// or held them): none may be used any more.
		return r.newEpoch(members, time.Time{})
	}
	cur := trusted[len(trusted)-1]
	for d := range cur.Recipients {
		if removed[d] {
			// Handed to a device removed since: what is written from
			// now on must be unreadable to it.
			return r.newEpoch(members, cur.Created)
		}
	}
	// Every key this laptop holds, not only the current one: a laptop
	// that joins later must read the segments written under the older
	// keys too (until they are compacted under the current one). The
	// older keys are no secret from today's members: they were handed to
	// every member of their time.
	var ops []crdt.Op
	for _, ei := range epochs {
		g, mine := ei.Recipients[id.Device()]
		if !mine {
			continue
		}
		key, err := groupkey.Open(id, ei.Epoch, g.Sealed)
		if err != nil {
			log.Printf("konbit: group key: grant by %s: %v", g.By.Short(), err)
			continue
		}
		more, err := r.sealTo(members, ei.Recipients, ei.Epoch, key, ei.Created)
		if err != nil {
			return nil, err
		}
		ops = append(ops, more...)
	}
	return ops, nil
}

// mayFound says whether this laptop may make the group's first key: when
// it is alone on its roster, or once it holds changes of another member.
// A laptop just paired, which has not synced yet, would otherwise make a
// key newer than the group's and so become the only holder of the current
// key until it synced with everyone.
func (r *Replica) mayFound(ctx context.Context, members map[crdt.DeviceID]bool) bool {
	if len(members) == 1 && members[r.Device()] {
		return true
	}
	vec, err := r.db.Vector(ctx)
	if err != nil {
		return false
	}
	for d := range members {
		if d != r.Device() && vec[d] > 0 {
			return true
		}
	}
	return false
}

// newEpoch makes a fresh group key, sealed to every member that published
// its key-exchange key, dated after the current epoch so that it becomes
// the current one even if this laptop's clock is behind.
func (r *Replica) newEpoch(members map[crdt.DeviceID]bool, after time.Time) ([]crdt.Op, error) {
	e, key, err := groupkey.NewEpoch()
	if err != nil {
		return nil, err
	}
	created := r.db.Now().UTC().Truncate(time.Millisecond)
	if !after.IsZero() && !created.After(after) {
		created = after.Add(time.Millisecond)
	}
	return r.sealTo(members, nil, e, key, created)
}

// RotateGroupKey replaces the group key by a new one sealed to the
// devices of the roster, removed ones excluded: call it after removing a
// device, so that the removed laptop cannot read what the group writes to
// a shared folder from now on. (ReconcileGroupKey also rotates when it
// finds the current key handed to a removed device.)
func (r *Replica) RotateGroupKey(ctx context.Context) error {
	members, removed, err := r.members(ctx)
	if err != nil {
		return fmt.Errorf("rotate group key: %w", err)
	}
	if removed[r.Device()] {
		return fmt.Errorf("rotate group key: this laptop was removed from the group")
	}
	var after time.Time
	if cur, ok := groupkey.Current(r.grants()); ok {
		after = cur.Created
	}
	ops, err := r.newEpoch(members, after)
	if err != nil {
		return fmt.Errorf("rotate group key: %w", err)
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return fmt.Errorf("rotate group key: %w", err)
	}
	return nil
}

// GroupKeys returns the group keys this laptop can open, by epoch.
func (r *Replica) GroupKeys() (map[[16]byte][]byte, error) {
	id := r.db.Identity()
	out := map[[16]byte][]byte{}
	for _, g := range r.allGrants() {
		if g.Recipient != id.Device() {
			continue
		}
		key, err := groupkey.Open(id, g.Epoch, g.Sealed)
		if err != nil {
			log.Printf("konbit: group key: grant by %s: %v", g.By.Short(), err)
			continue
		}
		out[g.Epoch] = key
	}
	return out, nil
}
