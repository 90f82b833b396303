package app

import (
	"context"
	"github.com/konbit/konbit"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
)

// exportFrom writes a bundle of everything r holds.
func exportFrom(t *testing.T, r *replica.Replica) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "from-other.konbit")
	if _, err := r.ExportFile(context.Background(), path, nil, nil); err != nil {
		t.Fatal(err)
	}
	return path
}

func (tu *testUI) waitIdle() {
	tu.t.Helper()
	tu.eventually("the export or import to end", func() bool { return !tu.sync.busy })
}

func TestSyncScreenShowsThisDevice(t *testing.T) {
	tu := newTestUI(t, langEN, nil)
	s := tu.sync
	self := tu.r.Device()
	if s.shortID.Text != self.Short() || s.fullID.Text != self.String() {
		t.Errorf("shows %q / %q, want %q / %q", s.shortID.Text, s.fullID.Text, self.Short(), self.String())
	}
	if !s.fullID.Selectable {
		t.Error("the full id should be selectable")
	}
	test.Tap(tu.button(s.root, "Copy"))
	if got := tu.app.Clipboard().Content(); got != self.String() {
		t.Errorf("clipboard = %q", got)
	}
	rows := strings.Join(labelTexts(s.devRows), "|")
	if !strings.Contains(rows, self.Short()+" (this laptop)") {
		t.Errorf("device table: %s", rows)
	}
	if s.warnings.Visible() {
		t.Error("no clock warning expected")
	}
	when := time.Date(2011, 5, 17, 9, 0, 0, 0, time.Local)
	if got, want := s.bundleName(when), "konbit-"+self.Short()+"-2011-05-17.konbit"; got != want {
		t.Errorf("bundle name %q, want %q", got, want)
	}
}

func TestSyncImportThroughScreen(t *testing.T) {
	other := openReplica(t)
	loadSample(other)
	path := exportFrom(t, other)

	tu := newTestUI(t, langEN, nil)
	admit(t, tu.r, other)
	tu.showScreen(screenSync)
	tu.sync.runImport(path)
	if !tu.sync.busy || !tu.sync.progress.Visible() || !tu.sync.importBtn.Disabled() {
		t.Error("an import should show its progress and disable the buttons")
	}
	tu.waitIdle()
	if members, _ := tu.r.Members(); len(members) != 26 {
		t.Fatalf("%d members after import", len(members))
	}
	text := strings.Join(labelTexts(tu.sync.result), "\n")
	for _, want := range []string{"Bundle from-other.konbit from " + other.Device().Short() + " imported",
		"New changes: 1 · Already known: 0", other.Device().Short() + ": new 1, already known 0"} {
		if !strings.Contains(text, want) {
			t.Errorf("result lacks %q:\n%s", want, text)
		}
	}
	// The other screens follow the merge.
	tu.eventually("the members screen to list them", func() bool { return len(tu.members.shown) == 26 })
	tu.eventually("the device table to list the other laptop", func() bool {
		return strings.Contains(strings.Join(labelTexts(tu.sync.devRows), "|"), other.Device().Short())
	})

	// Again: nothing new, no harm.
	tu.sync.runImport(path)
	tu.waitIdle()
	if text := strings.Join(labelTexts(tu.sync.result), "\n"); !strings.Contains(text, "Nothing new") {
		t.Errorf("second import says:\n%s", text)
	}
}

func TestSyncImportRefusedSaysNothingChanged(t *testing.T) {
	for _, c := range []struct{ lang, want string }{
		{langEN, "Nothing was changed on this laptop."},
		{langFR, "Rien n'a été modifié sur cet ordinateur."},
	} {
		t.Run(c.lang, func(t *testing.T) {
			other := openReplica(t)
			loadSample(other)
			path := exportFrom(t, other)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, data[:len(data)*2/3], 0o600); err != nil { // truncated on the USB stick
				t.Fatal(err)
			}
			tu := newTestUI(t, c.lang, nil)
			tu.sync.runImport(path)
			tu.waitIdle()
			if text := tu.dialogText(); !strings.Contains(text, c.want) {
				t.Errorf("error dialog says:\n%s", text)
			}
			if members, _ := tu.r.Members(); len(members) != 0 {
				t.Errorf("a refused bundle left %d members", len(members))
			}
			if tu.sync.result.Visible() {
				t.Error("no result card after a failure")
			}
		})
	}
}

func TestSyncExportThroughScreen(t *testing.T) {
	tu := newTestUI(t, langFR, loadSample)
	dir := t.TempDir()
	path := filepath.Join(dir, tu.sync.bundleName(time.Now()))
	tu.sync.runExport(path)
	tu.waitIdle()
	text := strings.Join(labelTexts(tu.sync.result), "\n")
	if !strings.Contains(text, "Paquet exporté") || !strings.Contains(text, "Changements\u00a0: 1 · Appareils\u00a0: 1") {
		t.Errorf("result says:\n%s", text)
	}
	if v, _ := tu.r.Setting(tu.ctx, settingSyncDir); v != dir {
		t.Errorf("remembered folder %q, want %q", v, dir)
	}
	// The bundle carries everything to another laptop.
	other := openReplica(t)
	admit(t, other, tu.r)
	if _, err := other.ImportFile(context.Background(), path, nil); err != nil {
		t.Fatal(err)
	}
	if members, _ := other.Members(); len(members) != 26 {
		t.Errorf("the other laptop got %d members", len(members))
	}
}

func TestSyncExportDialogSuggestsName(t *testing.T) {
	tu := newTestUI(t, langEN, nil)
	tu.sync.export()
	want := tu.sync.bundleName(time.Now())
	entries := find(tu.topOverlay(), func(e *widget.Entry) bool { return e.Text == want })
	if len(entries) != 1 {
		t.Errorf("the save dialog does not suggest %s", want)
	}
}

func TestSyncProgress(t *testing.T) {
	tu := newTestUI(t, langFR, nil)
	tu.sync.setBusy(true)
	p := tu.sync.progressFunc(false)
	p("verify", 1, 4)
	p("verify", 1, 4) // same percent: not posted again
	tu.q.drain()
	if tu.sync.phase.Text != "Vérification des signatures…" || tu.sync.bar.Value != 0.25 {
		t.Errorf("progress shows %q %v", tu.sync.phase.Text, tu.sync.bar.Value)
	}
	p("merge", 3, 4)
	tu.q.drain()
	if tu.sync.phase.Text != "Fusion des changements…" || tu.sync.bar.Value != 0.75 {
		t.Errorf("progress shows %q %v", tu.sync.phase.Text, tu.sync.bar.Value)
	}
}

// A laptop whose clock runs 3 days ahead is named in a warning once its
// changes are merged.
func TestClockWarningAfterMerge(t *testing.T) {
	ahead, err := replica.Open(context.Background(), t.TempDir(), sqlite.Options{
		Now: func() time.Time { return time.Now().Add(72*time.Hour + 5*time.Minute) },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer ahead.Close()
	loadSample(ahead)
	path := exportFrom(t, ahead)

	tu := newTestUI(t, langEN, nil)
	admit(t, tu.r, ahead)
	tu.sync.runImport(path)
	tu.waitIdle()
	tu.eventually("the clock warning", func() bool { return tu.sync.warnings.Visible() })
	text := strings.Join(labelTexts(tu.sync.warnings), "\n")
	want := "The clock of device " + ahead.Device().Short() + " is 3 days ahead: its edits may win over later ones; check its date and time."
	if !strings.Contains(text, want) {
		t.Errorf("warning says:\n%s", text)
	}
}

// TestNameThisLaptop: the laptop's name is typed in Settings, saved as a
// replicated record, and shown on the sync screen.
func TestNameThisLaptop(t *testing.T) {
	tu := newTestUI(t, langEN, nil)
	tu.showScreen(screenSettings)
	test.Type(tu.settings.name, "   ")
	test.Tap(tu.button(tu.settings.root, "Save name"))
	if tu.settings.nameNote.Text != "Give the laptop a name first." {
		t.Fatalf("empty name: note %q", tu.settings.nameNote.Text)
	}
	tu.settings.name.SetText("")
	test.Type(tu.settings.name, "Chalet projector")
	test.Tap(tu.button(tu.settings.root, "Save name"))
	if got := tu.r.DeviceName(tu.r.Device()); got != "Chalet projector" {
		t.Fatalf("name saved as %q", got)
	}
	tu.showScreen(screenSync)
	tu.eventually("sync screen shows the name", func() bool {
		return strings.HasPrefix(tu.sync.shortID.Text, "Chalet projector (")
	})
}

// TestCatchUpRefreshesScreens: a member added by another program (the
// command line) appears on the members screen at the next tick.
func TestCatchUpRefreshesScreens(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	ticks := make(chan time.Time)
	done := make(chan struct{})
	go func() { tu.catchUp(ticks); close(done) }()
	other, err := replica.Open(tu.ctx, tu.r.Dir(), sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.AddMember(tu.ctx, konbit.Member{Name: "Zoé Script", Category: konbit.Salaried}); err != nil {
		t.Fatal(err)
	}
	other.Close()
	ticks <- time.Now()
	tu.eventually("the new member is listed", func() bool {
		return len(tu.members.all) == 27
	})
	tu.cancel()
	<-done
}
