package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// columns describes the columns of a table-like list: relative widths,
// minimum widths (in text heights, so they follow the text size) and
// which columns to drop, first to last, when they do not all fit (a large
// text size on a small projector screen).
type columns struct {
	weights []float32
	minEm   []float32
	drop    []int
}

// columnsLayout lays its objects out in one row of columns, so that a
// header and the rows of a list line up like a table.
type columnsLayout struct {
	cols *columns
}

// visible tells which columns fit in width.
func (c *columnsLayout) visible(n int, width float32) []bool {
	vis := make([]bool, n)
	for i := range vis {
		vis[i] = true
	}
	need := func() float32 {
		var w float32
		shown := 0
		for i, v := range vis {
			if v {
				w += c.cols.minEm[i] * theme.TextSize()
				shown++
			}
		}
		return w + theme.Padding()*float32(shown-1)
	}
	for _, d := range c.cols.drop {
		if need() <= width {
			break
		}
		if d < n {
			vis[d] = false
		}
	}
	return vis
}

func (c *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	vis := c.visible(len(objs), size.Width)
	pad := theme.Padding()
	var total float32
	shown := 0
	for i, v := range vis {
		if v {
			total += c.cols.weights[i]
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
		w := free * c.cols.weights[i] / total
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		x += w + pad
	}
}

func (c *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	// Columns that do not fit are dropped: only the first is needed.
	return fyne.NewSize(c.cols.minEm[0]*theme.TextSize(), h)
}

// row builds one table-like row.
func row(cols *columns, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(&columnsLayout{cols: cols}, objs...)
}

// cell is a truncating label for table-like rows.
func cell(text string, bold bool) *widget.Label {
	l := widget.NewLabel(text)
	l.Truncation = fyne.TextTruncateEllipsis
	l.TextStyle.Bold = bold
	return l
}

// twoPaneLayout shows a list (objs[0]) and, while an item is open, its
// detail (objs[1]) beside it with a separator (objs[2]). When both do not
// fit (a large text size on a small screen), the detail takes the whole
// width while it is open.
type twoPaneLayout struct {
	ratio      float32 // of the width given to the list when there is room
	detailOpen func() bool
}

func (p *twoPaneLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	list, detail, sep := objs[0], objs[1], objs[2]
	lm, dm := list.MinSize(), detail.MinSize()
	pad := theme.Padding()
	open := p.detailOpen()
	if open && size.Width >= lm.Width+dm.Width+pad {
		lw := max(lm.Width, min(size.Width*p.ratio, size.Width-dm.Width-pad))
		list.Show()
		detail.Show()
		sep.Show()
		list.Move(fyne.NewPos(0, 0))
		list.Resize(fyne.NewSize(lw, size.Height))
		sep.Move(fyne.NewPos(lw+pad/2, 0))
		sep.Resize(fyne.NewSize(theme.SeparatorThicknessSize(), size.Height))
		detail.Move(fyne.NewPos(lw+pad, 0))
		detail.Resize(fyne.NewSize(size.Width-lw-pad, size.Height))
		return
	}
	sep.Hide()
	show, hide := list, detail
	if open {
		show, hide = detail, list
	}
	hide.Hide()
	show.Show()
	show.Move(fyne.NewPos(0, 0))
	show.Resize(size)
}

func (p *twoPaneLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize().Max(objs[1].MinSize())
}

// twoPanes builds a list-and-detail view.
func twoPanes(ratio float32, detailOpen func() bool, list, detail fyne.CanvasObject) *fyne.Container {
	return container.New(&twoPaneLayout{ratio: ratio, detailOpen: detailOpen}, list, detail, widget.NewSeparator())
}

// minWidthLayout gives its content at least width.
type minWidthLayout struct{ width float32 }

func (m *minWidthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (m *minWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	s.Width = max(s.Width, m.width)
	// A wrapping label reports its height for its current width: lay it out
	// at the width it will have to learn that height.
	for _, o := range objs {
		o.Resize(fyne.NewSize(s.Width, o.MinSize().Height))
		s.Height = max(s.Height, o.MinSize().Height)
	}
	return s
}

// banner is a coloured box for important notices (clock warnings).
func banner(col fyne.ThemeColorName, icon fyne.Resource, content fyne.CanvasObject) fyne.CanvasObject {
	c := theme.Color(col)
	r, g, b, _ := c.RGBA()
	bg := canvas.NewRectangle(color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x40})
	bg.StrokeColor = c
	bg.StrokeWidth = 2
	bg.CornerRadius = theme.InputRadiusSize()
	ic := widget.NewIcon(theme.NewColoredResource(icon, col))
	return container.NewStack(bg, container.NewPadded(container.NewBorder(nil, nil, container.NewCenter(ic), nil, content)))
}

// heading is a large bold title.
func heading(text string) *widget.Label { return title(text, theme.SizeNameHeadingText) }

// subheading is a medium bold title.
func subheading(text string) *widget.Label { return title(text, theme.SizeNameSubHeadingText) }

func title(text string, size fyne.ThemeSizeName) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = size
	l.TextStyle.Bold = true
	l.Wrapping = fyne.TextWrapWord
	return l
}

// paragraph is wrapping body text.
func paragraph(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// caption is smaller secondary text.
func caption(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameCaptionText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// centered puts content in the middle of a spacious area, with a maximum
// reading width.
func centered(width float32, content fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(layout.NewSpacer(),
		container.NewHBox(layout.NewSpacer(), container.New(&minWidthLayout{width: width}, content), layout.NewSpacer()),
		layout.NewSpacer())
}
