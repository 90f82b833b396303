package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Text sizes, for projectors (local setting "text_size").
const (
	textNormal = "normal"
	textLarge  = "large"
	textXLarge = "xlarge"
)

func normalizeTextSize(s string) string {
	switch s {
	case textLarge, textXLarge:
		return s
	}
	return textNormal
}

// textScale is how much a text size setting enlarges text.
func textScale(size string) float32 {
	switch size {
	case textLarge:
		return 1.3
	case textXLarge:
		return 1.65
	}
	return 1
}

// konbitTheme is Fyne's default theme with every text, icon and spacing
// enlarged by scale, so that a meeting can read the screen on a projector.
// It holds no mutable state: a new one is set when the size changes.
type konbitTheme struct {
	base  fyne.Theme
	scale float32
}

var _ fyne.Theme = (*konbitTheme)(nil)

func newTheme(scale float32) fyne.Theme {
	return &konbitTheme{base: theme.DefaultTheme(), scale: scale}
}

func (t *konbitTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.base.Color(n, v)
}

func (t *konbitTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base.Font(s) }

func (t *konbitTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

func (t *konbitTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.base.Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon, theme.SizeNameLineSpacing:
		return s * t.scale
	case theme.SizeNamePadding, theme.SizeNameInnerPadding:
		// Spacing grows less than text: a projector needs bigger letters,
		// not emptier screens.
		return s * (1 + (t.scale-1)/2)
	}
	return s
}
