package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/meetings"
)

// similarDebounce is how long the draft must rest before past decisions
// are looked up: not at every key, but soon after a pause.
const similarDebounce = 700 * time.Millisecond

// similarMinWords is how many significant words a draft needs before the
// hints show: two words match too much to mean anything.
const similarMinWords = 3

// similarLimit is how many past decisions are shown at most.
const similarLimit = 3

// similarHints shows, while a proposal is drafted, the past decisions
// whose words are closest to the draft ("you may have decided this on
// 2010-11-14: ..."), so that a group does not decide twice by accident
// (DOMAIN.md, Decision register). Ranked by the register's full-text
// index: offline, no model. Tapping a hint opens the decision.
//
// The lookup waits until typing pauses (the live screen's clock ticks
// it), and runs on the Fyne thread: a register search takes milliseconds.
type similarHints struct {
	u       *UI
	boxes   []*fyne.Container
	draft   string
	changed time.Time // when the draft last changed; zero once looked up
	hits    []meetings.Decision
}

func newSimilarHints(u *UI, boxes ...*fyne.Container) *similarHints {
	return &similarHints{u: u, boxes: boxes}
}

// typed notes a change of the draft.
func (h *similarHints) typed(text string) {
	h.draft = text
	h.changed = h.u.now()
}

// tick looks the draft up once it has rested for similarDebounce; it
// reports whether the hints may have changed.
func (h *similarHints) tick(now time.Time) bool {
	if h.changed.IsZero() || now.Sub(h.changed) < similarDebounce {
		return false
	}
	h.changed = time.Time{}
	h.lookup()
	return true
}

// lookup finds the decisions closest to the draft and shows them.
func (h *similarHints) lookup() {
	h.hits = nil
	if len(meetings.SignificantWords(h.draft, 0)) >= similarMinWords {
		found, err := h.u.r.SimilarDecisions(h.u.ctx, h.draft, similarLimit)
		if err == nil {
			for _, f := range found {
				h.hits = append(h.hits, f.Decision)
			}
		}
	}
	for _, box := range h.boxes {
		box.Objects = nil
		for _, d := range h.hits {
			id := d.ID
			l := newLinkLabel(lang.L("register.similar", map[string]any{"Date": d.Date, "Title": d.Title}),
				func() { h.u.showDecisionDialog(id) })
			box.Add(l)
		}
		box.Refresh()
	}
}

// linkLabel is wrapping text that opens something when tapped: a button's
// text does not wrap, and a long decision title would widen the narrow
// column it sits in.
type linkLabel struct {
	widget.Label
	onTap func()
}

func newLinkLabel(text string, onTap func()) *linkLabel {
	l := &linkLabel{onTap: onTap}
	l.Text = text
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.HighImportance
	l.ExtendBaseWidget(l)
	return l
}

// Tapped opens what the label links to.
func (l *linkLabel) Tapped(*fyne.PointEvent) {
	if l.onTap != nil {
		l.onTap()
	}
}

// Cursor shows a pointing hand, as over a link.
func (l *linkLabel) Cursor() desktop.Cursor { return desktop.PointerCursor }
