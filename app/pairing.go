package app

import (
	"context"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/sync/agent"
)

const (
	// pairWindow is how long the member's laptop waits for the new one:
	// the agent closes it then; shown before the agent tells its own.
	pairWindow = 5 * time.Minute
	// codeDigits is the length of a pairing code.
	codeDigits = 6
	// pairDialogWidth leaves room for the code in very large digits.
	pairDialogWidth = 620
)

// pairDialog is the member's side of a pairing: it opens the pairing
// window, shows the code to type on the new laptop, then the outcome.
// Cancel (or Escape) closes the window.
type pairDialog struct {
	u       *UI
	d       *dialog.CustomDialog
	cancel  context.CancelFunc
	body    *fyne.Container
	button  *widget.Button
	code    *canvas.Text // nil until the code is known
	asker   *widget.Label
	closed  bool
	restore func()
	// finished is set once Pair returned and its outcome is shown.
	finished bool
}

// pairNewLaptop opens the pairing window on this laptop.
func (u *UI) pairNewLaptop() *pairDialog {
	if u.net == nil {
		return nil
	}
	p := &pairDialog{u: u}
	ctx, cancel := context.WithCancel(u.ctx)
	p.cancel = cancel
	p.body = container.NewVBox()
	p.button = widget.NewButtonWithIcon(lang.L("action.cancel"), theme.CancelIcon(), p.close)
	p.d = dialog.NewCustomWithoutButtons(lang.L("pair.title"),
		container.New(&minWidthLayout{width: pairDialogWidth}, p.body), u.win)
	p.d.SetButtons([]fyne.CanvasObject{p.button})
	p.restore = dialogKeys(u.win, p.close, func() {
		if p.finished {
			p.close()
		}
	})
	p.d.SetOnClosed(func() {
		p.closed = true
		p.cancel()
		p.restore()
	})
	p.showWaiting(u.now().Add(pairWindow))
	p.d.Show()

	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		res, err := u.net.Pair(ctx, func(req agent.PairRequest) {
			u.post(func() { p.showCode(req) })
		})
		if u.ctx.Err() != nil {
			return // the window is closed
		}
		u.post(func() { p.finish(res, err) })
	}()
	return p
}

// close cancels the pairing (or closes the dialog once it is over).
func (p *pairDialog) close() {
	if !p.closed {
		p.d.Hide()
	}
}

func (p *pairDialog) setBody(objs ...fyne.CanvasObject) {
	p.body.Objects = objs
	p.body.Refresh()
	p.d.Refresh()
}

func (p *pairDialog) showWaiting(closes time.Time) {
	objs := []fyne.CanvasObject{
		paragraph(lang.L("pair.waiting", map[string]any{"Time": closes.Local().Format("15:04")})),
		widget.NewProgressBarInfinite(),
	}
	if st := p.u.net.Status(); st.Listen != "" {
		objs = append(objs, paragraph(lang.L("pair.waiting_hint", map[string]any{"Addr": st.Listen})))
	} else {
		objs = append(objs, paragraph(lang.L("pair.not_listening")))
	}
	p.setBody(objs...)
}

// showCode shows the code in digits large enough to read from the back
// of a room, with who asks.
func (p *pairDialog) showCode(req agent.PairRequest) {
	if p.closed || p.finished {
		return
	}
	p.code = canvas.NewText(shortCode(req.Code), theme.Color(theme.ColorNameForeground))
	p.code.TextSize = theme.TextSize() * 6
	p.code.TextStyle = fyne.TextStyle{Bold: true, Monospace: true}
	p.code.Alignment = fyne.TextAlignCenter
	p.asker = paragraph(lang.L("pair.asker", map[string]any{"Device": deviceLabel(req.Device, req.Name)}))
	p.asker.TextStyle.Bold = true
	p.setBody(
		paragraph(lang.L("pair.code_intro")),
		p.code,
		p.asker,
		paragraph(lang.L("pair.check")),
		caption(lang.L("pair.expires", map[string]any{"Time": req.Expires.Local().Format("15:04")})),
	)
}

// finish shows the outcome, unless the user cancelled.
func (p *pairDialog) finish(res agent.PairResult, err error) {
	if p.closed {
		return
	}
	p.finished = true
	p.code = nil
	if err != nil {
		p.setBody(banner(theme.ColorNameError, theme.ErrorIcon(), container.NewVBox(
			subheading(lang.L("pair.failed")), paragraph(errorText(err)))))
	} else {
		p.setBody(banner(theme.ColorNameSuccess, theme.ConfirmIcon(), container.NewVBox(
			subheading(lang.L("pair.done_title")),
			paragraph(lang.L("pair.done", map[string]any{
				"Device": deviceLabel(res.Device, res.Name), "In": res.In, "Out": res.Out})))))
	}
	p.button.SetText(lang.L("action.close"))
	p.button.SetIcon(theme.ConfirmIcon())
}

// joinDialog is the new laptop's side: the member's laptop address, then
// the code shown there, asked again after a wrong one.
type joinDialog struct {
	u       *UI
	d       *dialog.CustomDialog
	cancel  context.CancelFunc
	body    *fyne.Container
	addr    *addressEntry
	code    *codeEntry
	problem *widget.Label
	ok      *widget.Button
	closeB  *widget.Button
	closed  bool
	restore func()
	// codes hands the typed code to the agent's goroutine.
	codes chan string
	asked atomic.Int32
	// phase: what ok does.
	phase joinPhase
}

type joinPhase int

const (
	joinAddress joinPhase = iota
	joinConnecting
	joinCode
	joinChecking
	joinDone
)

// joinGroup asks for the member's laptop address and pairs with it;
// choices are the addresses of the laptops seen.
func (u *UI) joinGroup(choices []string) *joinDialog {
	if u.net == nil {
		return nil
	}
	j := &joinDialog{u: u, codes: make(chan string, 1)}
	j.body = container.NewVBox()
	j.problem = widget.NewLabel("")
	j.problem.Importance = widget.DangerImportance
	j.problem.Wrapping = fyne.TextWrapWord
	j.problem.Hide()
	j.addr = newAddressEntry(choices)
	j.addr.OnSubmitted = func(string) { j.submit() }
	j.code = newCodeEntry()
	j.code.OnSubmitted = func(string) { j.submit() }
	j.ok = widget.NewButtonWithIcon(lang.L("join.confirm"), theme.ConfirmIcon(), j.submit)
	j.ok.Importance = widget.HighImportance
	j.closeB = widget.NewButtonWithIcon(lang.L("action.cancel"), theme.CancelIcon(), j.close)
	j.addr.onEscape, j.code.onEscape = j.close, j.close

	j.d = dialog.NewCustomWithoutButtons(lang.L("join.title"),
		container.New(&minWidthLayout{width: pairDialogWidth}, j.body), u.win)
	j.d.SetButtons([]fyne.CanvasObject{j.closeB, j.ok})
	j.restore = dialogKeys(u.win, j.close, j.submit)
	j.d.SetOnClosed(func() {
		j.closed = true
		if j.cancel != nil {
			j.cancel()
		}
		j.restore()
	})
	j.setBody(paragraph(lang.L("join.intro")), widget.NewLabel(lang.L("join.address")), j.addr, j.problem)
	j.d.Show()
	u.win.Canvas().Focus(j.addr)
	return j
}

func (j *joinDialog) close() {
	if !j.closed {
		j.d.Hide()
	}
}

func (j *joinDialog) setBody(objs ...fyne.CanvasObject) {
	j.body.Objects = objs
	j.body.Refresh()
	j.d.Refresh()
}

func (j *joinDialog) say(problem string) {
	j.problem.SetText(problem)
	j.problem.Show()
	j.body.Refresh() // lay out again: a hidden label took no room
	j.d.Refresh()
}

// submit is Enter or the dialog's main button, at each step.
func (j *joinDialog) submit() {
	switch j.phase {
	case joinAddress:
		addr := strings.TrimSpace(j.addr.Text)
		if addr == "" {
			j.say(lang.L("net.address_required"))
			return
		}
		j.start(addr)
	case joinCode:
		code := j.code.Text
		if len(code) != codeDigits {
			j.say(lang.L("join.code_incomplete"))
			return
		}
		j.phase = joinChecking
		j.code.Disable()
		j.ok.Disable()
		j.problem.Hide()
		j.codes <- code // room for one: the agent asks again only after reading it
	case joinDone:
		j.close()
	}
}

// start pairs with the laptop at addr off the Fyne thread.
func (j *joinDialog) start(addr string) {
	j.phase = joinConnecting
	j.ok.Disable()
	j.problem.Hide()
	j.setBody(paragraph(lang.L("join.connecting", map[string]any{"Addr": addr})), widget.NewProgressBarInfinite())
	ctx, cancel := context.WithCancel(j.u.ctx)
	j.cancel = cancel
	u := j.u
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		res, err := u.net.Join(ctx, addr, j.askCode)
		if u.ctx.Err() != nil {
			return // the window is closed
		}
		u.post(func() { j.finish(res, err) })
	}()
}

// askCode is called by the agent once the code is on the member's
// screen, and again after a wrong code; it waits for what the user types.
func (j *joinDialog) askCode(ctx context.Context) (string, error) {
	again := j.asked.Add(1) > 1
	j.u.post(func() { j.showCodeEntry(again) })
	select {
	case c := <-j.codes:
		return c, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func (j *joinDialog) showCodeEntry(again bool) {
	if j.closed || j.phase == joinDone {
		return
	}
	j.phase = joinCode
	j.code.SetText("")
	j.code.Enable()
	j.ok.SetText(lang.L("join.send_code"))
	j.ok.Enable()
	j.setBody(paragraph(lang.L("join.code")), container.NewCenter(j.code), j.problem)
	if again {
		j.say(lang.L("join.wrong_code"))
	} else {
		j.problem.Hide()
	}
	j.u.win.Canvas().Focus(j.code)
}

func (j *joinDialog) finish(res agent.PairResult, err error) {
	if j.closed {
		return
	}
	j.phase = joinDone
	if err != nil {
		j.setBody(banner(theme.ColorNameError, theme.ErrorIcon(), container.NewVBox(
			subheading(lang.L("join.failed")), paragraph(errorText(err)))))
	} else {
		j.setBody(banner(theme.ColorNameSuccess, theme.ConfirmIcon(), container.NewVBox(
			subheading(lang.L("join.done_title")),
			paragraph(lang.L("join.done", map[string]any{
				"Device": deviceLabel(res.Device, res.Name), "In": res.In, "Out": res.Out})))))
	}
	j.closeB.Hide()
	j.ok.SetText(lang.L("action.close"))
	j.ok.Enable()
	j.u.win.Canvas().Unfocus()
}

// codeEntry takes digits only, at most six, in large type; Escape closes
// its dialog.
type codeEntry struct {
	widget.Entry
	onEscape func()
}

func newCodeEntry() *codeEntry {
	e := &codeEntry{}
	e.ExtendBaseWidget(e)
	e.TextStyle = fyne.TextStyle{Monospace: true, Bold: true}
	e.SetPlaceHolder(strings.Repeat("0", codeDigits))
	// Pasted text is filtered too.
	e.OnChanged = func(s string) {
		if d := digitsOnly(s); d != s {
			e.SetText(d)
		}
	}
	return e
}

func (e *codeEntry) TypedRune(r rune) {
	if r < '0' || r > '9' || len(e.Text) >= codeDigits {
		return
	}
	e.Entry.TypedRune(r)
}

func (e *codeEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(k)
}

func (e *codeEntry) MinSize() fyne.Size {
	m := e.Entry.MinSize()
	return fyne.NewSize(max(m.Width, theme.TextSize()*12), m.Height)
}

// digitsOnly keeps the first six digits of s.
func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' && b.Len() < codeDigits {
			b.WriteRune(r)
		}
	}
	return b.String()
}
