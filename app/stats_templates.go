package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/meetings"
)

// templatePopUpHeight caps the list of meeting types: custom templates
// may make it long, and the pop-up must stay inside a 1024x768 window.
const templatePopUpHeight = 320

// checkMenu looks like a Select, showing a summary of what is chosen, but
// opens check boxes: several meeting types can be compared together
// (production and reflection meetings, say) without a taller form.
type checkMenu struct {
	widget.Select
	open func()
}

func newCheckMenu(open func()) *checkMenu {
	m := &checkMenu{open: open}
	m.ExtendBaseWidget(m)
	return m
}

// Tapped opens the check boxes rather than the Select's menu.
func (m *checkMenu) Tapped(*fyne.PointEvent) {
	if !m.Disabled() {
		m.open()
	}
}

// TypedKey opens the check boxes with the keys that open a Select.
func (m *checkMenu) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeySpace, fyne.KeyUp, fyne.KeyDown:
		m.open()
	}
}

// setText shows text as the menu's value, without calling OnChanged.
func (m *checkMenu) setText(text string) {
	m.Options = []string{text}
	m.Selected = text
	m.Refresh()
}

// templatePicker chooses the meeting types of the statistics. None chosen
// means every type.
type templatePicker struct {
	menu    *checkMenu
	keys    []string // the templates, in menu order
	names   []string // their names, in the same order
	chosen  []string // the keys chosen, in menu order
	changed func()
	pop     *widget.PopUp
}

func newTemplatePicker(changed func()) *templatePicker {
	p := &templatePicker{changed: changed}
	p.menu = newCheckMenu(p.show)
	p.menu.setText(lang.L("stats.template.any"))
	return p
}

// loaded says whether the templates were read.
func (p *templatePicker) loaded() bool { return p.keys != nil }

// set lists the templates, keeping the chosen ones that still exist.
func (p *templatePicker) set(ts []meetings.Template, language string) {
	p.keys, p.names = []string{}, nil
	for _, t := range ts {
		p.keys = append(p.keys, t.Key)
		p.names = append(p.names, t.Name(language))
	}
	p.chosen = slices.DeleteFunc(p.chosen, func(k string) bool { return !slices.Contains(p.keys, k) })
	p.menu.setText(p.summary())
}

// summary says what is chosen: every type, one by its name, or how many.
func (p *templatePicker) summary() string {
	switch len(p.chosen) {
	case 0:
		return lang.L("stats.template.any")
	case 1:
		return p.names[slices.Index(p.keys, p.chosen[0])]
	}
	return lang.L("stats.template.some", count(len(p.chosen)))
}

// choose sets the chosen templates (keys) and runs changed.
func (p *templatePicker) choose(keys []string) {
	var chosen []string
	for _, k := range p.keys {
		if slices.Contains(keys, k) {
			chosen = append(chosen, k)
		}
	}
	p.chosen = chosen
	p.menu.setText(p.summary())
	p.changed()
}

// show opens the check boxes under the menu; each tick applies at once,
// so the table behind shows what the choice gives.
func (p *templatePicker) show() {
	c := fyne.CurrentApp().Driver().CanvasForObject(p.menu)
	if c == nil {
		return // no longer on screen
	}
	group := widget.NewCheckGroup(p.names, nil)
	for i, k := range p.keys {
		if slices.Contains(p.chosen, k) {
			group.Selected = append(group.Selected, p.names[i])
		}
	}
	group.OnChanged = func(names []string) {
		var keys []string
		for i, n := range p.names {
			if slices.Contains(names, n) {
				keys = append(keys, p.keys[i])
			}
		}
		p.choose(keys)
	}
	all := widget.NewButtonWithIcon(lang.L("stats.template.any"), theme.ContentClearIcon(), func() { group.SetSelected(nil) })
	all.Importance = widget.LowImportance
	scroll := container.NewVScroll(group)
	scroll.SetMinSize(fyne.NewSize(group.MinSize().Width, min(group.MinSize().Height, templatePopUpHeight)))
	p.pop = widget.NewPopUp(container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), all), nil, nil, scroll), c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(p.menu)
	p.pop.ShowAtPosition(pos.Add(fyne.NewPos(0, p.menu.Size().Height)))
	p.pop.Resize(fyne.NewSize(max(p.menu.Size().Width, p.pop.MinSize().Width), p.pop.MinSize().Height))
}
