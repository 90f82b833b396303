package app

import (
	"context"
	"errors"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit"
)

// Choices in settings order.
var (
	languageChoices = []string{langAuto, langFR, langEN}
	textSizeChoices = []string{textNormal, textLarge, textXLarge}
)

// settingsScreen holds this laptop's own preferences: language and text
// size, local settings never sent to the other laptops; and the laptop's
// name, which the others do see.
type settingsScreen struct {
	u        *UI
	language *widget.RadioGroup
	textSize *widget.RadioGroup
	dataDir  *widget.Label
	name     *widget.Entry
	nameHint *widget.Label
	nameNote *widget.Label
	// sync is the background sync section, nil without a sync service.
	sync *syncSettings
	root fyne.CanvasObject
}

func newSettingsScreen(u *UI) *settingsScreen {
	s := &settingsScreen{u: u}

	system := languageName(systemLanguage())
	langLabels := []string{
		lang.L("settings.language.auto", map[string]any{"Language": system}),
		lang.L("settings.language.fr"),
		lang.L("settings.language.en"),
	}
	s.language = choiceGroup(langLabels, languageChoices, u.langSetting, u.setLanguage)
	sizeLabels := []string{lang.L("settings.text.normal"), lang.L("settings.text.large"), lang.L("settings.text.xlarge")}
	s.textSize = choiceGroup(sizeLabels, textSizeChoices, u.textSize, u.setTextSize)

	s.name = widget.NewEntry()
	s.name.SetText(u.r.DeviceName(u.r.Device()))
	s.name.SetPlaceHolder(lang.L("settings.device_name.placeholder"))
	s.nameNote = caption("")
	s.nameHint = caption(lang.L("settings.device_name.hint", map[string]any{"Device": u.r.Device().Short()}))
	saveName := widget.NewButtonWithIcon(lang.L("settings.device_name.save"), theme.DocumentSaveIcon(), s.saveName)
	s.name.OnSubmitted = func(string) { s.saveName() }

	s.dataDir = widget.NewLabel(u.r.Dir())
	s.dataDir.Selectable = true
	s.dataDir.Wrapping = fyne.TextWrapBreak

	box := container.NewVBox(
		heading(lang.L("settings.title")),
		caption(lang.L("settings.local_hint")),
		widget.NewSeparator(),
		subheading(lang.L("settings.language")),
		s.language,
		caption(lang.L("settings.language.hint")),
		widget.NewSeparator(),
		subheading(lang.L("settings.text_size")),
		s.textSize,
		caption(lang.L("settings.text_size.hint")),
		widget.NewSeparator(),
		subheading(lang.L("settings.device_name")),
		container.NewBorder(nil, nil, nil, saveName, s.name),
		s.nameHint,
		s.nameNote,
		widget.NewSeparator(),
		subheading(lang.L("settings.data")),
		s.dataDir,
		caption(lang.L("settings.data.hint")),
	)
	if u.net != nil {
		s.sync = newSyncSettings(u)
		box.Add(widget.NewSeparator())
		box.Add(s.sync.root)
	}
	s.root = container.NewVScroll(container.NewPadded(box))
	return s
}

func (s *settingsScreen) content() fyne.CanvasObject { return s.root }

// choiceGroup is a radio group showing labels for the stored choices,
// with current selected, calling apply with the choice the user picks.
func choiceGroup(labels, choices []string, current string, apply func(string)) *widget.RadioGroup {
	g := widget.NewRadioGroup(labels, nil)
	g.Required = true
	g.SetSelected(labels[slices.Index(choices, current)])
	g.OnChanged = func(label string) {
		if i := slices.Index(labels, label); i >= 0 {
			apply(choices[i])
		}
	}
	return g
}

// saveName names this laptop (a replicated record: the others see it).
func (s *settingsScreen) saveName() {
	if err := s.u.r.SetDeviceName(context.Background(), s.name.Text); err != nil {
		msg := lang.L("settings.device_name.error")
		if errors.Is(err, konbit.ErrEmptyName) {
			msg = lang.L("settings.device_name.empty")
		}
		s.nameNote.SetText(msg)
		return
	}
	s.nameNote.SetText(lang.L("settings.device_name.saved"))
}

// setTextSize stores and applies a text size: the theme is replaced, and
// the screens rebuilt so that sizes computed from the text size follow.
func (u *UI) setTextSize(size string) {
	size = normalizeTextSize(size)
	if size == u.textSize || !u.saveSetting(settingTextSize, size) {
		return
	}
	u.textSize = size
	u.app.Settings().SetTheme(newTheme(textScale(size)))
	u.rebuild()
}

// syncSettings is the Settings section of the background sync: the
// switch, and the shared folder watched while the app is open. Both are
// kept by the agent in the replica's local settings; the calls run off
// the Fyne thread, the agent may be busy syncing.
type syncSettings struct {
	u      *UI
	enable *widget.Check
	folder *widget.Label
	stop   *widget.Button
	root   fyne.CanvasObject
}

func newSyncSettings(u *UI) *syncSettings {
	s := &syncSettings{u: u}
	s.enable = widget.NewCheck(lang.L("settings.sync.background"), s.setEnabled)
	s.folder = widget.NewLabel("")
	s.folder.Wrapping = fyne.TextWrapBreak
	choose := widget.NewButtonWithIcon(lang.L("settings.sync.folder.choose"), theme.FolderOpenIcon(), s.chooseFolder)
	s.stop = widget.NewButtonWithIcon(lang.L("settings.sync.folder.stop"), theme.MediaStopIcon(), func() { s.setFolder("") })
	s.root = container.NewVBox(
		subheading(lang.L("settings.sync")),
		s.enable,
		caption(lang.L("settings.sync.background.hint")),
		widget.NewLabel(lang.L("settings.sync.folder")),
		container.NewBorder(nil, nil, nil, container.NewHBox(choose, s.stop), s.folder),
		caption(lang.L("settings.sync.folder.hint")),
	)
	// The agent turns itself on once paired: follow it, for as long as
	// the screens built with the Sync screen (buildNav makes it first).
	ctx := u.ctx
	if u.sync != nil {
		ctx = u.sync.ctx
	}
	u.watch(ctx, s.load)
	return s
}

// load shows the agent's settings now and whenever they change.
func (s *syncSettings) load() []<-chan struct{} {
	ch := s.u.net.Changed()
	st := s.u.net.Status()
	s.showEnabled(st.Enabled)
	s.showFolder(st.Folder)
	return []<-chan struct{}{ch}
}

// showEnabled sets the switch without calling the agent: showing is not
// choosing.
func (s *syncSettings) showEnabled(on bool) {
	if s.enable.Checked == on {
		return
	}
	s.enable.OnChanged = nil
	s.enable.SetChecked(on)
	s.enable.OnChanged = s.setEnabled
}

func (s *syncSettings) showFolder(dir string) {
	if dir == "" {
		s.folder.SetText(lang.L("settings.sync.folder.none"))
		s.stop.Disable()
		return
	}
	s.folder.SetText(dir)
	s.stop.Enable()
}

// setEnabled turns background sync on or off; on failure the switch
// shows again what holds.
func (s *syncSettings) setEnabled(on bool) {
	s.u.writeOr(func(context.Context) error {
		if err := s.u.net.SetEnabled(on); err != nil {
			return failure{what: lang.L("settings.sync.error"), err: err}
		}
		return nil
	}, nil, func() { s.showEnabled(!on) })
}

// chooseFolder asks for the shared folder.
func (s *syncSettings) chooseFolder() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			s.u.showError(lang.L("settings.sync.error"), err)
			return
		}
		if l == nil {
			return // cancelled
		}
		s.setFolder(l.Path())
	}, s.u.win)
	d.SetTitleText(lang.L("settings.sync.folder.title"))
	d.SetConfirmText(lang.L("settings.sync.folder.confirm"))
	d.SetDismissText(lang.L("action.cancel"))
	showFileDialog(d, s.u.win)
}

// setFolder watches dir ("" stops watching).
func (s *syncSettings) setFolder(dir string) {
	s.u.write(func(context.Context) error {
		if err := s.u.net.SetFolder(dir); err != nil {
			return failure{what: lang.L("settings.sync.error"), err: err}
		}
		return nil
	}, func() { s.showFolder(dir) })
}
