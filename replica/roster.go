package replica

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/trust"
)

// Identity is this laptop's signing identity (its device key): the peer
// layer makes its TLS certificate from it.
func (r *Replica) Identity() crdt.Identity { return r.db.Identity() }

// roster is the group's roster as this replica holds it: itself, plus
// the admission and removal records of the live view (which were judged
// when they were merged). Records that do not parse are skipped.
func (r *Replica) roster() *trust.Roster {
	var adms []trust.Admission
	var rems []trust.Removal
	recs, _ := r.view.ByType(konbit.TypeAdmission)
	for _, rec := range recs {
		if a, err := trust.AdmissionFromFields(rec.ID, rec.Fields); err == nil {
			adms = append(adms, a)
		}
	}
	recs, _ = r.view.ByType(konbit.TypeRemoval)
	for _, rec := range recs {
		if rm, err := trust.RemovalFromFields(rec.ID, rec.Fields); err == nil {
			rems = append(rems, rm)
		}
	}
	return trust.NewRoster(r.Device(), adms, rems)
}

// Admit puts the device whose key is pub on the group's roster, as
// admitted by this laptop (pairing does it on both sides). Admitting a
// device again changes nothing; a removed device cannot come back (a
// reinstalled laptop has a new key). The changes of the device (and of
// those it admitted) held aside by earlier imports are merged at once.
func (r *Replica) Admit(ctx context.Context, pub ed25519.PublicKey, name string) error {
	a, err := trust.NewAdmission(pub, name, r.Device(), r.db.Now())
	if err != nil {
		return fmt.Errorf("admit device: %w", err)
	}
	if a.Device == r.Device() {
		return nil // a replica is its own root
	}
	ros := r.roster()
	if _, removed := ros.Removal(a.Device); removed {
		return fmt.Errorf("admit device %s: %w", a.Device.Short(), ros.Check(a.Device))
	}
	for _, o := range ros.Admissions(a.Device) {
		if o.By == r.Device() {
			return nil
		}
	}
	if _, err := r.Commit(ctx, a.Op()); err != nil {
		return fmt.Errorf("admit device %s: %w", a.Device.Short(), err)
	}
	held, err := r.db.HeldOrigins(ctx)
	if err != nil || held[a.Device] == 0 {
		return err
	}
	if _, err := r.merge(ctx, nil, nil); err != nil {
		return fmt.Errorf("device %s admitted, but merging its held changes failed: %w", a.Device.Short(), err)
	}
	return nil
}

// RemoveDevice removes a device from the roster (a lost or stolen
// laptop): once this has synced, every laptop of the group refuses it as
// a peer and refuses the changes it makes after what this laptop holds of
// it now. Removing a device another laptop removed already still writes
// this laptop's own removal (of several, the smallest cut counts), so
// neither a removal with a larger cut nor one the device wrote about
// itself can stand in for it.
func (r *Replica) RemoveDevice(ctx context.Context, d crdt.DeviceID) error {
	if d == r.Device() {
		return errors.New("remove device: this laptop cannot remove itself; remove it from another laptop of the group")
	}
	// No merge in between: the cut covers every change of d this laptop
	// holds when the removal is committed.
	r.mergeMu.Lock()
	err := r.removeLocked(ctx, d)
	r.mergeMu.Unlock()
	if err != nil {
		return err
	}
	// The removed laptop held the group key: replace it, so it cannot read
	// what the others write to the shared folder from now on.
	if err := r.ReconcileGroupKey(ctx); err != nil {
		return fmt.Errorf("removed %s, but the group key could not be replaced yet (the next sync retries): %w", d.Short(), err)
	}
	return nil
}

func (r *Replica) removeLocked(ctx context.Context, d crdt.DeviceID) error {
	if _, err := r.CatchUp(ctx); err != nil {
		return fmt.Errorf("remove device %s: read the roster: %w", d.Short(), err)
	}
	ros := r.roster()
	if _, removed := ros.Removal(d); !removed && !ros.Admitted(d) {
		return fmt.Errorf("remove device: %s is not on this group's roster", d.Short())
	}
	// Each remover writes its own record (trust.RemovalID(d, by)), even
	// when d is removed already: another's removal may carry a larger cut,
	// and the roster keeps the smallest.
	if rec, _ := r.view.Get(trust.RemovalID(d, r.Device())); rec != nil {
		return nil
	}
	// The cut is the largest change of d this laptop holds, not its
	// vector entry (which stops at the first gap): d's changes up to it
	// were seen here before the removal.
	devs, err := r.db.Devices(ctx)
	if err != nil {
		return fmt.Errorf("remove device %s: %w", d.Short(), err)
	}
	var cut uint64
	for _, di := range devs {
		if di.ID == d {
			cut = max(di.Seq, di.MaxSeq)
		}
	}
	rm := trust.Removal{Device: d, By: r.Device(), At: r.db.Now().UTC().Truncate(time.Millisecond), Cut: cut}
	if _, err := r.Commit(ctx, rm.Op()); err != nil {
		return fmt.Errorf("remove device %s: %w", d.Short(), err)
	}
	return nil
}

// Why a device may not sync: PeerAllowed's errors wrap one of them.
var (
	ErrRemovedDevice = trust.ErrRemoved
	ErrUnknownDevice = trust.ErrNotAdmitted
)

// PeerAllowed says whether d may sync with this laptop: nil if it is on
// the roster and not removed, else an error naming it and saying why.
func (r *Replica) PeerAllowed(d crdt.DeviceID) error { return r.roster().Check(d) }

// Roster statuses.
const (
	StatusFounder  = "founder"
	StatusAdmitted = "admitted"
	StatusRemoved  = "removed"
)

// RosterEntry is one device of the roster.
type RosterEntry struct {
	Device crdt.DeviceID
	Name   string
	// Status is "founder" (no other device admitted it: it founded the
	// group, or this replica is its own root), "admitted" or "removed".
	Status string
	// By and At: its earliest admission by another device (zero for a
	// founder).
	By        crdt.DeviceID
	At        time.Time
	RemovedBy crdt.DeviceID
	RemovedAt time.Time
	Self      bool
}

// Roster lists the group's devices: this laptop first, then by id.
func (r *Replica) Roster(ctx context.Context) ([]RosterEntry, error) {
	ros := r.roster()
	var out []RosterEntry
	for _, d := range ros.Devices() {
		e := RosterEntry{Device: d, Status: StatusFounder, Self: d == r.Device(), Name: r.DeviceName(d)}
		for _, a := range ros.Admissions(d) {
			if e.Name == "" {
				e.Name = a.Name
			}
			if a.By != d && e.Status == StatusFounder {
				e.Status, e.By, e.At = StatusAdmitted, a.By, a.At
			}
		}
		if rm, ok := ros.Removal(d); ok {
			e.Status, e.RemovedBy, e.RemovedAt = StatusRemoved, rm.By, rm.At
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b RosterEntry) int {
		switch {
		case a.Self && !b.Self:
			return -1
		case b.Self && !a.Self:
			return 1
		}
		return a.Device.Compare(b.Device)
	})
	return out, ctx.Err()
}

// Notices are what opening the replica found worth telling the user
// once: the roster founded from an existing database, data files
// readable by others.
func (r *Replica) Notices() []Notice { return slices.Clone(r.notices) }

// NoticeKind says what a Notice is about.
type NoticeKind int

const (
	// NoticeRosterFounded: an existing database founded its roster from
	// the laptops whose changes it held (Devices).
	NoticeRosterFounded NoticeKind = iota + 1
	// NoticePermissionsFixed: Path was readable by others (Mode); it was
	// restricted to Want.
	NoticePermissionsFixed
	// NoticePermissionsOpen: Path is readable by others (Mode) and could
	// not be restricted (Err).
	NoticePermissionsOpen
)

// Notice is one thing opening the replica tells the user; String says it
// in English (the command line), screens translate it by Kind.
type Notice struct {
	Kind    NoticeKind
	Devices []crdt.DeviceID
	Labels  []string // the devices as people read them
	Path    string
	Mode    os.FileMode
	Want    os.FileMode
	Err     error
}

func (n Notice) String() string {
	switch n.Kind {
	case NoticeRosterFounded:
		return fmt.Sprintf("This laptop founded the group's roster from the %d other laptops whose changes it already held: %s. "+
			"From now on only laptops on the roster are synced with.", len(n.Labels), strings.Join(n.Labels, ", "))
	case NoticePermissionsFixed:
		return fmt.Sprintf("%s was readable by other users of this computer (mode %04o); it holds this laptop's device key, so Konbit restricted it to %04o.", n.Path, n.Mode, n.Want)
	case NoticePermissionsOpen:
		return fmt.Sprintf("%s is readable by other users of this computer (mode %04o) and could not be restricted (%v): it holds this laptop's device key; make it %04o.", n.Path, n.Mode, n.Err, n.Want)
	}
	return "notice"
}

// metaRosterFounded marks a database whose roster was founded.
const metaRosterFounded = "roster_founded"

// foundRoster runs once per database: a database from before the roster
// holds changes of other laptops that nobody admitted; this laptop admits
// them all in one change, since it merged them already, and says so. A
// fresh database writes nothing.
func (r *Replica) foundRoster(ctx context.Context) error {
	done, err := r.db.Setting(ctx, metaRosterFounded)
	if err != nil || done != "" {
		return err
	}
	vec, err := r.db.Vector(ctx)
	if err != nil {
		return err
	}
	devs, err := r.db.Devices(ctx)
	if err != nil {
		return err
	}
	ros := r.roster()
	var ops []crdt.Op
	var names []string
	var ids []crdt.DeviceID
	for _, d := range devs {
		if d.Self || ros.Admitted(d.ID) || (vec[d.ID] == 0 && d.MaxSeq == 0) {
			continue
		}
		a, err := trust.NewAdmission(d.PublicKey, r.DeviceName(d.ID), r.Device(), r.db.Now())
		if err != nil {
			return err
		}
		ops = append(ops, a.Op())
		names = append(names, r.DeviceLabel(d.ID))
		ids = append(ids, d.ID)
	}
	if len(ops) > 0 {
		if _, err := r.Commit(ctx, ops...); err != nil {
			return fmt.Errorf("found the roster: %w", err)
		}
		r.notices = append(r.notices, Notice{Kind: NoticeRosterFounded, Devices: ids, Labels: names})
	}
	return r.db.SetSetting(ctx, metaRosterFounded, "1")
}

// checkPermissions makes the data directory 0700 and the database files
// 0600, as SSH and Syncthing do with their keys: the device key is in the
// database, and the laptop's account is the boundary. A wider mode is
// tightened (when this user owns the file) and reported.
func checkPermissions(dir string) []Notice {
	if runtime.GOOS == "windows" {
		return nil
	}
	var out []Notice
	check := func(path string, want os.FileMode) {
		fi, err := os.Stat(path)
		if err != nil {
			return
		}
		mode := fi.Mode().Perm()
		if mode&^want == 0 {
			return
		}
		if err := os.Chmod(path, want); err != nil {
			out = append(out, Notice{Kind: NoticePermissionsOpen, Path: path, Mode: mode, Want: want, Err: err})
			return
		}
		out = append(out, Notice{Kind: NoticePermissionsFixed, Path: path, Mode: mode, Want: want})
	}
	check(dir, 0o700)
	for _, f := range []string{DBFile, DBFile + "-wal", DBFile + "-shm"} {
		check(filepath.Join(dir, f), 0o600)
	}
	return out
}

// createPrivate creates an empty database file readable by the user
// only, so that SQLite (which gives its -wal and -shm files the database
// file's mode) never makes them wider.
func createPrivate(path string) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if !errors.Is(err, os.ErrExist) {
			log.Printf("konbit: create %s: %v", path, err)
		}
		return
	}
	f.Close()
}
