package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/meetings"
)

// Templates are edited where people already shape agendas: a meeting's
// preparation saves its agenda into the meeting's template ("Save agenda
// as template"), and the Templates dialog of the Meetings list renames a
// template or gives it back its shipped form. The default templates are
// records with ids every laptop derives alike, so an edit reaches every
// laptop with the next synchronisation, and replica.CreateMeeting reads
// the stored record before the shipped default.

// agendaAsTemplate returns t with the items, timeboxes and sessions of a
// meeting's agenda (held in language) in place of its own. A template
// item whose title in that language is unchanged keeps its title in the
// other language; a new or retitled item has its one title in both, as
// its translation is not known.
func agendaAsTemplate(t meetings.Template, items []meetings.Item, language string) meetings.Template {
	if language == "" {
		language = meetings.French // as replica.CreateMeeting defaults it
	}
	used := make([]bool, len(t.Items))
	out := make([]meetings.TemplateItem, 0, len(items))
	sessionsUsed := map[string]bool{}
	for _, it := range items {
		title := strings.TrimSpace(it.Title)
		ti := meetings.TemplateItem{Type: it.Type, Kind: it.Kind, TitleEN: title, TitleFR: title,
			Timebox: it.Timebox, Session: it.Session}
		for j, old := range t.Items {
			if !used[j] && old.Kind == it.Kind && old.Title(language) == title {
				used[j] = true
				ti.TitleEN, ti.TitleFR = old.TitleEN, old.TitleFR
				break
			}
		}
		if ti.Kind == "" {
			ti.Kind = meetings.KindNormal
		}
		if ti.Session != "" {
			sessionsUsed[ti.Session] = true
		}
		out = append(out, ti)
	}
	// The template's sessions still used keep their order; sessions
	// that only the agenda has follow, in agenda order.
	var sessions []string
	for _, s := range t.Sessions {
		if sessionsUsed[s] && !slices.Contains(sessions, s) {
			sessions = append(sessions, s)
		}
	}
	for _, ti := range out {
		if ti.Session != "" && !slices.Contains(sessions, ti.Session) {
			sessions = append(sessions, ti.Session)
		}
	}
	t.Items, t.Sessions = out, sessions
	return t
}

// agendaSummary is "3 items, 1 h 05": the size of an agenda or template.
func agendaSummary(language string, n int, total time.Duration) string {
	if n == 0 {
		return lang.L("templates.summary.none")
	}
	data := map[string]any{"Count": n, "Time": hoursText(total)}
	return plural(language, n, lang.L("templates.summary.one", data), lang.L("templates.summary.other", data))
}

// templateSummary is the size of a template's agenda.
func templateSummary(language string, t meetings.Template) string {
	var total time.Duration
	for _, it := range t.Items {
		total += it.Timebox
	}
	return agendaSummary(language, len(t.Items), total)
}

// newSaveTemplateButton is the agenda tab's "Save agenda as template".
func newSaveTemplateButton(t *agendaTab) *widget.Button {
	b := widget.NewButtonWithIcon(lang.L("templates.save_agenda"), theme.DocumentSaveIcon(), t.confirmSaveAsTemplate)
	if t.p.u.textSize != textNormal {
		b.SetText("") // as the other agenda buttons with large text
	}
	return b
}

// confirmSaveAsTemplate asks, naming the template, before replacing its
// agenda with this meeting's.
func (t *agendaTab) confirmSaveAsTemplate() {
	u, key, id, language := t.p.u, t.p.m.Template, t.p.id, t.p.m.Language
	tmpl, err := u.r.Template(key)
	if err != nil {
		u.showError(lang.L("error.save"), err)
		return
	}
	var total time.Duration
	for _, it := range t.items {
		total += it.Timebox
	}
	name := tmpl.Name(u.language)
	text := lang.L("templates.save_text", map[string]any{"Name": name, "Summary": agendaSummary(u.language, len(t.items), total)})
	u.confirm(lang.L("templates.save_title"), text, lang.L("templates.save_confirm"), func() {
		u.write(func(ctx context.Context) error {
			// Read both again: the agenda or the template may have
			// changed while the question was asked.
			tmpl, err := u.r.Template(key)
			if err != nil {
				return err
			}
			items, _ := u.r.Agenda(id)
			return u.r.SaveTemplate(ctx, agendaAsTemplate(tmpl, items, language))
		}, func() {
			u.showInfo(lang.L("templates.saved_title"), lang.L("templates.saved_text", map[string]any{"Name": name}))
		})
	})
}

// templatesDialog lists the meeting templates, each with its size, and
// renames them or resets them to the shipped default. It follows the
// records while open.
type templatesDialog struct {
	s      *meetingsScreen
	ctx    context.Context
	cancel context.CancelFunc

	templates []meetings.Template
	rows      *fyne.Container // one row per template, in order
	dialog    *dialog.CustomDialog
}

// newTemplatesButton is the Meetings list's "Templates".
func newTemplatesButton(s *meetingsScreen) *widget.Button {
	return widget.NewButtonWithIcon(lang.L("templates.button"), theme.ListIcon(), s.showTemplates)
}

// showTemplates opens the Templates dialog.
func (s *meetingsScreen) showTemplates() {
	d := &templatesDialog{s: s, rows: container.NewVBox()}
	d.ctx, d.cancel = context.WithCancel(s.ctx)
	intro := paragraph(lang.L("templates.intro"))
	// The scroll bar, when there is one, must not cover the buttons.
	gutter := container.New(&minWidthLayout{width: theme.ScrollBarSize() + theme.Padding()})
	content := container.NewBorder(container.NewVBox(intro, widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(container.NewBorder(nil, nil, nil, gutter, d.rows)))
	d.dialog = dialog.NewCustom(lang.L("templates.title"), lang.L("action.close"), content, s.u.win)
	d.dialog.SetOnClosed(func() {
		d.cancel()
		if s.templates == d {
			s.templates = nil
		}
	})
	s.templates = d
	s.u.watch(d.ctx, d.load)
	win := s.u.win.Canvas().Size()
	pad := 4 * theme.Padding()
	d.dialog.Resize(fyne.NewSize(min(40*theme.TextSize(), win.Width-pad),
		min(intro.MinSize().Height+d.rows.MinSize().Height+13*theme.TextSize(), win.Height-pad)))
	d.dialog.Show()
}

func (d *templatesDialog) load() []<-chan struct{} {
	ts, ch := d.s.u.r.Templates()
	d.templates = ts
	defaults := map[string]meetings.Template{}
	for _, t := range meetings.DefaultTemplates() {
		defaults[t.Key] = t
	}
	language := d.s.u.language
	d.rows.Objects = nil
	for _, t := range ts {
		name := cell(t.Name(language), true)
		summary := templateSummary(language, t)
		def, shipped := defaults[t.Key]
		if shipped && len(t.ChangedFields(&def)) > 0 {
			summary += " · " + lang.L("templates.edited")
		}
		rename := widget.NewButtonWithIcon(lang.L("templates.rename"), theme.DocumentCreateIcon(), func() { d.showRename(t) })
		reset := widget.NewButtonWithIcon(lang.L("templates.reset"), theme.ViewRefreshIcon(), func() { d.confirmReset(t, def) })
		if !shipped || len(t.ChangedFields(&def)) == 0 {
			reset.Disable() // nothing to go back to
		}
		info := caption(summary)
		row := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewCenter(container.NewHBox(rename, reset)),
			container.NewVBox(name, info)))
		if len(d.rows.Objects) < len(ts)-1 {
			row.Add(widget.NewSeparator())
		}
		d.rows.Add(row)
	}
	d.rows.Refresh()
	return []<-chan struct{}{ch}
}

// showRename asks for the template's names in both languages.
func (d *templatesDialog) showRename(t meetings.Template) {
	u := d.s.u
	notEmpty := func(v string) error {
		if strings.TrimSpace(v) == "" {
			return errors.New(lang.L("templates.error.name"))
		}
		return nil
	}
	en, fr := widget.NewEntry(), widget.NewEntry()
	en.SetText(t.NameEN)
	fr.SetText(t.NameFR)
	en.Validator, fr.Validator = notEmpty, notEmpty
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("templates.name_en"), en),
		widget.NewFormItem(lang.L("templates.name_fr"), fr),
	}
	key := t.Key
	f := dialog.NewForm(lang.L("templates.rename_title"), lang.L("action.save"), lang.L("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		nameEN, nameFR := strings.TrimSpace(en.Text), strings.TrimSpace(fr.Text)
		u.write(func(ctx context.Context) error {
			cur, err := u.r.Template(key) // its agenda as it is now
			if err != nil {
				return err
			}
			cur.NameEN, cur.NameFR = nameEN, nameFR
			return u.r.SaveTemplate(ctx, cur)
		}, nil)
	}, u.win)
	f.Resize(fyne.NewSize(min(32*theme.TextSize(), u.win.Canvas().Size().Width-4*theme.Padding()), f.MinSize().Height))
	f.Show()
	u.win.Canvas().Focus(en)
}

// confirmReset gives a template back its shipped name and agenda.
func (d *templatesDialog) confirmReset(t, def meetings.Template) {
	u := d.s.u
	u.confirm(lang.L("templates.reset_title"), lang.L("templates.reset_text", map[string]any{"Name": t.Name(u.language)}),
		lang.L("templates.reset"), func() {
			u.write(func(ctx context.Context) error { return u.r.SaveTemplate(ctx, def) }, nil)
		})
}
