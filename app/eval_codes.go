package app

import (
	"context"
	"errors"
	"github.com/konbit/konbit/evaluation/seal"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/replica"
)

// showRevealCodes reads the groups' reveal codes (they need the campaign's
// key) and shows them, one per group and session, for HR to hand to each
// group: the group types its code to reveal its answers together.
func (v *hrReportsView) showRevealCodes() {
	if !v.unlockedNow() {
		return
	}
	u, id, pass := v.p.u, v.p.id, slices.Clone(v.pass)
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		codes, err := u.r.RevealCodes(u.ctx, id, pass)
		if u.ctx.Err() != nil {
			return
		}
		u.post(func() {
			if err != nil && !errors.Is(err, seal.ErrCannotOpen) {
				u.showError(lang.L("evalhr.codes.failed"), errors.New(hrErrorText(err)))
				return
			}
			if err != nil { // the codes that open are shown, the others said
				v.warn.SetText(lang.L("evalhr.warning.refused", map[string]any{"Error": err.Error()}))
				v.warn.Show()
			}
			var rows []fyne.CanvasObject
			session := ""
			for _, gc := range codes {
				if gc.Session != session {
					session = gc.Session
					rows = append(rows, subheading(sessionLabel(session)))
				}
				names := make([]string, 0, len(gc.Members))
				for _, m := range gc.Members {
					names = append(names, v.p.name(m))
				}
				rows = append(rows, v.codeRow(lang.L("evalhr.group", map[string]any{"N": gc.Group + 1})+" — "+strings.Join(names, ", "), gc.Code))
			}
			v.codesDialog(lang.L("evalhr.codes.title"), lang.L("evalhr.codes.text"), rows)
		})
	}()
}

// codeRow is a label and a code that can be selected and copied.
func (v *hrReportsView) codeRow(label, code string) fyne.CanvasObject {
	c := widget.NewLabel(code)
	c.Selectable = true
	c.TextStyle.Monospace = true
	return container.NewBorder(nil, nil, nil, c, paragraph(label))
}

// codesDialog shows codes in a dialog nearly as large as the window.
func (v *hrReportsView) codesDialog(title, text string, rows []fyne.CanvasObject) {
	content := container.NewBorder(paragraph(text), nil, nil, nil, container.NewVScroll(container.NewVBox(rows...)))
	d := dialog.NewCustom(title, lang.L("action.close"), content, v.p.u.win)
	d.Resize(v.p.u.win.Canvas().Size().Subtract(fyne.NewSize(120, 80)))
	d.Show()
}

// release publishes each person's report sealed to a code of their own,
// after a confirmation, and shows the codes to hand out; once released,
// the button shows the codes again.
func (v *hrReportsView) release() {
	if !v.unlockedNow() {
		return
	}
	if v.p.c.Visibility.Released {
		v.releaseWith(func(ctx context.Context, pass []byte) ([]replica.ReleaseCode, error) {
			return v.p.u.r.ReleaseCodes(ctx, v.p.id, pass)
		})
		return
	}
	v.p.u.confirm(lang.L("evalhr.release.confirm_title"), lang.L("evalhr.release.confirm_text", map[string]any{
		"Count": len(v.p.c.Participants)}), lang.L("evalhr.release"), func() {
		v.releaseWith(func(ctx context.Context, pass []byte) ([]replica.ReleaseCode, error) {
			return v.p.u.r.ReleaseCampaign(ctx, v.p.id, pass)
		})
	})
}

// releaseWith runs a release call off the Fyne thread and shows its codes.
func (v *hrReportsView) releaseWith(call func(ctx context.Context, pass []byte) ([]replica.ReleaseCode, error)) {
	u, pass := v.p.u, slices.Clone(v.pass)
	v.releaseBtn.Disable()
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		codes, err := call(context.WithoutCancel(u.ctx), pass)
		if u.ctx.Err() != nil {
			return
		}
		u.post(func() {
			v.releaseBtn.Enable()
			if err != nil && !errors.Is(err, seal.ErrCannotOpen) {
				u.showError(lang.L("evalhr.release.failed"), errors.New(hrErrorText(err)))
				return
			}
			if err != nil { // released without the records that did not open
				v.warn.SetText(lang.L("evalhr.warning.refused", map[string]any{"Error": err.Error()}))
				v.warn.Show()
			}
			slices.SortStableFunc(codes, func(a, b replica.ReleaseCode) int {
				return strings.Compare(strings.ToLower(v.p.name(a.Person)), strings.ToLower(v.p.name(b.Person)))
			})
			rows := make([]fyne.CanvasObject, 0, len(codes))
			for _, rc := range codes {
				rows = append(rows, v.codeRow(v.p.name(rc.Person), rc.Code))
			}
			v.codesDialog(lang.L("evalhr.release.codes_title"), lang.L("evalhr.release.codes_text"), rows)
		})
	}()
}
