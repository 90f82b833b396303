package app

import (
	"context"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"
)

// notesDebounce is how long after the last key the notes being typed are
// saved: often enough that a laptop that dies loses a sentence at most,
// seldom enough that each word is not a record of its own in every
// bundle.
const notesDebounce = 1500 * time.Millisecond

// notesPanel takes the synthetic minutes of the current item (its Notes):
// what was said and decided, in a few lines, as the note-taker types them.
// There is no Save button: the notes are saved a moment after the last
// key, when the field loses the focus and when the meeting moves on to
// another item.
//
// The note-taker may not be the only one writing: notes merged from
// another laptop replace what the field shows only while nobody types in
// it here, so that a merge never snatches a sentence from under the
// cursor.
type notesPanel struct {
	s     *liveScreen
	entry *keyEntry
	title *widget.Label
	root  fyne.CanvasObject

	item    uuid.UUID // the item whose notes the field holds
	saved   string    // its notes as last read from or written to the replica
	typed   time.Time // when a key last changed the field; zero when nothing waits to be saved
	pending int       // notes being written
	filling bool      // the field is being set from the replica, not typed in
}

func newNotesPanel(s *liveScreen) *notesPanel {
	p := &notesPanel{s: s}
	p.title = cell("", true)
	p.title.Truncation = fyne.TextTruncateEllipsis
	p.entry = newKeyEntry(s)
	p.entry.MultiLine = true
	p.entry.Wrapping = fyne.TextWrapWord
	p.entry.SetPlaceHolder(lang.L("live.notes.placeholder"))
	p.entry.OnChanged = func(string) {
		if !p.filling {
			p.typed = s.u.now()
		}
	}
	p.entry.onBlur = func() {
		p.save()
		if it, ok := s.currentItem(); ok && it.ID == p.item {
			p.merge(it.Notes) // what was merged while the field had the focus
		}
	}
	p.entry.Disable()
	hint := caption(lang.L("live.notes.hint"))
	p.root = container.NewBorder(p.title, hint, nil, nil, p.entry)
	return p
}

func (p *notesPanel) content() fyne.CanvasObject { return p.root }

// refresh follows the current item: the notes of the item left are saved,
// those of the new one shown.
func (p *notesPanel) refresh() {
	s := p.s
	it, ok := s.currentItem()
	if it.ID != p.item {
		p.save()
		p.item = it.ID
		p.fill(it.Notes)
		if ok {
			p.entry.Enable()
		} else {
			p.entry.Disable()
		}
	}
	if !ok {
		p.title.SetText(lang.L("live.notes.no_item"))
		return
	}
	p.title.SetText(lang.L("live.notes.title", map[string]any{"N": strconv.Itoa(s.currentIndex() + 1), "Title": it.Title}))
	p.merge(it.Notes)
}

// merge shows notes read from the replica (changed on another laptop, or
// here in another field) unless the field has the focus, or holds what
// was typed and not saved yet, or a save of ours is under way (the
// replica may not hold it yet).
func (p *notesPanel) merge(stored string) {
	if p.pending > 0 || stored == p.saved || p.entry.focused || p.entry.Text != p.saved {
		return
	}
	p.fill(stored)
}

// fill shows an item's notes as the replica holds them.
func (p *notesPanel) fill(notes string) {
	p.filling = true
	p.entry.SetText(notes)
	p.filling = false
	p.saved = notes
	p.typed = time.Time{}
}

// tick saves the notes once notesDebounce has passed since the last key;
// the live screen's clock calls it every second.
func (p *notesPanel) tick(now time.Time) {
	if !p.typed.IsZero() && now.Sub(p.typed) >= notesDebounce {
		p.save()
	}
}

// save writes the notes of the field's item if they changed, on the item
// as the replica holds it when the write runs (its start and end times
// move on meanwhile; another laptop may have changed its title).
func (p *notesPanel) save() {
	p.typed = time.Time{}
	text := p.entry.Text
	if p.item == uuid.Nil || text == p.saved {
		return
	}
	prev := p.saved
	p.saved = text
	p.pending++
	s, u, id := p.s, p.s.u, p.item
	for i := range s.items {
		if s.items[i].ID == id {
			s.items[i].Notes = text
		}
	}
	u.writeOr(func(ctx context.Context) error {
		u.edits.Lock()
		defer u.edits.Unlock()
		it, err := u.r.Item(id)
		if err != nil {
			return err
		}
		it.Notes = text
		return u.r.SaveItem(ctx, it)
	}, func() {
		p.pending--
		if it, err := u.r.Item(p.item); err == nil {
			p.merge(it.Notes) // merged while the save was under way
		}
	}, func() {
		// Not saved: the field keeps the text, to be saved again on the
		// next key, when it loses the focus or when the item changes.
		p.pending--
		if p.item == id && p.saved == text {
			p.saved = prev
		}
		s.reload()
	})
}

// focusNotes shows the notes and puts the cursor in them (F4).
func (s *liveScreen) focusNotes() {
	s.selectRight(s.notes.content())
	if !s.notes.entry.Disabled() {
		s.u.win.Canvas().Focus(s.notes.entry)
	}
}
