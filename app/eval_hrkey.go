package app

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation/seal"
)

// minPassphrase is the shortest HR passphrase accepted: the key file
// never leaves the laptop, but a stolen laptop should not give it up to a
// few guesses.
const minPassphrase = 10

// showHRKey tells which HR member's key this laptop holds, or lets an HR
// member make theirs: a campaign is sealed to the keys HR members publish
// this way, so that only they read its answers. The private key stays on
// this laptop, locked by the passphrase.
func (s *evalScreen) showHRKey() {
	u := s.u
	holder, ok, err := u.r.HRKeyHolder()
	if err != nil {
		u.showError(lang.L("evalkey.title"), err)
		return
	}
	if ok {
		dialog.ShowInformation(lang.L("evalkey.title"),
			lang.L("evalkey.held", map[string]any{"Name": s.name(holder)}), u.win)
		return
	}
	members, _ := u.r.Members()
	var people []konbit.Member
	for _, m := range members {
		if m.Category != konbit.External {
			people = append(people, m)
		}
	}
	slices.SortFunc(people, func(a, b konbit.Member) int { return strings.Compare(a.Name, b.Name) })
	names := make([]string, len(people))
	for i, m := range people {
		names[i] = m.Name
	}
	who := widget.NewSelect(names, nil)
	who.PlaceHolder = lang.L("evalkey.who")
	pass1, pass2 := newHRPassEntry(), newHRPassEntry()
	pass1.SetPlaceHolder(lang.L("evalkey.pass"))
	pass2.SetPlaceHolder(lang.L("evalkey.again"))
	problem := problemLabel()
	var d *dialog.CustomDialog
	create := func() {
		i := who.SelectedIndex()
		p1, p2 := pass1.Text, pass2.Text
		switch {
		case i < 0:
			problem.SetText(lang.L("evalkey.err.who"))
		case utf8.RuneCountInString(p1) < minPassphrase:
			problem.SetText(lang.L("evalkey.err.short", map[string]any{"N": minPassphrase}))
		case p1 != p2:
			problem.SetText(lang.L("evalkey.err.differ"))
		default:
			pass1.SetText("")
			pass2.SetText("")
			d.Hide()
			s.createHRKey(people[i], []byte(p1))
			return
		}
		problem.Show()
	}
	body := container.NewVBox(message(lang.L("evalkey.intro")), labelled(lang.L("evalkey.who.label"), who),
		pass1, pass2, caption(lang.L("evalkey.hint")), problem)
	d = dialog.NewCustomWithoutButtons(lang.L("evalkey.title"), body, u.win)
	d.SetButtons([]fyne.CanvasObject{
		widget.NewButton(lang.L("action.cancel"), d.Hide),
		&widget.Button{Text: lang.L("evalkey.create"), Importance: widget.HighImportance, OnTapped: create},
	})
	for _, e := range []*hrPassEntry{pass1, pass2} {
		e.onEscape = d.Hide
		e.OnSubmitted = func(string) { create() }
		e.OnChanged = func(string) { problem.Hide() }
	}
	d.SetOnClosed(dialogKeys(u.win, d.Hide, create))
	d.Resize(fyne.NewSize(36*theme.TextSize(), d.MinSize().Height))
	d.Show()
}

// createHRKey makes the key off the Fyne thread (Argon2id takes a moment
// on purpose) and says whose it is once published.
func (s *evalScreen) createHRKey(m konbit.Member, pass []byte) {
	u := s.u
	params := u.keyParams
	if params == (seal.Params{}) {
		params = seal.DefaultParams()
	}
	u.write(func(ctx context.Context) error {
		defer clear(pass)
		return u.r.CreateHRKey(ctx, m.ID, pass, params)
	}, func() {
		dialog.ShowInformation(lang.L("evalkey.title"), lang.L("evalkey.made", map[string]any{"Name": m.Name}), u.win)
	})
}
