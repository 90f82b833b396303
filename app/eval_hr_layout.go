package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// hrNavEm is the width of the navigation bar beside the screens, in text
// heights (its labels and icons grow with the text size).
const hrNavEm = 5.6

// hrFitWidth is the width the HR pane has in a 1024-pixel window (the
// projector's, defaultWinWidth) beside the navigation bar, at the current
// text size. The views choose their arrangement for it when they are
// built (a second row of buttons, fewer columns): a pane wider than the
// screen would make the window wider than the projector shows. The
// screens are built again when the text size changes, so the choice
// follows it.
func hrFitWidth() float32 {
	return defaultWinWidth - hrNavEm*theme.TextSize() - 3*theme.Padding()
}

// hrFits tells whether o fits in width.
func hrFits(o fyne.CanvasObject, width float32) bool { return o.MinSize().Width <= width }

// hrRows lays objs out left to right in as few rows as fit in width: one
// row at the usual text sizes, two or more at the largest. Hidden objects
// count as shown (a button shown later must still fit its row).
func hrRows(width float32, objs ...fyne.CanvasObject) *fyne.Container {
	pad := theme.Padding()
	rows := container.NewVBox()
	row := container.NewHBox()
	used := float32(0)
	for _, o := range objs {
		w := o.MinSize().Width
		if len(row.Objects) > 0 && used+pad+w > width {
			rows.Add(row)
			row, used = container.NewHBox(), 0
		}
		if len(row.Objects) > 0 {
			used += pad
		}
		row.Add(o)
		used += w
	}
	rows.Add(row)
	return rows
}

// hrGridColumns is how many columns of cells cell wide fit in width, from
// most down to least.
func hrGridColumns(width, cell float32, most, least int) int {
	pad := theme.Padding()
	n := most
	for n > least && float32(n)*cell+float32(n-1)*pad > width {
		n--
	}
	return n
}

// hrRowOrStack is main with the side objects at its right when they fit
// in width, else the side objects below main, in as many rows as needed.
func hrRowOrStack(width float32, main fyne.CanvasObject, side ...fyne.CanvasObject) fyne.CanvasObject {
	row := container.NewBorder(nil, nil, nil, container.NewHBox(side...), main)
	if hrFits(row, width) {
		return row
	}
	return container.NewVBox(main, hrRows(width, side...))
}
