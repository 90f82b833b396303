package meetings

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// Stage is where a proposal stands in the consent process (DOMAIN.md,
// Decision rule): presented, clarifying questions, reactions, then consent
// rounds, each objection worked into an amendment until nobody objects.
type Stage string

// Proposal stages. Adopted, Withdrawn and Postponed are final.
const (
	Presented    Stage = "presented"
	Clarifying   Stage = "clarifying"
	Reactions    Stage = "reactions"
	ConsentRound Stage = "consent-round"
	Amending     Stage = "amending"
	Adopted      Stage = "adopted"
	Withdrawn    Stage = "withdrawn"
	Postponed    Stage = "postponed"
)

// Final reports whether the stage is an outcome.
func (s Stage) Final() bool { return s == Adopted || s == Withdrawn || s == Postponed }

// ResponseKind is an answer in a consent round.
type ResponseKind string

// Responses in a consent round.
const (
	ConsentResponse    ResponseKind = "consent"
	ConcernResponse    ResponseKind = "concern"     // consents, with a reservation noted
	StandAsideResponse ResponseKind = "stand-aside" // does not block, will not take part
	ObjectionResponse  ResponseKind = "objection"   // blocks until resolved
)

// Errors of the consent process.
var (
	ErrClosed     = errors.New("the proposal already has an outcome")
	ErrWrongStage = errors.New("not allowed at this stage")
)

// Version is one wording of a proposal or decision.
type Version struct {
	Text string
	At   time.Time
}

type versionJSON struct {
	Text string `json:"text"`
	At   int64  `json:"at"`
}

// MarshalJSON stores the instant in Unix milliseconds.
func (v Version) MarshalJSON() ([]byte, error) {
	return json.Marshal(versionJSON{v.Text, millis(v.At)})
}

// UnmarshalJSON reads the stored form.
func (v *Version) UnmarshalJSON(b []byte) error {
	var w versionJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("version: %w", err)
	}
	*v = Version{w.Text, instant(w.At)}
	return nil
}

// Response is a member's answer in the current consent round.
type Response struct {
	Kind ResponseKind `json:"kind"`
	Text string       `json:"text,omitempty"`
}

// Objection is a blocking objection and how it was resolved.
type Objection struct {
	ID         string    `json:"id"` // "o1", "o2"... within the proposal
	Member     uuid.UUID `json:"member"`
	Text       string    `json:"text"`
	Round      int       `json:"round"`
	Resolution string    `json:"resolution,omitempty"`
	Resolved   bool      `json:"resolved"`
	// How says how the process itself resolved it (At is then the
	// version that amended it or the round its author withdrew it in),
	// so that each reader's language can say it; Resolution keeps the
	// words typed by people (and an English account for older readers).
	How ResolvedHow `json:"how,omitempty"`
	At  int         `json:"at,omitempty"`
}

// ResolvedHow is how the consent process resolved an objection.
type ResolvedHow string

// Ways the process resolves an objection; "" when people said how.
const (
	ResolvedByAmendment ResolvedHow = "amended"
	WithdrawnByAuthor   ResolvedHow = "withdrawn"
)

// Proposal is a proposal item going through the consent process. Its id is
// derived from its agenda item (ProposalID): an item has one proposal.
type Proposal struct {
	ID             uuid.UUID
	Item           uuid.UUID
	Meeting        uuid.UUID
	Stage          Stage
	Versions       []Version // oldest first; the last is the current text
	Responses      map[uuid.UUID]Response
	Objections     []Objection
	Round          int   // consent round number, from 1
	Outcome        Stage // "" until final, then the final stage
	SilenceConsent bool
}

// Proposal field names.
const (
	FieldItem       = "item"
	FieldStage      = "stage"
	FieldVersions   = "versions"
	FieldResponses  = "responses"
	FieldObjections = "objections"
	FieldRound      = "round"
	FieldOutcome    = "outcome"
)

// ProposalID is the deterministic id of the proposal of an agenda item.
func ProposalID(item uuid.UUID) uuid.UUID { return derive("proposal", item.String()) }

// NewProposal presents a proposal with its first text.
func NewProposal(item, meeting uuid.UUID, text string, silenceConsent bool, now time.Time) Proposal {
	return Proposal{ID: ProposalID(item), Item: item, Meeting: meeting, Stage: Presented,
		Versions: []Version{{strings.TrimSpace(text), now}}, Responses: map[uuid.UUID]Response{}, SilenceConsent: silenceConsent}
}

// Clone returns a copy that shares nothing the steps of the process
// change (versions, responses, objections), so that a step can be tried
// on it and dropped.
func (p Proposal) Clone() Proposal {
	p.Versions = slices.Clone(p.Versions)
	p.Objections = slices.Clone(p.Objections)
	p.Responses = maps.Clone(p.Responses)
	return p
}

// Text is the current wording ("" if none).
func (p *Proposal) Text() string {
	if len(p.Versions) == 0 {
		return ""
	}
	return p.Versions[len(p.Versions)-1].Text
}

// Open lists the unresolved objections.
func (p *Proposal) Open() []Objection {
	var out []Objection
	for _, o := range p.Objections {
		if !o.Resolved {
			out = append(out, o)
		}
	}
	return out
}

func (p *Proposal) check(action string, allowed ...Stage) error {
	if p.Stage.Final() {
		return fmt.Errorf("%s: %w (%s)", action, ErrClosed, p.Stage)
	}
	if len(allowed) > 0 && !slices.Contains(allowed, p.Stage) {
		return fmt.Errorf("%s during %s: %w", action, p.Stage, ErrWrongStage)
	}
	return nil
}

// Advance moves to the next stage: presented, clarifying, reactions, then
// the first consent round. From a consent round with an open objection it
// moves to amending; a round without one ends with Adopt. From amending
// the way back is Amend.
func (p *Proposal) Advance() error {
	if err := p.check("advance"); err != nil {
		return err
	}
	switch p.Stage {
	case Presented:
		p.Stage = Clarifying
	case Clarifying:
		p.Stage = Reactions
	case Reactions:
		p.startRound()
	case ConsentRound:
		if len(p.Open()) == 0 {
			return fmt.Errorf("advance from the consent round: nobody objects, so adopt the proposal: %w", ErrWrongStage)
		}
		p.Stage = Amending
	case Amending:
		return fmt.Errorf("advance from amending: amend the text to start a new consent round: %w", ErrWrongStage)
	default:
		return fmt.Errorf("advance from unknown stage %q: %w", p.Stage, ErrWrongStage)
	}
	return nil
}

func (p *Proposal) startRound() {
	p.Stage = ConsentRound
	p.Round++
	p.Responses = map[uuid.UUID]Response{}
}

// Respond records a member's answer in the current consent round,
// replacing an earlier answer of theirs in this round. An objection must
// say why. Any other answer withdraws the member's open objections.
func (p *Proposal) Respond(member uuid.UUID, kind ResponseKind, text string) error {
	if err := p.check("respond", ConsentRound); err != nil {
		return err
	}
	if member == uuid.Nil {
		return fmt.Errorf("respond: no member given")
	}
	text = strings.TrimSpace(text)
	switch kind {
	case ConsentResponse, ConcernResponse, StandAsideResponse:
		for i := range p.Objections {
			o := &p.Objections[i]
			if o.Member == member && !o.Resolved {
				o.Resolved, o.How, o.At = true, WithdrawnByAuthor, p.Round
				o.Resolution = fmt.Sprintf("withdrawn by its author in round %d", p.Round)
			}
		}
	case ObjectionResponse:
		if text == "" {
			return fmt.Errorf("respond: an objection must say what it objects to")
		}
		if prev, ok := p.Responses[member]; ok && prev.Kind == ObjectionResponse && prev.Text == text {
			return nil // the same objection twice
		}
		p.Objections = append(p.Objections, Objection{ID: fmt.Sprintf("o%d", len(p.Objections)+1),
			Member: member, Text: text, Round: p.Round})
	default:
		return fmt.Errorf("respond: unknown response %q: want consent, concern, stand-aside or objection", kind)
	}
	if p.Responses == nil {
		p.Responses = map[uuid.UUID]Response{}
	}
	p.Responses[member] = Response{Kind: kind, Text: text}
	return nil
}

// Resolve marks an objection resolved by discussion, without amendment.
func (p *Proposal) Resolve(objection, resolution string) error {
	if err := p.check("resolve objection", ConsentRound, Amending); err != nil {
		return err
	}
	for i := range p.Objections {
		if o := &p.Objections[i]; o.ID == objection {
			if o.Resolved {
				return fmt.Errorf("resolve objection %s: already resolved", objection)
			}
			o.Resolved, o.Resolution = true, strings.TrimSpace(resolution)
			return nil
		}
	}
	return fmt.Errorf("resolve objection %s: no such objection", objection)
}

// Amend records a new wording that answers open objections: those listed
// in resolves are marked resolved, and a new consent round starts. An
// amendment needs an open objection to answer and a changed text.
func (p *Proposal) Amend(newText string, resolves []string, now time.Time) error {
	if err := p.check("amend", ConsentRound, Amending); err != nil {
		return err
	}
	if len(p.Open()) == 0 {
		return fmt.Errorf("amend: no open objection to answer: %w", ErrWrongStage)
	}
	newText = strings.TrimSpace(newText)
	if newText == "" {
		return fmt.Errorf("amend: the new text is empty")
	}
	if newText == p.Text() {
		return fmt.Errorf("amend: the new text is the same as the current one")
	}
	for _, id := range resolves {
		i := slices.IndexFunc(p.Objections, func(o Objection) bool { return o.ID == id })
		if i < 0 {
			return fmt.Errorf("amend: no objection %s", id)
		}
		if p.Objections[i].Resolved {
			return fmt.Errorf("amend: objection %s is already resolved", id)
		}
	}
	p.Versions = append(p.Versions, Version{newText, now})
	for _, id := range resolves {
		i := slices.IndexFunc(p.Objections, func(o Objection) bool { return o.ID == id })
		o := &p.Objections[i]
		o.Resolved, o.How, o.At = true, ResolvedByAmendment, len(p.Versions)
		o.Resolution = fmt.Sprintf("amended in version %d", len(p.Versions))
	}
	p.startRound()
	return nil
}

// Adopt ends a consent round with adoption. No objection may be open. With
// silence consent, that is all; without it, every member present must also
// have answered in this round.
func (p *Proposal) Adopt(present []uuid.UUID) error {
	if err := p.check("adopt", ConsentRound); err != nil {
		return err
	}
	if n := len(p.Open()); n > 0 {
		return fmt.Errorf("adopt: %d objection(s) still open: amend the proposal or resolve them", n)
	}
	if !p.SilenceConsent {
		missing := 0
		for _, m := range present {
			if _, ok := p.Responses[m]; !ok {
				missing++
			}
		}
		if missing > 0 {
			return fmt.Errorf("adopt: %d present member(s) have not answered, and silence does not give consent at this meeting", missing)
		}
	}
	p.Stage, p.Outcome = Adopted, Adopted
	return nil
}

// Withdraw ends the process: the proposal is withdrawn.
func (p *Proposal) Withdraw() error {
	if err := p.check("withdraw"); err != nil {
		return err
	}
	p.Stage, p.Outcome = Withdrawn, Withdrawn
	return nil
}

// Postpone ends the process for this meeting: the proposal is postponed.
func (p *Proposal) Postpone() error {
	if err := p.check("postpone"); err != nil {
		return err
	}
	p.Stage, p.Outcome = Postponed, Postponed
	return nil
}

// Fields encodes every field of the proposal.
func (p *Proposal) Fields() []crdt.Field {
	versions, objections, responses := p.Versions, p.Objections, p.Responses
	if versions == nil {
		versions = []Version{}
	}
	if objections == nil {
		objections = []Objection{}
	}
	if responses == nil {
		responses = map[uuid.UUID]Response{}
	}
	return []crdt.Field{
		idField(FieldItem, p.Item),
		idField(FieldMeeting, p.Meeting),
		field(FieldStage, string(p.Stage)),
		field(FieldVersions, versions),
		field(FieldResponses, responses),
		field(FieldObjections, objections),
		field(FieldRound, p.Round),
		field(FieldOutcome, string(p.Outcome)),
		field(FieldSilenceConsent, p.SilenceConsent),
	}
}

// ChangedFields encodes only the fields that differ from old.
func (p *Proposal) ChangedFields(old *Proposal) []crdt.Field {
	return changedFields(p.Fields(), old.Fields())
}

// ProposalFromFields decodes a proposal, tolerating missing or bad values.
func ProposalFromFields(id uuid.UUID, f map[string][]byte) Proposal {
	p := Proposal{ID: id, Stage: Presented, Responses: map[uuid.UUID]Response{}, SilenceConsent: true}
	p.Item = getID(f, FieldItem)
	p.Meeting = getID(f, FieldMeeting)
	get(f, FieldStage, &p.Stage)
	get(f, FieldVersions, &p.Versions)
	get(f, FieldResponses, &p.Responses)
	get(f, FieldObjections, &p.Objections)
	get(f, FieldRound, &p.Round)
	get(f, FieldOutcome, &p.Outcome)
	get(f, FieldSilenceConsent, &p.SilenceConsent)
	return p
}

// Validate reports the first problem with the proposal.
func (p *Proposal) Validate() error {
	if p.Item == uuid.Nil || p.Meeting == uuid.Nil {
		return fmt.Errorf("proposal belongs to no agenda item or meeting")
	}
	if strings.TrimSpace(p.Text()) == "" {
		return fmt.Errorf("proposal text is empty")
	}
	switch p.Stage {
	case Presented, Clarifying, Reactions, ConsentRound, Amending, Adopted, Withdrawn, Postponed:
	default:
		return fmt.Errorf("proposal stage %q is unknown", p.Stage)
	}
	if p.Outcome != "" && p.Outcome != p.Stage {
		return fmt.Errorf("proposal outcome %q does not match its stage %q", p.Outcome, p.Stage)
	}
	if p.Stage == Adopted && len(p.Open()) > 0 {
		return fmt.Errorf("proposal is adopted with objections still open")
	}
	return nil
}
