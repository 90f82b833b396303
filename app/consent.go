package app

import (
	"context"
	"errors"

	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// consentPanel runs a proposal item through the consent process (DOMAIN.md,
// Decision rule): presented, clarifying questions, reactions (with the
// queue), a consent round, objections worked into amendments, consent again,
// then adopted, withdrawn or postponed. The domain (meetings.Proposal)
// decides what is allowed: buttons of steps it would refuse are disabled,
// and if it refuses anyway (the proposal changed on another laptop
// meanwhile), its reason is shown and nothing changes.
type consentPanel struct {
	s *liveScreen

	stages   *widget.RichText
	text     *widget.RichText
	info     *fyne.Container
	infoText string // what info says at this stage

	present     *fyne.Container
	presentText *keyEntry

	advance *widget.Button

	round     *fyne.Container
	who       *widget.Select
	whoIDs    []uuid.UUID
	kind      *widget.Select
	kinds     []meetings.ResponseKind
	why       *keyEntry
	respond   *widget.Button
	responses *fyne.Container
	adopt     *widget.Button

	amend      *fyne.Container
	amendText  *keyEntry
	preview    *widget.RichText
	resolves   *fyne.Container
	amendBtn   *widget.Button
	amendFor   string // proposal version the amendment entry was filled from
	checks     []*objectionCheck
	objections *fyne.Container

	// Similar past decisions, shown under the text being drafted (the
	// proposal before it is presented, or an amendment): one container
	// under each field, filled with the same hints.
	similarPresent *fyne.Container
	similarAmend   *fyne.Container
	similar        *similarHints

	withdraw *widget.Button
	postpone *widget.Button
	body     *fyne.Container
	sep      fyne.CanvasObject
	outcomes *fyne.Container
	root     fyne.CanvasObject
}

func newConsentPanel(s *liveScreen) *consentPanel {
	c := &consentPanel{s: s}
	c.stages = widget.NewRichText()
	c.stages.Wrapping = fyne.TextWrapWord
	c.text = widget.NewRichText()
	c.text.Wrapping = fyne.TextWrapWord
	c.info = container.NewVBox()

	c.presentText = newKeyEntry(s)
	c.presentText.MultiLine = true
	c.presentText.Wrapping = fyne.TextWrapWord
	c.presentText.SetMinRowsVisible(4)
	c.presentText.SetPlaceHolder(lang.L("live.consent.text_placeholder"))
	presentBtn := widget.NewButtonWithIcon(lang.L("live.consent.present"), theme.DocumentCreateIcon(), func() { c.presentProposal(c.presentText.Text) })
	presentBtn.Importance = widget.HighImportance
	c.similarPresent = container.NewVBox()
	c.similarAmend = container.NewVBox()
	c.similar = newSimilarHints(s.u, c.similarPresent, c.similarAmend)
	c.presentText.OnChanged = c.similar.typed
	c.present = container.NewVBox(c.presentText, c.similarPresent, presentBtn)

	c.advance = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), c.advanceStage)
	c.advance.Importance = widget.HighImportance

	c.who = widget.NewSelect(nil, nil)
	c.who.PlaceHolder = lang.L("live.consent.who")
	c.kind = widget.NewSelect(nil, nil)
	c.why = newKeyEntry(s)
	c.why.SetPlaceHolder(lang.L("live.consent.why"))
	c.respond = widget.NewButtonWithIcon(lang.L("live.consent.record"), theme.ConfirmIcon(), c.recordResponse)
	c.responses = container.NewVBox()
	c.adopt = widget.NewButtonWithIcon(lang.L("live.consent.adopt"), theme.ConfirmIcon(), c.adoptDialog)
	c.adopt.Importance = widget.SuccessImportance
	c.round = container.NewVBox(container.NewGridWithColumns(2, c.who, c.kind), c.why, c.respond, c.responses)

	c.amendText = newKeyEntry(s)
	c.amendText.MultiLine = true
	c.amendText.Wrapping = fyne.TextWrapWord
	c.amendText.SetMinRowsVisible(4)
	c.preview = widget.NewRichText()
	c.preview.Wrapping = fyne.TextWrapWord
	c.amendText.OnChanged = func(text string) {
		c.showPreview()
		c.similar.typed(text)
	}
	c.resolves = container.NewVBox()
	c.amendBtn = widget.NewButtonWithIcon(lang.L("live.consent.amend"), theme.DocumentSaveIcon(), c.amendProposal)
	c.amendBtn.Importance = widget.HighImportance
	c.amend = container.NewVBox(paragraph(lang.L("live.consent.new_text")), c.amendText, c.similarAmend,
		caption(lang.L("live.consent.diff_legend")), c.preview,
		paragraph(lang.L("live.consent.resolves")), c.resolves, c.amendBtn)

	c.objections = container.NewVBox()
	c.withdraw = widget.NewButtonWithIcon(lang.L("live.consent.withdraw"), theme.CancelIcon(), func() {
		c.step(func(p *meetings.Proposal) error { return p.Withdraw() })
	})
	c.postpone = widget.NewButtonWithIcon(lang.L("live.consent.postpone"), theme.HistoryIcon(), func() {
		c.step(func(p *meetings.Proposal) error { return p.Postpone() })
	})
	c.sep = widget.NewSeparator()
	c.outcomes = container.NewVBox(widget.NewSeparator(), container.NewGridWithColumns(2, c.withdraw, c.postpone))
	c.body = container.NewVBox()
	c.root = container.NewVScroll(c.body)
	return c
}

func (c *consentPanel) content() fyne.CanvasObject { return c.root }

// tick looks for similar past decisions once the draft has rested; the
// live screen's clock calls it every second.
func (c *consentPanel) tick(now time.Time) {
	if c.similar.tick(now) {
		// The hints change the height of the drafting section: lay the
		// panel out again around it.
		c.present.Refresh()
		c.amend.Refresh()
		c.body.Refresh()
		c.root.Refresh()
	}
}

// consentStages are the stages in the order the bar shows them.
var consentStages = []meetings.Stage{meetings.Presented, meetings.Clarifying, meetings.Reactions, meetings.ConsentRound, meetings.Amending}

// stageLabel names a stage.
func stageLabel(st meetings.Stage) string {
	switch st {
	case meetings.Presented:
		return lang.L("live.stage.presented")
	case meetings.Clarifying:
		return lang.L("live.stage.clarifying")
	case meetings.Reactions:
		return lang.L("live.stage.reactions")
	case meetings.ConsentRound:
		return lang.L("live.stage.consent_round")
	case meetings.Amending:
		return lang.L("live.stage.amending")
	case meetings.Adopted:
		return lang.L("live.stage.adopted")
	case meetings.Withdrawn:
		return lang.L("live.stage.withdrawn")
	case meetings.Postponed:
		return lang.L("live.stage.postponed")
	}
	return string(st)
}

// responseLabel names an answer in a consent round.
func responseLabel(k meetings.ResponseKind) string {
	switch k {
	case meetings.ConsentResponse:
		return lang.L("live.response.consent")
	case meetings.ConcernResponse:
		return lang.L("live.response.concern")
	case meetings.StandAsideResponse:
		return lang.L("live.response.stand_aside")
	case meetings.ObjectionResponse:
		return lang.L("live.response.objection")
	}
	return string(k)
}

// refresh shows the proposal of the current item and the controls its
// stage allows.
func (c *consentPanel) refresh() {
	c.infoText = ""
	c.show()
	// Texts that change are new labels: a wrapping label whose text is
	// set again can keep its old rows on screen.
	c.info.Objects = nil
	if c.infoText != "" {
		c.info.Objects = []fyne.CanvasObject{caption(c.infoText)}
	}
	c.info.Hidden = c.infoText == ""
	c.outcomes.Hidden = c.withdraw.Hidden
	// The panel holds only what this stage shows: a widget hidden and
	// shown again inside the same container can keep its old size.
	var objs []fyne.CanvasObject
	for _, o := range []fyne.CanvasObject{c.stages, c.sep, c.text, c.info, c.present, c.advance, c.round,
		c.adopt, c.amend, c.objections, c.outcomes} {
		if o.Visible() {
			objs = append(objs, o)
		}
	}
	c.body.Objects = objs
	c.body.Refresh()
	// A wrapping label knows its height only once laid out at its width:
	// lay out again so the lines below make room for its second row.
	c.body.Refresh()
}

// sections are the parts of the panel shown only at some stages.
func (c *consentPanel) sections() []fyne.CanvasObject {
	return []fyne.CanvasObject{c.present, c.advance, c.round, c.adopt, c.amend, c.objections, c.withdraw, c.postpone}
}

func (c *consentPanel) show() {
	s := c.s
	p := s.proposal
	for _, o := range c.sections() {
		o.Hide()
	}
	if p == nil {
		c.stages.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: lang.L("live.consent.none"), Style: widget.RichTextStyleSubHeading}}
		c.stages.Refresh()
		c.text.Segments = nil
		c.text.Refresh()
		c.infoText = lang.L("live.consent.none_help")
		c.present.Show()
		return
	}
	c.showStages(p)
	c.showText(p)
	c.withdraw.Show()
	c.postpone.Show()
	final := p.Stage.Final()
	if final {
		c.withdraw.Disable()
		c.postpone.Disable()
	} else {
		c.withdraw.Enable()
		c.postpone.Enable()
	}
	if len(p.Objections) > 0 {
		c.objections.Objects = []fyne.CanvasObject{paragraph(c.objectionsText(p))}
		c.objections.Show()
	}
	switch p.Stage {
	case meetings.Presented, meetings.Clarifying, meetings.Reactions:
		next := map[meetings.Stage]meetings.Stage{meetings.Presented: meetings.Clarifying,
			meetings.Clarifying: meetings.Reactions, meetings.Reactions: meetings.ConsentRound}[p.Stage]
		c.advance.SetText(lang.L("live.consent.advance", map[string]any{"Stage": stageLabel(next)}))
		c.advance.Enable()
		c.advance.Show()
		if p.Stage == meetings.Reactions {
			c.infoText = lang.L("live.consent.reactions_help")
		}
	case meetings.ConsentRound:
		c.showRound(p)
	case meetings.Amending:
		c.showAmend(p)
	}
}

// showStages draws the stage bar, the current stage highlighted.
func (c *consentPanel) showStages(p *meetings.Proposal) {
	var segs []widget.RichTextSegment
	stages := consentStages
	if p.Stage.Final() {
		stages = append(slices.Clone(stages), p.Stage)
	}
	for i, st := range stages {
		label := stageLabel(st)
		if st == meetings.ConsentRound && p.Round > 0 {
			label = lang.L("live.stage.consent_round_n", map[string]any{"Round": p.Round})
		}
		style := widget.RichTextStyleInline
		style.ColorName = theme.ColorNameDisabled
		if st == p.Stage {
			style.ColorName = theme.ColorNamePrimary
			style.TextStyle.Bold = true
		}
		if i > 0 {
			segs = append(segs, &widget.TextSegment{Text: " › ", Style: widget.RichTextStyleInline})
		}
		segs = append(segs, &widget.TextSegment{Text: label, Style: style})
	}
	c.stages.Segments = segs
	c.stages.Refresh()
}

// showText shows the current wording; after an amendment, what changed
// from the wording before: deletions struck in red, insertions in green.
func (c *consentPanel) showText(p *meetings.Proposal) {
	n := len(p.Versions)
	style := widget.RichTextStyleStrong
	style.Inline = false
	head := &widget.TextSegment{Text: lang.L("live.consent.version", map[string]any{"N": n}), Style: style}
	segs := []widget.RichTextSegment{head}
	if n > 1 {
		segs = append(segs, diffSegments(p.Versions[n-2].Text, p.Text())...)
	} else {
		segs = append(segs, &widget.TextSegment{Text: p.Text(), Style: widget.RichTextStyleParagraph})
	}
	c.text.Segments = segs
	c.text.Refresh()
}

// diffSegments shows the word difference between two wordings.
func diffSegments(a, b string) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	ops := meetings.Diff(a, b)
	for i, op := range ops {
		style := widget.RichTextStyleInline
		switch op.Kind {
		case meetings.Delete:
			style.ColorName = theme.ColorNameError
			style.TextStyle.Strikethrough = true
		case meetings.Insert:
			style.ColorName = theme.ColorNameSuccess
			style.TextStyle.Bold = true
			style.TextStyle.Underline = true
		}
		text := op.Text
		if i < len(ops)-1 {
			text += " "
		}
		segs = append(segs, &widget.TextSegment{Text: text, Style: style})
	}
	// End the inline run so that what follows starts a new line.
	segs = append(segs, &widget.TextSegment{Text: "", Style: widget.RichTextStyleParagraph})
	return segs
}

// showRound shows the consent round: who answered what, the answer form,
// and adoption when nobody objects.
func (c *consentPanel) showRound(p *meetings.Proposal) {
	s := c.s
	c.round.Show()
	c.adopt.Show()
	// Present people, by name.
	var names []string
	c.whoIDs = slices.Clone(s.present)
	for _, id := range c.whoIDs {
		names = append(names, s.name(id))
	}
	sel := c.who.SelectedIndex()
	c.who.Options = names
	if sel >= len(names) {
		c.who.ClearSelected()
	}
	c.who.Refresh()
	// With silence consent, only objections are entered.
	if p.SilenceConsent {
		c.kinds = []meetings.ResponseKind{meetings.ObjectionResponse}
		c.infoText = lang.L("live.consent.silence_help")
	} else {
		c.kinds = []meetings.ResponseKind{meetings.ConsentResponse, meetings.ConcernResponse, meetings.StandAsideResponse, meetings.ObjectionResponse}
		c.infoText = lang.L("live.consent.everyone_help")
	}
	var kinds []string
	for _, k := range c.kinds {
		kinds = append(kinds, responseLabel(k))
	}
	ksel := max(0, c.kind.SelectedIndex())
	c.kind.Options = kinds
	c.kind.SetSelectedIndex(min(ksel, len(kinds)-1))

	var lines []string
	for _, id := range s.present {
		if r, ok := p.Responses[id]; ok {
			line := s.colon(s.name(id), responseLabel(r.Kind))
			if r.Text != "" {
				line += " — " + r.Text
			}
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		lines = []string{lang.L("live.consent.no_response")}
	}
	c.responses.Objects = []fyne.CanvasObject{paragraph(strings.Join(lines, "\n"))}
	c.responses.Refresh()
	open := len(p.Open()) > 0
	if open {
		c.adopt.Disable()
		c.advance.SetText(lang.L("live.consent.work_objections"))
		c.advance.Enable()
		c.advance.Show()
	} else {
		c.adopt.Enable()
	}
}

// showAmend shows the amendment form: the new wording, a preview of what
// it changes, and which objections it answers.
func (c *consentPanel) showAmend(p *meetings.Proposal) {
	c.amend.Show()
	version := fmt.Sprintf("%s/%d", p.ID, len(p.Versions))
	if c.amendFor != version {
		c.amendFor = version
		c.amendText.SetText(p.Text())
	}
	c.checks = nil
	c.resolves.Objects = nil
	for _, o := range p.Open() {
		// The objection's text wraps below its check box: a check box's
		// label does not wrap, and a long one would widen the screen.
		ck := &objectionCheck{Check: widget.NewCheck(c.s.name(o.Member), nil), id: o.ID}
		ck.Checked = true
		c.checks = append(c.checks, ck)
		c.resolves.Add(ck.Check)
		c.resolves.Add(caption(o.Text))
	}
	c.showPreview()
}

// objectionCheck ties a check box to the objection it resolves.
type objectionCheck struct {
	*widget.Check
	id string
}

// showPreview shows what the amendment being typed changes.
func (c *consentPanel) showPreview() {
	p := c.s.proposal
	if p == nil {
		return
	}
	c.preview.Segments = diffSegments(p.Text(), c.amendText.Text)
	c.preview.Refresh()
}

// objectionsText lists the objections and how each was resolved.
func (c *consentPanel) objectionsText(p *meetings.Proposal) string {
	lines := []string{lang.L("live.consent.objections")}
	for _, o := range p.Objections {
		state := lang.L("live.consent.objection_open")
		if o.Resolved {
			state = lang.L("live.consent.objection_resolved", map[string]any{"How": resolutionText(o)})
		}
		lines = append(lines, fmt.Sprintf("• %s — %s (%s)", c.s.name(o.Member), o.Text, state))
	}
	return strings.Join(lines, "\n")
}

// resolutionText says how an objection was resolved: by the process
// itself, in the language shown, or in the words people typed.
func resolutionText(o meetings.Objection) string {
	switch o.How {
	case meetings.ResolvedByAmendment:
		return lang.L("live.consent.resolved_amended", map[string]any{"N": o.At})
	case meetings.WithdrawnByAuthor:
		return lang.L("live.consent.resolved_withdrawn", map[string]any{"N": o.At})
	}
	return o.Resolution
}

// step applies a step of the process to a copy of the proposal; if the
// domain refuses it, the reason is shown and nothing changes, else it is
// shown at once and saved. The write applies the same step to the
// proposal as it is then (an answer recorded meanwhile, here or on
// another laptop, is kept); if the domain refuses it there, the reason is
// shown and the screen shows the proposal as it is.
func (c *consentPanel) step(f func(p *meetings.Proposal) error) bool {
	s := c.s
	if s.proposal == nil {
		return false
	}
	p := s.proposal.Clone()
	if err := f(&p); err != nil {
		s.u.showError(lang.L("live.consent.refused"), err)
		return false
	}
	s.proposal = &p
	c.refresh()
	u, item, refused := s.u, p.Item, lang.L("live.consent.refused")
	u.writeOr(func(ctx context.Context) error {
		u.edits.Lock()
		defer u.edits.Unlock()
		fresh, ok, _ := u.r.Proposal(item)
		if !ok {
			return failure{refused, replica.ErrNotFound}
		}
		if err := f(&fresh); err != nil {
			return failure{refused, err}
		}
		return u.r.SaveProposal(ctx, fresh)
	}, nil, s.reload)
	return true
}

// presentProposal presents the current item's proposal with its text.
func (c *consentPanel) presentProposal(text string) {
	s := c.s
	it, ok := s.currentItem()
	if !ok || it.Type != meetings.ProposalItem || s.proposal != nil {
		return
	}
	if strings.TrimSpace(text) == "" {
		s.u.showError(lang.L("live.consent.refused"), fmt.Errorf("%s", lang.L("live.consent.empty")))
		return
	}
	p := meetings.NewProposal(it.ID, s.id, text, s.meeting.SilenceConsent, s.u.now())
	s.proposal = &p
	c.presentText.SetText("")
	c.refresh()
	u, refused, already := s.u, lang.L("live.consent.refused"), lang.L("live.consent.already_presented")
	u.writeOr(func(ctx context.Context) error {
		u.edits.Lock()
		defer u.edits.Unlock()
		// Presented meanwhile on another laptop: theirs stands.
		if _, ok, _ := u.r.Proposal(p.Item); ok {
			return failure{refused, errors.New(already)}
		}
		return u.r.SaveProposal(ctx, p)
	}, nil, s.reload)
}

// advanceStage moves to the next stage: from the stage shown, so that two
// laptops going on at the same time do not skip a stage.
func (c *consentPanel) advanceStage() {
	if c.s.proposal == nil {
		return
	}
	from := c.s.proposal.Stage
	c.step(func(p *meetings.Proposal) error {
		if p.Stage != from {
			return fmt.Errorf("advance from %s: the proposal is at %s now: %w", from, p.Stage, meetings.ErrWrongStage)
		}
		return p.Advance()
	})
}

// recordResponse records the answer chosen in the form.
func (c *consentPanel) recordResponse() {
	i, k := c.who.SelectedIndex(), c.kind.SelectedIndex()
	if i < 0 || i >= len(c.whoIDs) || k < 0 || k >= len(c.kinds) {
		c.s.u.showError(lang.L("live.consent.refused"), fmt.Errorf("%s", lang.L("live.consent.choose")))
		return
	}
	if c.respondAs(c.whoIDs[i], c.kinds[k], c.why.Text) {
		c.why.SetText("")
		c.who.ClearSelected()
	}
}

// respondAs records a member's answer in the consent round.
func (c *consentPanel) respondAs(member uuid.UUID, kind meetings.ResponseKind, text string) bool {
	return c.step(func(p *meetings.Proposal) error { return p.Respond(member, kind, text) })
}

// amendProposal records the new wording, resolving the checked objections.
func (c *consentPanel) amendProposal() {
	var ids []string
	for _, ck := range c.checks {
		if ck.Checked {
			ids = append(ids, ck.id)
		}
	}
	c.amendWith(c.amendText.Text, ids)
}

// amendWith records a new wording that resolves the given objections.
func (c *consentPanel) amendWith(text string, resolves []string) bool {
	now := c.s.u.now()
	return c.step(func(p *meetings.Proposal) error { return p.Amend(text, resolves, now) })
}

// adoptDialog asks for what the decision register needs, then adopts.
func (c *consentPanel) adoptDialog() {
	s := c.s
	if s.proposal == nil {
		return
	}
	// Refuse at once what the domain refuses, before asking anything.
	probe := s.proposal.Clone()
	if err := probe.Adopt(s.present); err != nil {
		s.u.showError(lang.L("live.consent.refused"), s.adoptRefusal(s.proposal, err))
		return
	}
	it, _ := s.currentItem()
	title := widget.NewEntry()
	title.SetText(it.Title)
	tags := widget.NewEntry()
	tags.SetPlaceHolder(lang.L("live.consent.tags_placeholder"))
	review := widget.NewEntry()
	review.SetPlaceHolder(lang.L("live.consent.review_placeholder"))
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("live.consent.title"), title),
		widget.NewFormItem(lang.L("live.consent.tags"), tags),
		widget.NewFormItem(lang.L("live.consent.review"), review),
	}
	d := dialog.NewForm(lang.L("live.consent.adopt_title"), lang.L("live.consent.adopt"), lang.L("action.cancel"), items, func(ok bool) {
		if ok {
			c.adoptWith(replica.Adoption{Title: strings.TrimSpace(title.Text), Tags: splitTags(tags.Text), ReviewDate: strings.TrimSpace(review.Text)})
		}
	}, s.u.win)
	d.Resize(fyne.NewSize(dialogWidth, 0))
	d.Show()
}

// adoptWith adopts the proposal with the people present and records the
// decision, in one change.
func (c *consentPanel) adoptWith(a replica.Adoption) bool {
	s := c.s
	if s.proposal == nil {
		return false
	}
	p := s.proposal.Clone()
	probe := p.Clone()
	if err := probe.Adopt(s.present); err != nil {
		s.u.showError(lang.L("live.consent.refused"), s.adoptRefusal(&p, err))
		return false
	}
	present := slices.Clone(s.present)
	s.proposal = &probe
	c.refresh()
	u, item, refused := s.u, p.Item, lang.L("live.consent.refused")
	u.writeOr(func(ctx context.Context) error {
		u.edits.Lock()
		defer u.edits.Unlock()
		// The proposal as it is now: an answer recorded meanwhile counts.
		fresh, ok, _ := u.r.Proposal(item)
		if !ok {
			return failure{refused, replica.ErrNotFound}
		}
		probe := fresh.Clone()
		if err := probe.Adopt(present); err != nil {
			return failure{refused, err}
		}
		_, err := u.r.Adopt(ctx, fresh, present, a)
		return err
	}, nil, s.reload)
	return true
}

// adoptRefusal says in the language shown why the domain refuses to adopt
// p (its reasons are in English): objections still open, or answers
// missing when silence does not give consent.
func (s *liveScreen) adoptRefusal(p *meetings.Proposal, err error) error {
	if n := len(p.Open()); n > 0 {
		return errors.New(plural(s.u.language, n, lang.L("live.error.open_objections.one", count(n)),
			lang.L("live.error.open_objections.other", count(n))))
	}
	missing := 0
	for _, id := range s.present {
		if _, ok := p.Responses[id]; !ok {
			missing++
		}
	}
	if !p.SilenceConsent && missing > 0 && p.Stage == meetings.ConsentRound {
		return errors.New(plural(s.u.language, missing, lang.L("live.error.missing_answers.one", count(missing)),
			lang.L("live.error.missing_answers.other", count(missing))))
	}
	return err
}

// splitTags reads comma-separated themes.
func splitTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// colon joins a label and a value the way the language shown writes it
// ("Name: text", « Nom : texte »).
func (s *liveScreen) colon(label, value string) string {
	if s.u.language == langFR {
		return label + "\u00a0: " + value
	}
	return label + ": " + value
}
