package app

import (
	"context"
	"fmt"
	"log"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// liveRefreshEvery is how often the timers on screen and on the projector
// move on while a meeting runs.
const liveRefreshEvery = time.Second

// liveScreen runs a meeting: the agenda on the left, the floor (speaker,
// timer, queue) in the centre, and on the right the speaking-time equity,
// the round in progress or the consent process of a proposal. It is driven
// from the keyboard (help_overlay.go lists the keys).
//
// Everything here runs on the Fyne thread: the replica's watchers and the
// one-second ticker hand their work over through u.post. Writes go through
// u.write so that a long import never freezes the meeting.
type liveScreen struct {
	u      *UI
	id     uuid.UUID
	ctx    context.Context
	cancel context.CancelFunc

	// What load read from the replica.
	meeting    meetings.Meeting
	items      []meetings.Item
	members    []konbit.Member
	names      map[uuid.UUID]string // members and committees
	committees []konbit.Committee
	present    []uuid.UUID // sorted by name
	segments   []meetings.Segment
	reports    map[uuid.UUID]meetings.Report
	proposal   *meetings.Proposal // of the current item, nil if none yet
	actions    []meetings.Action  // of the meeting's body, open ones first
	loaded     bool

	// floor is the local state of the floor (queue, timer, round), saved
	// on every change so that it survives a restart of the app.
	floor replica.Floor
	// pending are the turns ended here whose segments are being written:
	// progressive ordering counts them at once (see mergePending).
	pending []meetings.Segment

	root     *fyne.Container
	agenda   *agendaPanel
	queue    *queuePanel
	equity   *equityPanel
	round    *roundPanel
	consent  *consentPanel
	notes    *notesPanel
	followUp *actionsPanel
	title    *widget.Label
	right    *container.AppTabs
	rightFor uuid.UUID // the item the right-hand tabs were built for
	// check is the membership check, shown while an item of that kind
	// runs; checkStop ends its watchers when another item starts.
	check     *membershipTab
	checkStop context.CancelFunc
	projector *projector
	help      dialog.Dialog
	keys      *liveKeys
}

// openLive shows the live screen of a meeting in place of the Meetings
// screen.
func (u *UI) openLive(meeting uuid.UUID) { u.startLive(meeting, true) }

// startLive runs the live screen of a meeting in the Meetings tab; show
// brings it to the front (a rebuild of the window runs it again where it
// was, without switching screens).
func (u *UI) startLive(meeting uuid.UUID, show bool) {
	if u.live != nil {
		u.closeLive()
	}
	s := &liveScreen{u: u, id: meeting, names: map[uuid.UUID]string{}}
	s.ctx, s.cancel = context.WithCancel(u.ctx)
	s.floor = u.restoreFloor(s.ctx, meeting)
	s.build()
	u.live = s
	u.meetingsTab.Objects = []fyne.CanvasObject{s.root}
	u.meetingsTab.Refresh()
	if show {
		u.showScreen(screenMeetings)
	}
	s.keys = s.bindKeys()
	u.watch(s.ctx, s.load)
	s.startTicker()
	if show {
		s.queue.focus()
	}
}

// closeLive goes back to the Meetings screen. The speaker's timer, if it
// runs, is paused: the time until the meeting is opened again is nobody's.
func (u *UI) closeLive() {
	if s := u.live; s != nil {
		s.pauseTurn()
		s.stop()
	}
	u.live = nil
	if u.meetings != nil {
		u.meetingsTab.Objects = []fyne.CanvasObject{u.meetings.content()}
		u.meetingsTab.Refresh()
	}
}

// stop ends the watchers and the ticker, closes the projector and unbinds
// the keys. The floor was saved at its last change.
func (s *liveScreen) stop() {
	s.notes.save() // the last words typed
	s.cancel()
	if s.projector != nil {
		s.projector.close()
		s.projector = nil
	}
	if s.help != nil {
		s.help.Hide()
		s.help = nil
	}
	if s.keys != nil {
		s.keys.unbind()
		s.keys = nil
	}
}

// reload reads everything again from the replica, after a write that
// failed: the screen showed the change before it was saved.
func (s *liveScreen) reload() {
	if s.ctx.Err() == nil && s.u.live == s {
		s.load()
	}
}

// build lays the screen out: three columns that share the width.
func (s *liveScreen) build() {
	s.agenda = newAgendaPanel(s)
	s.queue = newQueuePanel(s)
	s.equity = newEquityPanel(s)
	s.round = newRoundPanel(s)
	s.consent = newConsentPanel(s)
	s.notes = newNotesPanel(s)
	s.followUp = newActionsPanel(s)
	s.right = container.NewAppTabs()

	s.title = heading("")
	s.title.Wrapping = fyne.TextWrapOff
	s.title.Truncation = fyne.TextTruncateEllipsis
	leave := widget.NewButtonWithIcon(lang.L("live.leave"), theme.NavigateBackIcon(), s.u.closeLive)
	proj := widget.NewButtonWithIcon(lang.L("live.projector"), theme.ComputerIcon(), s.toggleProjector)
	help := widget.NewButtonWithIcon("", theme.QuestionIcon(), s.showHelp)
	finish := widget.NewButtonWithIcon(lang.L("live.finish"), theme.MediaStopIcon(), s.confirmFinish)
	top := container.NewBorder(nil, nil, nil, container.NewHBox(proj, help, finish, leave), s.title)

	cols := container.New(&weightedColumns{weights: []float32{0.27, 0.36, 0.37}, drop: []int{0, 2}},
		s.agenda.content(), s.queue.content(), s.right)
	s.root = container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, nil, nil, cols)
}

// load reads the meeting and everything the screen shows, and refreshes
// it; it runs again when any of it changes, here or by a merge.
func (s *liveScreen) load() []<-chan struct{} {
	r := s.u.r
	// Take the SQL-served watch channels before reading, so that a write
	// between the read and the watch is not missed.
	segCh := r.WatchSegments(s.id)
	attCh := r.WatchAttendance(s.id)
	m, mCh, err := r.Meeting(s.id)
	if err != nil {
		s.title.SetText(lang.L("live.gone"))
		return []<-chan struct{}{mCh}
	}
	items, aCh := r.Agenda(s.id)
	members, memCh := r.Members()
	committees, cCh := r.Committees()
	reports, repCh := r.Reports(s.id)
	actions, actCh := r.Actions(m.Body)
	present, err := r.Present(s.ctx, s.id)
	if err != nil {
		log.Printf("konbit: attendance of meeting %s: %v", s.id, err)
	}
	segs, err := r.Segments(s.ctx, s.id)
	if err != nil {
		log.Printf("konbit: speaking turns of meeting %s: %v", s.id, err)
	}
	s.meeting, s.items, s.members, s.committees, s.actions = m, items, members, committees, actions
	s.segments = s.mergePending(segs)
	s.names = map[uuid.UUID]string{}
	for _, mb := range members {
		s.names[mb.ID] = mb.Name
	}
	for _, c := range committees {
		s.names[c.ID] = c.Name
	}
	s.present = s.sortByName(present)
	s.reports = map[uuid.UUID]meetings.Report{}
	for _, rep := range reports {
		s.reports[rep.Committee] = rep
	}
	chans := []<-chan struct{}{segCh, attCh, mCh, aCh, memCh, cCh, repCh, actCh}
	s.proposal = nil
	if m.CurrentItem != uuid.Nil {
		p, ok, pCh := r.Proposal(m.CurrentItem)
		if ok {
			s.proposal = &p
		}
		chans = append(chans, pCh)
	}
	s.loaded = true
	s.syncFloorItem()
	s.refresh()
	return chans
}

// sortByName orders member or committee ids by their names, so that the
// screen shows them in an order people can scan (and the same each time).
func (s *liveScreen) sortByName(ids []uuid.UUID) []uuid.UUID {
	out := slices.Clone(ids)
	slices.SortFunc(out, func(a, b uuid.UUID) int {
		if c := strings.Compare(konbit.Fold(s.names[a]), konbit.Fold(s.names[b])); c != 0 {
			return c
		}
		return strings.Compare(a.String(), b.String())
	})
	return out
}

// name is a member's or committee's name, "?" if unknown (removed, or not
// merged here yet).
func (s *liveScreen) name(id uuid.UUID) string {
	if n, ok := s.names[id]; ok {
		return n
	}
	return "?"
}

// isMember tells whether id is a member (a committee's turn in the round
// of committees is not a speech).
func (s *liveScreen) isMember(id uuid.UUID) bool {
	return slices.ContainsFunc(s.members, func(m konbit.Member) bool { return m.ID == id })
}

// currentItem is the item under discussion (false if none).
func (s *liveScreen) currentItem() (meetings.Item, bool) {
	for _, it := range s.items {
		if it.ID == s.meeting.CurrentItem {
			return it, true
		}
	}
	return meetings.Item{}, false
}

// refresh updates every panel from the data and the floor.
func (s *liveScreen) refresh() {
	if !s.loaded {
		return
	}
	s.title.SetText(s.meeting.Title)
	s.agenda.refresh()
	s.queue.refresh()
	s.equity.refresh()
	s.round.refresh()
	s.consent.refresh()
	s.notes.refresh()
	s.followUp.refresh()
	s.refreshRight()
	s.refreshTimes()
}

// refreshTimes updates what moves with the clock: the agenda's times, the
// speaker's timer and the projector.
func (s *liveScreen) refreshTimes() {
	if !s.loaded {
		return
	}
	now := s.u.now()
	s.notes.tick(now)
	s.consent.tick(now)
	s.agenda.refreshTimes(now)
	s.queue.refreshTimes(now)
	if s.projector != nil {
		s.projector.update(s, now)
	}
}

// refreshRight shows the tool of the current item, if it has one (its
// round, its proposal, the membership check), then the speaking-time
// equity, the item's notes and the body's actions. The tool comes first
// and is selected when the item starts: in the narrow column the last
// tabs may only be reachable from the tab bar's overflow menu. Without a
// tool, the tab that was shown stays shown (the note-taker stays on the
// notes from one item to the next).
func (s *liveScreen) refreshRight() {
	it, _ := s.currentItem()
	if s.rightFor == it.ID && len(s.right.Items) > 0 {
		return
	}
	s.rightFor = it.ID
	var shown fyne.CanvasObject
	if sel := s.right.Selected(); sel != nil {
		shown = sel.Content
	}
	if s.checkStop != nil {
		s.checkStop()
		s.check, s.checkStop = nil, nil
	}
	var tabs []*container.TabItem
	switch {
	case isRoundItem(it):
		tabs = append(tabs, container.NewTabItem(lang.L("live.tab.round"), s.round.content()))
	case it.Type == meetings.ProposalItem:
		tabs = append(tabs, container.NewTabItem(lang.L("live.tab.proposal"), s.consent.content()))
	case it.Kind == meetings.KindMembershipCheck:
		var ctx context.Context
		ctx, s.checkStop = context.WithCancel(s.ctx)
		s.check = newMembershipTab(ctx, s.u, s.id, true)
		tabs = append(tabs, container.NewTabItem(lang.L("live.tab.membership"), s.check.root))
	}
	tool := len(tabs) > 0
	tabs = append(tabs,
		container.NewTabItem(lang.L("live.tab.equity"), s.equity.content()),
		container.NewTabItem(lang.L("live.tab.notes"), s.notes.content()),
		container.NewTabItem(lang.L("live.tab.actions"), s.followUp.content()))
	s.right.SetItems(tabs)
	if tool || !s.selectRight(shown) {
		s.right.SelectIndex(0)
	}
}

// selectRight shows the right-hand tab holding content; false if none
// does.
func (s *liveScreen) selectRight(content fyne.CanvasObject) bool {
	for _, t := range s.right.Items {
		if t.Content == content && content != nil {
			s.right.Select(t)
			return true
		}
	}
	return false
}

// startTicker moves the clocks on every second until the live screen is
// closed, or replaced by a rebuild of the window (a language change).
func (s *liveScreen) startTicker() {
	t := time.NewTicker(liveRefreshEvery)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-s.ctx.Done():
				return
			case <-t.C:
				s.u.post(func() {
					if s.ctx.Err() != nil {
						return
					}
					if s.u.live != s {
						// The screens were rebuilt without closing us.
						s.stop()
						return
					}
					s.refreshTimes()
				})
			}
		}
	}()
}

// syncFloorItem starts a fresh floor when the current item changed (here,
// or on another laptop): the turn in progress ends on the old item, and
// hands raised on it are dropped.
func (s *liveScreen) syncFloorItem() {
	if s.floor.Item == s.meeting.CurrentItem {
		return
	}
	s.endTurn(s.u.now())
	s.floor = newFloorFor(s.meeting.CurrentItem, s.meeting.Ordering)
	s.saveFloor()
}

// stats is what progressive ordering knows of who has spoken.
func (s *liveScreen) stats() meetings.Stats {
	return meetings.StatsOf(s.segments, s.floor.Item)
}

// fmtDur shows a duration as m:ss (h:mm:ss past an hour), negative with a
// minus sign.
func fmtDur(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "−", -d
	}
	sec := int64(d / time.Second)
	h, m, ss := sec/3600, sec%3600/60, sec%60
	if h > 0 {
		return fmt.Sprintf("%s%d:%02d:%02d", sign, h, m, ss)
	}
	return fmt.Sprintf("%s%d:%02d", sign, m, ss)
}

// parseDur reads a duration typed as minutes ("2"), m:ss ("1:30") or
// seconds ("90s"); empty or 0 is no limit.
func parseDur(text string) (time.Duration, error) {
	t := strings.TrimSpace(strings.ReplaceAll(text, ",", "."))
	if t == "" || t == "0" {
		return 0, nil
	}
	bad := fmt.Errorf("%s", lang.L("live.error.duration", map[string]any{"Text": text}))
	if strings.HasSuffix(t, "s") || strings.HasSuffix(t, "m") || strings.HasSuffix(t, "h") {
		d, err := time.ParseDuration(t)
		if err != nil || d < 0 || d > meetings.MaxSegment {
			return 0, bad
		}
		return d, nil
	}
	var m, sec int
	if strings.Contains(t, ":") {
		if _, err := fmt.Sscanf(t, "%d:%d", &m, &sec); err != nil || sec < 0 || sec > 59 {
			return 0, bad
		}
	} else if _, err := fmt.Sscanf(t, "%d", &m); err != nil {
		return 0, bad
	}
	d := time.Duration(m)*time.Minute + time.Duration(sec)*time.Second
	if m < 0 || d > meetings.MaxSegment {
		return 0, bad
	}
	return d, nil
}

// clockTime shows an instant as a time of day.
func clockTime(t time.Time) string { return t.Local().Format(meetings.ClockLayout) }

// weightedColumns lays its objects side by side, sharing the width by
// weight. When they do not all fit at their minimum width (a large text
// size on a 1024x768 projector), the columns in drop are hidden, first to
// last, rather than making the window wider than the screen: the agenda
// then still moves on from the keyboard.
type weightedColumns struct {
	weights []float32
	drop    []int
}

func (w *weightedColumns) visible(objs []fyne.CanvasObject, width float32) []bool {
	vis := make([]bool, len(objs))
	for i := range vis {
		vis[i] = true
	}
	need := func() float32 {
		var total float32
		for i, o := range objs {
			if vis[i] {
				total += o.MinSize().Width + theme.Padding()
			}
		}
		return total
	}
	for _, d := range w.drop {
		if need() <= width {
			break
		}
		vis[d] = false
	}
	return vis
}

func (w *weightedColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	vis := w.visible(objs, size.Width)
	var total float32
	shown := 0
	for i, v := range vis {
		if v {
			total += w.weights[i]
			shown++
		}
	}
	free := size.Width - pad*float32(shown-1)
	x := float32(0)
	for i, o := range objs {
		if !vis[i] {
			o.Hide()
			continue
		}
		o.Show()
		cw := free * w.weights[i] / total
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(cw, size.Height))
		x += cw + pad
	}
}

func (w *weightedColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}
