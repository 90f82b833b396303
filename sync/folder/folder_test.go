package folder_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/folder"
)

func opts(t *testing.T) folder.Options {
	return folder.Options{
		Now:  func() time.Time { return time.UnixMilli(1_800_000_000_000) },
		Logf: func(format string, args ...any) { t.Logf(format, args...) },
	}
}

func syncOnce(t *testing.T, dir string, f *fake) folder.Result {
	t.Helper()
	res, err := folder.Sync(context.Background(), dir, f, opts(t))
	if err != nil {
		t.Fatalf("sync %s: %v", f.id.Device().Short(), err)
	}
	return res
}

func group(t *testing.T, n int) ([]*fake, string) {
	t.Helper()
	gk := groupKeys(t)
	roster := new([]crdt.DeviceID)
	var fs []*fake
	for range n {
		fs = append(fs, newFake(t, roster, gk))
	}
	return fs, t.TempDir()
}

func segments(t *testing.T, dir string, d crdt.DeviceID) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, d.String()))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if _, ok := folder.ParseSegmentName(e.Name()); ok {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestThreeDevicesConvergeDespiteJunk(t *testing.T) {
	fs, dir := group(t, 3)
	for i, f := range fs {
		for j := range 5 {
			f.commit(strings.Repeat("x", i+j))
		}
	}
	for _, f := range fs {
		syncOnce(t, dir, f)
	}
	// What sync tools and crashes leave behind.
	a := fs[0].id.Device().String()
	seg := filepath.Join(dir, a, folder.Span{First: 1, Last: 1}.Name())
	data, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	junk := map[string][]byte{
		seg + ".sync-conflict-20261126-004200-ABCDEFG":                                    data,
		filepath.Join(dir, a, "0000000000000001-0000000000000001 (1).kseg"):               data,
		filepath.Join(dir, a, "0000000000000001-0000000000000001 (conflicted copy).kseg"): data,
		filepath.Join(dir, a, ".syncthing.0000000000000002-0000000000000002.kseg.tmp"):    data[:len(data)/2],
		filepath.Join(dir, a, "~0000000000000002-0000000000000002.kseg"):                  data,
		filepath.Join(dir, a, "0000000000000001-0000000000000001.KSEG"):                   data,
		filepath.Join(dir, "notes.txt"):                                                   []byte("hello"),
		// A half-written file under a segment's own name (a USB stick
		// pulled out mid-copy): skipped with a warning, tried again.
		filepath.Join(dir, a, folder.Span{First: 2, Last: 2}.Name()): data[:len(data)/2],
	}
	for p, b := range junk {
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, a+" (1)"), 0o755); err != nil {
		t.Fatal(err)
	}
	var warned bool
	for range 2 {
		for _, f := range fs {
			res := syncOnce(t, dir, f)
			warned = warned || len(res.Warnings) > 0
		}
	}
	if !warned {
		t.Fatal("the half-written segment gave no warning")
	}
	want := fs[0].held()
	if len(want) != 15 {
		t.Fatalf("device 0 holds %d changes, want 15", len(want))
	}
	for i, f := range fs[1:] {
		if got := f.held(); !slices.Equal(got, want) {
			t.Fatalf("device %d holds %d changes, device 0 %d", i+1, len(got), len(want))
		}
	}
	// The half-written file is replaced by a later complete one: device 0
	// will number its next segment after it, and the others read it.
	os.Remove(filepath.Join(dir, a, folder.Span{First: 2, Last: 2}.Name()))
	fs[0].commit("late")
	for _, f := range fs {
		syncOnce(t, dir, f)
	}
	for _, f := range fs[1:] {
		if !slices.Equal(f.held(), fs[0].held()) {
			t.Fatal("the late change did not arrive")
		}
	}
}

func TestWithoutTheKeyNothingIsReadable(t *testing.T) {
	fs, dir := group(t, 2)
	const secret = "Marie-Soleil's salary proposal 4217"
	fs[0].commit(secret)
	fs[1].commit(secret)
	for _, f := range fs {
		syncOnce(t, dir, f)
	}
	syncOnce(t, dir, fs[0])
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("%s holds the plaintext", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// A device on the roster but with another key (the removed laptop
	// after a rotation, or a thief with a copy of the folder and a key of
	// his own) imports nothing.
	roster := new([]crdt.DeviceID)
	*roster = append(*roster, fs[0].id.Device(), fs[1].id.Device())
	thief := newFake(t, roster, groupKeys(t))
	res, err := folder.Sync(context.Background(), dir, thief, opts(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.Read != 0 || res.Merged != 0 || len(thief.held()) != 0 {
		t.Fatalf("read %d segments, merged %d", res.Read, res.Merged)
	}
	if len(res.Warnings) == 0 || !strings.Contains(strings.Join(res.Warnings, "\n"), "does not hold") {
		t.Fatalf("warnings: %q", res.Warnings)
	}
	// No key at all: the pass is refused.
	thief.gk = folder.Keys{}
	if _, err := folder.Sync(context.Background(), dir, thief, opts(t)); !errors.Is(err, folder.ErrNoGroupKey) {
		t.Fatalf("no key: %v", err)
	}
}

func TestTamperedSegmentIsRefused(t *testing.T) {
	fs, dir := group(t, 2)
	fs[0].commit("one")
	syncOnce(t, dir, fs[0])
	fs[0].commit("two")
	syncOnce(t, dir, fs[0])
	segs := segments(t, dir, fs[0].id.Device())
	if len(segs) != 2 {
		t.Fatalf("segments %v", segs)
	}
	p := filepath.Join(dir, fs[0].id.Device().String(), segs[0])
	b, _ := os.ReadFile(p)
	b[len(b)-40] ^= 1
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	// A segment moved to another subfolder does not open either.
	b2, _ := os.ReadFile(filepath.Join(dir, fs[0].id.Device().String(), segs[1]))
	fake3 := crdt.DeviceID{0xfe}
	os.MkdirAll(filepath.Join(dir, fake3.String()), 0o700)
	os.WriteFile(filepath.Join(dir, fake3.String(), segs[1]), b2, 0o644)

	res := syncOnce(t, dir, fs[1])
	if res.Read != 1 || len(fs[1].held()) != 1 {
		t.Fatalf("read %d, holds %d; want only the intact segment", res.Read, len(fs[1].held()))
	}
	if n := len(res.Warnings); n != 2 {
		t.Fatalf("warnings %q", res.Warnings)
	}
}

func TestCompactionOnceAllHaveRead(t *testing.T) {
	fs, dir := group(t, 3)
	a := fs[0]
	for i := range 3 {
		a.commit("c" + string(rune('0'+i)))
		syncOnce(t, dir, a)
	}
	if got := segments(t, dir, a.id.Device()); len(got) != 3 {
		t.Fatalf("segments %v", got)
	}
	// Only one other has read them: nothing is compacted.
	syncOnce(t, dir, fs[1])
	if res := syncOnce(t, dir, a); res.Compacted != 0 {
		t.Fatalf("compacted before everyone read: %+v", res)
	}
	syncOnce(t, dir, fs[2])
	res := syncOnce(t, dir, a)
	if res.Compacted != 3 || res.CompactedInto != (folder.Span{First: 1, Last: 3}).Name() {
		t.Fatalf("compaction: %+v", res)
	}
	if got := segments(t, dir, a.id.Device()); !slices.Equal(got, []string{res.CompactedInto}) {
		t.Fatalf("after compaction: %v", got)
	}
	// The readers skip the compacted segment; a newcomer reads it whole.
	if res := syncOnce(t, dir, fs[1]); res.Read != 0 {
		t.Fatalf("reread the compacted segment: %+v", res)
	}
	newcomer := newFake(t, a.roster, a.gk)
	syncOnce(t, dir, newcomer)
	if !slices.Equal(newcomer.held(), a.held()) {
		t.Fatalf("newcomer holds %d changes, want %d", len(newcomer.held()), len(a.held()))
	}
}

func TestCrashedCompactionIsCleanedUp(t *testing.T) {
	fs, dir := group(t, 1)
	a := fs[0]
	for _, s := range []string{"x", "y"} {
		a.commit(s)
		syncOnce(t, dir, a)
	}
	own := filepath.Join(dir, a.id.Device().String())
	// Keep a copy of segment 1 as if the removal had not happened.
	keep, _ := os.ReadFile(filepath.Join(own, folder.Span{First: 1, Last: 1}.Name()))
	a.commit("z")
	res := syncOnce(t, dir, a)
	if res.Compacted == 0 {
		t.Fatalf("alone on the roster, nothing compacted: %+v", res)
	}
	os.WriteFile(filepath.Join(own, folder.Span{First: 1, Last: 1}.Name()), keep, 0o600)
	syncOnce(t, dir, a)
	if got := segments(t, dir, a.id.Device()); len(got) != 1 {
		t.Fatalf("covered segment not removed: %v", got)
	}
}

func TestSegmentNames(t *testing.T) {
	good := folder.Span{First: 1, Last: 0x1f}
	if sp, ok := folder.ParseSegmentName(good.Name()); !ok || sp != good {
		t.Fatalf("%s: %v %v", good.Name(), sp, ok)
	}
	for _, bad := range []string{
		"0000000000000002-0000000000000001.kseg", // first > last
		"0000000000000000-0000000000000001.kseg", // from 0
		"000000000000000A-000000000000000a.kseg", // upper case
		"0000000000000001-0000000000000001.kseg.tmp",
		"0000000000000001-0000000000000001 (1).kseg",
		"000000000000001-00000000000000001.kseg",
		"+000000000000001-0000000000000001.kseg",
		"read.kvec",
	} {
		if _, ok := folder.ParseSegmentName(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestMissingOwnSegmentIsRewritten(t *testing.T) {
	fs, dir := group(t, 2)
	a, b := fs[0], fs[1]
	a.commit("one")
	syncOnce(t, dir, a)
	a.commit("two")
	syncOnce(t, dir, a)
	// Segment 1 is deleted by hand before b ever read it.
	os.Remove(filepath.Join(dir, a.id.Device().String(), folder.Span{First: 1, Last: 1}.Name()))
	syncOnce(t, dir, b)
	res := syncOnce(t, dir, a)
	if len(res.Warnings) == 0 {
		t.Fatal("no warning about the missing segment")
	}
	syncOnce(t, dir, b)
	if !slices.Equal(a.held(), b.held()) {
		t.Fatalf("b holds %d changes, a %d", len(b.held()), len(a.held()))
	}
	if res := syncOnce(t, dir, a); res.Compacted != 2 {
		t.Fatalf("not compacted after the gap was filled: %+v", res)
	}
}

func TestLostReadFileNumbersOn(t *testing.T) {
	fs, dir := group(t, 2)
	a, b := fs[0], fs[1]
	a.commit("one")
	syncOnce(t, dir, a)
	syncOnce(t, dir, b)
	// a's subfolder is wiped (a new folder on a reinstalled laptop would
	// have a new device id; this is the same laptop after a cleanup).
	os.RemoveAll(filepath.Join(dir, a.id.Device().String()))
	a.commit("two")
	syncOnce(t, dir, a)
	syncOnce(t, dir, b)
	if !slices.Equal(a.held(), b.held()) {
		t.Fatalf("b holds %d changes, a %d", len(b.held()), len(a.held()))
	}
}

func TestCrashBeforeReadFileDoesNotReuseNumbers(t *testing.T) {
	fs, dir := group(t, 2)
	a, b := fs[0], fs[1]
	a.commit("one")
	syncOnce(t, dir, a)
	readFile := filepath.Join(dir, a.id.Device().String(), folder.ReadFileName)
	old, err := os.ReadFile(readFile)
	if err != nil {
		t.Fatal(err)
	}
	a.commit("two")
	syncOnce(t, dir, a)
	syncOnce(t, dir, b) // b reads segment 2
	// a crashed after writing segment 2 but before its read file.
	os.WriteFile(readFile, old, 0o600)
	a.commit("three")
	res := syncOnce(t, dir, a)
	if res.Wrote != (folder.Span{First: 3, Last: 3}).Name() {
		t.Fatalf("wrote %q, want segment 3", res.Wrote)
	}
	syncOnce(t, dir, b)
	if !slices.Equal(a.held(), b.held()) {
		t.Fatalf("b holds %d changes, a %d", len(b.held()), len(a.held()))
	}
}

// TestForgedWideSegmentHidesNothing: whoever can write to the folder
// without the key drops a file named as if it compacted all of a's
// segments. Nobody trusts the name: readers read a's real segments, and a
// neither deletes them nor stops compacting.
func TestForgedWideSegmentHidesNothing(t *testing.T) {
	fs, dir := group(t, 2)
	a, b := fs[0], fs[1]
	a.commit("one")
	syncOnce(t, dir, a)
	a.commit("two")
	syncOnce(t, dir, a)
	own := filepath.Join(dir, a.id.Device().String())
	for _, sp := range []folder.Span{{First: 1, Last: 0xffffffff}, {First: 1, Last: 2}} {
		if err := os.WriteFile(filepath.Join(own, sp.Name()), []byte("KONBIT\x1aF\x00\x01junkjunkjunkjunkjunkjunkjunkjunkjunkjunk"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	syncOnce(t, dir, b)
	if !slices.Equal(a.held(), b.held()) {
		t.Fatalf("b holds %d changes, a %d", len(b.held()), len(a.held()))
	}
	// a removes the forged files from its subfolder, and compacts its
	// real segments (b read them) into a 1-2 of its own.
	res := syncOnce(t, dir, a)
	if res.Compacted != 2 {
		t.Fatalf("a's pass: %+v", res)
	}
	a.commit("three")
	syncOnce(t, dir, a)
	res = syncOnce(t, dir, b)
	if len(res.Warnings) != 0 || !slices.Equal(a.held(), b.held()) {
		t.Fatalf("b's pass after the clean-up: %+v", res)
	}
	newcomer := newFake(t, a.roster, a.gk)
	syncOnce(t, dir, newcomer)
	if !slices.Equal(newcomer.held(), a.held()) {
		t.Fatal("a newcomer cannot read a's compacted history")
	}
	if got := segments(t, dir, a.id.Device()); len(got) != 2 || got[0] != (folder.Span{First: 1, Last: 2}).Name() {
		t.Fatalf("a's subfolder: %v", got)
	}
}

func TestUnreadableFileIsReportedOnce(t *testing.T) {
	fs, dir := group(t, 2)
	a, b := fs[0], fs[1]
	a.commit("one")
	res := syncOnce(t, dir, a)
	p := filepath.Join(dir, a.id.Device().String(), res.Wrote)
	good, _ := os.ReadFile(p)
	os.WriteFile(p, good[:len(good)-10], 0o644) // still being copied
	if res := syncOnce(t, dir, b); len(res.Warnings) != 1 || res.Unreadable != 0 {
		t.Fatalf("first pass: %+v", res)
	}
	if res := syncOnce(t, dir, b); len(res.Warnings) != 0 || res.Unreadable != 1 {
		t.Fatalf("second pass warned again: %+v", res)
	}
	os.WriteFile(p, good, 0o644) // the copy completed
	if res := syncOnce(t, dir, b); res.Read != 1 || len(res.Warnings) != 0 {
		t.Fatalf("completed file not read: %+v", res)
	}
	if !slices.Equal(a.held(), b.held()) {
		t.Fatal("b lacks a's change")
	}
	// A file under a key b does not hold yet is tried again once it has
	// one more.
	e2 := groupKeys(t)
	a.gk = e2
	a.gk.ByEpoch[b.gk.Current] = b.gk.ByEpoch[b.gk.Current]
	a.commit("two")
	syncOnce(t, dir, a)
	if res := syncOnce(t, dir, b); len(res.Warnings) != 1 {
		t.Fatalf("new-key segment: %+v", res)
	}
	syncOnce(t, dir, b)
	b.gk = a.gk
	if res := syncOnce(t, dir, b); res.Read != 1 {
		t.Fatalf("not retried with the new key: %+v", res)
	}
}
