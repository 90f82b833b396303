package replica

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/sync/crdt"
)

// ReleaseCode is the code HR hands one person to read their own report.
type ReleaseCode struct {
	Person uuid.UUID
	Code   string
}

// ReleasedReport is what a person reads of their evaluation once HR has
// released it: the report in the person's view (peer aggregates only,
// from k raters; raters hidden unless the campaign names them) and the
// group's reflections on them.
type ReleasedReport struct {
	Campaign    evaluation.Campaign     `json:"campaign"`
	Grids       []evaluation.Grid       `json:"grids"`
	Report      evaluation.Report       `json:"report"`
	Reflections []evaluation.Reflection `json:"reflections"`
}

// reportID is the record of a person's released report in a campaign.
func reportID(campaign, person uuid.UUID) uuid.UUID {
	return uuid.NewSHA1(campaign, []byte("report/"+person.String()))
}

func reportWhat(person uuid.UUID) string { return "report/" + person.String() }

// ReleaseCampaign lets people read their own report: with this laptop's
// HR key (passphrase) it computes each participant's report in the
// person's view, seals it with the person's reflections to a key derived
// from a code of their own, marks the campaign released, and returns the
// codes for HR to hand out (on paper, in person). Each code is derived
// from the campaign's private key (seal.DerivedCode), never read from a
// record: releasing again (late answers merged since) rewrites every
// report under the same codes, over anything another laptop wrote there.
// The laptops that relay the reports read none of them. Answers or
// reflections that do not open are left out: the codes are then returned
// with an error wrapping seal.ErrCannotOpen that names them.
func (r *Replica) ReleaseCampaign(ctx context.Context, campaign uuid.UUID, passphrase []byte) ([]ReleaseCode, error) {
	c, err := r.Campaign(campaign)
	if err != nil {
		return nil, err
	}
	key, err := r.campaignKey(campaign, passphrase)
	if err != nil {
		return nil, fmt.Errorf("release %q: %w", c.Name, err)
	}
	// A record that does not open (tampered, moved) is left out and said,
	// as in HR's reports: one bad record must not hold every report back.
	answers, refusedA := r.answers(ctx, campaign, key)
	if refusedA != nil && !errors.Is(refusedA, seal.ErrCannotOpen) {
		return nil, fmt.Errorf("release %q: %w", c.Name, refusedA)
	}
	refs, refusedR := r.reflections(ctx, campaign, key)
	if refusedR != nil && !errors.Is(refusedR, seal.ErrCannotOpen) {
		return nil, fmt.Errorf("release %q: %w", c.Name, refusedR)
	}
	grids, _, err := r.CampaignGrids(campaign)
	if err != nil {
		return nil, fmt.Errorf("release %q: %w", c.Name, err)
	}
	c.Visibility.Released = true
	ops := []crdt.Op{r.campaignOp(c)}
	codes := make([]ReleaseCode, 0, len(c.Participants))
	for _, p := range c.Participants {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		id := reportID(campaign, p)
		code, err := seal.DerivedCode(key, reportWhat(p))
		if err != nil {
			return nil, fmt.Errorf("release %q: %w", c.Name, err)
		}
		rep, err := evaluation.PersonReport(&c, grids, answers, p, evaluation.PersonView)
		if err != nil {
			return nil, fmt.Errorf("release %q: report of %s: %w", c.Name, r.memberName(p), err)
		}
		out := ReleasedReport{Campaign: c, Grids: grids, Report: rep}
		for _, ref := range refs {
			if ref.Person == p {
				out.Reflections = append(out.Reflections, ref)
			}
		}
		plain, err := json.Marshal(out)
		if err != nil {
			return nil, fmt.Errorf("release %q: %w", c.Name, err)
		}
		personKey, err := seal.CodeKey(code, id[:])
		if err != nil {
			return nil, err
		}
		sealed, err := seal.SealKind(personKey.PublicKey(), seal.KindReport, seal.Binding{Campaign: campaign, Evaluated: p}, plain)
		if err != nil {
			return nil, fmt.Errorf("release %q: %w", c.Name, err)
		}
		fields := []crdt.Field{
			{Name: evaluation.FieldCampaign, Value: campaign[:]},
			{Name: fieldPerson, Value: p[:]},
			{Name: fieldPublic, Value: personKey.PublicKey().Bytes()},
			{Name: fieldContent, Value: sealed},
		}
		ops = append(ops, crdt.Set(id, konbit.TypeReleasedReport, fields...))
		codes = append(codes, ReleaseCode{Person: p, Code: code})
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return nil, fmt.Errorf("release %q: %w", c.Name, err)
	}
	if refused := errors.Join(refusedA, refusedR); refused != nil {
		return codes, fmt.Errorf("released %q without the records that did not open: %w", c.Name, refused)
	}
	return codes, nil
}

// ReleaseCodes lists the codes of a released campaign's reports, opened
// with this laptop's HR key, in participant order.
func (r *Replica) ReleaseCodes(ctx context.Context, campaign uuid.UUID, passphrase []byte) ([]ReleaseCode, error) {
	c, err := r.Campaign(campaign)
	if err != nil {
		return nil, err
	}
	key, err := r.campaignKey(campaign, passphrase)
	if err != nil {
		return nil, err
	}
	var out []ReleaseCode
	for _, p := range c.Participants {
		if rec, _ := r.view.Get(reportID(campaign, p)); rec == nil || rec.Type != konbit.TypeReleasedReport {
			continue
		}
		code, err := seal.DerivedCode(key, reportWhat(p))
		if err != nil {
			return nil, err
		}
		out = append(out, ReleaseCode{Person: p, Code: code})
	}
	return out, nil
}

// ReportReleased reports whether HR has released the person's report:
// whether its record is here. The campaign's own Released flag can be
// overwritten by a concurrent edit of the campaign on a laptop that had
// not seen the release; the record cannot be unreleased.
func (r *Replica) ReportReleased(campaign, person uuid.UUID) bool {
	rec, _ := r.view.Get(reportID(campaign, person))
	return rec != nil && rec.Type == konbit.TypeReleasedReport
}

// MyReport opens a person's released report with the code HR gave them.
// Before HR releases it: evaluation.ErrNotReleased; a wrong code:
// ErrWrongCode.
func (r *Replica) MyReport(ctx context.Context, campaign, person uuid.UUID, code string) (ReleasedReport, error) {
	c, err := r.Campaign(campaign)
	if err != nil {
		return ReleasedReport{}, err
	}
	if !c.HasParticipant(person) {
		return ReleasedReport{}, fmt.Errorf("report of %s in %q: %w", r.memberName(person), c.Name, evaluation.ErrNotParticipant)
	}
	id := reportID(campaign, person)
	if rec, _ := r.view.Get(id); rec == nil || rec.Type != konbit.TypeReleasedReport {
		return ReleasedReport{}, fmt.Errorf("report of %s in %q: %w", r.memberName(person), c.Name, evaluation.ErrNotReleased)
	}
	key, err := r.codeKey(id, konbit.TypeReleasedReport, code)
	if err != nil {
		return ReleasedReport{}, fmt.Errorf("report of %s in %q: %w", r.memberName(person), c.Name, err)
	}
	rec, _ := r.view.Get(id)
	plain, err := seal.OpenKind(key, seal.KindReport, seal.Binding{Campaign: campaign, Evaluated: person}, rec.Fields[fieldContent])
	if err != nil {
		return ReleasedReport{}, fmt.Errorf("report of %s in %q: %w", r.memberName(person), c.Name, err)
	}
	var out ReleasedReport
	if err := json.Unmarshal(plain, &out); err != nil {
		return ReleasedReport{}, fmt.Errorf("report of %s in %q: %w: %v", r.memberName(person), c.Name, seal.ErrCannotOpen, err)
	}
	if out.Report.Person != person || out.Campaign.ID != campaign {
		return ReleasedReport{}, fmt.Errorf("report of %s in %q: %w", r.memberName(person), c.Name, seal.ErrCannotOpen)
	}
	return out, nil
}
