package replica

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/trust"
)

// SampleCampaignName is the name of the demo's finished campaign.
const SampleCampaignName = "Évaluation 2011"

// sampleHRCommittee is the sample organisation's HR committee, whose
// members run the demo campaign.
const sampleHRCommittee = "Embauche / RH"

// SampleCampaignCounts says what LoadSampleCampaign wrote.
type SampleCampaignCounts struct {
	Participants int
	Groups       int
	Answers      int
	// HR names the HR member whose key this laptop now holds, locked by
	// the passphrase given.
	HR konbit.Member
}

// Short French comments, as the 2011 groups wrote them, drawn at random.
var (
	sampleCommentsHigh = []string{
		"Toujours disponible pour aider.",
		"Explique clairement, même aux nouveaux.",
		"Très bon suivi des dossiers.",
		"Apporte des idées concrètes en réunion.",
		"On peut compter sur elle ou lui.",
	}
	sampleCommentsLow = []string{
		"Pourrait partager davantage ce qu'il ou elle sait.",
		"Parfois difficile à joindre.",
		"Gagnerait à prendre plus la parole en comité.",
		"Les échéances glissent un peu.",
	}
	sampleOverall = []string{
		"Belle année, merci pour ton engagement.",
		"Un pilier de l'équipe ; attention à ne pas t'épuiser.",
		"Bonne progression depuis l'an dernier.",
		"J'aimerais qu'on travaille plus souvent ensemble.",
		"Continue comme ça !",
	}
)

// LoadSampleCampaign adds to the sample organisation (LoadSample) a
// finished 2011-style campaign: the 24 workers in groups of four for the
// two sessions, every grid filled for self and peers. This laptop becomes
// the first HR committee member's, its key locked by passphrase with
// costs p. A campaign needs two keyed HR members: the second one's key
// pair is made here and only its public key is published, as if from a
// laptop that is not part of the demo (its private key is forgotten, so
// the campaign is readable here only). Scores and comments come from a
// fixed seed: the same demo each time.
func (r *Replica) LoadSampleCampaign(ctx context.Context, passphrase []byte, p seal.Params) (evaluation.Campaign, SampleCampaignCounts, error) {
	var n SampleCampaignCounts
	hr, err := r.sampleHRMembers()
	if err != nil {
		return evaluation.Campaign{}, n, err
	}
	n.HR = hr[0]
	if err := r.CreateHRKey(ctx, hr[0].ID, passphrase, p); err != nil {
		return evaluation.Campaign{}, n, fmt.Errorf("sample campaign: %w", err)
	}
	if err := r.publishSampleHRKey(ctx, hr[1].ID); err != nil {
		return evaluation.Campaign{}, n, err
	}

	c := evaluation.NewCampaign(uuid.Nil, SampleCampaignName, "2011-03-14", "2011-04-15")
	c.HR = []uuid.UUID{hr[0].ID, hr[1].ID}
	ms, _ := r.Members()
	for _, m := range ms {
		if m.Category != konbit.External {
			c.Participants = append(c.Participants, m.ID)
		}
	}
	n.Participants = len(c.Participants)
	if c, err = r.CreateCampaign(ctx, c); err != nil {
		return c, n, fmt.Errorf("sample campaign: %w", err)
	}
	plan, err := r.FormGroups(ctx, c.ID, 2011)
	if err != nil {
		return c, n, fmt.Errorf("sample campaign: %w", err)
	}
	grids, _, err := r.CampaignGrids(c.ID)
	if err != nil {
		return c, n, fmt.Errorf("sample campaign: %w", err)
	}
	rng := rand.New(rand.NewPCG(2011, 14))
	// Each person has a level the group broadly agrees on; self scores
	// stray a little from it, and peers sometimes cannot say.
	level := map[uuid.UUID]int{}
	for _, id := range c.Participants {
		level[id] = 3 + rng.IntN(2)
	}
	for _, s := range plan.Sessions {
		gi := slices.IndexFunc(grids, func(g evaluation.Grid) bool { return g.Session == s.Name })
		if gi < 0 {
			return c, n, fmt.Errorf("sample campaign: no grid for session %s", s.Name)
		}
		g := grids[gi]
		for _, group := range s.Groups {
			n.Groups++
			for _, ev := range group {
				for _, ed := range group {
					for _, a := range sampleAnswers(rng, c.ID, g, ev, ed, level[ed]) {
						if err := r.SubmitAnswer(ctx, a); err != nil {
							return c, n, fmt.Errorf("sample campaign: %w", err)
						}
						n.Answers++
					}
				}
			}
		}
	}
	return c, n, nil
}

// sampleAnswers is ev's filled grid g on ed, whose level is base.
func sampleAnswers(rng *rand.Rand, campaign uuid.UUID, g evaluation.Grid, ev, ed uuid.UUID, base int) []evaluation.Answer {
	var out []evaluation.Answer
	for _, cr := range g.Criteria {
		a := evaluation.Answer{Campaign: campaign, Session: g.Session, Criterion: cr.Key, Evaluator: ev, Evaluated: ed}
		if ev != ed && rng.IntN(12) == 0 {
			a.CantSay = true
		} else {
			a.Score = min(5, max(2, base+rng.IntN(3)-1))
			switch {
			case a.Score >= 4 && rng.IntN(4) == 0:
				a.Comment = sampleCommentsHigh[rng.IntN(len(sampleCommentsHigh))]
			case a.Score <= 2 && rng.IntN(2) == 0:
				a.Comment = sampleCommentsLow[rng.IntN(len(sampleCommentsLow))]
			}
		}
		out = append(out, a)
	}
	if ev != ed && rng.IntN(3) == 0 {
		out = append(out, evaluation.Answer{Campaign: campaign, Session: g.Session, Criterion: evaluation.OverallKey,
			Evaluator: ev, Evaluated: ed, Comment: sampleOverall[rng.IntN(len(sampleOverall))]})
	}
	return out
}

// sampleHRMembers is two regular members of the HR committee, by name.
func (r *Replica) sampleHRMembers() ([2]konbit.Member, error) {
	var out [2]konbit.Member
	com, err := r.FindCommittee(sampleHRCommittee)
	if err != nil {
		return out, fmt.Errorf("sample campaign: %w", err)
	}
	mss, _ := r.Memberships()
	var hr []konbit.Member
	for _, ms := range mss {
		if ms.Committee == com.ID && !ms.Occasional {
			if m, err := r.Member(ms.Member); err == nil && m.Category != konbit.External {
				hr = append(hr, m)
			}
		}
	}
	if len(hr) < 2 {
		return out, fmt.Errorf("sample campaign: the committee %q has %d regular members, need 2", sampleHRCommittee, len(hr))
	}
	slices.SortFunc(hr, func(a, b konbit.Member) int { return strings.Compare(a.Name, b.Name) })
	copy(out[:], hr)
	return out, nil
}

// publishSampleHRKey publishes a fresh HR public key for member from this
// laptop and forgets the private key: the demo's stand-in for the second
// HR member's own laptop.
func (r *Replica) publishSampleHRKey(ctx context.Context, member uuid.UUID) error {
	key, err := seal.NewKey()
	if err != nil {
		return fmt.Errorf("sample campaign: %w", err)
	}
	dev := r.Device()
	op := crdt.Set(trust.HRKeyID(member, dev), konbit.TypeHRKey,
		crdt.Field{Name: trust.HRKeyFieldMember, Value: member[:]},
		crdt.Field{Name: trust.HRKeyFieldDevice, Value: dev[:]},
		crdt.Field{Name: trust.HRKeyFieldPublic, Value: key.PublicKey().Bytes()})
	if _, err := r.Commit(ctx, op); err != nil {
		return fmt.Errorf("sample campaign: publish an HR key: %w", err)
	}
	return nil
}
