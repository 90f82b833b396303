package app

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation/seal"
)

// grantCandidates are the members who could be given the campaign's key:
// those with a published HR key (made on their own laptop, and brought
// here by a sync) who are not among the campaign's HR members yet, by
// name. Someone without a key cannot be given it: nothing to seal it to.
func (p *hrPane) grantCandidates() []konbit.Member {
	var out []konbit.Member
	keys := p.u.r.HRPublicKeys()
	for _, m := range p.members {
		if len(keys[m.ID]) > 0 && !p.c.IsHR(m.ID) {
			out = append(out, m)
		}
	}
	return out
}

// askGrant is the Setup tab's "Give access to a new HR member": a new HR
// member cannot read a running campaign until a current one seals its key
// to theirs, and no answer is re-encrypted for it. It lists the members
// who can be given access; choosing one asks this laptop's HR passphrase.
func (v *hrSetupView) askGrant() {
	u := v.p.u
	people := v.p.grantCandidates()
	if len(people) == 0 {
		u.showInfo(lang.L("evalhr.grant.title"), lang.L("evalhr.grant.nobody"))
		return
	}
	var d *dialog.CustomDialog
	rows := container.NewVBox()
	for _, m := range people {
		b := widget.NewButtonWithIcon(m.Name, theme.AccountIcon(), func() {
			d.Hide()
			v.askGrantPassphrase(m)
		})
		b.Alignment = widget.ButtonAlignLeading
		rows.Add(b)
	}
	text := message(lang.L("evalhr.grant.choose", map[string]any{"Campaign": v.p.c.Name}))
	if len(people) <= 8 {
		d = dialog.NewCustom(lang.L("evalhr.grant.title"), lang.L("action.cancel"), container.NewVBox(text, rows), u.win)
	} else {
		// More than a screenful (a co-op's whole HR history): they scroll.
		d = dialog.NewCustom(lang.L("evalhr.grant.title"), lang.L("action.cancel"),
			container.NewBorder(text, nil, nil, nil, container.NewVScroll(rows)), u.win)
		d.Resize(u.win.Canvas().Size().Subtract(fyne.NewSize(120, 80)))
	}
	d.SetOnClosed(dialogKeys(u.win, d.Hide, nil))
	d.Show()
}

// askGrantPassphrase asks the passphrase that unlocks this laptop's HR key,
// then grants m the campaign's key off the Fyne thread (the unlock's
// Argon2id takes a second or so, on purpose).
func (v *hrSetupView) askGrantPassphrase(m konbit.Member) {
	u := v.p.u
	data := map[string]any{"Name": m.Name, "Campaign": v.p.c.Name}
	u.hrAskPassphrase(lang.L("evalhr.grant.title"), lang.L("evalhr.grant.text", data), lang.L("evalhr.grant.confirm"),
		func(pass []byte) { v.grant(m.ID, m.Name, pass) })
}

// grant seals the campaign's key to every HR key member has published and
// adds them to the campaign's HR members; the passphrase is wiped after.
func (v *hrSetupView) grant(member uuid.UUID, name string, pass []byte) {
	u, id, campaign := v.p.u, v.p.id, v.p.c.Name
	v.grantBtn.Disable()
	u.writeOr(func(ctx context.Context) error {
		defer clear(pass)
		if err := u.r.GrantCampaign(ctx, id, member, pass); err != nil {
			return failure{lang.L("evalhr.grant.failed", map[string]any{"Name": name}), errors.New(hrGrantErrorText(err))}
		}
		return nil
	}, func() {
		v.grantBtn.Enable()
		u.showInfo(lang.L("evalhr.grant.title"), lang.L("evalhr.grant.done", map[string]any{"Name": name, "Campaign": campaign}))
	}, v.grantBtn.Enable)
}

// hrGrantErrorText says why a grant failed, in the words HR knows: those of
// an unlock, but a wrong passphrase gave nobody access (it read nothing).
func hrGrantErrorText(err error) string {
	if errors.Is(err, seal.ErrWrongPassphrase) {
		return lang.L("evalhr.grant.error.passphrase")
	}
	return hrErrorText(err)
}
