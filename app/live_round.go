package app

import (
	"context"

	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
)

// roundPanel runs the round of an item of kind round-people (each present
// person in turn: the stand-up, a check-in) or round-committees (each
// committee reports, and its note is taken). The timebox of the item is
// shared equally; someone who passes comes back at the end.
type roundPanel struct {
	s      *liveScreen
	status *fyne.Container
	start  *widget.Button
	pass   *widget.Button
	rows   *fyne.Container
	note   *keyEntry
	noteOf uuid.UUID // committee whose note the entry holds
	save   *widget.Button
	noteBx *fyne.Container
	body   *fyne.Container
	root   fyne.CanvasObject
}

func newRoundPanel(s *liveScreen) *roundPanel {
	p := &roundPanel{s: s, rows: container.NewVBox()}
	p.status = container.NewVBox()
	p.start = widget.NewButtonWithIcon(lang.L("live.round.start"), theme.MediaPlayIcon(), s.startRound)
	p.start.Importance = widget.HighImportance
	p.pass = widget.NewButtonWithIcon(lang.L("live.round.pass"), theme.MediaFastForwardIcon(), s.roundPass)
	p.note = newKeyEntry(s)
	p.note.MultiLine = true
	p.note.Wrapping = fyne.TextWrapWord
	p.note.SetMinRowsVisible(3)
	p.save = widget.NewButtonWithIcon(lang.L("live.round.save_note"), theme.DocumentSaveIcon(), s.saveRoundNote)
	p.noteBx = container.NewVBox(widget.NewLabel(""), p.note, p.save)
	p.body = container.NewVBox(p.status, container.NewGridWithColumns(2, p.start, p.pass), p.noteBx,
		widget.NewSeparator(), p.rows)
	p.root = container.NewVScroll(p.body)
	return p
}

func (p *roundPanel) content() fyne.CanvasObject { return p.root }

// isRoundItem tells whether an item runs as a round.
func isRoundItem(it meetings.Item) bool {
	return it.Kind == meetings.KindRoundPeople || it.Kind == meetings.KindRoundCommittees
}

// roundActive tells whether a round is giving the floor now.
func (s *liveScreen) roundActive() bool {
	return s.floor.Round != nil && !s.floor.Round.Finished()
}

// roundParticipants are the present people, or the committees, by name.
func (s *liveScreen) roundParticipants(it meetings.Item) []uuid.UUID {
	if it.Kind == meetings.KindRoundCommittees {
		ids := make([]uuid.UUID, 0, len(s.committees))
		for _, c := range s.committees {
			ids = append(ids, c.ID)
		}
		return s.sortByName(ids)
	}
	return slices.Clone(s.present)
}

// startRound starts the round of the current item: the item's timebox is
// shared among the participants.
func (s *liveScreen) startRound() {
	it, ok := s.currentItem()
	if !ok || !isRoundItem(it) {
		return
	}
	who := s.roundParticipants(it)
	if len(who) == 0 {
		s.u.showInfo(lang.L("live.round"), lang.L("live.round.nobody"))
		return
	}
	var box time.Duration
	if it.Timebox > 0 {
		box = (it.Timebox / time.Duration(len(who))).Round(time.Second)
	}
	now := s.u.now()
	s.endTurn(now)
	r := meetings.NewRound(who, box)
	s.floor.Round = &r
	s.startRoundTurn(now)
	s.floorChanged()
}

// startRoundTurn gives the floor to the round's current participant.
func (s *liveScreen) startRoundTurn(now time.Time) {
	cur, ok := s.floor.Round.Current()
	if !ok {
		s.floor.Queue.Current = nil
		s.floor.Timer = meetings.Timer{}
		return
	}
	s.floor.Queue.Current = &meetings.Turn{Member: cur, Kind: meetings.Normal, Started: now}
	s.floor.Timer = meetings.Timer{Limit: s.floor.Round.Timebox}
	s.floor.Timer.Start(now)
}

// roundNext ends the participant's turn (a person's turn is recorded as a
// segment) and gives the floor to the next. After an end of turn (F9) the
// round has moved on already and nobody has the floor: the participant it
// moved on to gets it, rather than being skipped.
func (s *liveScreen) roundNext() {
	now := s.u.now()
	if s.floor.Queue.Current != nil {
		s.endTurn(now)
		s.floor.Round.Advance()
	}
	s.startRoundTurn(now)
	s.floorChanged()
}

// roundPass sends the participant to the end of the round, without
// recording a turn; passing a second time skips them.
func (s *liveScreen) roundPass() {
	if !s.roundActive() {
		return
	}
	now := s.u.now()
	s.floor.Queue.Current = nil
	s.floor.Timer = meetings.Timer{}
	s.floor.Round.Pass()
	s.startRoundTurn(now)
	s.floorChanged()
}

// saveRoundNote saves the note of the committee reporting.
func (s *liveScreen) saveRoundNote() {
	p := s.round
	if p.noteOf == uuid.Nil {
		return
	}
	rep := meetings.Report{Meeting: s.id, Committee: p.noteOf, Note: p.note.Text}
	s.u.writeOr(func(ctx context.Context) error { return s.u.r.SaveReport(ctx, rep) }, nil, s.reload)
}

// refresh shows the round: who spoke, who is on, who passed, who is next.
func (p *roundPanel) refresh() {
	s := p.s
	it, _ := s.currentItem()
	r := s.floor.Round
	committees := it.Kind == meetings.KindRoundCommittees
	var status string
	switch {
	case r == nil:
		status = lang.L("live.round.ready", map[string]any{"Count": len(s.roundParticipants(it))})
		p.start.Enable()
		p.pass.Disable()
	case r.Finished():
		status = lang.L("live.round.finished")
		p.start.SetText(lang.L("live.round.restart"))
		p.start.Enable()
		p.pass.Disable()
	default:
		box := lang.L("live.item.no_timebox")
		if r.Timebox > 0 {
			box = fmtDur(r.Timebox)
		}
		status = lang.L("live.round.running", map[string]any{"Left": r.Left(), "Box": box})
		p.start.SetText(lang.L("live.round.restart"))
		p.start.Disable()
		p.pass.Enable()
	}

	// A new label: one set while its tab is hidden can keep the old text.
	p.status.Objects = []fyne.CanvasObject{paragraph(status)}

	// The note of the committee on the floor (or last on it).
	var cur uuid.UUID
	if r != nil {
		cur, _ = r.Current()
	}
	p.noteBx.Hidden = !committees || cur == uuid.Nil
	if committees && cur != uuid.Nil && cur != p.noteOf {
		p.noteOf = cur
		p.note.SetText(s.reports[cur].Note)
		p.noteBx.Objects[0] = widget.NewLabel(lang.L("live.round.note_of", map[string]any{"Name": s.name(cur)}))
	}
	p.noteBx.Refresh()

	var objs []fyne.CanvasObject
	if r != nil {
		for _, id := range r.Participants {
			state := roundState(r, id)
			l := widget.NewLabel(state + "  " + s.name(id))
			l.Truncation = fyne.TextTruncateEllipsis
			if id == cur {
				l.TextStyle.Bold = true
				l.Importance = widget.HighImportance
			}
			objs = append(objs, l)
			if note := s.reports[id].Note; committees && note != "" {
				n := caption(note)
				objs = append(objs, n)
			}
		}
	}
	p.rows.Objects = objs
	p.body.Refresh() // the note was shown or hidden: lay out again
}

// roundState marks a participant: spoke, on the floor, passed (comes
// back), skipped, or waiting.
func roundState(r *meetings.Round, id uuid.UUID) string {
	cur, _ := r.Current()
	switch {
	case id == cur:
		return "▶"
	case slices.Contains(r.Done, id):
		return "✓"
	case slices.Contains(r.Skipped, id):
		return "✗"
	case slices.Contains(r.Passed, id):
		return "↻"
	}
	return "·"
}
