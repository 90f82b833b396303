package app

import (
	"bytes"
	"image"
	"image/draw"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/sync/agent"
	"github.com/konbit/konbit/sync/crdt"
)

// netNow is the clock of the network tests and images.
var netNow = time.Date(2011, 5, 17, 14, 32, 0, 0, time.Local)

// netDevice is a fixed device id (as in fixedDevices).
func netDevice(b byte) crdt.DeviceID {
	var d crdt.DeviceID
	for i := range d {
		d[i] = b + byte(i)*17
	}
	return d
}

// netStatus is a busy afternoon: two laptops of the group, one with a
// problem, a stranger, a transfer under way and a refusal in the log.
func netStatus() agent.Status {
	jenny, old, stranger := netDevice(0x7c), netDevice(0xc3), netDevice(0x55)
	return agent.Status{
		Enabled: true,
		Listen:  "192.168.1.12:7340",
		Peers: []agent.PeerStatus{
			{Device: jenny, Name: "Portable de Jenny", Addr: "192.168.1.20:7340", Via: "mdns", Seen: netNow.Add(-time.Minute),
				Allowed: true, LastSync: netNow.Add(-2 * time.Minute), In: 118, Out: 42},
			{Device: old, Addr: "192.168.1.31:7340", Via: "beacon", Seen: netNow.Add(-5 * time.Minute),
				Allowed: true, LastSync: netNow.Add(-3 * time.Hour), In: 9, Err: "connection cut: read: connection reset", Why: agent.WhyCut},
			{Device: stranger, Name: "PC-SALLE", Addr: "192.168.1.44:7340", Via: "incoming", Seen: netNow.Add(-4 * time.Minute),
				Err: "refused: device 9C1F-… is not on this group's roster", Why: agent.WhyRefused},
		},
		Transfer: &agent.Transfer{Peer: jenny, Name: "Portable de Jenny", In: 1200, Out: 300, InTotal: 4000, OutTotal: 300,
			StartedAt: netNow.Add(-20 * time.Second)},
		Log: []agent.Event{
			{At: netNow.Add(-12 * time.Minute), Peer: jenny, Kind: agent.EventSynced,
				Data: map[string]any{"Peer": "Portable de Jenny", "In": 118, "Out": 42}, Text: "synced with Portable de Jenny: 118 changes in, 42 out"},
			{At: netNow.Add(-4 * time.Minute), Peer: stranger, Kind: agent.EventSyncFailed, Err: true,
				Data: map[string]any{"Peer": "PC-SALLE", "Why": agent.WhyRefused, "Detail": "refused: device 9C1F-… is not on this group's roster"},
				Text: "sync with PC-SALLE failed: refused: device 9C1F-… is not on this group's roster"},
		},
	}
}

// newNetTestUI is a test UI with a fake sync agent and a fixed clock.
func newNetTestUI(t *testing.T, language string, st agent.Status) (*testUI, *fakeNet) {
	t.Helper()
	f := newFakeNet(st)
	tu := newTestUIWith(t, language, nil, f)
	tu.clock = func() time.Time { return netNow }
	// The screens show times relative to the clock: have them draw again
	// with the test's (a status change does).
	f.set(func(*agent.Status) {})
	tu.settle()
	return tu, f
}

func TestNetSectionUnavailableWithoutService(t *testing.T) {
	tu := newTestUI(t, langEN, nil)
	text := strings.Join(labelTexts(tu.sync.net.root), "\n")
	if !strings.Contains(text, "not available") {
		t.Errorf("network section without a service says:\n%s", text)
	}
	if tu.settings.sync != nil {
		t.Error("no sync settings without a service")
	}
}

func TestNetPeersTable(t *testing.T) {
	tu, f := newNetTestUI(t, langEN, netStatus())
	tu.showScreen(screenSync)
	tu.settle()
	n := tu.sync.net
	rows := strings.Join(labelTexts(n.peers), "|")
	for _, want := range []string{
		"Portable de Jenny|mDNS|in the group|2 minutes ago|118 / 42|",
		netDevice(0xc3).Short() + "|broadcast|in the group|3 hours ago|9 / 0|the connection was cut",
		"PC-SALLE|it called|not in the group|never|—|refused (not on the group's roster, or removed from it)",
	} {
		if !strings.Contains(rows, want) {
			t.Errorf("peers table lacks %q:\n%s", want, rows)
		}
	}
	stranger := find(n.peers, func(l *widget.Label) bool { return l.Text == "not in the group" })
	if len(stranger) != 1 || stranger[0].Importance != widget.WarningImportance {
		t.Error("a laptop not in the group should stand out")
	}
	if !n.transfer.Visible() || n.progress.Text != "Syncing with Portable de Jenny: 1500 of 4300 changes" {
		t.Errorf("progress: %v %q", n.transfer.Visible(), n.progress.Text)
	}
	if got := n.bar.Value; got < 0.34 || got > 0.35 {
		t.Errorf("progress bar at %v", got)
	}
	if n.listen.Text != "Other laptops reach this one at 192.168.1.12:7340" {
		t.Errorf("listen: %q", n.listen.Text)
	}
	logs := find(n.log, func(l *widget.Label) bool { return strings.Contains(l.Text, "refused") })
	if len(logs) != 1 || logs[0].Importance != widget.DangerImportance {
		t.Error("the refusal should be listed in red")
	}
	if log := strings.Join(labelTexts(n.log), "|"); !strings.HasPrefix(log, "Sync with PC-SALLE failed: refused (not on the group's roster, or removed from it)|14:28|Portable de Jenny: 118 changes in, 42 out") {
		t.Errorf("log, newest first: %s", log)
	}

	// The section follows the agent.
	f.set(func(st *agent.Status) {
		st.Transfer = nil
		st.Peers = st.Peers[:1]
		st.Enabled = false
		st.Folder = "/media/usb/konbit"
	})
	tu.eventually("the transfer to end", func() bool { return !n.transfer.Visible() })
	if !n.folder.Visible() || n.folder.Text != "Shared folder /media/usb/konbit: not read yet" {
		t.Errorf("folder: %q", n.folder.Text)
	}
	f.set(func(st *agent.Status) { st.FolderErr = "permission denied" })
	tu.eventually("the folder's error", func() bool { return n.folder.Importance == widget.DangerImportance })
	if n.folder.Text != "Shared folder /media/usb/konbit: permission denied" {
		t.Errorf("folder: %q", n.folder.Text)
	}
	if strings.Contains(strings.Join(labelTexts(n.peers), "|"), "PC-SALLE") {
		t.Error("a laptop gone is still listed")
	}
	if !strings.HasPrefix(n.state.Text, "Background sync is off") {
		t.Errorf("state: %q", n.state.Text)
	}
	// Its link goes to Settings.
	test.Tap(tu.button(n.root, "Change in Settings"))
	if tu.current != screenSettings {
		t.Error("the link does not show Settings")
	}
}

func TestNetSyncNow(t *testing.T) {
	tu, f := newNetTestUI(t, langEN, netStatus())
	n := tu.sync.net
	test.Tap(tu.button(n.root, "Sync now"))
	if !n.syncBtn.Disabled() {
		t.Error("Sync now should be disabled while it runs")
	}
	tu.bg.Wait()
	tu.q.drain()
	if _, _, syncs, _ := f.calls(); !slices.Equal(syncs, []string{""}) {
		t.Errorf("SyncNow called with %q", syncs)
	}
	if n.note.Text != "Sync finished at 14:32." || n.syncBtn.Disabled() {
		t.Errorf("after the sync: %q, disabled %v", n.note.Text, n.syncBtn.Disabled())
	}

	// Connect to an address: the addresses seen are offered; Enter with
	// none typed says so; then it syncs with the one typed.
	test.Tap(tu.button(n.root, "Connect to an address…"))
	entry := find(tu.topOverlay(), func(*addressEntry) bool { return true })
	if len(entry) != 1 {
		t.Fatal("no address field")
	}
	e := entry[0]
	if !slices.Equal(e.choices, []string{"192.168.1.20:7340", "192.168.1.31:7340", "192.168.1.44:7340"}) {
		t.Errorf("choices %q", e.choices)
	}
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !strings.Contains(tu.dialogText(), "Type an address first.") {
		t.Errorf("empty address: %s", tu.dialogText())
	}
	test.Type(e, "10.0.0.5:7340")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	tu.bg.Wait()
	tu.q.drain()
	if _, _, syncs, _ := f.calls(); !slices.Equal(syncs, []string{"", "10.0.0.5:7340"}) {
		t.Errorf("SyncNow called with %q", syncs)
	}
	if tu.win.Canvas().Overlays().Top() != nil {
		t.Error("the dialog should be closed")
	}

	// Escape closes it without syncing.
	test.Tap(tu.button(n.root, "Connect to an address…"))
	e = find(tu.topOverlay(), func(*addressEntry) bool { return true })[0]
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if tu.win.Canvas().Overlays().Top() != nil {
		t.Error("Escape should close the dialog")
	}
}

func TestPairDialog(t *testing.T) {
	tu, f := newNetTestUI(t, langEN, netStatus())
	marie := netDevice(0x2e)
	f.pairReq = agent.PairRequest{Code: "048213", Device: marie, Name: "Marie's laptop", Expires: netNow.Add(5 * time.Minute)}
	test.Tap(tu.button(tu.sync.net.root, "Pair a new laptop…"))
	if text := tu.dialogText(); !strings.Contains(text, "Waiting for the new laptop… (window closes at 14:37)") ||
		!strings.Contains(text, "192.168.1.12:7340") {
		t.Errorf("waiting: %s", text)
	}
	tu.eventually("the code", func() bool { return strings.Contains(tu.dialogText(), "Asking to join") })
	text := tu.dialogText()
	for _, want := range []string{"Type this code on the new laptop:", "Asking to join: Marie's laptop (" + marie.Short() + ")",
		"Check that this is the laptop in front of you", "closes at 14:37"} {
		if !strings.Contains(text, want) {
			t.Errorf("code dialog lacks %q:\n%s", want, text)
		}
	}
	if !hasText(tu.topOverlay(), "048 213") {
		t.Error("the code is not shown")
	}
	f.pairDone <- pairOutcome{res: agent.PairResult{Device: marie, Name: "Marie's laptop", In: 26, Out: 3}}
	tu.eventually("success", func() bool { return strings.Contains(tu.dialogText(), "is now in the group") })
	if want := "Laptop Marie's laptop (" + marie.Short() + ") is now in the group; first sync: 26 in, 3 out."; !strings.Contains(tu.dialogText(), want) {
		t.Errorf("success says:\n%s", tu.dialogText())
	}
	test.Tap(tu.button(tu.topOverlay(), "Close"))
	if tu.win.Canvas().Overlays().Top() != nil {
		t.Error("Close should close the dialog")
	}

	// Cancel (Escape) closes the pairing window: Pair returns.
	p := tu.pairNewLaptop()
	tu.eventually("the code", func() bool { return p.code != nil })
	tu.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if tu.win.Canvas().Overlays().Top() != nil {
		t.Error("Escape should close the dialog")
	}
	tu.bg.Wait() // Pair returned
	tu.q.drain()
}

func TestPairDialogError(t *testing.T) {
	tu, f := newNetTestUI(t, langFR, netStatus())
	f.pairReq = agent.PairRequest{Code: "111111", Device: netDevice(0x2e), Expires: netNow.Add(5 * time.Minute)}
	tu.pairNewLaptop()
	f.pairDone <- pairOutcome{err: errWrongCodes}
	tu.eventually("the failure", func() bool { return strings.Contains(tu.dialogText(), "L'appairage n'a pas abouti.") })
	if !strings.Contains(tu.dialogText(), errWrongCodes.Error()) {
		t.Errorf("failure says:\n%s", tu.dialogText())
	}
}

func TestJoinDialog(t *testing.T) {
	tu, f := newNetTestUI(t, langEN, agent.Status{Peers: []agent.PeerStatus{{Device: netDevice(0x7c), Addr: "192.168.1.20:7340", Via: "mdns"}}})
	member := netDevice(0x7c)
	f.joinCode = "654321"
	f.joinRes = agent.PairResult{Device: member, Name: "Portable de Jenny", In: 1200, Out: 0}
	test.Tap(tu.button(tu.sync.net.root, "Join a group…"))
	j := find(tu.topOverlay(), func(*addressEntry) bool { return true })[0]
	if j.Text != "192.168.1.20:7340" {
		t.Errorf("address prefilled with %q", j.Text)
	}
	if tu.win.Canvas().Focused() != fyne.Focusable(j) {
		t.Error("the address field should have the focus")
	}
	j.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	codeField := func() *codeEntry {
		var c *codeEntry
		tu.eventually("the code field", func() bool {
			cs := find(tu.topOverlay(), func(e *codeEntry) bool { return !e.Disabled() })
			if len(cs) == 1 {
				c = cs[0]
			}
			return c != nil
		})
		return c
	}
	c := codeField()
	test.Type(c, "12a3 4567")
	if c.Text != "123456" {
		t.Errorf("code field holds %q", c.Text)
	}
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	tu.eventually("wrong code", func() bool { return strings.Contains(tu.dialogText(), "Wrong code.") })
	c = codeField()
	if c.Text != "" {
		t.Errorf("the code field should be empty again, holds %q", c.Text)
	}
	test.Type(c, "6543")
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !strings.Contains(tu.dialogText(), "The code has 6 digits.") {
		t.Errorf("short code: %s", tu.dialogText())
	}
	test.Type(c, "21")
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	tu.eventually("success", func() bool { return strings.Contains(tu.dialogText(), "is now in the group") })
	want := "This laptop is now in the group with Portable de Jenny (" + member.Short() + "); first sync: 1200 in, 0 out."
	if !strings.Contains(tu.dialogText(), want) {
		t.Errorf("success says:\n%s", tu.dialogText())
	}
	if _, _, _, codes := f.calls(); !slices.Equal(codes, []string{"123456", "654321"}) {
		t.Errorf("codes sent: %q", codes)
	}
	if f.joinAddr != "192.168.1.20:7340" {
		t.Errorf("joined %q", f.joinAddr)
	}
	tu.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter closes it too
	if tu.win.Canvas().Overlays().Top() != nil {
		t.Error("Enter should close the dialog once joined")
	}

	// Escape in the code field cancels the join.
	jd := tu.joinGroup(nil)
	test.Type(jd.addr, "10.0.0.9")
	jd.addr.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	c = codeField()
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if !jd.closed || tu.win.Canvas().Overlays().Top() != nil {
		t.Error("Escape should close the dialog")
	}
	tu.bg.Wait() // Join returned
}

func TestSettingsSyncSection(t *testing.T) {
	tu, f := newNetTestUI(t, langEN, agent.Status{Folder: "/media/usb/konbit"})
	s := tu.settings.sync
	if s == nil {
		t.Fatal("no sync section in Settings")
	}
	if s.enable.Checked || s.folder.Text != "/media/usb/konbit" || s.stop.Disabled() {
		t.Errorf("shows enabled %v, folder %q", s.enable.Checked, s.folder.Text)
	}
	if s.enable.Text != "Sync in the background with the group's laptops on this network" {
		t.Errorf("switch: %q", s.enable.Text)
	}
	test.Tap(s.enable)
	tu.bg.Wait()
	tu.q.drain()
	test.Tap(tu.button(s.root, "Stop"))
	tu.bg.Wait()
	tu.q.drain()
	enabled, folders, _, _ := f.calls()
	if !slices.Equal(enabled, []bool{true}) || !slices.Equal(folders, []string{""}) {
		t.Errorf("SetEnabled %v, SetFolder %q", enabled, folders)
	}
	if s.folder.Text != "No shared folder." || !s.stop.Disabled() {
		t.Errorf("after Stop: %q", s.folder.Text)
	}
	tu.eventually("the sync screen to follow", func() bool { return strings.HasPrefix(tu.sync.net.state.Text, "Background sync is on") })

	// The switch follows the agent (which turns itself on once paired),
	// without calling it back.
	f.set(func(st *agent.Status) { st.Enabled = false; st.Folder = "/srv/partage" })
	tu.eventually("the switch to follow", func() bool { return !s.enable.Checked && s.folder.Text == "/srv/partage" })
	tu.bg.Wait()
	if enabled, _, _, _ := f.calls(); len(enabled) != 1 {
		t.Errorf("SetEnabled called back: %v", enabled)
	}
}

func TestAgo(t *testing.T) {
	tu := newTestUI(t, langFR, nil)
	tu.clock = func() time.Time { return netNow }
	for d, want := range map[time.Duration]string{
		10 * time.Second: "à l'instant", 5 * time.Minute: "il y a 5 minutes", 25 * time.Hour: "il y a 1 jour",
	} {
		if got := tu.ago(netNow.Add(-d)); got != want {
			t.Errorf("%v ago: %q, want %q", d, got, want)
		}
	}
	if got := tu.ago(time.Time{}); got != "jamais" {
		t.Errorf("zero time: %q", got)
	}
}

// hasText tells whether a canvas text in o reads s.
func hasText(o fyne.CanvasObject, s string) bool {
	for _, obj := range objects(o) {
		if ct, ok := obj.(*canvas.Text); ok && ct.Text == s {
			return true
		}
	}
	return false
}

func TestGoldenSyncNetwork(t *testing.T) {
	// A first drawing of the screen, thrown away: after the whole suite
	// under the race detector, the first one drew some themed icons and
	// lines from Fyne's caches as an earlier test's window had them.
	warm, _ := newNetTestUI(t, langEN, netStatus())
	warm.showScreen(screenSync)
	warm.settle()
	warm.win.Canvas().Capture()
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			tu, _ := newNetTestUI(t, l, netStatus())
			tu.showScreen(screenSync)
			tu.settle()
			tu.sync.setDevices(fixedDevices())
			// The screen itself, without the navigation bar: after the
			// whole app suite under the race detector, the bar (drawn by
			// Fyne's tabs, not by this screen) is sometimes captured laid
			// out for another size. TestGoldenSync covers the window.
			test.AssertImageMatches(t, "sync_network_"+l+".png", tu.stableCapture(func() image.Image {
				img := tu.win.Canvas().Capture()
				x := int(fyne.CurrentApp().Driver().AbsolutePositionForObject(tu.sync.root).X * tu.win.Canvas().Scale())
				screen := image.NewNRGBA(image.Rect(0, 0, img.Bounds().Dx()-x, img.Bounds().Dy()))
				draw.Draw(screen, screen.Bounds(), img, image.Pt(x, 0), draw.Src)
				return screen
			}))
		})
	}
}

func TestGoldenPairCode(t *testing.T) {
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			tu, f := newNetTestUI(t, l, netStatus())
			f.pairReq = agent.PairRequest{Code: "048213", Device: netDevice(0x2e), Name: "Portable de Marie",
				Expires: netNow.Add(5 * time.Minute)}
			tu.showScreen(screenSync)
			tu.settle()
			tu.sync.setDevices(fixedDevices())
			p := tu.pairNewLaptop()
			tu.eventually("the code", func() bool { return p.code != nil })
			tu.settle()
			test.AssertImageMatches(t, "pair_code_"+l+".png", tu.win.Canvas().Capture())
			p.close()
		})
	}
}

// A code pasted with spaces or dashes keeps its six digits.
func TestCodeEntryFilters(t *testing.T) {
	tu := newTestUI(t, langEN, nil)
	c := newCodeEntry()
	tu.win.SetContent(c)
	tu.app.Clipboard().SetContent("code: 987-654-321")
	c.TypedShortcut(&fyne.ShortcutPaste{Clipboard: tu.app.Clipboard()})
	if c.Text != "987654" {
		t.Errorf("pasted code reads %q", c.Text)
	}
	if got := digitsOnly("12 34a5"); got != "12345" {
		t.Errorf("digitsOnly: %q", got)
	}
}

// stableCapture captures until two captures in a row are the same: a frame
// caught while Fyne still lays out or fades a scroll bar (seen under the
// race detector on a loaded machine) is not what the golden checks.
func (tu *testUI) stableCapture(capture func() image.Image) image.Image {
	last := capture()
	for range 30 {
		time.Sleep(50 * time.Millisecond)
		tu.settle()
		img := capture()
		if samePixels(img, last) {
			return img
		}
		last = img
	}
	return last
}

func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	na, okA := a.(*image.NRGBA)
	nb, okB := b.(*image.NRGBA)
	if okA && okB {
		return bytes.Equal(na.Pix, nb.Pix)
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}
