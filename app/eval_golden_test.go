package app

import (
	"image"
	"image/draw"

	"fyne.io/fyne/v2"
)

// evalShot is the Evaluations screen as drawn in the window, without the
// navigation bar, once two captures agree: after the whole app suite under
// the race detector, the bar (drawn by Fyne's tabs, not by this screen) is
// sometimes captured laid out for another size, as TestGoldenSyncNetwork
// found. TestGoldenEmpty and the other screens' goldens cover the bar.
func evalShot(tu *testUI) image.Image {
	s := evalOf(tu)
	return tu.stableCapture(func() image.Image {
		img := tu.win.Canvas().Capture()
		x := int(fyne.CurrentApp().Driver().AbsolutePositionForObject(s.root).X * tu.win.Canvas().Scale())
		screen := image.NewNRGBA(image.Rect(0, 0, img.Bounds().Dx()-x, img.Bounds().Dy()))
		draw.Draw(screen, screen.Bounds(), img, image.Pt(x, 0), draw.Src)
		return screen
	})
}
