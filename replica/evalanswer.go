package replica

import (
	"context"
	"crypto/ecdh"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/sync/crdt"
)

// Fields of an answer record. Only who and what the answer is about are
// clear (to open it, and for the completeness view); its content is
// sealed to the campaign's key.
const (
	fieldSession   = "session"
	fieldCriterion = "criterion"
	fieldEvaluator = "evaluator"
	fieldEvaluated = "evaluated"
	fieldContent   = "content"
	// fieldGroupContent is the same content sealed to the key of the
	// group (fieldGroup) for its reveal.
	fieldGroupContent = "group_content"
)

// sealedContent is what an answer record seals.
type sealedContent struct {
	Score   int    `json:"score"`
	CantSay bool   `json:"cant_say"`
	Comment string `json:"comment"`
}

// AnswerID is the id of the record of an answer: one per binding, so that a
// re-submission replaces the earlier answer.
func AnswerID(b seal.Binding) uuid.UUID {
	return uuid.NewSHA1(b.Campaign, []byte("answer/"+b.Session+"/"+b.Criterion+"/"+b.Evaluator.String()+"/"+b.Evaluated.String()))
}

func bindingOf(a evaluation.Answer) seal.Binding {
	return seal.Binding{Campaign: a.Campaign, Session: a.Session, Criterion: a.Criterion, Evaluator: a.Evaluator, Evaluated: a.Evaluated}
}

// SubmitAnswer checks an answer against its campaign and grid and writes
// it sealed (see SubmitGrid).
func (r *Replica) SubmitAnswer(ctx context.Context, a evaluation.Answer) error {
	return r.SubmitGrid(ctx, []evaluation.Answer{a})
}

// SubmitGrid checks answers against their campaign and grids, seals each
// one's score, "can't say" and comment to the campaign's public key, and
// to the key of the evaluator's group when the evaluated person is in it
// (for the group's own reveal), bound to who and what it is about, and
// writes them all in one change: a grid is submitted whole or not at all.
// No HR key is needed: anyone fills a grid on any laptop.
func (r *Replica) SubmitGrid(ctx context.Context, answers []evaluation.Answer) error {
	if len(answers) == 0 {
		return nil
	}
	ops := make([]crdt.Op, 0, len(answers))
	for _, a := range answers {
		op, err := r.answerOp(a)
		if err != nil {
			return err
		}
		ops = append(ops, op)
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	return nil
}

// answerOp validates and seals one answer.
func (r *Replica) answerOp(a evaluation.Answer) (crdt.Op, error) {
	c, err := r.Campaign(a.Campaign)
	if err != nil {
		return crdt.Op{}, err
	}
	grids, _, err := r.CampaignGrids(c.ID)
	if err != nil {
		return crdt.Op{}, err
	}
	i := slices.IndexFunc(grids, func(g evaluation.Grid) bool { return g.Session == a.Session })
	if i < 0 {
		return crdt.Op{}, fmt.Errorf("answer: campaign %q has no grid for session %q", c.Name, a.Session)
	}
	if err := a.Validate(&c, &grids[i]); err != nil {
		return crdt.Op{}, err
	}
	pub, err := r.CampaignPublicKey(c.ID)
	if err != nil {
		return crdt.Op{}, err
	}
	plain, err := json.Marshal(sealedContent{Score: a.Score, CantSay: a.CantSay, Comment: a.Comment})
	if err != nil {
		return crdt.Op{}, fmt.Errorf("answer: %w", err)
	}
	b := bindingOf(a)
	sealed, err := seal.Seal(pub, b, plain)
	if err != nil {
		return crdt.Op{}, fmt.Errorf("answer: %w", err)
	}
	fields := []crdt.Field{
		{Name: evaluation.FieldCampaign, Value: a.Campaign[:]},
		{Name: fieldSession, Value: []byte(a.Session)},
		{Name: fieldCriterion, Value: []byte(a.Criterion)},
		{Name: fieldEvaluator, Value: a.Evaluator[:]},
		{Name: fieldEvaluated, Value: a.Evaluated[:]},
		{Name: fieldContent, Value: sealed},
	}
	gf, err := r.groupSealed(c.ID, a.Session, a.Evaluator, a.Evaluated, func(pub *ecdh.PublicKey) ([]byte, error) {
		return seal.Seal(pub, b, plain)
	})
	if err != nil {
		return crdt.Op{}, fmt.Errorf("answer: %w", err)
	}
	return crdt.Set(AnswerID(b), konbit.TypeAnswer, append(fields, gf...)...), nil
}

// groupSealed seals, with sealTo, to the key of the group of a session
// that holds both who and about, and returns the fields naming the group
// and holding the ciphertext; none when they share no group with a key.
func (r *Replica) groupSealed(campaign uuid.UUID, session string, who, about uuid.UUID, sealTo func(*ecdh.PublicKey) ([]byte, error)) ([]crdt.Field, error) {
	g, members, ok := r.GroupOf(campaign, session, who)
	if !ok || !slices.Contains(members, about) {
		return nil, nil
	}
	pub, ok := r.revealPublic(campaign, session, g)
	if !ok {
		return nil, nil
	}
	sealed, err := sealTo(pub)
	if err != nil {
		return nil, err
	}
	return []crdt.Field{
		{Name: fieldGroup, Value: []byte(strconv.Itoa(g))},
		{Name: fieldGroupContent, Value: sealed},
	}, nil
}

// RevealGroup opens, with the group's code, the answers of a group of a
// session whose evaluator and evaluated person are both in it: what the
// group looks at together before its collective reflection. A wrong code
// gets ErrWrongCode and nothing. Answers sealed to the group under another
// membership (moved by hand since) open as long as both people are still
// in it.
func (r *Replica) RevealGroup(ctx context.Context, campaign uuid.UUID, session string, group int, code string) ([]evaluation.Answer, error) {
	if group < 0 {
		return nil, fmt.Errorf("reveal: no group %d", group)
	}
	key, err := r.codeKey(revealKeyID(campaign, session, group), konbit.TypeRevealKey, code)
	if err != nil {
		return nil, fmt.Errorf("reveal group %d of session %s: %w", group+1, session, err)
	}
	sessions, _, err := r.Groups(campaign)
	if err != nil {
		return nil, err
	}
	var members []uuid.UUID
	for _, s := range sessions {
		if s.Name == session && group < len(s.Groups) {
			members = s.Groups[group]
		}
	}
	var out []evaluation.Answer
	var bad []error
	want := strconv.Itoa(group)
	for _, s := range r.sealedAnswers(campaign) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b := s.binding
		if b.Session != session || s.group != want || !slices.Contains(members, b.Evaluator) || !slices.Contains(members, b.Evaluated) {
			continue
		}
		a, err := openAnswer(key, b, s.groupContent)
		if err != nil {
			bad = append(bad, fmt.Errorf("answer %s (criterion %q, by %s about %s): %w",
				s.id, b.Criterion, r.memberName(b.Evaluator), r.memberName(b.Evaluated), err))
			continue
		}
		out = append(out, a)
	}
	if len(bad) > 0 {
		return out, fmt.Errorf("%d answer(s) refused: %w", len(bad), errors.Join(bad...))
	}
	return out, nil
}

// openAnswer opens one sealed answer with key.
func openAnswer(key *ecdh.PrivateKey, b seal.Binding, sealed []byte) (evaluation.Answer, error) {
	plain, err := seal.Open(key, b, sealed)
	var c sealedContent
	if err == nil {
		if jerr := json.Unmarshal(plain, &c); jerr != nil {
			err = fmt.Errorf("%w: %v", seal.ErrCannotOpen, jerr)
		}
	}
	if err != nil {
		return evaluation.Answer{}, err
	}
	return evaluation.Answer{Campaign: b.Campaign, Session: b.Session, Criterion: b.Criterion,
		Evaluator: b.Evaluator, Evaluated: b.Evaluated, Score: c.Score, CantSay: c.CantSay, Comment: c.Comment}, nil
}

// sealedAnswer is an answer record: the clear binding and the ciphertext.
type sealedAnswer struct {
	id           uuid.UUID
	binding      seal.Binding
	content      []byte
	group        string // index of the group whose key groupContent is sealed to
	groupContent []byte
}

// sealedAnswers lists a campaign's answer records, in a stable order.
// Records whose clear fields do not parse are skipped.
func (r *Replica) sealedAnswers(campaign uuid.UUID) []sealedAnswer {
	recs, _ := r.view.ByType(konbit.TypeAnswer)
	var out []sealedAnswer
	for _, rec := range recs {
		c, err1 := uuid.FromBytes(rec.Fields[evaluation.FieldCampaign])
		ev, err2 := uuid.FromBytes(rec.Fields[fieldEvaluator])
		ed, err3 := uuid.FromBytes(rec.Fields[fieldEvaluated])
		if err1 != nil || err2 != nil || err3 != nil || c != campaign {
			continue
		}
		out = append(out, sealedAnswer{id: rec.ID, content: rec.Fields[fieldContent],
			group: string(rec.Fields[fieldGroup]), groupContent: rec.Fields[fieldGroupContent], binding: seal.Binding{
				Campaign: c, Session: string(rec.Fields[fieldSession]), Criterion: string(rec.Fields[fieldCriterion]),
				Evaluator: ev, Evaluated: ed}})
	}
	slices.SortFunc(out, func(a, b sealedAnswer) int { return strings.Compare(a.id.String(), b.id.String()) })
	return out
}

// AnswerStatus lists who has answered what in a campaign from the clear
// fields only (no key needed): the answers carry no score nor comment.
// It is what the completeness view needs.
func (r *Replica) AnswerStatus(campaign uuid.UUID) []evaluation.Answer {
	var out []evaluation.Answer
	for _, s := range r.sealedAnswers(campaign) {
		b := s.binding
		out = append(out, evaluation.Answer{Campaign: b.Campaign, Session: b.Session, Criterion: b.Criterion,
			Evaluator: b.Evaluator, Evaluated: b.Evaluated})
	}
	return out
}

// Completeness is the campaign's completeness per session and group, from
// the stored groups and the answers' clear fields: no key needed.
func (r *Replica) Completeness(campaign uuid.UUID) ([]evaluation.GroupFill, error) {
	c, err := r.Campaign(campaign)
	if err != nil {
		return nil, err
	}
	grids, _, err := r.CampaignGrids(campaign)
	if err != nil {
		return nil, err
	}
	sessions, _, err := r.Groups(campaign)
	if err != nil {
		return nil, err
	}
	groups := map[string][][]uuid.UUID{}
	for _, s := range sessions {
		groups[s.Name] = s.Groups
	}
	return evaluation.Completeness(&c, grids, r.AnswerStatus(campaign), groups)
}

// ReadAnswers opens a campaign's answers with this laptop's HR key,
// unlocked by passphrase. A laptop without an HR key gets ErrNoHRKey, one
// whose key was not granted the campaign ErrNotGranted, a wrong passphrase
// seal.ErrWrongPassphrase: none reads anything. An answer that does not
// open (tampered, or moved to another person or criterion) is left out
// and reported: the error then wraps seal.ErrCannotOpen, beside the
// answers that did open.
func (r *Replica) ReadAnswers(ctx context.Context, campaign uuid.UUID, passphrase []byte) ([]evaluation.Answer, error) {
	key, err := r.campaignKey(campaign, passphrase)
	if err != nil {
		return nil, err
	}
	return r.answers(ctx, campaign, key)
}

// answers opens a campaign's answers with its private key.
func (r *Replica) answers(ctx context.Context, campaign uuid.UUID, key *ecdh.PrivateKey) ([]evaluation.Answer, error) {
	var out []evaluation.Answer
	var bad []error
	for _, s := range r.sealedAnswers(campaign) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		a, err := openAnswer(key, s.binding, s.content)
		if err != nil {
			bad = append(bad, fmt.Errorf("answer %s (session %s, criterion %q, by %s about %s): %w",
				s.id, s.binding.Session, s.binding.Criterion, r.memberName(s.binding.Evaluator), r.memberName(s.binding.Evaluated), err))
			continue
		}
		out = append(out, a)
	}
	if len(bad) > 0 {
		return out, fmt.Errorf("%d answer(s) refused: %w", len(bad), errors.Join(bad...))
	}
	return out, nil
}

// CampaignContent is what HR reads of a campaign with its key.
type CampaignContent struct {
	Answers     []evaluation.Answer
	Reflections []evaluation.Reflection
}

// ReadCampaign opens a campaign's answers and reflections with one unlock
// of this laptop's HR key (one Argon2id derivation, not one per kind).
// Errors are ReadAnswers's; records that do not open are reported beside
// those that do, the error then wrapping seal.ErrCannotOpen.
func (r *Replica) ReadCampaign(ctx context.Context, campaign uuid.UUID, passphrase []byte) (CampaignContent, error) {
	key, err := r.campaignKey(campaign, passphrase)
	if err != nil {
		return CampaignContent{}, err
	}
	answers, err1 := r.answers(ctx, campaign, key)
	if err1 != nil && !errors.Is(err1, seal.ErrCannotOpen) {
		return CampaignContent{}, err1
	}
	refs, err2 := r.reflections(ctx, campaign, key)
	if err2 != nil && !errors.Is(err2, seal.ErrCannotOpen) {
		return CampaignContent{}, err2
	}
	return CampaignContent{Answers: answers, Reflections: refs}, errors.Join(err1, err2)
}
