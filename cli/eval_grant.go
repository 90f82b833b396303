package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/replica"
)

// hrCampaign finds the campaign a command names, then asks for this
// laptop's HR passphrase: what every HR command needs.
func hrCampaign(env *Env, r *replica.Replica, ref string) (evaluation.Campaign, []byte, error) {
	c, err := r.FindCampaign(ref)
	if err != nil {
		return c, nil, err
	}
	pass, err := passphrase(env)
	return c, pass, err
}

// withLaptopHint says how to choose a member's laptop when keys in their
// name come from several.
func withLaptopHint(err error) error {
	if errors.Is(err, replica.ErrSeveralHRKeys) {
		return fmt.Errorf("%w (--hr-laptop MEMBER=LAPTOP, a laptop id from konbit devices)", err)
	}
	return err
}

// evalGrant gives a new HR member a campaign's key: this laptop's HR
// member, a current holder, unlocks their key with the passphrase and
// seals the campaign's key to the key the new member published (they run
// `eval key init` on their own laptop first, and that change must have
// reached this one; --hr-laptop picks it among several). No answer is
// re-encrypted.
func evalGrant(ctx context.Context, env *Env, r *replica.Replica, p parsed, ref string) error {
	if !p.has("member") {
		return usagef("eval grant needs --member MEMBER, the new HR member")
	}
	m, err := r.FindMember(p.get("member"))
	if err != nil {
		return err
	}
	choice, err := hrLaptops(r, p.get("hr-laptop"))
	if err != nil {
		return err
	}
	c, pass, err := hrCampaign(env, r, ref)
	if err != nil {
		return err
	}
	if err := r.GrantCampaignWith(ctx, c.ID, m.ID, choice, pass); err != nil {
		return withLaptopHint(err)
	}
	fmt.Fprintf(env.Stdout, "%s can now read %q with their own HR key (after the next sync)\n", m.Name, c.Name)
	return nil
}
