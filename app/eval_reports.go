package app

import (
	"errors"
	"io"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
)

// hrReportsView is the HR committee's reading of a campaign: locked until an
// HR member types their passphrase, then the campaign overview and rater
// flags, each person's report, the exports, the groups' reveal codes and
// the release of the reports. The passphrase and the answers it opened
// stay in this view's memory only, until Lock (or the pane goes away).
type hrReportsView struct {
	p *hrPane

	pass        []byte
	answers     []evaluation.Answer
	reflections []evaluation.Reflection
	warning     string // what did not open, shown above the reports
	unlocking   bool

	// The locked face.
	locked    fyne.CanvasObject
	status    *widget.Label // why the last unlock failed
	unlockBtn *widget.Button
	spinner   *widget.ProgressBarInfinite

	// The unlocked face.
	open       fyne.CanvasObject
	warn       *widget.Label
	list       *widget.List
	entries    []uuid.UUID // uuid.Nil first: the campaign overview
	detail     *fyne.Container
	current    uuid.UUID
	report     evaluation.Report // the person's report shown, for the tests
	releaseBtn *widget.Button
	answersBtn *widget.Button // only for an open campaign
	// flagged are the people with a large self-peer gap, marked in the
	// list: the reports that most need the collective reflection.
	flagged map[uuid.UUID]bool

	// save asks where to save an export and writes it (saveFile; tests
	// replace it).
	save func(name string, write func(io.Writer) error)

	root *fyne.Container
}

func newHRReportsView(p *hrPane) *hrReportsView {
	v := &hrReportsView{p: p}
	v.save = v.saveFile
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.status.Importance = widget.DangerImportance
	v.status.Hide()
	v.unlockBtn = widget.NewButtonWithIcon(lang.L("evalhr.unlock"), theme.VisibilityIcon(), v.askPassphrase)
	v.unlockBtn.Importance = widget.HighImportance
	v.spinner = widget.NewProgressBarInfinite()
	v.spinner.Hide()
	v.locked = centered(30*theme.TextSize(), container.NewVBox(
		subheading(lang.L("evalhr.locked.title")),
		paragraph(lang.L("evalhr.locked.text")),
		container.NewHBox(v.unlockBtn), v.spinner, v.status))

	lock := widget.NewButtonWithIcon(lang.L("evalhr.lock"), theme.VisibilityOffIcon(), v.lock)
	again := widget.NewButtonWithIcon(lang.L("evalhr.read_again"), theme.ViewRefreshIcon(), func() { v.unlock(slices.Clone(v.pass)) })
	csv := widget.NewButtonWithIcon(lang.L("evalhr.export.csv"), theme.DownloadIcon(), v.exportCSV)
	v.answersBtn = widget.NewButtonWithIcon(lang.L("evalhr.export.answers"), theme.DownloadIcon(), v.exportAnswers)
	v.answersBtn.Hide()
	codes := widget.NewButtonWithIcon(lang.L("evalhr.codes"), theme.MailSendIcon(), v.showRevealCodes)
	v.releaseBtn = widget.NewButtonWithIcon(lang.L("evalhr.release"), theme.ConfirmIcon(), v.release)
	v.releaseBtn.Importance = widget.HighImportance
	v.warn = widget.NewLabel("")
	v.warn.Wrapping = fyne.TextWrapWord
	v.warn.Importance = widget.WarningImportance
	v.warn.Hide()
	// One row of buttons, two at the largest text sizes.
	bar := container.NewVBox(hrRows(hrFitWidth(), lock, again, csv, v.answersBtn, codes, v.releaseBtn), v.warn)

	v.list = widget.NewList(func() int { return len(v.entries) },
		func() fyne.CanvasObject { return cell("", false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if i >= len(v.entries) {
				return
			}
			if v.entries[i] == uuid.Nil {
				l.SetText(lang.L("evalhr.overview"))
				l.TextStyle.Bold = true
				l.Refresh()
				return
			}
			l.TextStyle.Bold = false
			name := v.p.name(v.entries[i])
			if v.flagged[v.entries[i]] {
				name += " ⚠"
			}
			l.SetText(name)
		})
	v.list.OnSelected = func(i widget.ListItemID) {
		if i < len(v.entries) {
			v.show(v.entries[i])
		}
	}
	v.detail = container.NewVBox()
	split := container.NewHSplit(v.list, container.NewVScroll(container.NewPadded(v.detail)))
	split.Offset = 0.22
	v.open = container.NewBorder(bar, nil, nil, nil, split)
	v.open.Hide()
	v.root = container.NewStack(v.locked, v.open)
	return v
}

// askPassphrase asks for the HR member's passphrase. Enter unlocks;
// Escape cancels, even from the field.
func (v *hrReportsView) askPassphrase() {
	if v.unlocking {
		return
	}
	v.p.u.hrAskPassphrase(lang.L("evalhr.unlock.title"), lang.L("evalhr.unlock.text"), lang.L("evalhr.unlock"), v.unlock)
}

// unlock opens the campaign's answers and reflections with pass, off the
// Fyne thread (the key's Argon2id takes a second or so, on purpose).
func (v *hrReportsView) unlock(pass []byte) {
	if v.unlocking || len(pass) == 0 {
		return
	}
	v.unlocking = true
	v.unlockBtn.Disable()
	v.spinner.Show()
	v.status.Hide()
	u, id := v.p.u, v.p.id
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		// One unlock (Argon2id) opens both the answers and the reflections.
		content, err := u.r.ReadCampaign(u.ctx, id, pass)
		answers, refl := content.Answers, content.Reflections
		warning := ""
		if errors.Is(err, seal.ErrCannotOpen) {
			// Some answers or reflections were refused (tampered, or moved
			// to another person): the others are read, and HR is told.
			warning, err = lang.L("evalhr.warning.refused", map[string]any{"Error": err.Error()}), nil
		}
		if u.ctx.Err() != nil {
			return
		}
		u.post(func() {
			v.unlocking = false
			v.unlockBtn.Enable()
			v.spinner.Hide()
			if v.p.root != nil && v.p.root.cancel == nil {
				// The pane went away meanwhile: what was read is dropped.
				clear(pass)
				return
			}
			if err != nil {
				v.lock()
				v.status.SetText(lang.L("evalhr.unlock.failed", map[string]any{"Error": hrErrorText(err)}))
				v.status.Show()
				return
			}
			v.pass, v.answers, v.reflections, v.warning = pass, answers, refl, warning
			v.showOpen()
		})
	}()
}

// lock forgets the passphrase and everything it opened.
func (v *hrReportsView) lock() {
	clear(v.pass)
	v.pass, v.answers, v.reflections, v.warning, v.flagged = nil, nil, nil, "", nil
	v.report = evaluation.Report{}
	v.detail.Objects = nil
	v.detail.Refresh()
	v.open.Hide()
	v.locked.Show()
	v.root.Refresh()
}

// unlockedNow reports whether the answers are open.
func (v *hrReportsView) unlockedNow() bool { return v.pass != nil }

// showOpen shows the unlocked face: the list of people and the overview.
func (v *hrReportsView) showOpen() {
	v.locked.Hide()
	v.open.Show()
	v.warn.SetText(v.warning)
	v.warn.Hidden = v.warning == ""
	v.flagged = map[uuid.UUID]bool{}
	for _, f := range evaluation.RaterFlags(&v.p.c, v.p.grids, v.answers, evaluation.FlagOptions{}) {
		if f.Kind == evaluation.FlagLargeGap {
			v.flagged[f.Person] = true
		}
	}
	v.campaignChanged()
	v.root.Refresh()
	idx := slices.Index(v.entries, v.current)
	if idx < 0 {
		idx, v.current = 0, uuid.Nil
	}
	v.list.Select(idx)
	v.show(v.current)
}

// campaignChanged refreshes the list of people and the buttons after the
// campaign (or its members) changed.
func (v *hrReportsView) campaignChanged() {
	if v.releaseBtn == nil {
		return
	}
	v.answersBtn.Hidden = !v.p.c.Visibility.Open
	v.answersBtn.Refresh()
	if v.p.c.Visibility.Released {
		v.releaseBtn.SetText(lang.L("evalhr.release.codes"))
	} else {
		v.releaseBtn.SetText(lang.L("evalhr.release"))
	}
	people := slices.Clone(v.p.c.Participants)
	slices.SortStableFunc(people, func(a, b uuid.UUID) int {
		return strings.Compare(strings.ToLower(v.p.name(a)), strings.ToLower(v.p.name(b)))
	})
	v.entries = append([]uuid.UUID{uuid.Nil}, people...)
	v.list.Refresh()
	if v.unlockedNow() {
		v.show(v.current)
	}
}

// show shows the overview (uuid.Nil) or a person's report.
func (v *hrReportsView) show(person uuid.UUID) {
	v.current = person
	if !v.unlockedNow() {
		return
	}
	if person == uuid.Nil {
		v.detail.Objects = v.overview()
	} else {
		v.detail.Objects = v.personReport(person)
	}
	v.detail.Refresh()
}
