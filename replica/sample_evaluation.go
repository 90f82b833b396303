package replica

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/meetings"
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
	Reflections  int
	Actions      int
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
// two sessions, every grid filled for self and peers, a reflection and an
// action plan for each person, the reports released. This laptop becomes
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
	if com, err := r.FindCommittee(sampleHRCommittee); err == nil {
		c.Committee = com.ID
	}
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
					grid := sampleAnswers(rng, c.ID, g, ev, ed, level[ed])
					if err := r.SubmitGrid(ctx, grid); err != nil {
						return c, n, fmt.Errorf("sample campaign: %w", err)
					}
					n.Answers += len(grid)
				}
			}
		}
	}
	if err := r.sampleReflections(ctx, rng, c, &n); err != nil {
		return c, n, err
	}
	// Finished means released: each person can read their own report with
	// the code HR hands them (the HR screen lists the codes).
	if _, err := r.ReleaseCampaign(ctx, c.ID, passphrase); err != nil {
		return c, n, fmt.Errorf("sample campaign: %w", err)
	}
	c, err = r.Campaign(c.ID)
	return c, n, err
}

// Reflection answers and plan items the groups of 2011 could have written,
// per question, drawn at random.
var (
	sampleReflection = map[string][]string{
		evaluation.QuestionImprove: {
			"Prendre la parole plus tôt dans les discussions de comité plutôt qu'après la réunion.",
			"Bloquer du temps chaque semaine pour le suivi des dossiers en retard.",
			"Demander de l'aide dès qu'une échéance risque de glisser.",
		},
		evaluation.QuestionOrgHelp: {
			"Un mentorat de trois mois avec une personne d'expérience du comité Technique.",
			"Une formation en gestion du temps payée par la coop.",
			"Alléger sa participation aux comités : cinq, c'est trop.",
		},
		evaluation.QuestionShowcase: {
			"Présenter son travail sur Aegir à la prochaine assemblée.",
			"La citer comme personne-ressource sur le wiki.",
			"Lui confier l'accueil des nouvelles personnes.",
		},
		evaluation.QuestionShare: {
			"Animer un atelier interne d'une heure sur ce qu'il ou elle maîtrise.",
			"Documenter ses façons de faire sur le wiki.",
			"Faire du travail en binôme avec les nouveaux.",
		},
		evaluation.QuestionRelations: {
			"Se donner du feedback plus souvent, pas seulement à l'évaluation annuelle.",
			"Dire les choses en face, avec bienveillance, plutôt que par courriel.",
			"Un dîner d'équipe par mois.",
		},
	}
	sampleActions = []string{
		"Suivre une formation en gestion du temps",
		"Animer un atelier interne sur Drupal",
		"Faire le point avec sa personne mentor",
		"Documenter la procédure de facturation sur le wiki",
		"Réduire sa participation à deux comités",
	}
)

// sampleReflections writes, for every participant, the collective
// reflection of their work group and an action plan of one or two items
// (most done, some still open, given to the person or the HR committee).
func (r *Replica) sampleReflections(ctx context.Context, rng *rand.Rand, c evaluation.Campaign, n *SampleCampaignCounts) error {
	for _, p := range c.Participants {
		ref := evaluation.Reflection{Campaign: c.ID, Session: evaluation.SessionWork, Person: p, Answers: map[string]string{}}
		for _, q := range evaluation.ReflectionQuestions() {
			pool := sampleReflection[q]
			ref.Answers[q] = pool[rng.IntN(len(pool))]
		}
		if err := r.SaveReflection(ctx, ref); err != nil {
			return fmt.Errorf("sample campaign: %w", err)
		}
		n.Reflections++
		for i := range 1 + rng.IntN(2) {
			a := meetings.Action{Campaign: c.ID, About: p, Owner: p,
				Text: sampleActions[rng.IntN(len(sampleActions))], Due: fmt.Sprintf("2011-%02d-15", 6+i*3)}
			if i == 1 && c.Committee != uuid.Nil {
				a.Owner, a.OwnerIsCommittee = c.Committee, true
			}
			if rng.IntN(4) != 0 {
				a.Done, a.DoneAt = true, time.Date(2011, time.Month(5+i*3), 20, 17, 0, 0, 0, time.UTC)
			}
			if _, err := r.SaveEvaluationAction(ctx, a); err != nil {
				return fmt.Errorf("sample campaign: %w", err)
			}
			n.Actions++
		}
	}
	return nil
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
