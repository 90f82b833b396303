package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/replica"
)

// hrCampaignForm edits a campaign: its name and dates, who is evaluated,
// which HR members run it (each needs a published HR key, and at least
// two do, so that one forgotten passphrase loses nothing), the HR
// committee whose meetings follow the action plans, the sessions and the
// visibility rules. A new campaign gets everything; an existing one keeps
// its HR members and sessions (its key is sealed to them and its answers
// are filed under them).
type hrCampaignForm struct {
	u     *UI
	orig  evaluation.Campaign
	isNew bool

	members     []konbit.Member // by name
	committees  []konbit.Committee
	memberships []konbit.Membership
	keyed       map[uuid.UUID]bool           // members with a published HR key
	laptops     map[uuid.UUID][]string       // the laptops holding each member's keys
	laptopOf    map[uuid.UUID]*widget.Select // for a member with keys from several laptops: which is theirs
	keysOf      map[uuid.UUID][]replica.HRKey

	name, start, end *widget.Entry
	committee        *widget.Select
	parts            map[uuid.UUID]*widget.Check
	hr               map[uuid.UUID]*widget.Check
	hrBox            *fyne.Container
	hrNote           *widget.Label
	sessions         map[string]*widget.Check
	sessionOrder     []string
	sessBox          *fyne.Container
	newSession       *widget.Entry
	k                *widget.Select
	named, open      *widget.Check
	// changed is called on every edit by the user.
	changed func()
	root    fyne.CanvasObject
}

// newHRCampaignForm builds the form for c, or for a new campaign when c is
// nil: participants default to the active members (not external), the
// committee to the HR committee, the HR members to its members who have
// a key.
func newHRCampaignForm(u *UI, c *evaluation.Campaign) *hrCampaignForm {
	f := &hrCampaignForm{u: u, parts: map[uuid.UUID]*widget.Check{}, hr: map[uuid.UUID]*widget.Check{},
		sessions: map[string]*widget.Check{}, keyed: map[uuid.UUID]bool{}, changed: func() {}}
	if c == nil {
		now := u.now()
		f.isNew = true
		f.orig = evaluation.NewCampaign(uuid.Nil, "", now.Format("2006-01-02"), now.AddDate(0, 1, 0).Format("2006-01-02"))
	} else {
		f.orig = *c
	}
	ms, _ := u.r.Members()
	f.members = slices.Clone(ms)
	slices.SortStableFunc(f.members, func(a, b konbit.Member) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	f.committees, _ = u.r.Committees()
	f.memberships, _ = u.r.Memberships()
	f.laptops, f.keysOf, f.laptopOf = map[uuid.UUID][]string{}, map[uuid.UUID][]replica.HRKey{}, map[uuid.UUID]*widget.Select{}
	for _, k := range u.r.HRKeys() {
		f.keyed[k.Member] = true
		f.laptops[k.Member] = append(f.laptops[k.Member], k.Laptop)
		f.keysOf[k.Member] = append(f.keysOf[k.Member], k)
	}
	edited := func(string) { f.changed() }

	f.name = widget.NewEntry()
	f.name.SetPlaceHolder(lang.L("evalhr.setup.name"))
	f.name.SetText(f.orig.Name)
	f.name.OnChanged = edited
	f.start = dateEntry(lang.L("evalhr.setup.date_format"), func() { f.changed() })
	f.start.SetText(f.orig.Start)
	f.end = dateEntry(lang.L("evalhr.setup.date_format"), func() { f.changed() })
	f.end.SetText(f.orig.End)

	// Participants: every member, the active ones ticked for a new
	// campaign, in four columns, fewer if the names do not fit.
	var partChecks []fyne.CanvasObject
	widest := float32(0)
	for _, m := range f.members {
		ch := widget.NewCheck(m.Name, func(bool) { f.changed() })
		if f.isNew {
			ch.SetChecked(m.Category != konbit.External)
		} else {
			ch.SetChecked(f.orig.HasParticipant(m.ID))
		}
		f.parts[m.ID] = ch
		partChecks = append(partChecks, ch)
		widest = max(widest, ch.MinSize().Width)
	}
	partGrid := container.NewGridWithColumns(hrGridColumns(hrFitWidth()-4*theme.Padding(), widest, 4, 2), partChecks...)
	partNote := caption("")
	if !f.isNew {
		if gs, _, _ := u.r.Groups(f.orig.ID); len(gs) > 0 {
			partNote.SetText(lang.L("evalhr.setup.participants_grouped"))
			partNote.Importance = widget.WarningImportance
		}
	}
	all := widget.NewButton(lang.L("evalhr.setup.all"), func() { f.tickAll(true) })
	none := widget.NewButton(lang.L("evalhr.setup.none"), func() { f.tickAll(false) })

	// Committee.
	opts := []string{lang.L("evalhr.setup.no_committee")}
	for _, cm := range f.committees {
		opts = append(opts, cm.Name)
	}
	f.committee = widget.NewSelect(opts, nil)
	f.committee.SetSelectedIndex(0)
	chosen := f.orig.Committee
	if f.isNew {
		chosen = hrGuessCommittee(f.committees)
	}
	for i, cm := range f.committees {
		if cm.ID == chosen {
			f.committee.SetSelectedIndex(i + 1)
		}
	}
	f.committee.OnChanged = func(string) {
		f.drawHR(f.isNew)
		f.changed()
	}

	// HR members.
	f.hrBox = container.NewGridWithColumns(2)
	f.hrNote = widget.NewLabel("")
	f.hrNote.Wrapping = fyne.TextWrapWord
	f.drawHR(f.isNew)

	// Sessions: the 2011 ones and any other HR names. A session of an
	// existing campaign stays (its groups and answers are filed under
	// it); one can be added.
	f.sessBox = container.NewHBox()
	for _, s := range slices.Concat(evaluation.DefaultSessions(), hrExtraSessions(f.orig.Sessions)) {
		f.addSession(s, f.orig.HasSession(s))
	}
	f.newSession = widget.NewEntry()
	f.newSession.SetPlaceHolder(lang.L("evalhr.setup.session_name"))
	f.newSession.OnSubmitted = func(string) { f.typedSession() }
	addSession := widget.NewButtonWithIcon(lang.L("evalhr.setup.session_add"), theme.ContentAddIcon(), f.typedSession)

	// Visibility.
	var ks []string
	for k := 2; k < evaluation.MaxGroupSize; k++ {
		ks = append(ks, strconv.Itoa(k))
	}
	f.k = widget.NewSelect(ks, nil)
	f.k.SetSelected(strconv.Itoa(f.orig.Visibility.MinRaters))
	f.k.OnChanged = edited
	f.named = widget.NewCheck(lang.L("evalhr.setup.named"), func(bool) { f.changed() })
	f.named.SetChecked(f.orig.Visibility.RatersNamed)
	f.open = widget.NewCheck(lang.L("evalhr.setup.open"), func(bool) { f.changed() })
	f.open.SetChecked(f.orig.Visibility.Open)

	labelled := func(label string, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewVBox(caption(label), o)
	}
	f.root = container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewGridWithColumns(2,
			labelled(lang.L("evalhr.setup.start"), container.New(&minWidthLayout{width: 9.5 * theme.TextSize()}, f.start)),
			labelled(lang.L("evalhr.setup.end"), container.New(&minWidthLayout{width: 9.5 * theme.TextSize()}, f.end))),
			labelled(lang.L("evalhr.setup.name"), f.name)),
		widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, container.NewHBox(all, none), cell(lang.L("evalhr.setup.participants"), true)),
		partGrid,
		partNote,
		widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, container.New(&minWidthLayout{width: 14 * theme.TextSize()}, f.committee),
			cell(lang.L("evalhr.setup.committee"), true)),
		cell(lang.L("evalhr.setup.hr"), true),
		f.hrBox, f.hrNote,
		widget.NewSeparator(),
		container.NewBorder(nil, nil, cell(lang.L("evalhr.setup.sessions"), true), nil, f.sessBox),
		container.NewBorder(nil, nil, nil, addSession, f.newSession),
		container.NewBorder(nil, nil, cell(lang.L("evalhr.setup.k"), true), nil, container.NewHBox(f.k)),
		caption(lang.L("evalhr.setup.k_help")),
		f.named, f.open, caption(lang.L("evalhr.setup.open_help")),
	)
	return f
}

// addSession adds a session's check box. A session the campaign has
// cannot be unticked once it exists.
func (f *hrCampaignForm) addSession(s string, on bool) {
	if _, ok := f.sessions[s]; ok {
		f.sessions[s].SetChecked(true)
		return
	}
	ch := widget.NewCheck(sessionLabel(s), func(bool) { f.changed() })
	ch.SetChecked(on)
	if !f.isNew && f.orig.HasSession(s) {
		ch.Disable()
	}
	f.sessions[s] = ch
	f.sessionOrder = append(f.sessionOrder, s)
	f.sessBox.Add(ch)
}

// typedSession adds the session typed, by a key of lower-case words
// joined by "-" (a criterion's key rules), as the records file it.
func (f *hrCampaignForm) typedSession() {
	key := hrSessionKey(f.newSession.Text)
	if key == "" {
		return
	}
	f.addSession(key, true)
	f.newSession.SetText("")
	f.changed()
}

// hrSessionKey makes a session's key from a typed name: lower case, accents
// dropped, words joined by "-".
func hrSessionKey(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(norm.NFD.String(name)) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
			// an accent, dropped
		default:
			dash = true
		}
	}
	return b.String()
}

// hrExtraSessions lists the sessions beyond the 2011 ones.
func hrExtraSessions(ss []string) []string {
	var out []string
	for _, s := range ss {
		if !slices.Contains(evaluation.DefaultSessions(), s) {
			out = append(out, s)
		}
	}
	return out
}

// hrGuessCommittee picks the committee that looks like the HR one (its
// name says HR or RH), the usual choice; HR can pick another.
func hrGuessCommittee(cs []konbit.Committee) uuid.UUID {
	for _, c := range cs {
		for _, w := range strings.FieldsFunc(strings.ToUpper(c.Name), func(r rune) bool {
			return r == ' ' || r == '/' || r == '-' || r == ',' || r == '(' || r == ')'
		}) {
			if w == "RH" || w == "HR" {
				return c.ID
			}
		}
	}
	return uuid.Nil
}

// tickAll ticks or unticks every participant.
func (f *hrCampaignForm) tickAll(on bool) {
	for _, ch := range f.parts {
		ch.SetChecked(on)
	}
	f.changed()
}

// committeeID is the committee chosen, uuid.Nil for none.
func (f *hrCampaignForm) committeeID() uuid.UUID {
	if i := f.committee.SelectedIndex(); i > 0 && i-1 < len(f.committees) {
		return f.committees[i-1].ID
	}
	return uuid.Nil
}

// drawHR lists the possible HR members: those with a published HR key,
// the chosen committee's members and those already chosen. Someone with
// no key cannot be chosen (the campaign's key could not be sealed to
// them) and is named in the note, with how to make one. With tick, the
// committee's members who have a key are ticked (a new campaign).
func (f *hrCampaignForm) drawHR(tick bool) {
	com := f.committeeID()
	inCommittee := map[uuid.UUID]bool{}
	for _, ms := range f.memberships {
		if ms.Committee == com && com != uuid.Nil {
			inCommittee[ms.Member] = true
		}
	}
	was := map[uuid.UUID]bool{}
	for id, ch := range f.hr {
		was[id] = ch.Checked
	}
	f.hr = map[uuid.UUID]*widget.Check{}
	f.hrBox.Objects = nil
	var lacking []string
	for _, m := range f.members {
		if !f.keyed[m.ID] && !inCommittee[m.ID] && !f.orig.IsHR(m.ID) {
			continue
		}
		label := m.Name
		if !f.keyed[m.ID] {
			label = lang.L("evalhr.setup.no_key", map[string]any{"Name": m.Name})
			lacking = append(lacking, m.Name)
		}
		ch := widget.NewCheck(label, func(bool) {
			f.hrChanged()
			f.changed()
		})
		switch {
		case !f.isNew:
			ch.SetChecked(f.orig.IsHR(m.ID))
		case tick && inCommittee[m.ID] && f.keyed[m.ID]:
			ch.SetChecked(true)
		default:
			ch.SetChecked(was[m.ID] && f.keyed[m.ID])
		}
		if !f.keyed[m.ID] || !f.isNew {
			ch.Disable()
		}
		f.hr[m.ID] = ch
		cell := fyne.CanvasObject(ch)
		if laptops := f.laptops[m.ID]; len(laptops) > 0 {
			// Any laptop can publish a key in a member's name: HR checks
			// that each laptop named is the member's own, and picks it
			// when there are several (the campaign is sealed to one).
			box := container.NewVBox(ch, caption(lang.L("evalhr.setup.key_on",
				map[string]any{"Count": len(laptops), "Laptops": strings.Join(laptops, ", ")})))
			if len(laptops) > 1 && f.isNew {
				pick := widget.NewSelect(laptops, func(string) { f.changed() })
				pick.PlaceHolder = lang.L("evalhr.setup.which_laptop")
				f.laptopOf[m.ID] = pick
				box.Add(pick)
			}
			cell = box
		}
		f.hrBox.Add(cell)
	}
	f.hrBox.Refresh()
	f.hrNote.SetText("")
	f.hrChanged()
	if len(lacking) > 0 {
		f.hrNote.SetText(f.hrNote.Text + "\n" + lang.L("evalhr.setup.lacking", map[string]any{"Names": strings.Join(lacking, ", ")}))
	}
	if !f.isNew {
		f.hrNote.SetText(f.hrNote.Text + "\n" + lang.L("evalhr.setup.hr_fixed"))
	}
}

// hrChanged says how many keyed HR members are chosen.
func (f *hrCampaignForm) hrChanged() {
	n := len(f.chosenHR())
	text := lang.L("evalhr.setup.hr_count", map[string]any{"Count": n, "Need": evaluation.MinHR})
	if lines := strings.SplitN(f.hrNote.Text, "\n", 2); len(lines) == 2 {
		text += "\n" + lines[1]
	}
	f.hrNote.SetText(text)
	if n < evaluation.MinHR {
		f.hrNote.Importance = widget.WarningImportance
	} else {
		f.hrNote.Importance = widget.MediumImportance
	}
	f.hrNote.Refresh()
}

// hrLaptops is the laptop picked for each HR member whose keys come from
// several laptops.
func (f *hrCampaignForm) hrLaptops() replica.HRLaptops {
	out := replica.HRLaptops{}
	for id, pick := range f.laptopOf {
		if i := pick.SelectedIndex(); i >= 0 && i < len(f.keysOf[id]) {
			out[id] = f.keysOf[id][i].Device
		}
	}
	return out
}

// chosenHR lists the ticked HR members, in name order.
func (f *hrCampaignForm) chosenHR() []uuid.UUID {
	var out []uuid.UUID
	for _, m := range f.members {
		if ch, ok := f.hr[m.ID]; ok && ch.Checked {
			out = append(out, m.ID)
		}
	}
	return out
}

// campaign is the campaign as the form says, validated.
func (f *hrCampaignForm) campaign() (evaluation.Campaign, error) {
	c := f.orig
	c.Name = strings.TrimSpace(f.name.Text)
	c.Start = strings.TrimSpace(f.start.Text)
	c.End = strings.TrimSpace(f.end.Text)
	c.Participants = nil
	for _, m := range f.members {
		if f.parts[m.ID].Checked {
			c.Participants = append(c.Participants, m.ID)
		}
	}
	c.Committee = f.committeeID()
	if f.isNew {
		c.HR = f.chosenHR()
	}
	c.Sessions = nil
	for _, s := range f.sessionOrder {
		if f.sessions[s].Checked {
			c.Sessions = append(c.Sessions, s)
		}
	}
	if k, err := strconv.Atoi(f.k.Selected); err == nil {
		c.Visibility.MinRaters = k
	}
	c.Visibility.RatersNamed = f.named.Checked
	c.Visibility.Open = f.open.Checked
	switch {
	case c.Name == "":
		return c, errors.New(lang.L("evalhr.setup.error.name"))
	case validDate(c.Start) != nil || validDate(c.End) != nil:
		return c, errors.New(lang.L("evalhr.setup.error.dates"))
	case c.End < c.Start:
		return c, errors.New(lang.L("evalhr.setup.error.order"))
	case len(c.Participants) < evaluation.MinGroupSize:
		return c, errors.New(lang.L("evalhr.setup.error.participants", map[string]any{"Need": evaluation.MinGroupSize}))
	case len(c.HR) < evaluation.MinHR:
		return c, errors.New(lang.L("evalhr.setup.error.hr", map[string]any{"Need": evaluation.MinHR}))
	case len(c.Sessions) == 0:
		return c, errors.New(lang.L("evalhr.setup.error.sessions"))
	}
	check := c
	if check.ID == uuid.Nil {
		check.ID = uuid.New() // Validate wants an id; CreateCampaign gives the real one
	}
	if err := check.Validate(); err != nil {
		return c, err
	}
	return c, nil
}

// showNewCampaign shows the form of a new campaign in a dialog; done runs
// on the Fyne thread with the campaign once it is stored (with its
// default grids).
func (u *UI) showNewCampaign(done func(evaluation.Campaign)) {
	f := newHRCampaignForm(u, nil)
	var d *dialog.CustomDialog
	cancel := widget.NewButtonWithIcon(lang.L("action.cancel"), theme.CancelIcon(), func() { d.Hide() })
	var create *widget.Button
	create = widget.NewButtonWithIcon(lang.L("evalhr.setup.create"), theme.ConfirmIcon(), func() {
		c, err := f.campaign()
		if err != nil {
			u.showError(lang.L("evalhr.setup.create_failed"), errors.New(hrErrorText(err)))
			return
		}
		choice := f.hrLaptops()
		create.Disable()
		var made evaluation.Campaign
		u.writeOr(func(ctx context.Context) error {
			var err error
			if made, err = u.r.CreateCampaignWith(ctx, c, choice); err != nil {
				return failure{lang.L("evalhr.setup.create_failed"), errors.New(hrErrorText(err))}
			}
			// CreateCampaign writes the 2011 sessions' grids; an update
			// writes a first grid for any other session.
			if len(hrExtraSessions(made.Sessions)) > 0 {
				if err := u.r.UpdateCampaign(ctx, made); err != nil {
					return failure{lang.L("evalhr.setup.create_failed"), errors.New(hrErrorText(err))}
				}
			}
			return nil
		}, func() {
			d.Hide()
			if done != nil {
				done(made)
			}
		}, create.Enable)
	})
	create.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(lang.L("evalhr.setup.new_title"), container.NewVScroll(container.NewPadded(f.root)), u.win)
	d.SetButtons([]fyne.CanvasObject{cancel, create})
	d.Resize(u.win.Canvas().Size().Subtract(fyne.NewSize(60, 40)))
	d.Show()
	u.win.Canvas().Focus(f.name)
}

// hrSetupView is the Setup tab of an HR pane: the campaign's form and one
// grid editor per session.
type hrSetupView struct {
	p     *hrPane
	form  *hrCampaignForm
	dirty bool
	body  *fyne.Container // holds the form
	save  *widget.Button
	// grantBtn gives a new HR member the campaign's key (eval_hr_grant.go).
	grantBtn *widget.Button
	grids    *container.AppTabs
	edits    map[string]*hrGridEditor
	root     fyne.CanvasObject
}

func newHRSetupView(p *hrPane) *hrSetupView {
	v := &hrSetupView{p: p, edits: map[string]*hrGridEditor{}}
	v.body = container.NewStack()
	v.save = widget.NewButtonWithIcon(lang.L("action.save"), theme.DocumentSaveIcon(), v.saveCampaign)
	v.save.Importance = widget.HighImportance
	v.save.Disable()
	v.grantBtn = widget.NewButtonWithIcon(lang.L("evalhr.grant"), theme.AccountIcon(), v.askGrant)
	campaignTab := container.NewBorder(nil, container.NewHBox(v.save, v.grantBtn), nil, nil, container.NewVScroll(container.NewPadded(v.body)))
	v.grids = container.NewAppTabs(container.NewTabItem(lang.L("evalhr.setup.tab.campaign"), campaignTab))
	v.root = v.grids
	return v
}

// load shows the campaign and its grids as stored, keeping what the user
// is editing.
func (v *hrSetupView) load() {
	if !v.dirty {
		c := v.p.c
		v.form = newHRCampaignForm(v.p.u, &c)
		v.form.changed = func() {
			v.dirty = true
			v.save.Enable()
		}
		v.body.Objects = []fyne.CanvasObject{v.form.root}
		v.body.Refresh()
		v.save.Disable()
	}
	for _, g := range v.p.grids {
		e, ok := v.edits[g.Session]
		if !ok {
			e = newHRGridEditor(v.p)
			v.edits[g.Session] = e
			v.grids.Append(container.NewTabItem(lang.L("evalhr.setup.tab.grid", map[string]any{"Session": sessionLabel(g.Session)}), e.root))
		}
		e.load(g)
	}
}

// saveCampaign stores the campaign's name, dates, participants, committee
// and visibility.
func (v *hrSetupView) saveCampaign() {
	c, err := v.form.campaign()
	if err != nil {
		v.p.u.showError(lang.L("evalhr.setup.save_failed"), errors.New(hrErrorText(err)))
		return
	}
	// What changed elsewhere while the form was open is kept: the
	// release, the keep-apart pairs (Groups tab), the HR members (grants).
	latest := v.p.c
	c.Visibility.Released, c.KeepApart, c.HR = latest.Visibility.Released, latest.KeepApart, latest.HR
	v.save.Disable()
	v.p.u.writeOr(func(ctx context.Context) error {
		if err := v.p.u.r.UpdateCampaign(ctx, c); err != nil {
			return failure{lang.L("evalhr.setup.save_failed"), errors.New(hrErrorText(err))}
		}
		return nil
	}, func() {
		v.dirty = false
		v.p.load()
	}, v.save.Enable)
}

// hrGridEditor edits one session's grid: its scale, and its criteria with
// their names, descriptions and behavioural anchors in French and
// English, added from the criteria bank or written anew.
type hrGridEditor struct {
	p     *hrPane
	g     evaluation.Grid // the working copy
	dirty bool

	min, max *widget.Select
	cantSay  *widget.Check
	bank     *widget.Select
	bankKeys []string
	warning  *widget.Label
	list     *fyne.Container
	save     *widget.Button
	root     fyne.CanvasObject
}

func newHRGridEditor(p *hrPane) *hrGridEditor {
	e := &hrGridEditor{p: p}
	var lows, highs []string
	for n := 0; n <= 2; n++ {
		lows = append(lows, strconv.Itoa(n))
	}
	for n := 2; n <= 10; n++ {
		highs = append(highs, strconv.Itoa(n))
	}
	e.min = widget.NewSelect(lows, nil)
	e.max = widget.NewSelect(highs, nil)
	e.cantSay = widget.NewCheck(lang.L("evalhr.grid.cant_say"), nil)
	e.bank = widget.NewSelect(nil, nil)
	e.bank.PlaceHolder = lang.L("evalhr.grid.bank")
	add := widget.NewButtonWithIcon(lang.L("evalhr.grid.add_bank"), theme.ContentAddIcon(), e.addFromBank)
	blank := widget.NewButtonWithIcon(lang.L("evalhr.grid.add_new"), theme.ContentAddIcon(), e.addNew)
	e.save = widget.NewButtonWithIcon(lang.L("action.save"), theme.DocumentSaveIcon(), e.saveGrid)
	e.save.Importance = widget.HighImportance
	e.warning = widget.NewLabel("")
	e.warning.Wrapping = fyne.TextWrapWord
	e.warning.Importance = widget.WarningImportance
	e.warning.Hide()
	e.list = container.NewVBox()
	scaleLabel := widget.NewLabel(lang.L("evalhr.grid.scale"))
	scaleLabel.TextStyle.Bold = true
	// The scale, "can't say" and Save on one line, and the bank's menu
	// and buttons on the next; at the largest text sizes, on more lines.
	fit := hrFitWidth()
	scaleRow := container.NewBorder(nil, nil, nil, e.save, container.NewHBox(scaleLabel, e.min, widget.NewLabel("–"), e.max, e.cantSay))
	if !hrFits(scaleRow, fit) {
		scaleRow = container.NewVBox(container.NewBorder(nil, nil, nil, e.save,
			container.NewHBox(scaleLabel, e.min, widget.NewLabel("–"), e.max)), e.cantSay)
	}
	top := container.NewVBox(scaleRow, hrRowOrStack(fit, e.bank, add, blank), e.warning, widget.NewSeparator())
	e.root = container.NewBorder(top, nil, nil, nil, container.NewVScroll(container.NewPadded(e.list)))
	return e
}

// load shows the stored grid unless it is being edited.
func (e *hrGridEditor) load(g evaluation.Grid) {
	n := len(e.p.u.r.AnswerStatus(e.p.id))
	e.warning.Hidden = n == 0
	e.warning.SetText(lang.L("evalhr.grid.answered", map[string]any{"Count": n}))
	if e.dirty {
		return
	}
	e.g = g
	e.g.Criteria = slices.Clone(g.Criteria)
	for i := range e.g.Criteria {
		e.g.Criteria[i].Anchors = slices.Clone(e.g.Criteria[i].Anchors)
	}
	e.draw()
}

func (e *hrGridEditor) edited() {
	e.dirty = true
	e.save.Enable()
}

// draw shows the working copy.
func (e *hrGridEditor) draw() {
	e.min.OnChanged, e.max.OnChanged, e.cantSay.OnChanged = nil, nil, nil
	e.min.SetSelected(strconv.Itoa(e.g.Scale.Min))
	e.max.SetSelected(strconv.Itoa(e.g.Scale.Max))
	e.cantSay.SetChecked(e.g.Scale.CantSay)
	e.min.OnChanged = func(s string) {
		e.g.Scale.Min, _ = strconv.Atoi(s)
		e.edited()
		e.draw()
	}
	e.max.OnChanged = func(s string) {
		e.g.Scale.Max, _ = strconv.Atoi(s)
		e.edited()
		e.draw()
	}
	e.cantSay.OnChanged = func(on bool) {
		e.g.Scale.CantSay = on
		e.edited()
	}
	// The bank's criteria not in the grid yet.
	e.bankKeys = nil
	var opts []string
	for _, c := range evaluation.Bank() {
		if _, ok := e.g.Criterion(c.Key); !ok {
			e.bankKeys = append(e.bankKeys, c.Key)
			opts = append(opts, c.Name.In(e.p.u.language))
		}
	}
	e.bank.Options = opts
	e.bank.ClearSelected()
	e.list.Objects = nil
	for i := range e.g.Criteria {
		e.list.Add(e.criterionBlock(i))
	}
	if len(e.g.Criteria) == 0 {
		e.list.Add(paragraph(lang.L("evalhr.grid.empty")))
	}
	e.list.Refresh()
	if e.dirty {
		e.save.Enable()
	} else {
		e.save.Disable()
	}
}

// criterionBlock edits criterion i: names, descriptions and an anchor per
// level, in both languages; it can be moved up or removed.
func (e *hrGridEditor) criterionBlock(i int) fyne.CanvasObject {
	cr := &e.g.Criteria[i]
	entry := func(text string, multi bool, set func(string)) *widget.Entry {
		var w *widget.Entry
		if multi {
			w = widget.NewMultiLineEntry()
			w.Wrapping = fyne.TextWrapWord
			w.SetMinRowsVisible(2)
		} else {
			w = widget.NewEntry()
		}
		w.SetText(text)
		w.OnChanged = func(s string) {
			set(s)
			e.edited()
		}
		return w
	}
	nameFR := entry(cr.Name.FR, false, func(s string) { e.g.Criteria[i].Name.FR = s })
	nameFR.SetPlaceHolder(lang.L("evalhr.grid.name_fr"))
	nameEN := entry(cr.Name.EN, false, func(s string) { e.g.Criteria[i].Name.EN = s })
	nameEN.SetPlaceHolder(lang.L("evalhr.grid.name_en"))
	descFR := entry(cr.Description.FR, true, func(s string) { e.g.Criteria[i].Description.FR = s })
	descFR.SetPlaceHolder(lang.L("evalhr.grid.description_fr"))
	descEN := entry(cr.Description.EN, true, func(s string) { e.g.Criteria[i].Description.EN = s })
	descEN.SetPlaceHolder(lang.L("evalhr.grid.description_en"))

	up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() {
		if i > 0 {
			e.g.Criteria[i-1], e.g.Criteria[i] = e.g.Criteria[i], e.g.Criteria[i-1]
			e.edited()
			e.draw()
		}
	})
	if i == 0 {
		up.Disable()
	}
	remove := widget.NewButtonWithIcon(lang.L("action.remove"), theme.DeleteIcon(), func() {
		e.g.Criteria = slices.Delete(e.g.Criteria, i, i+1)
		e.edited()
		e.draw()
	})
	head := container.NewBorder(nil, nil, nil, container.NewHBox(up, remove),
		cell(fmt.Sprintf("%d. %s", i+1, cr.Name.In(e.p.u.language)), true))
	anchors := container.NewVBox()
	for _, level := range e.g.Scale.Levels() {
		text, _ := cr.Anchor(level)
		fr := entry(text.FR, false, func(s string) { e.setAnchor(i, level, s, true) })
		fr.SetPlaceHolder(lang.L("evalhr.grid.anchor_fr", map[string]any{"Level": level}))
		en := entry(text.EN, false, func(s string) { e.setAnchor(i, level, s, false) })
		en.SetPlaceHolder(lang.L("evalhr.grid.anchor_en", map[string]any{"Level": level}))
		num := widget.NewLabel(strconv.Itoa(level))
		num.TextStyle.Bold = true
		anchors.Add(container.NewBorder(nil, nil, num, nil, container.NewGridWithColumns(2, fr, en)))
	}
	return container.NewVBox(head,
		container.NewGridWithColumns(2, nameFR, nameEN),
		container.NewGridWithColumns(2, descFR, descEN),
		caption(lang.L("evalhr.grid.anchors")), anchors, widget.NewSeparator())
}

// setAnchor sets the French or English text of a level's anchor, keeping
// the anchors in level order.
func (e *hrGridEditor) setAnchor(i, level int, text string, french bool) {
	cr := &e.g.Criteria[i]
	j := slices.IndexFunc(cr.Anchors, func(a evaluation.Anchor) bool { return a.Level == level })
	if j < 0 {
		cr.Anchors = append(cr.Anchors, evaluation.Anchor{Level: level})
		slices.SortFunc(cr.Anchors, func(a, b evaluation.Anchor) int { return a.Level - b.Level })
		j = slices.IndexFunc(cr.Anchors, func(a evaluation.Anchor) bool { return a.Level == level })
	}
	if french {
		cr.Anchors[j].Text.FR = text
	} else {
		cr.Anchors[j].Text.EN = text
	}
	e.edited()
}

// addFromBank adds the bank's criterion chosen in the menu.
func (e *hrGridEditor) addFromBank() {
	i := e.bank.SelectedIndex()
	if i < 0 || i >= len(e.bankKeys) {
		return
	}
	if c, ok := evaluation.BankCriterion(e.bankKeys[i]); ok {
		e.g.Criteria = append(e.g.Criteria, c)
		e.edited()
		e.draw()
	}
}

// addNew adds a criterion to be written, with a fresh key.
func (e *hrGridEditor) addNew() {
	key := ""
	for n := len(e.g.Criteria) + 1; ; n++ {
		key = fmt.Sprintf("criterion-%d", n)
		if _, ok := e.g.Criterion(key); !ok {
			break
		}
	}
	e.g.Criteria = append(e.g.Criteria, evaluation.Criterion{Key: key,
		Name: evaluation.Text{FR: lang.L("evalhr.grid.new_name"), EN: lang.L("evalhr.grid.new_name")}})
	e.edited()
	e.draw()
}

// saveGrid stores the grid, its empty anchors dropped and texts trimmed.
func (e *hrGridEditor) saveGrid() {
	g := e.g
	g.Criteria = slices.Clone(e.g.Criteria)
	for i := range g.Criteria {
		c := &g.Criteria[i]
		c.Name.FR, c.Name.EN = strings.TrimSpace(c.Name.FR), strings.TrimSpace(c.Name.EN)
		c.Description.FR, c.Description.EN = strings.TrimSpace(c.Description.FR), strings.TrimSpace(c.Description.EN)
		var as []evaluation.Anchor
		for _, a := range c.Anchors {
			a.Text.FR, a.Text.EN = strings.TrimSpace(a.Text.FR), strings.TrimSpace(a.Text.EN)
			if !a.Text.Empty() && g.Scale.Has(a.Level) {
				as = append(as, a)
			}
		}
		c.Anchors = as
	}
	if err := g.Validate(); err != nil {
		e.p.u.showError(lang.L("evalhr.grid.save_failed"), err)
		return
	}
	e.save.Disable()
	e.p.u.writeOr(func(ctx context.Context) error {
		if err := e.p.u.r.SaveGrid(ctx, g); err != nil {
			return failure{lang.L("evalhr.grid.save_failed"), err}
		}
		return nil
	}, func() {
		e.dirty = false
		e.g = g
		e.draw()
	}, e.save.Enable)
}
