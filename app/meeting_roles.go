package app

import (
	"context"

	"log"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
)

// roleColumns: role, holder, why.
var roleColumns = &columns{weights: []float32{2, 2.2, 4.6}, minEm: []float32{6, 7, 8}, drop: []int{2}}

// historyWindow is how many past meetings the role history shows: the
// window fairness looks at.
const historyWindow = meetings.DefaultWindow

// rolesTab shows who holds which facilitation role, suggests holders from
// the history (each suggestion with its reason), lets the team draw again
// among the equally fair or choose by hand, and shows who held which role
// lately.
type rolesTab struct {
	p *meetingPrep

	set         meetings.RoleSet
	holders     map[string]meetings.Assignment
	members     []konbit.Member
	names       map[uuid.UUID]string
	suggestions []meetings.Suggestion // pending, until accepted
	draw        uint64

	double, pair           *widget.Check
	suggest, again, accept *widget.Button
	rows                   *fyne.Container
	historyTitle           *widget.Label
	history                *fyne.Container
	root                   fyne.CanvasObject
	// roleEditor is the open role set editor (meeting_roleset.go).
	roleEditor *roleSetEditor
}

func newRolesTab(p *meetingPrep) *rolesTab {
	t := &rolesTab{p: p}
	t.suggest = widget.NewButtonWithIcon(lang.L("meetings.roles.suggest"), theme.SearchIcon(), func() {
		t.draw = 0
		t.runSuggest()
	})
	t.suggest.Importance = widget.HighImportance
	t.again = widget.NewButtonWithIcon(lang.L("meetings.roles.draw"), theme.ViewRefreshIcon(), func() {
		t.draw++
		t.runSuggest()
	})
	t.accept = widget.NewButtonWithIcon(lang.L("meetings.roles.accept"), theme.ConfirmIcon(), t.acceptSuggestions)
	t.accept.Importance = widget.SuccessImportance
	t.double = widget.NewCheck(lang.L("meetings.roles.allow_double"), nil)
	t.pair = widget.NewCheck(lang.L("meetings.roles.pair_newcomers"), nil)
	t.rows = container.NewVBox()
	t.historyTitle = subheading("")
	t.history = container.NewVBox()
	body := container.NewVBox(
		container.NewHBox(t.suggest, t.again, t.accept),
		container.NewBorder(nil, nil, nil, container.NewCenter(newEditRolesButton(t)), container.NewVBox(t.double, t.pair)),
		caption(lang.L("meetings.roles.hint")),
		row(roleColumns, cell(lang.L("meetings.roles.col.role"), true), cell(lang.L("meetings.roles.col.holder"), true),
			cell(lang.L("meetings.roles.col.why"), true)),
		widget.NewSeparator(),
		t.rows,
		widget.NewSeparator(),
		t.historyTitle,
		t.history,
	)
	t.root = container.NewVScroll(body)
	t.enable()
	p.u.watch(p.ctx, t.load)
	return t
}

func (t *rolesTab) load() []<-chan struct{} {
	set, ch1 := t.p.u.r.RoleSet()
	roles, ch2 := t.p.u.r.Roles(t.p.id)
	members, ch3 := t.p.u.r.Members()
	meetingCh := func() <-chan struct{} { _, ch, _ := t.p.u.r.Meeting(t.p.id); return ch }()
	t.set, t.members = set, members
	t.names = make(map[uuid.UUID]string, len(members))
	for _, m := range members {
		t.names[m.ID] = m.Name
	}
	t.holders = map[string]meetings.Assignment{}
	for _, a := range roles {
		t.holders[a.Role] = a
	}
	t.showRows()
	t.showHistory()
	return []<-chan struct{}{ch1, ch2, ch3, meetingCh}
}

// showRows shows each role with its holder (a select, to choose by hand)
// and why: the pending suggestion, or the reason stored with the holder.
func (t *rolesTab) showRows() {
	options := []string{lang.L("meetings.nobody")}
	ids := []uuid.UUID{uuid.Nil}
	for _, m := range t.members {
		options = append(options, m.Name)
		ids = append(ids, m.ID)
	}
	suggested := map[string]meetings.Suggestion{}
	for _, s := range t.suggestions {
		suggested[s.Role] = s
	}
	t.rows.Objects = nil
	for _, key := range t.set.Keys() {
		label := cell(t.set.Label(key, t.p.u.language), true)
		sel := widget.NewSelect(options, nil)
		holder := t.holders[key]
		sel.SetSelectedIndex(max(slices.Index(ids, holder.Member), 0))
		sel.OnChanged = func(string) {
			i := sel.SelectedIndex()
			if i < 0 {
				return
			}
			t.assignByHand(key, ids[i])
		}
		why := widget.NewLabel("")
		why.Wrapping = fyne.TextWrapWord
		if s, ok := suggested[key]; ok {
			why.TextStyle.Bold = true
			why.Importance = widget.HighImportance
			why.SetText(t.suggestionText(s))
		} else {
			why.SetText(holder.Reason)
		}
		t.rows.Add(row(roleColumns, label, sel, why))
	}
	t.rows.Refresh()
	t.enable()
}

// suggestionText is "Omar: never facilitated" (and a co-holder, if any).
func (t *rolesTab) suggestionText(s meetings.Suggestion) string {
	if s.Member == uuid.Nil {
		return roleReason(t.set, s.Reason, t.p.u.language)
	}
	text := lang.L("meetings.roles.suggested", map[string]any{"Name": t.names[s.Member], "Reason": roleReason(t.set, s.Reason, t.p.u.language)})
	if s.CoHolder != uuid.Nil {
		text += " " + lang.L("meetings.roles.co_holder", map[string]any{"Name": t.names[s.CoHolder]})
	}
	return text
}

func (t *rolesTab) enable() {
	if len(t.suggestions) == 0 {
		t.again.Disable()
		t.accept.Disable()
	} else {
		t.again.Enable()
		t.accept.Enable()
	}
}

// runSuggest asks the history for suggestions among the people present.
func (t *rolesTab) runSuggest() {
	present, err := t.p.u.r.Present(t.p.ctx, t.p.id)
	if err != nil {
		t.p.u.showError(lang.L("meetings.error.suggest"), err)
		return
	}
	if len(present) == 0 {
		t.p.u.showInfo(lang.L("meetings.roles.nobody_title"), lang.L("meetings.roles.nobody_text"))
		return
	}
	opts := meetings.SuggestOptions{Draw: t.draw, AllowDouble: t.double.Checked, PairNewcomers: t.pair.Checked}
	s, err := t.p.u.r.SuggestRoles(t.p.ctx, t.p.id, opts)
	if err != nil {
		t.p.u.showError(lang.L("meetings.error.suggest"), err)
		return
	}
	t.suggestions = s
	t.showRows()
}

// acceptSuggestions assigns every suggested role, with its reason.
func (t *rolesTab) acceptSuggestions() {
	var as []meetings.Assignment
	for _, s := range t.suggestions {
		if s.Member == uuid.Nil {
			continue
		}
		as = append(as, meetings.Assignment{Meeting: t.p.id, Role: s.Role, Member: s.Member, Reason: t.suggestionReason(s)})
	}
	if len(as) == 0 {
		return
	}
	t.p.u.write(func(ctx context.Context) error { return t.p.u.r.AssignRoles(ctx, as...) }, func() {
		t.suggestions = nil
		t.showRows()
	})
}

// suggestionReason is the reason stored with an accepted suggestion.
func (t *rolesTab) suggestionReason(s meetings.Suggestion) string {
	text := roleReason(t.set, s.Reason, t.p.u.language)
	if s.CoHolder != uuid.Nil {
		text += " " + lang.L("meetings.roles.co_holder", map[string]any{"Name": t.names[s.CoHolder]})
	}
	return text
}

// assignByHand overrides a role's holder (uuid.Nil clears it).
func (t *rolesTab) assignByHand(role string, member uuid.UUID) {
	if t.holders[role].Member == member {
		return
	}
	// A hand choice replaces a pending suggestion for that role.
	t.suggestions = slices.DeleteFunc(t.suggestions, func(s meetings.Suggestion) bool { return s.Role == role })
	a := meetings.Assignment{Meeting: t.p.id, Role: role, Member: member}
	if member != uuid.Nil {
		a.Reason = lang.L("meetings.roles.by_hand")
	}
	t.holders[role] = a
	t.p.u.write(func(ctx context.Context) error { return t.p.u.r.AssignRoles(ctx, a) }, nil)
}

// showHistory shows, for the body's last meetings, how often each person
// held each role.
func (t *rolesTab) showHistory() {
	body := t.p.m.Body
	name := t.p.bodyName(body)
	t.historyTitle.SetText(lang.L("meetings.roles.history", map[string]any{"Count": historyWindow, "Body": name}))
	t.history.Objects = nil
	counts, err := t.p.u.r.RoleCounts(t.p.ctx, body, historyWindow)
	if err != nil {
		log.Printf("konbit: role history: %v", err)
	}
	keys := t.set.Keys()
	if len(counts) == 0 {
		t.history.Add(caption(lang.L("meetings.roles.history_empty")))
		t.history.Refresh()
		return
	}
	cols := historyColumns(len(keys))
	header := []fyne.CanvasObject{cell(lang.L("meetings.roles.col.person"), true)}
	for _, k := range keys {
		l := cell(t.set.Label(k, t.p.u.language), true)
		header = append(header, l)
	}
	t.history.Add(row(cols, header...))
	var people []uuid.UUID
	for id := range counts {
		people = append(people, id)
	}
	slices.SortFunc(people, func(a, b uuid.UUID) int { return strings.Compare(konbit.Fold(t.names[a]), konbit.Fold(t.names[b])) })
	for _, id := range people {
		cells := []fyne.CanvasObject{cell(dash(t.names[id]), false)}
		for _, k := range keys {
			n := counts[id][k]
			text := "·"
			if n > 0 {
				text = strconv.Itoa(n)
			}
			cells = append(cells, cell(text, n > 0))
		}
		t.history.Add(row(cols, cells...))
	}
	t.history.Refresh()
}

// historyColumns: a person, then one narrow column per role; roles drop
// from the last when the text is large.
func historyColumns(roles int) *columns {
	c := &columns{weights: []float32{2.2}, minEm: []float32{6}}
	for i := range roles {
		c.weights = append(c.weights, 1)
		c.minEm = append(c.minEm, 3)
		c.drop = append(c.drop, roles-i)
	}
	return c
}

// reasonText says why someone is suggested, in the UI language:
// "facilitated 0 times in the last 10 meetings", « n'a jamais pris de
// notes ». A role added to the set by hand gets a generic sentence.
func reasonText(r meetings.Reason, language string) string {
	data := map[string]any{"Role": r.Role}
	switch r.Code {
	case meetings.ReasonNoneLeft:
		return lang.L("meetings.reason.none_left")
	case meetings.ReasonNever:
		if s, ok := neverHeld(r.Role); ok {
			return s
		}
		return lang.L("meetings.reason.never.other", data)
	}
	did, ok := held(r.Role)
	if !ok {
		did = lang.L("meetings.reason.did.other", data)
	}
	times := plural(language, r.Count, lang.L("meetings.reason.times.one", count(r.Count)),
		lang.L("meetings.reason.times.other", count(r.Count)))
	// "in the last meeting" reads the same in both languages' rule.
	window := plural(langEN, r.Window, lang.L("meetings.reason.window.one", map[string]any{"Window": r.Window}),
		lang.L("meetings.reason.window.other", map[string]any{"Window": r.Window}))
	return lang.L("meetings.reason.fewest", map[string]any{"Did": did, "Times": times, "Window": window})
}

// neverHeld is "never facilitated" for the usual roles.
func neverHeld(role string) (string, bool) {
	switch role {
	case meetings.Facilitator:
		return lang.L("meetings.reason.never.facilitator"), true
	case meetings.NoteTaker:
		return lang.L("meetings.reason.never.note-taker"), true
	case meetings.TimeKeeper:
		return lang.L("meetings.reason.never.time-keeper"), true
	case meetings.QueueKeeper:
		return lang.L("meetings.reason.never.queue-keeper"), true
	case meetings.MoodWatcher:
		return lang.L("meetings.reason.never.mood-watcher"), true
	case meetings.Interpreter:
		return lang.L("meetings.reason.never.interpreter"), true
	}
	return "", false
}

// held is "facilitated" for the usual roles.
func held(role string) (string, bool) {
	switch role {
	case meetings.Facilitator:
		return lang.L("meetings.reason.did.facilitator"), true
	case meetings.NoteTaker:
		return lang.L("meetings.reason.did.note-taker"), true
	case meetings.TimeKeeper:
		return lang.L("meetings.reason.did.time-keeper"), true
	case meetings.QueueKeeper:
		return lang.L("meetings.reason.did.queue-keeper"), true
	case meetings.MoodWatcher:
		return lang.L("meetings.reason.did.mood-watcher"), true
	case meetings.Interpreter:
		return lang.L("meetings.reason.did.interpreter"), true
	}
	return "", false
}
