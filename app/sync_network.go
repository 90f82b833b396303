package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/sync/agent"
	"github.com/konbit/konbit/sync/crdt"
)

// peerColumns: laptop, found by, in the group, last sync, changes in and
// out, problem. On a narrow screen the way it was found goes first, the
// laptop and whether it is in the group stay.
var peerColumns = &columns{
	weights: []float32{2.5, 1.4, 1.9, 2, 1.9, 2.2},
	minEm:   []float32{9, 5, 6, 6, 6, 6},
	drop:    []int{1, 4, 3, 5},
}

const (
	// logShown is how many events of the agent's log the screen lists:
	// enough to see what just went wrong, not a wall of text.
	logShown = 8
	// relativeRefresh is how often "2 minutes ago" is recomputed while
	// nothing else changes.
	relativeRefresh = 30 * time.Second
)

// netSection is the top of the Sync screen: the background sync over the
// local network, as the agent sees it. Everything it shows comes from a
// Status snapshot, and every call to the agent runs off the Fyne thread:
// a slow network never freezes the window.
type netSection struct {
	u   *UI
	ctx context.Context

	root     *fyne.Container
	state    *widget.Label
	listen   *widget.Label
	folder   *widget.Label
	peers    *fyne.Container
	transfer *fyne.Container
	progress *widget.Label
	bar      *widget.ProgressBar
	log      *fyne.Container
	note     *widget.Label
	syncBtn  *widget.Button
	syncing  bool
	// status is the snapshot shown, for the dialogs' address choices.
	status agent.Status
}

func newNetSection(u *UI, ctx context.Context) *netSection {
	n := &netSection{u: u, ctx: ctx}
	title := subheading(lang.L("net.title"))
	if u.net == nil {
		n.root = container.NewVBox(title, caption(lang.L("net.unavailable")))
		return n
	}
	n.state = paragraph("")
	toSettings := widget.NewButtonWithIcon(lang.L("net.settings_link"), theme.SettingsIcon(), func() {
		u.showScreen(screenSettings)
	})
	toSettings.Importance = widget.LowImportance
	n.listen = paragraph("")
	n.folder = caption("")
	n.folder.Hide()

	n.progress = widget.NewLabel("")
	n.bar = widget.NewProgressBar()
	n.transfer = container.NewVBox(n.progress, n.bar)
	n.transfer.Hide()

	header := row(peerColumns, cell(lang.L("net.col.laptop"), true), cell(lang.L("net.col.via"), true),
		cell(lang.L("net.col.group"), true), cell(lang.L("net.col.last_sync"), true),
		cell(lang.L("net.col.changes"), true), cell(lang.L("net.col.error"), true))
	n.peers = container.NewVBox()

	n.syncBtn = widget.NewButtonWithIcon(lang.L("net.sync_now"), theme.ViewRefreshIcon(), func() { n.syncNow("") })
	n.syncBtn.Importance = widget.HighImportance
	connect := widget.NewButtonWithIcon(lang.L("net.connect"), theme.ComputerIcon(), n.connectDialog)
	pair := widget.NewButtonWithIcon(lang.L("net.pair"), theme.ContentAddIcon(), func() { u.pairNewLaptop() })
	join := widget.NewButtonWithIcon(lang.L("net.join"), theme.LoginIcon(), func() { u.joinGroup(n.addresses()) })
	n.note = caption("")
	n.note.Hide()

	n.log = container.NewVBox()
	n.root = container.NewVBox(
		title,
		container.NewBorder(nil, nil, nil, toSettings, n.state),
		n.listen, n.folder,
		container.NewGridWithColumns(2, n.syncBtn, connect, pair, join),
		n.note,
		n.transfer,
		header, widget.NewSeparator(), n.peers,
		subheading(lang.L("net.log")), n.log,
	)
	u.watch(ctx, n.load)
	return n
}

// load shows the agent's status now, and again when it changes or when
// the relative times it shows have aged.
func (n *netSection) load() []<-chan struct{} {
	ch := n.u.net.Changed()
	n.show(n.u.net.Status())
	aged := make(chan struct{})
	time.AfterFunc(relativeRefresh, func() { close(aged) })
	return []<-chan struct{}{ch, aged}
}

// show renders a status snapshot.
func (n *netSection) show(st agent.Status) {
	n.status = st
	if st.Enabled {
		n.state.SetText(lang.L("net.on"))
	} else {
		n.state.SetText(lang.L("net.off"))
	}
	if st.Listen != "" {
		n.listen.SetText(lang.L("net.listen", map[string]any{"Addr": st.Listen}))
	} else {
		n.listen.SetText(lang.L("net.not_listening"))
	}
	n.showFolder(st)
	n.showTransfer(st.Transfer)

	n.peers.Objects = n.peers.Objects[:0]
	for _, p := range st.Peers {
		n.peers.Add(n.peerRow(p))
	}
	if len(st.Peers) == 0 {
		n.peers.Add(caption(lang.L("net.no_peers")))
	}
	n.showLog(st.Log)
	n.root.Refresh()
	if s := n.u.sync; s != nil && s.net == n {
		s.root.Refresh() // wrapped text learns its height once laid out
	}
}

func (n *netSection) showFolder(st agent.Status) {
	switch {
	case st.Folder == "":
		n.folder.Hide()
		return
	case st.FolderErr != "":
		n.folder.SetText(lang.L("net.folder_error", map[string]any{"Dir": st.Folder, "Error": st.FolderErr}))
		n.folder.Importance = widget.DangerImportance
	case st.FolderLast.IsZero():
		n.folder.SetText(lang.L("net.folder_unread", map[string]any{"Dir": st.Folder}))
		n.folder.Importance = widget.MediumImportance
	default:
		n.folder.SetText(lang.L("net.folder", map[string]any{"Dir": st.Folder, "When": n.u.ago(st.FolderLast)}))
		n.folder.Importance = widget.MediumImportance
	}
	n.folder.Show()
	n.folder.Refresh()
}

// showTransfer shows the progress of the session in progress, if any.
func (n *netSection) showTransfer(t *agent.Transfer) {
	if t == nil {
		n.transfer.Hide()
		return
	}
	done, total := t.In+t.Out, t.InTotal+t.OutTotal
	data := map[string]any{"Peer": n.peerName(t.Peer, t.Name), "Done": done, "Total": total}
	if total > 0 {
		n.progress.SetText(lang.L("net.transfer", data))
		n.bar.SetValue(min(1, float64(done)/float64(total)))
	} else {
		n.progress.SetText(lang.L("net.transfer_unknown", data))
		n.bar.SetValue(0)
	}
	n.transfer.Show()
}

// peerRow is one line of the table of laptops seen.
func (n *netSection) peerRow(p agent.PeerStatus) fyne.CanvasObject {
	group := cell(lang.L("net.allowed"), false)
	if !p.Allowed {
		group.SetText(lang.L("net.not_allowed"))
		group.Importance = widget.WarningImportance
	}
	last := lang.L("net.never")
	changes := "—"
	if !p.LastSync.IsZero() {
		last = n.u.ago(p.LastSync)
		changes = lang.L("net.changes", map[string]any{"In": p.In, "Out": p.Out})
	}
	problem := cell(failureText(p.Why, p.Err), false)
	problem.Importance = widget.DangerImportance
	name := cell(n.peerName(p.Device, p.Name), false)
	return row(peerColumns, name, cell(viaLabel(p.Via), false), group, cell(last, false), cell(changes, false), problem)
}

// peerName names a laptop by its name (the one it announces, or the one
// the roster knows), or by its short id.
func (n *netSection) peerName(d crdt.DeviceID, name string) string {
	if name == "" {
		name = n.u.r.DeviceName(d)
	}
	if name == "" {
		return d.Short()
	}
	return name
}

// viaLabel says how a laptop was found.
func viaLabel(via string) string {
	switch via {
	case "mdns":
		return lang.L("net.via.mdns")
	case "beacon":
		return lang.L("net.via.beacon")
	case "manual":
		return lang.L("net.via.manual")
	case "incoming":
		return lang.L("net.via.incoming")
	}
	return via
}

// showLog lists the latest events, newest first, errors in red.
func (n *netSection) showLog(events []agent.Event) {
	n.log.Objects = n.log.Objects[:0]
	for i := len(events) - 1; i >= 0 && i >= len(events)-logShown; i-- {
		e := events[i]
		at := widget.NewLabel(e.At.Local().Format("15:04"))
		at.TextStyle.Monospace = true
		text := paragraph(eventText(e))
		if e.Err {
			text.Importance = widget.DangerImportance
			at.Importance = widget.DangerImportance
		}
		n.log.Add(container.NewBorder(nil, nil, at, nil, text))
	}
	if len(events) == 0 {
		n.log.Add(caption(lang.L("net.no_log")))
	}
}

// addresses are the addresses of the laptops seen, for the dialogs that
// ask for one.
func (n *netSection) addresses() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range n.status.Peers {
		if p.Addr != "" && !seen[p.Addr] {
			seen[p.Addr] = true
			out = append(out, p.Addr)
		}
	}
	return out
}

// syncNow syncs with addr ("" for every laptop seen) in the background.
func (n *netSection) syncNow(addr string) {
	if n.syncing {
		return
	}
	n.setSyncing(true)
	u := n.u
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		err := u.net.SyncNow(u.ctx, addr)
		if u.ctx.Err() != nil {
			return // the window is closed
		}
		u.post(func() {
			n.setSyncing(false)
			if err != nil {
				n.note.Hide()
				u.showError(lang.L("net.sync_failed"), err)
				return
			}
			n.note.SetText(lang.L("net.synced", map[string]any{"Time": u.now().Format("15:04")}))
			n.note.Show()
		})
	}()
}

func (n *netSection) setSyncing(on bool) {
	n.syncing = on
	if on {
		n.syncBtn.Disable()
		n.note.SetText(lang.L("net.syncing"))
		n.note.Show()
	} else {
		n.syncBtn.Enable()
	}
}

// connectDialog asks for the address of a laptop the discovery does not
// find (another subnet, multicast blocked) and syncs with it.
func (n *netSection) connectDialog() {
	addr := newAddressEntry(n.addresses())
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Hide()
	content := container.NewVBox(message(lang.L("net.connect.hint")), addr, problem)
	d := dialog.NewCustomWithoutButtons(lang.L("net.connect.title"), content, n.u.win)
	submit := func() {
		a := strings.TrimSpace(addr.Text)
		if a == "" {
			problem.SetText(lang.L("net.address_required"))
			problem.Show()
			content.Refresh() // lay out again: a hidden label took no room
			return
		}
		d.Hide()
		n.syncNow(a)
	}
	addr.OnSubmitted = func(string) { submit() }
	addr.onEscape = d.Hide
	ok := widget.NewButtonWithIcon(lang.L("net.connect.confirm"), theme.ConfirmIcon(), submit)
	ok.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{widget.NewButtonWithIcon(lang.L("action.cancel"), theme.CancelIcon(), d.Hide), ok})
	restore := dialogKeys(n.u.win, d.Hide, submit)
	d.SetOnClosed(restore)
	d.Show()
	n.u.win.Canvas().Focus(addr)
}

// ago says how long ago t was: "just now", "5 minutes ago".
func (u *UI) ago(t time.Time) string {
	if t.IsZero() {
		return lang.L("net.never")
	}
	d := u.now().Sub(t)
	if d < time.Minute {
		return lang.L("net.just_now")
	}
	return lang.L("net.ago", map[string]any{"Duration": aheadText(u.language, d)})
}

// shortCode writes a pairing code in two groups of three digits, easier
// to read out and to type.
func shortCode(code string) string {
	if len(code) == 6 {
		return code[:3] + " " + code[3:]
	}
	return code
}

// addressEntry is an address field with the addresses seen to choose
// from; Escape closes its dialog.
type addressEntry struct {
	widget.SelectEntry
	choices  []string
	onEscape func()
}

func newAddressEntry(choices []string) *addressEntry {
	e := &addressEntry{choices: choices}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.SetOptions(choices)
	e.SetPlaceHolder(lang.L("net.connect.placeholder"))
	if len(choices) == 1 {
		e.SetText(choices[0])
	}
	return e
}

func (e *addressEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.SelectEntry.TypedKey(k)
}

// dialogKeys makes Escape run close, and Enter submit (if not nil), while
// a dialog without a focused field is shown (a focused field handles its
// keys itself). It returns the function that gives the window its own key
// handler back.
func dialogKeys(win fyne.Window, close, submit func()) func() {
	c := win.Canvas()
	prev := c.OnTypedKey()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch {
		case ev.Name == fyne.KeyEscape:
			close()
		case (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter) && submit != nil:
			submit()
		case prev != nil:
			prev(ev)
		}
	})
	restored := false
	return func() {
		if !restored {
			restored = true
			c.SetOnTypedKey(prev)
		}
	}
}
