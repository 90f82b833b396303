package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// formColumns lays out label/field pairs, two pairs per row when there is
// room, else one: labels as wide as they need, fields sharing the rest.
type formColumns struct{}

func (f *formColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	y := float32(0)
	for i := 0; i+1 < len(objs); i += 2 {
		l, fld := objs[i], objs[i+1]
		lw := l.MinSize().Width
		h := max(l.MinSize().Height, fld.MinSize().Height)
		l.Move(fyne.NewPos(0, y+(h-l.MinSize().Height)/2))
		l.Resize(fyne.NewSize(lw, l.MinSize().Height))
		fld.Move(fyne.NewPos(lw+pad, y))
		fld.Resize(fyne.NewSize(size.Width-lw-pad, h))
		y += h + pad
	}
}

func (f *formColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	pad := theme.Padding()
	for i := 0; i+1 < len(objs); i += 2 {
		l, fld := objs[i].MinSize(), objs[i+1].MinSize()
		s.Width = max(s.Width, l.Width+pad+fld.Width)
		s.Height += max(l.Height, fld.Height) + pad
	}
	return s
}

// textBox shows a text that changes as a new label each time. A wrapping
// label whose text is set again can keep showing its old rows (seen with
// Fyne 2.8 when the number of rows changes); a new label never does.
type textBox struct {
	*fyne.Container
	make func(string) *widget.Label
	text string
	imp  widget.Importance
}

func newTextBox(make func(string) *widget.Label) *textBox {
	return &textBox{Container: container.NewVBox(), make: make, imp: -1}
}

// set shows text with the given importance (colour); it reports whether
// that changed anything (the parent may then need laying out again).
func (b *textBox) set(text string, imp widget.Importance) bool {
	if text == b.text && imp == b.imp && len(b.Objects) > 0 {
		return false
	}
	b.text, b.imp = text, imp
	l := b.make(text)
	l.Importance = imp
	b.Objects = []fyne.CanvasObject{l}
	b.Refresh()
	return true
}

// narrowLayout gives its content the space it gets but asks for no width,
// so that a canvas text too long for its column does not widen it.
type narrowLayout struct{}

func (narrowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (narrowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(0, h)
}
