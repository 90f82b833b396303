package replica

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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

// SubmitAnswer checks an answer against its campaign and grid, seals its
// score, "can't say" and comment to the campaign's public key, bound to
// who and what it is about, and writes it. No HR key is needed: anyone
// fills a grid on any laptop.
func (r *Replica) SubmitAnswer(ctx context.Context, a evaluation.Answer) error {
	c, err := r.Campaign(a.Campaign)
	if err != nil {
		return err
	}
	grids, _, err := r.CampaignGrids(c.ID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(grids, func(g evaluation.Grid) bool { return g.Session == a.Session })
	if i < 0 {
		return fmt.Errorf("answer: campaign %q has no grid for session %q", c.Name, a.Session)
	}
	if err := a.Validate(&c, &grids[i]); err != nil {
		return err
	}
	pub, err := r.CampaignPublicKey(c.ID)
	if err != nil {
		return err
	}
	plain, err := json.Marshal(sealedContent{Score: a.Score, CantSay: a.CantSay, Comment: a.Comment})
	if err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	b := bindingOf(a)
	sealed, err := seal.Seal(pub, b, plain)
	if err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	op := crdt.Set(AnswerID(b), konbit.TypeAnswer,
		crdt.Field{Name: evaluation.FieldCampaign, Value: a.Campaign[:]},
		crdt.Field{Name: fieldSession, Value: []byte(a.Session)},
		crdt.Field{Name: fieldCriterion, Value: []byte(a.Criterion)},
		crdt.Field{Name: fieldEvaluator, Value: a.Evaluator[:]},
		crdt.Field{Name: fieldEvaluated, Value: a.Evaluated[:]},
		crdt.Field{Name: fieldContent, Value: sealed})
	if _, err := r.Commit(ctx, op); err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	return nil
}

// sealedAnswer is an answer record: the clear binding and the ciphertext.
type sealedAnswer struct {
	id      uuid.UUID
	binding seal.Binding
	content []byte
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
		out = append(out, sealedAnswer{id: rec.ID, content: rec.Fields[fieldContent], binding: seal.Binding{
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
	var out []evaluation.Answer
	var bad []error
	for _, s := range r.sealedAnswers(campaign) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		plain, err := seal.Open(key, s.binding, s.content)
		var c sealedContent
		if err == nil {
			if jerr := json.Unmarshal(plain, &c); jerr != nil {
				err = fmt.Errorf("%w: %v", seal.ErrCannotOpen, jerr)
			}
		}
		if err != nil {
			bad = append(bad, fmt.Errorf("answer %s (session %s, criterion %q, by %s about %s): %w",
				s.id, s.binding.Session, s.binding.Criterion, r.memberName(s.binding.Evaluator), r.memberName(s.binding.Evaluated), err))
			continue
		}
		b := s.binding
		out = append(out, evaluation.Answer{Campaign: b.Campaign, Session: b.Session, Criterion: b.Criterion,
			Evaluator: b.Evaluator, Evaluated: b.Evaluated, Score: c.Score, CantSay: c.CantSay, Comment: c.Comment})
	}
	if len(bad) > 0 {
		return out, fmt.Errorf("%d answer(s) refused: %w", len(bad), errors.Join(bad...))
	}
	return out, nil
}
