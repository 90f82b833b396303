package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/konbit/konbit/replica"
)

// evalGrant gives a new HR member a campaign's key: this laptop's HR
// member, a current holder, unlocks their key with the passphrase and
// seals the campaign's key to every key the new member has published
// (they run `eval key init` on their own laptop first, and that change
// must have reached this one). No answer is re-encrypted.
func evalGrant(ctx context.Context, env *Env, r *replica.Replica, p parsed, ref string) error {
	if !p.has("member") {
		return usagef("eval grant needs --member MEMBER, the new HR member")
	}
	c, err := r.FindCampaign(ref)
	if err != nil {
		return err
	}
	m, err := r.FindMember(p.get("member"))
	if err != nil {
		return err
	}
	pass, err := passphrase(env)
	if err != nil {
		return err
	}
	choice, err := hrLaptops(r, p.get("hr-laptop"))
	if err != nil {
		return err
	}
	if err := r.GrantCampaignWith(ctx, c.ID, m.ID, choice, pass); errors.Is(err, replica.ErrSeveralHRKeys) {
		return fmt.Errorf("%w (--hr-laptop MEMBER=LAPTOP, a laptop id from konbit devices)", err)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s can now read %q with their own HR key (after the next sync)\n", m.Name, c.Name)
	return nil
}
