package replica

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"

	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/memdb"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/bundle"
	"github.com/konbit/konbit/sync/crdt"
)

// Progress reports long work: a phase name ("read", "verify", "merge",
// "write") and how far it is.
type Progress func(phase string, done, total int64)

func (p Progress) report(phase string, done, total int64) {
	if p != nil {
		p(phase, done, total)
	}
}

// ExportResult says what an export wrote.
type ExportResult struct {
	Changes int
	Devices int
	Bytes   int64
}

// Export writes a bundle of the changes a replica at vector since lacks
// (everything, for a nil or empty vector).
func (r *Replica) Export(ctx context.Context, w io.Writer, since crdt.Vector, progress Progress) (ExportResult, error) {
	progress.report("read", 0, 1)
	// The header's vector is read before the changes: a change committed
	// in between is then in the bundle but not claimed by its header,
	// never claimed without being in it (a reader that trusts the header,
	// the shared folder's "written" mark, `--since-vector` with a bundle,
	// would otherwise skip that change for good).
	vec, err := r.db.Vector(ctx)
	if err != nil {
		return ExportResult{}, fmt.Errorf("export: %w", err)
	}
	changes, keys, err := r.db.ChangesSince(ctx, since)
	if err != nil {
		return ExportResult{}, fmt.Errorf("export: %w", err)
	}
	changes = withoutRefused(r.roster(), changes)
	id := r.db.Identity()
	keys[id.Device()] = id.Public()
	b := &bundle.Bundle{
		Header: bundle.Header{
			FormatVersion: bundle.FormatVersion,
			SchemaVersion: konbit.SchemaVersion,
			Created:       r.db.Now().UTC().Truncate(time.Millisecond),
			Sender:        id.Device(),
			SenderKey:     id.Public(),
			Vector:        vec,
		},
		Keys:    keys,
		Changes: changes,
	}
	progress.report("write", 0, int64(len(changes)))
	cw := &countWriter{w: w}
	if err := bundle.Encode(cw, b, id.Private); err != nil {
		return ExportResult{}, fmt.Errorf("export: %w", err)
	}
	progress.report("write", int64(len(changes)), int64(len(changes)))
	return ExportResult{Changes: len(changes), Devices: len(keys), Bytes: cw.n}, nil
}

// ExportFile writes a bundle to path atomically (a temporary file renamed
// into place), so a failed export never leaves a half-written bundle.
func (r *Replica) ExportFile(ctx context.Context, path string, since crdt.Vector, progress Progress) (ExportResult, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".konbit-export-*")
	if err != nil {
		return ExportResult{}, fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<20)
	res, err := r.Export(ctx, bw, since, progress)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		// Readable by whoever gets the stick: bundles carry only signed
		// changes the group already shares.
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return ExportResult{}, fmt.Errorf("export to %s: %w", path, err)
	}
	return res, nil
}

// ImportResult says what an import did.
type ImportResult struct {
	Sender        crdt.DeviceID
	SchemaVersion uint16
	// NewerSchema is set when the bundle comes from a newer Konbit: its
	// unknown records and fields were kept and will be forwarded.
	NewerSchema bool
	sqlite.MergeResult
	// Warnings are problems met after the merge committed (refreshing the
	// screens, recording a clock warning): the import itself succeeded.
	Warnings []error
	// Held counts, per origin not (yet) on the roster, the changes of this
	// import kept aside until its admission arrives.
	Held map[crdt.DeviceID]int
	// Refused says, per origin, why its changes were refused (a removed
	// device's changes after its removal, a forged roster record, or the
	// held-aside store being full).
	Refused map[crdt.DeviceID]string
	// Released counts the changes held by earlier imports that this one's
	// admissions let in (they are included in New).
	Released int
}

// Problem is nil when every change of the import was merged (or already
// known); else an error naming each device whose changes were held aside
// or refused. The changes of the other devices were merged all the same.
func (res ImportResult) Problem() error {
	var errs []error
	for _, d := range sortedIDs(res.Held) {
		errs = append(errs, fmt.Errorf("device %s is not on this group's roster: %d changes held aside until its admission arrives", d.Short(), res.Held[d]))
	}
	for _, d := range sortedIDs(res.Refused) {
		errs = append(errs, fmt.Errorf("changes of device %s refused: %s", d.Short(), res.Refused[d]))
	}
	return errors.Join(errs...)
}

func sortedIDs[V any](m map[crdt.DeviceID]V) []crdt.DeviceID {
	ids := make([]crdt.DeviceID, 0, len(m))
	for d := range m {
		ids = append(ids, d)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i].Compare(ids[j]) < 0 })
	return ids
}

// Origins lists the origin devices of the merged changes in id order.
func (res ImportResult) Origins() []crdt.DeviceID {
	ids := make([]crdt.DeviceID, 0, len(res.ByOrigin))
	for d := range res.ByOrigin {
		ids = append(ids, d)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i].Compare(ids[j]) < 0 })
	return ids
}

// Import reads, verifies and merges a bundle. It is all-or-nothing: a
// truncated, corrupted, forged or foreign-version bundle is refused with
// an error and the replica is left unchanged.
func (r *Replica) Import(ctx context.Context, rd io.Reader, progress Progress) (ImportResult, error) {
	b, err := decodeVerify(rd, progress)
	if err != nil {
		return ImportResult{}, err
	}
	return r.merge(ctx, []*bundle.Bundle{b}, progress)
}

func decodeVerify(rd io.Reader, progress Progress) (*bundle.Bundle, error) {
	return decodeVerifyMax(rd, 0, progress)
}

// maxBatchBytes caps what one batch from a peer may inflate to: batches
// are about a megabyte of changes, so a larger body is a compression bomb.
const maxBatchBytes = 64 << 20

// decodeVerifyMax decodes with a cap on the decompressed body (0: the
// bundle package's default, for files).
func decodeVerifyMax(rd io.Reader, maxBytes int64, progress Progress) (*bundle.Bundle, error) {
	b, err := bundle.Decode(rd, bundle.DecodeOptions{MaxBytes: maxBytes, Progress: func(done, total int64) { progress.report("read", done, total) }})
	if err != nil {
		return nil, fmt.Errorf("bundle refused: %w", err)
	}
	if err := bundle.Verify(b, func(done, total int64) { progress.report("verify", done, total) }); err != nil {
		return nil, fmt.Errorf("bundle refused: %w", err)
	}
	return b, nil
}

// ImportBytes reads, verifies, judges and merges one batch a peer sent
// (a bundle in memory), in one transaction. The batch must have been
// written by from, the device the connection authenticated.
func (r *Replica) ImportBytes(ctx context.Context, b []byte, from crdt.DeviceID) (ImportResult, error) {
	bun, err := decodeVerifyMax(bytes.NewReader(b), maxBatchBytes, nil)
	if err != nil {
		return ImportResult{}, err
	}
	if bun.Sender != from {
		return ImportResult{}, fmt.Errorf("bundle refused: it was written by %s, not by the peer %s", bun.Sender.Short(), from.Short())
	}
	return r.merge(ctx, []*bundle.Bundle{bun}, nil)
}

// merge judges verified bundles' changes against the roster and merges
// the accepted ones in one transaction. Changes of origins not on the
// roster are held aside first (their own transaction); held changes that
// the batch's admissions let in are merged with it, and dropped from the
// held ones once the merge committed (a crash in between only leaves rows
// that the next merge finds known and drops).
func (r *Replica) merge(ctx context.Context, bs []*bundle.Bundle, progress Progress) (ImportResult, error) {
	// One merge at a time, from the catch-up through the view's update:
	// the next merge is judged against the roster this one leaves.
	r.mergeMu.Lock()
	defer r.mergeMu.Unlock()
	// Judge against the roster as the database holds it now, with what
	// other processes (the command line, `konbit serve`) merged meanwhile:
	// a removal may have arrived there.
	if _, err := r.CatchUp(ctx); err != nil {
		return ImportResult{}, fmt.Errorf("import: read the roster: %w", err)
	}
	keys := map[crdt.DeviceID]ed25519.PublicKey{}
	var changes []crdt.Change
	res := ImportResult{}
	for _, b := range bs {
		for d, k := range b.Keys {
			if old, ok := keys[d]; ok && !old.Equal(k) {
				return ImportResult{}, fmt.Errorf("bundle refused: two bundles give different keys for device %s", d.Short())
			}
			keys[d] = k
		}
		changes = append(changes, b.Changes...)
		res.Sender = b.Sender
		if b.SchemaVersion > res.SchemaVersion {
			res.SchemaVersion = b.SchemaVersion
		}
	}
	res.NewerSchema = res.SchemaVersion > konbit.SchemaVersion

	// Prepare the live view's update on another core while the store
	// merges; show it only once the store has committed. Preparing takes
	// no lock, so the screens and local edits go on meanwhile. Changes
	// below the vector are surely known and skipped; the rest merge
	// idempotently.
	vec, err := r.db.Vector(ctx)
	if err != nil {
		return ImportResult{}, fmt.Errorf("import: %w", err)
	}
	var known, candidates []*crdt.Change
	inBatch := map[originSeq]bool{}
	for i := range changes {
		c := &changes[i]
		if vec.Has(c.Origin, c.Seq) {
			known = append(known, c)
		} else {
			candidates = append(candidates, c)
			inBatch[originSeq{c.Origin, c.Seq}] = true
		}
	}
	// The changes held by earlier imports are judged again with this
	// one, but only those of origins now on the roster (with what the
	// batch admits): a chain of admissions among held changes loads one
	// more origin per round.
	nBatch := len(candidates)
	base := r.roster()
	j := base.Judge(candidates)
	heldBy, err := r.db.HeldOrigins(ctx)
	if err != nil {
		return ImportResult{}, fmt.Errorf("import: %w", err)
	}
	loaded := map[crdt.DeviceID]bool{}
	wasHeld := map[originSeq]bool{}
	var stale []*crdt.Change // held rows already merged (a crash after a merge)
	for {
		var load []crdt.DeviceID
		for d := range heldBy {
			if !loaded[d] && j.Roster.Admitted(d) {
				load = append(load, d)
				loaded[d] = true
			}
		}
		if len(load) == 0 {
			break
		}
		hs, err := r.db.Held(ctx, load...)
		if err != nil {
			return ImportResult{}, fmt.Errorf("import: %w", err)
		}
		for i := range hs {
			h := &hs[i]
			c := &h.Change
			key := originSeq{c.Origin, c.Seq}
			wasHeld[key] = true
			switch {
			case vec.Has(c.Origin, c.Seq):
				stale = append(stale, c)
			case inBatch[key]:
			default:
				if old, ok := keys[c.Origin]; ok && !old.Equal(h.Key) {
					stale = append(stale, c)
					continue
				}
				keys[c.Origin] = h.Key
				candidates = append(candidates, c)
			}
		}
		j = base.Judge(candidates)
	}

	// Hold the batch's changes from origins not on the roster, in their
	// own transaction, before the merge.
	res.Held = map[crdt.DeviceID]int{}
	res.Refused = j.RefusedBy
	var toHold []sqlite.HeldChange
	for _, i := range j.Held {
		c := candidates[i]
		if i < nBatch {
			toHold = append(toHold, sqlite.HeldChange{Change: *c, Key: keys[c.Origin]})
			res.Held[c.Origin]++
		}
	}
	if _, over, err := r.db.Hold(ctx, toHold); err != nil {
		return ImportResult{}, fmt.Errorf("import: hold changes of devices not on the roster: %w", err)
	} else {
		for _, h := range over {
			d := h.Change.Origin
			res.Held[d]--
			if res.Held[d] == 0 {
				delete(res.Held, d)
			}
			res.Refused[d] = fmt.Sprintf("device %s is not on this group's roster and too many changes are held aside already (at most %d changes, %d MiB)",
				d.Short(), sqlite.MaxHeldChanges, sqlite.MaxHeldBytes>>20)
		}
	}
	var release []*crdt.Change // held rows to drop after the merge
	release = append(release, stale...)
	for _, i := range j.Refused {
		if c := candidates[i]; wasHeld[originSeq{c.Origin, c.Seq}] {
			release = append(release, c)
		}
	}
	var fresh []*crdt.Change
	merged := make([]crdt.Change, 0, len(known)+len(j.Accepted))
	for _, c := range known {
		merged = append(merged, *c)
	}
	for _, i := range j.Accepted {
		c := candidates[i]
		fresh = append(fresh, c)
		merged = append(merged, *c)
		if wasHeld[originSeq{c.Origin, c.Seq}] {
			release = append(release, c)
			res.Released++
		}
	}
	// Only the keys of devices on the roster are registered (the senders
	// too, so that their clock can be flagged): a stranger's key is not
	// worth a row of the device table.
	mergeKeys := map[crdt.DeviceID]ed25519.PublicKey{}
	for i := range merged {
		mergeKeys[merged[i].Origin] = keys[merged[i].Origin]
	}
	for _, b := range bs {
		if j.Roster.Check(b.Sender) == nil {
			mergeKeys[b.Sender] = b.SenderKey
		}
	}
	type prepared struct {
		u   *memdb.Update
		err error
	}
	viewCh := make(chan prepared, 1)
	go func() {
		u, err := r.view.Prepare(fresh)
		viewCh <- prepared{u, err}
	}()
	res.MergeResult, err = r.db.Merge(ctx, mergeKeys, merged, func(done, total int) { progress.report("merge", int64(done), int64(total)) })
	view := <-viewCh
	if err != nil {
		return ImportResult{}, fmt.Errorf("bundle refused: %w", err)
	}
	if err := r.db.DeleteHeld(ctx, release); err != nil {
		res.Warnings = append(res.Warnings, fmt.Errorf("drop merged held changes: %w", err))
	}
	// The merge has committed: from here on nothing may report the import
	// as failed, or the user would be told that nothing was imported.
	switch {
	case view.err != nil:
		res.Warnings = append(res.Warnings, fmt.Errorf("refresh the screens: %w", view.err))
		r.markStale()
	case res.New > 0:
		view.u.Commit()
		// Records a peer wrote under two types: the store decides.
		if err := r.view.Put(res.Retyped); err != nil {
			res.Warnings = append(res.Warnings, fmt.Errorf("refresh the screens: %w", err))
			r.markStale()
		} else {
			r.advanceSeen(res.Applied)
		}
	}
	if res.New > 0 {
		r.notify(res.Topics)
	}
	// The header tells the sender's own clock when it wrote the bundle;
	// only a signed header is believed (anyone could write another's id
	// in an unsigned one, and have Konbit blame that laptop's clock).
	for _, b := range bs {
		if !b.Signed {
			continue
		}
		by, err := r.db.FlagSenderClock(ctx, b.Sender, b.Created)
		if err != nil {
			res.Warnings = append(res.Warnings, err)
			continue
		}
		if by > res.Future[b.Sender] {
			res.Future[b.Sender] = by
		}
	}
	return res, nil
}

// ImportFiles imports bundles from files, all or nothing: every file is
// read and verified first, then all are merged in one transaction. If any
// file is refused, nothing is merged.
func (r *Replica) ImportFiles(ctx context.Context, paths []string, progress Progress) (ImportResult, error) {
	var bs []*bundle.Bundle
	for _, p := range paths {
		b, err := readBundleFile(p, progress)
		if err != nil {
			return ImportResult{}, err
		}
		bs = append(bs, b)
	}
	return r.merge(ctx, bs, progress)
}

// ImportFile imports the bundle at path.
func (r *Replica) ImportFile(ctx context.Context, path string, progress Progress) (ImportResult, error) {
	return r.ImportFiles(ctx, []string{path}, progress)
}

func readBundleFile(path string, progress Progress) (*bundle.Bundle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	b, err := decodeVerify(bufio.NewReaderSize(f, 1<<20), progress)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// ReadVectorFile reads a version vector from a file: either JSON as
// written by `konbit vector` or a bundle, whose header carries its
// sender's vector.
func ReadVectorFile(path string) (crdt.Vector, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read vector: %w", err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	if head, _ := br.Peek(len(bundle.Magic)); string(head) == bundle.Magic {
		h, err := bundle.ReadHeader(br)
		if err != nil {
			return nil, fmt.Errorf("read vector from bundle %s: %w", path, err)
		}
		if !h.Signed {
			// An old bundle's vector is unsigned: ignore it, and send
			// everything (more than needed, never less).
			return crdt.Vector{}, nil
		}
		return h.Vector, nil
	}
	data, err := io.ReadAll(io.LimitReader(br, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("read vector: %w", err)
	}
	var v crdt.Vector
	if err := v.UnmarshalJSON(data); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

// Dump writes the canonical JSON dump.
func (r *Replica) Dump(ctx context.Context, w io.Writer) error { return r.db.Dump(ctx, w) }

// Vector is this replica's version vector.
func (r *Replica) Vector(ctx context.Context) (crdt.Vector, error) { return r.db.Vector(ctx) }

// originSeq identifies a change.
type originSeq struct {
	origin crdt.DeviceID
	seq    uint64
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
