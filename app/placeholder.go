package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// comingSoon is the screen of a part of Konbit not written yet: it says
// what it will do.
func comingSoon(icon fyne.Resource, title, text string) fyne.CanvasObject {
	img := canvas.NewImageFromResource(theme.NewPrimaryThemedResource(icon))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSquareSize(6 * theme.TextSize()))
	soon := widget.NewLabel(lang.L("soon.badge"))
	soon.Importance = widget.HighImportance
	soon.TextStyle.Bold = true
	soon.Alignment = fyne.TextAlignCenter
	h := heading(title)
	h.Alignment = fyne.TextAlignCenter
	body := paragraph(text)
	body.Alignment = fyne.TextAlignCenter
	return container.NewVScroll(centered(32*theme.TextSize(), container.NewVBox(img, h, soon, body)))
}
