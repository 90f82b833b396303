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

// fieldPerson names the person a reflection or a released report is about.
const fieldPerson = "person"

// reflectionID is the one record of a person's reflection in a session:
// the group co-writes it on one screen, and a later save replaces it.
func reflectionID(campaign uuid.UUID, session string, person uuid.UUID) uuid.UUID {
	return uuid.NewSHA1(campaign, []byte("reflection/"+session+"/"+person.String()))
}

func reflectionBinding(ref evaluation.Reflection) seal.Binding {
	return seal.Binding{Campaign: ref.Campaign, Session: ref.Session, Evaluated: ref.Person}
}

// SaveReflection writes a group's collective reflection on one person,
// sealed to the campaign's key (for HR and the person's released report)
// and to the key of the person's group in that session (so that the group
// reopens it with its code to go on writing). Nothing of it is clear but
// who it is about.
func (r *Replica) SaveReflection(ctx context.Context, ref evaluation.Reflection) error {
	c, err := r.Campaign(ref.Campaign)
	if err != nil {
		return err
	}
	if err := ref.Validate(&c); err != nil {
		return err
	}
	pub, err := r.CampaignPublicKey(c.ID)
	if err != nil {
		return err
	}
	plain, err := json.Marshal(ref)
	if err != nil {
		return fmt.Errorf("reflection: %w", err)
	}
	b := reflectionBinding(ref)
	sealed, err := seal.SealKind(pub, seal.KindReflection, b, plain)
	if err != nil {
		return fmt.Errorf("reflection: %w", err)
	}
	fields := []crdt.Field{
		{Name: evaluation.FieldCampaign, Value: c.ID[:]},
		{Name: fieldSession, Value: []byte(ref.Session)},
		{Name: fieldPerson, Value: ref.Person[:]},
		{Name: fieldContent, Value: sealed},
	}
	gf, err := r.groupSealed(c.ID, ref.Session, ref.Person, ref.Person, func(pub *ecdh.PublicKey) ([]byte, error) {
		return seal.SealKind(pub, seal.KindReflection, b, plain)
	})
	if err != nil {
		return fmt.Errorf("reflection: %w", err)
	}
	id := reflectionID(c.ID, ref.Session, ref.Person)
	if _, err := r.Commit(ctx, crdt.Set(id, konbit.TypeReflection, append(fields, gf...)...)); err != nil {
		return fmt.Errorf("save reflection: %w", err)
	}
	return nil
}

// openReflection opens one sealed reflection and checks it is about what
// its record says.
func openReflection(key *ecdh.PrivateKey, b seal.Binding, sealed []byte) (evaluation.Reflection, error) {
	plain, err := seal.OpenKind(key, seal.KindReflection, b, sealed)
	if err != nil {
		return evaluation.Reflection{}, err
	}
	ref, err := evaluation.DecodeReflection(plain)
	if err != nil {
		return evaluation.Reflection{}, fmt.Errorf("%w: %v", seal.ErrCannotOpen, err)
	}
	if ref.Campaign != b.Campaign || ref.Session != b.Session || ref.Person != b.Evaluated {
		return evaluation.Reflection{}, seal.ErrCannotOpen
	}
	return ref, nil
}

// ReadReflection reopens, with the group's code, the reflection on a
// person in a session (false when none was written yet).
func (r *Replica) ReadReflection(ctx context.Context, campaign uuid.UUID, session string, person uuid.UUID, code string) (evaluation.Reflection, bool, error) {
	g, _, ok := r.GroupOf(campaign, session, person)
	if !ok {
		return evaluation.Reflection{}, false, fmt.Errorf("reflection: %s is in no group of session %s", r.memberName(person), session)
	}
	key, err := r.codeKey(revealKeyID(campaign, session, g), konbit.TypeRevealKey, code)
	if err != nil {
		return evaluation.Reflection{}, false, fmt.Errorf("reflection: %w", err)
	}
	rec, _ := r.view.Get(reflectionID(campaign, session, person))
	if rec == nil || rec.Type != konbit.TypeReflection {
		return evaluation.Reflection{Campaign: campaign, Session: session, Person: person}, false, nil
	}
	if string(rec.Fields[fieldGroup]) != strconv.Itoa(g) {
		return evaluation.Reflection{}, false, fmt.Errorf("reflection on %s was written by another group: %w", r.memberName(person), ErrWrongCode)
	}
	b := seal.Binding{Campaign: campaign, Session: session, Evaluated: person}
	ref, err := openReflection(key, b, rec.Fields[fieldGroupContent])
	if err != nil {
		return evaluation.Reflection{}, false, fmt.Errorf("reflection on %s: %w", r.memberName(person), err)
	}
	return ref, true, nil
}

// ReflectionsHR opens every reflection of a campaign with this laptop's
// HR key, in session then person order. Reflections that do not open are
// reported beside those that do, as ReadAnswers does.
func (r *Replica) ReflectionsHR(ctx context.Context, campaign uuid.UUID, passphrase []byte) ([]evaluation.Reflection, error) {
	key, err := r.campaignKey(campaign, passphrase)
	if err != nil {
		return nil, err
	}
	return r.reflections(ctx, campaign, key)
}

func (r *Replica) reflections(ctx context.Context, campaign uuid.UUID, key *ecdh.PrivateKey) ([]evaluation.Reflection, error) {
	c, err := r.Campaign(campaign)
	if err != nil {
		return nil, err
	}
	recs, _ := r.view.ByType(konbit.TypeReflection)
	var out []evaluation.Reflection
	var bad []error
	for _, rec := range recs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		camp, err1 := uuid.FromBytes(rec.Fields[evaluation.FieldCampaign])
		person, err2 := uuid.FromBytes(rec.Fields[fieldPerson])
		if err1 != nil || err2 != nil || camp != campaign {
			continue
		}
		b := seal.Binding{Campaign: campaign, Session: string(rec.Fields[fieldSession]), Evaluated: person}
		ref, err := openReflection(key, b, rec.Fields[fieldContent])
		if err != nil {
			bad = append(bad, fmt.Errorf("reflection on %s (session %s): %w", r.memberName(person), b.Session, err))
			continue
		}
		out = append(out, ref)
	}
	slices.SortFunc(out, func(a, b evaluation.Reflection) int {
		if d := slices.Index(c.Sessions, a.Session) - slices.Index(c.Sessions, b.Session); d != 0 {
			return d
		}
		return strings.Compare(r.memberName(a.Person), r.memberName(b.Person))
	})
	if len(bad) > 0 {
		return out, fmt.Errorf("%d reflection(s) refused: %w", len(bad), errors.Join(bad...))
	}
	return out, nil
}
