package replica

import (
	"context"
	"crypto/ecdh"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/trust"
)

// Field names of the campaign key records. The campaign record carries its
// public key beside the campaign value: anyone filling a grid seals to it.
const (
	fieldPublic = trust.CampaignFieldPublic
	fieldMember = "member"
	fieldSealed = "sealed"
)

// ErrNotGranted: this laptop's HR key has not been granted the campaign's
// key (the member is not one of its HR members, or joined after it and has
// not been granted it yet).
var ErrNotGranted = errors.New("this laptop's HR key has not been granted the campaign's key")

// ErrTooFewHRKeys: a campaign needs at least two HR members with published
// keys, so that one forgotten passphrase loses nothing.
var ErrTooFewHRKeys = errors.New("a campaign must be readable by at least two HR members with a published HR key")

// campaignKeyID names the record granting a campaign's key to one published
// key of member: one per laptop key, so that granting twice replaces.
func campaignKeyID(campaign, member uuid.UUID, pub *ecdh.PublicKey) uuid.UUID {
	return uuid.NewSHA1(campaign, append([]byte("campaign-key/"+member.String()+"/"), pub.Bytes()...))
}

// grantOp seals key to one published key of member.
func grantOp(key *ecdh.PrivateKey, campaign, member uuid.UUID, pub *ecdh.PublicKey) (crdt.Op, error) {
	sealed, err := seal.Grant(key, campaign, member, pub)
	if err != nil {
		return crdt.Op{}, err
	}
	return crdt.Set(campaignKeyID(campaign, member, pub), konbit.TypeCampaignKey,
		crdt.Field{Name: evaluation.FieldCampaign, Value: campaign[:]},
		crdt.Field{Name: fieldMember, Value: member[:]},
		crdt.Field{Name: fieldPublic, Value: pub.Bytes()},
		crdt.Field{Name: fieldSealed, Value: sealed}), nil
}

// campaignKeyOps makes a new campaign's key pair, names the campaign after
// its public key (trust.CampaignID: no laptop can give it another key), and
// grants the private key to one published key of each HR member (hrKeyFor:
// never to every key in their name); the private key is then forgotten.
// It refuses a campaign fewer than two of whose HR members have published
// a key, naming those who have not.
func (r *Replica) campaignKeyOps(c *evaluation.Campaign, choice HRLaptops) ([]crdt.Op, []byte, error) {
	var keys []HRKey
	var missing []string
	for _, m := range c.HR {
		k, ok, err := r.hrKeyFor(m, choice)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			keys = append(keys, k)
		} else {
			missing = append(missing, r.memberName(m))
		}
	}
	if len(keys) < evaluation.MinHR {
		return nil, nil, fmt.Errorf("%w: no HR key published for %s", ErrTooFewHRKeys, strings.Join(missing, ", "))
	}
	key, err := seal.NewKey()
	if err != nil {
		return nil, nil, err
	}
	c.ID = trust.CampaignID(key.PublicKey().Bytes())
	var ops []crdt.Op
	for _, k := range keys {
		op, err := grantOp(key, c.ID, k.Member, k.Public)
		if err != nil {
			return nil, nil, err
		}
		ops = append(ops, op)
	}
	return ops, key.PublicKey().Bytes(), nil
}

// SealedTo lists the HR keys a campaign's key is granted to, with the
// laptop each comes from, for HR to check that each is the member's own.
func (r *Replica) SealedTo(campaign uuid.UUID) []HRKey {
	var out []HRKey
	for _, k := range r.HRKeys() {
		if rec, _ := r.view.Get(campaignKeyID(campaign, k.Member, k.Public)); rec != nil && rec.Type == konbit.TypeCampaignKey {
			out = append(out, k)
		}
	}
	return out
}

// memberName names a member for an error, falling back to the id.
func (r *Replica) memberName(id uuid.UUID) string {
	if m, err := r.Member(id); err == nil && m.Name != "" {
		return m.Name
	}
	return id.String()
}

// CampaignPublicKey is the key answers of a campaign are sealed to.
func (r *Replica) CampaignPublicKey(campaign uuid.UUID) (*ecdh.PublicKey, error) {
	rec, _ := r.view.Get(campaign)
	if rec == nil || rec.Type != konbit.TypeCampaign {
		return nil, fmt.Errorf("campaign %s: %w", campaign, ErrNotFound)
	}
	pub, err := seal.ParsePublic(rec.Fields[fieldPublic])
	if err != nil {
		return nil, fmt.Errorf("campaign %s has no readable public key: %w", campaign, err)
	}
	return pub, nil
}

// campaignKey unlocks this laptop's HR key and opens its grant of the
// campaign's private key. Errors: ErrNoHRKey, seal.ErrWrongPassphrase,
// ErrNotGranted.
func (r *Replica) campaignKey(campaign uuid.UUID, passphrase []byte) (*ecdh.PrivateKey, error) {
	pub, err := r.CampaignPublicKey(campaign)
	if err != nil {
		return nil, err
	}
	member, mine, err := r.UnlockHRKey(passphrase)
	if err != nil {
		return nil, err
	}
	rec, _ := r.view.Get(campaignKeyID(campaign, member, mine.PublicKey()))
	if rec == nil || rec.Type != konbit.TypeCampaignKey {
		return nil, fmt.Errorf("campaign %s: %w", campaign, ErrNotGranted)
	}
	key, err := seal.OpenGrant(mine, campaign, member, rec.Fields[fieldSealed])
	if err != nil {
		return nil, fmt.Errorf("campaign %s: the grant does not open: %w", campaign, err)
	}
	if !key.PublicKey().Equal(pub) {
		return nil, fmt.Errorf("campaign %s: the granted key is not the campaign's: %w", campaign, seal.ErrCannotOpen)
	}
	return key, nil
}

// GrantCampaign gives a new HR member the campaign's key: this laptop's HR
// member, a current holder unlocking their key with passphrase, seals it to
// the key newMember has published (hrKeyFor). No answer is re-encrypted.
// The new member is added to the campaign's HR members if missing.
func (r *Replica) GrantCampaign(ctx context.Context, campaign, newMember uuid.UUID, passphrase []byte) error {
	return r.GrantCampaignWith(ctx, campaign, newMember, nil, passphrase)
}

// GrantCampaignWith is GrantCampaign with the laptop whose key is the new
// member's, when keys in their name come from several (ErrSeveralHRKeys).
func (r *Replica) GrantCampaignWith(ctx context.Context, campaign, newMember uuid.UUID, choice HRLaptops, passphrase []byte) error {
	c, err := r.Campaign(campaign)
	if err != nil {
		return err
	}
	key, err := r.campaignKey(campaign, passphrase)
	if err != nil {
		return fmt.Errorf("grant campaign %q: %w", c.Name, err)
	}
	if rec, _ := r.view.Get(newMember); rec == nil || rec.Type != konbit.TypeMember {
		return fmt.Errorf("grant campaign %q: member %s: %w", c.Name, newMember, ErrNotFound)
	}
	k, ok, err := r.hrKeyFor(newMember, choice)
	if err != nil {
		return fmt.Errorf("grant campaign %q: %w", c.Name, err)
	}
	if !ok {
		return fmt.Errorf("grant campaign %q: %s has published no HR key", c.Name, r.memberName(newMember))
	}
	op, err := grantOp(key, campaign, newMember, k.Public)
	if err != nil {
		return fmt.Errorf("grant campaign %q: %w", c.Name, err)
	}
	ops := []crdt.Op{op}
	if !slices.Contains(c.HR, newMember) {
		c.HR = append(c.HR, newMember)
		rec, _ := r.view.Get(campaign)
		fields := append(evaluation.CampaignFields(c), crdt.Field{Name: fieldPublic, Value: rec.Fields[fieldPublic]})
		ops = append(ops, crdt.Set(campaign, konbit.TypeCampaign, fields...))
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return fmt.Errorf("grant campaign %q: %w", c.Name, err)
	}
	return nil
}
