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

// columnsLayout lays its objects out in one row of columns whose widths
// are proportional to weights, so that a header and the rows of a list
// line up like a table.
type columnsLayout struct {
	weights []float32
}

func (c *columnsLayout) total() float32 {
	var t float32
	for _, w := range c.weights {
		t += w
	}
	return t
}

func (c *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	free := size.Width - pad*float32(len(objs)-1)
	total := c.total()
	x := float32(0)
	for i, o := range objs {
		w := free * c.weights[i%len(c.weights)] / total
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
	// Truncating labels have a tiny minimum width: ask for a sensible one.
	return fyne.NewSize(float32(len(objs))*4*theme.TextSize(), h)
}

// row builds one table-like row.
func row(weights []float32, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(&columnsLayout{weights: weights}, objs...)
}

// cell is a truncating label for table-like rows.
func cell(text string, bold bool) *widget.Label {
	l := widget.NewLabel(text)
	l.Truncation = fyne.TextTruncateEllipsis
	l.TextStyle.Bold = bold
	return l
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
func heading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameHeadingText
	l.TextStyle.Bold = true
	l.Wrapping = fyne.TextWrapWord
	return l
}

// subheading is a medium bold title.
func subheading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameSubHeadingText
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
