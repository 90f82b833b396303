package folder

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/konbit/konbit/sync/bundle"
	"github.com/konbit/konbit/sync/crdt"
)

// DefaultMaxFileSize bounds the folder files read into memory.
const DefaultMaxFileSize = 256 << 20

// ErrNoGroupKey is returned when this device holds no group key at all.
var ErrNoGroupKey = errors.New("this laptop holds no group key yet: sync it once over the network with a laptop of the group (after pairing)")

// Options tune a sync pass.
type Options struct {
	// Now is the clock (time.Now if nil): it dates compacted segments and
	// read files.
	Now func() time.Time
	// Logf receives the warnings (log.Printf if nil).
	Logf func(format string, args ...any)
	// Progress, if set, is called with a phase ("read", "write",
	// "compact") and how far it is.
	Progress func(phase string, done, total int64)
	// MaxFileSize bounds a file read into memory (DefaultMaxFileSize if
	// zero or less); larger files are skipped.
	MaxFileSize int64
	// MinCompact is the number of own segments, read by every device of
	// the roster, from which they are rewritten into one (2 if zero or
	// less).
	MinCompact int
}

// Result says what a pass did.
type Result struct {
	// Wrote is the name of the segment written, "" if the folder held
	// everything already; WroteChanges its number of changes.
	Wrote        string
	WroteChanges int
	// Read is the number of segments of others read and merged; Merged
	// the number of new changes they brought.
	Read   int
	Merged int
	// Compacted is the number of own segments rewritten into
	// CompactedInto.
	Compacted     int
	CompactedInto string
	// Ignored counts files that are not Konbit's (conflict copies, the
	// sync tool's temporary files...).
	Ignored int
	// Unreadable counts the files that still do not open or merge and
	// were reported by an earlier pass (they are not warned about again).
	Unreadable int
	// Warnings are the files skipped (and why) and the changes held aside
	// or refused: the pass went on without them.
	Warnings []string
}

type syncer struct {
	ctx   context.Context
	dir   string
	rep   Replica
	opt   Options
	me    crdt.DeviceID
	keys  Keys
	state ReadState
	res   Result
}

// Sync makes one pass over the shared folder dir: read and merge the
// others' new segments, write one segment of what the folder lacks,
// compact this device's segments once everyone has read them, and record
// what this device has read. Files that do not open are skipped with a
// warning; an error means the pass could not be made (no folder, no group
// key, a local failure).
func Sync(ctx context.Context, dir string, rep Replica, opt Options) (Result, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logf == nil {
		opt.Logf = log.Printf
	}
	if opt.MaxFileSize <= 0 {
		opt.MaxFileSize = DefaultMaxFileSize
	}
	if opt.MinCompact <= 0 {
		opt.MinCompact = 2
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return Result{}, fmt.Errorf("shared folder: %w", err)
	}
	if !fi.IsDir() {
		return Result{}, fmt.Errorf("shared folder %s is not a folder", dir)
	}
	keys, err := rep.GroupKeys(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("shared folder: %w", err)
	}
	if len(keys.ByEpoch) == 0 {
		return Result{}, ErrNoGroupKey
	}
	s := &syncer{ctx: ctx, dir: dir, rep: rep, opt: opt, me: rep.Identity().Device(), keys: keys}
	if err := os.MkdirAll(s.own(), 0o700); err != nil {
		return Result{}, fmt.Errorf("shared folder: %w", err)
	}
	s.loadOwnState()
	before := s.stateBytes()
	if s.state.Epochs != len(keys.ByEpoch) {
		s.state.Unreadable = nil // a new key may open them
	}
	s.state.Epochs = len(keys.ByEpoch)
	if err := s.readOthers(); err != nil {
		return s.res, err
	}
	if !keys.HasCurrent {
		s.warn("this laptop does not hold the group's current key: it reads what it can and writes nothing until a laptop of the group hands it over")
		return s.res, nil
	}
	if err := s.writeOwn(); err != nil {
		return s.res, err
	}
	if err := s.compact(); err != nil {
		return s.res, err
	}
	if err := s.saveState(before); err != nil {
		return s.res, err
	}
	return s.res, nil
}

func (s *syncer) own() string { return filepath.Join(s.dir, s.me.String()) }

func (s *syncer) warn(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.res.Warnings = append(s.res.Warnings, msg)
	s.opt.Logf("konbit: shared folder: %s", msg)
}

func (s *syncer) progress(phase string, done, total int64) {
	if s.opt.Progress != nil {
		s.opt.Progress(phase, done, total)
	}
}

// open reads and decrypts a file of device's subfolder.
func (s *syncer) open(device crdt.DeviceID, name string) ([]byte, error) {
	data, err := readLimited(filepath.Join(s.dir, device.String(), name), s.opt.MaxFileSize)
	if err != nil {
		return nil, err
	}
	plain, _, err := Open(s.keys.ByEpoch, device, name, data)
	return plain, err
}

// openSegment opens a segment and checks its bundle header: signed, by
// the subfolder's device.
func (s *syncer) openSegment(device crdt.DeviceID, name string) ([]byte, bundle.Header, error) {
	plain, err := s.open(device, name)
	if err != nil {
		return nil, bundle.Header{}, err
	}
	h, err := bundle.ReadHeader(bytes.NewReader(plain))
	if err != nil {
		return nil, h, err
	}
	if !h.Signed || h.Sender != device {
		return nil, h, fmt.Errorf("bundle not signed by device %s", device.Short())
	}
	return plain, h, nil
}

// listSegments lists a subfolder's segments (compareSpans order) and
// counts the files that are not Konbit's. Segments a compacted one covers
// are listed too: a name proves nothing until the file opens, and a
// reader skips them once it has read the compacted one.
func (s *syncer) listSegments(device crdt.DeviceID) ([]Span, error) {
	entries, err := os.ReadDir(filepath.Join(s.dir, device.String()))
	if err != nil {
		return nil, err
	}
	var spans []Span
	for _, e := range entries {
		sp, ok := ParseSegmentName(e.Name())
		switch {
		case ok && e.Type().IsRegular():
			spans = append(spans, sp)
		case e.Name() == ReadFileName && e.Type().IsRegular():
		default:
			s.res.Ignored++
		}
	}
	slices.SortFunc(spans, compareSpans)
	return spans, nil
}

// compareSpans orders spans by first number, the wider first, so that a
// compacted segment comes before those it replaced.
func compareSpans(a, b Span) int {
	if a.First != b.First {
		return cmpU(a.First, b.First)
	}
	return cmpU(b.Last, a.Last)
}

// covering keeps the spans no other span contains, ordered by first.
func covering(spans []Span) []Span {
	slices.SortFunc(spans, compareSpans)
	var out []Span
	for _, sp := range spans {
		if n := len(out); n > 0 && out[n-1].contains(sp) {
			continue
		}
		out = append(out, sp)
	}
	return out
}

// ours keeps the spans within this device's numbering: a file named
// beyond the last segment it wrote is not its own (writeOwn takes in
// those that open), and must not hide its real segments.
func ours(spans []Span, last uint64) []Span {
	var out []Span
	for _, sp := range spans {
		if sp.Last <= last {
			out = append(out, sp)
		}
	}
	return out
}

// redundant lists the spans a wider one covers.
func redundant(spans []Span) []Span {
	keep := covering(slices.Clone(spans))
	var out []Span
	for _, sp := range spans {
		if !slices.Contains(keep, sp) {
			out = append(out, sp)
		}
	}
	return out
}

func cmpU(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// loadOwnState reads this device's read file; if it is missing or does not
// open, it starts afresh (everything is read again, idempotently) and
// recovers from its own segments what it wrote.
func (s *syncer) loadOwnState() {
	s.state = ReadState{Read: map[crdt.DeviceID]Mark{}}
	plain, err := s.open(s.me, ReadFileName)
	if err == nil {
		st, derr := DecodeReadState(s.me, plain)
		if derr == nil {
			s.state = st
			return
		}
		err = derr
	}
	if !errors.Is(err, os.ErrNotExist) {
		s.warn("own read file %s: %v; reading the folder again from the start", ReadFileName, err)
	}
	// Number on after whatever the others say they read of ours, so
	// that they do not skip what we write next.
	for _, d := range s.otherDevices() {
		if plain, err := s.open(d, ReadFileName); err == nil {
			if st, err := DecodeReadState(d, plain); err == nil {
				s.state.Wrote.Last = max(s.state.Wrote.Last, st.Read[s.me].Last)
			}
		}
	}
	spans, lerr := s.listOwnRaw()
	if lerr != nil {
		return
	}
	for _, sp := range spans {
		if _, h, err := s.openSegment(s.me, sp.Name()); err == nil {
			s.state.Wrote.Last = max(s.state.Wrote.Last, sp.Last)
			if s.state.Wrote.Vector == nil {
				s.state.Wrote.Vector = crdt.Vector{}
			}
			maxInto(s.state.Wrote.Vector, h.Vector)
		}
	}
}

// otherDevices lists the other subfolders' devices.
func (s *syncer) otherDevices() []crdt.DeviceID {
	entries, _ := os.ReadDir(s.dir)
	var out []crdt.DeviceID
	for _, e := range entries {
		if d, ok := parseDeviceDir(e.Name()); ok && e.IsDir() && d != s.me {
			out = append(out, d)
		}
	}
	return out
}

// listOwnRaw lists this device's segments, redundant ones included.
func (s *syncer) listOwnRaw() ([]Span, error) {
	entries, err := os.ReadDir(s.own())
	if err != nil {
		return nil, err
	}
	var spans []Span
	for _, e := range entries {
		if sp, ok := ParseSegmentName(e.Name()); ok && e.Type().IsRegular() {
			spans = append(spans, sp)
		}
	}
	return spans, nil
}

// stateBytes is the read state without its date, to tell whether it
// changed.
func (s *syncer) stateBytes() []byte {
	st := s.state
	st.At = 0
	b, _ := json.Marshal(st)
	return b
}

// readOthers reads and merges the segments of the other subfolders that
// this device has not read yet.
func (s *syncer) readOthers() error {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return fmt.Errorf("shared folder: %w", err)
	}
	type todo struct {
		device crdt.DeviceID
		spans  []Span
	}
	var work []todo
	var total int64
	for _, e := range entries {
		d, ok := parseDeviceDir(e.Name())
		if !ok || !e.IsDir() {
			s.res.Ignored++
			continue
		}
		if d == s.me {
			continue
		}
		spans, err := s.listSegments(d)
		if err != nil {
			s.warn("subfolder %s: %v", e.Name(), err)
			continue
		}
		mark := s.state.Read[d]
		var fresh []Span
		for _, sp := range spans {
			if sp.Last > mark.Last {
				fresh = append(fresh, sp)
			}
		}
		if len(fresh) > 0 {
			work = append(work, todo{d, fresh})
			total += int64(len(fresh))
		}
	}
	var done int64
	reported := s.state.Unreadable
	s.state.Unreadable = nil // what is still there is kept below
	for _, w := range work {
		mark := s.state.Read[w.device]
		for _, sp := range w.spans {
			if err := s.ctx.Err(); err != nil {
				return err
			}
			s.progress("read", done, total)
			done++
			if sp.Last <= mark.Last {
				continue // covered by a compacted segment just read
			}
			key := w.device.String() + "/" + sp.Name()
			fi, err := os.Stat(filepath.Join(s.dir, key))
			if err != nil {
				continue // gone meanwhile
			}
			if size, ok := reported[key]; ok && size == fi.Size() {
				s.res.Unreadable++
				s.unreadable(key, size)
				continue
			}
			ok, err := s.readSegment(w.device, sp, &mark)
			if err != nil {
				return err
			}
			if !ok {
				s.unreadable(key, fi.Size())
			}
		}
		if mark.Last > 0 {
			s.state.Read[w.device] = mark
		}
	}
	s.progress("read", total, total)
	return nil
}

func (s *syncer) unreadable(key string, size int64) {
	if s.state.Unreadable == nil {
		s.state.Unreadable = map[string]int64{}
	}
	s.state.Unreadable[key] = size
}

// readSegment merges one segment and moves the mark over it if it
// follows on: in compareSpans order, once a segment is missing or does not
// open, no later one follows on, so the mark stops before the gap and the
// next pass tries again from there. It reports whether the segment was
// merged.
func (s *syncer) readSegment(device crdt.DeviceID, sp Span, mark *Mark) (bool, error) {
	name := sp.Name()
	plain, h, err := s.openSegment(device, name)
	if err != nil {
		s.warn("skipped %s/%s: %v", device, name, err)
		return false, nil
	}
	imp, err := s.rep.Import(s.ctx, plain, device)
	if err != nil {
		if cerr := s.ctx.Err(); cerr != nil {
			return false, cerr
		}
		s.warn("skipped %s/%s: %v", device, name, err)
		return false, nil
	}
	s.res.Read++
	s.res.Merged += imp.New
	if imp.Problem != nil {
		s.warn("%s/%s: %v", device, name, imp.Problem)
	}
	if sp.First > mark.Last+1 {
		return true, nil
	}
	mark.Last = sp.Last
	if mark.Vector == nil {
		mark.Vector = crdt.Vector{}
	}
	maxInto(mark.Vector, h.Vector)
	return true, nil
}

// writeOwn writes one segment of the changes the folder lacks as far as
// this device knows.
func (s *syncer) writeOwn() error {
	s.progress("write", 0, 1)
	spans, err := s.listOwnRaw()
	if err != nil {
		return fmt.Errorf("shared folder: %w", err)
	}
	// Segments of ours beyond what our read file says we wrote: a crash
	// came between writing one and the read file. They are ours if they
	// open, and their numbers must not be used again (readers who read
	// them would skip the new content). Anything else there is not ours.
	for _, sp := range spans {
		if sp.Last <= s.state.Wrote.Last {
			continue
		}
		_, h, err := s.openSegment(s.me, sp.Name())
		if err != nil {
			s.dropForeign(sp, err)
			continue
		}
		s.state.Wrote.Last = max(s.state.Wrote.Last, sp.Last)
		if s.state.Wrote.Vector == nil {
			s.state.Wrote.Vector = crdt.Vector{}
		}
		maxInto(s.state.Wrote.Vector, h.Vector)
	}
	if err := s.fillGaps(spans); err != nil {
		return err
	}
	data, n, err := s.rep.Export(s.ctx, s.state.known())
	if err != nil {
		return fmt.Errorf("shared folder: %w", err)
	}
	if n == 0 {
		s.progress("write", 1, 1)
		return nil
	}
	h, err := bundle.ReadHeader(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("shared folder: own export: %w", err)
	}
	next := s.state.Wrote.Last
	if next == math.MaxUint64 {
		return fmt.Errorf("shared folder: segment numbers exhausted")
	}
	next++
	name := Span{next, next}.Name()
	if err := s.writeSealed(name, data); err != nil {
		return err
	}
	s.state.Wrote.Last = next
	if s.state.Wrote.Vector == nil {
		s.state.Wrote.Vector = crdt.Vector{}
	}
	maxInto(s.state.Wrote.Vector, h.Vector)
	s.res.Wrote, s.res.WroteChanges = name, n
	s.progress("write", 1, 1)
	return nil
}

// fillGaps rewrites, as one segment of everything this device holds, any
// range of its own segment numbers that no file covers any more (deleted
// by hand, lost with a restored backup): readers stop their mark at a
// gap, so without this they would read the later segments again on every
// pass and this device's segments would never be compacted.
func (s *syncer) fillGaps(spans []Span) error {
	var gaps []Span
	next := uint64(1)
	for _, sp := range covering(ours(spans, s.state.Wrote.Last)) {
		if sp.First > next {
			gaps = append(gaps, Span{next, sp.First - 1})
		}
		next = max(next, sp.Last+1)
	}
	if next <= s.state.Wrote.Last {
		gaps = append(gaps, Span{next, s.state.Wrote.Last})
	}
	if len(gaps) == 0 {
		return nil
	}
	data, n, err := s.rep.Export(s.ctx, crdt.Vector{})
	if err != nil {
		return fmt.Errorf("shared folder: %w", err)
	}
	if n == 0 {
		return nil
	}
	for _, g := range gaps {
		s.warn("own segments %d to %d are missing: rewriting them from this laptop's records", g.First, g.Last)
		if err := s.writeSealed(g.Name(), data); err != nil {
			return err
		}
	}
	return nil
}

func (s *syncer) writeSealed(name string, plain []byte) error {
	sealed, err := Seal(s.keys.ByEpoch[s.keys.Current], s.keys.Current, s.me, name, plain)
	if err != nil {
		return fmt.Errorf("shared folder: %w", err)
	}
	if err := writeAtomic(s.own(), name, sealed); err != nil {
		return fmt.Errorf("shared folder: %w", err)
	}
	return nil
}

// saveState writes this device's read file if it changed.
func (s *syncer) saveState(before []byte) error {
	vec, err := s.rep.Vector(s.ctx)
	if err != nil {
		return fmt.Errorf("shared folder: %w", err)
	}
	s.state.Vector = vec
	if bytes.Equal(before, s.stateBytes()) {
		if _, err := os.Stat(filepath.Join(s.own(), ReadFileName)); err == nil {
			return nil
		}
	}
	s.state.At = s.opt.Now().UnixMilli()
	plain, err := EncodeReadState(s.state, s.rep.Identity().Private)
	if err != nil {
		return fmt.Errorf("shared folder: %w", err)
	}
	return s.writeSealed(ReadFileName, plain)
}
