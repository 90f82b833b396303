package cli

import (
	"context"
	"fmt"
	"regexp"

	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sync/agent"
)

var sixDigits = regexp.MustCompile(`^[0-9]{6}$`)

// runPair pairs two laptops: the member's laptop listens and shows the
// code; the new laptop connects with the code typed.
func runPair(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	listen, peerAddr, code := p.get("listen"), p.get("peer"), p.get("code")
	switch {
	case len(p.args) > 0:
		return usagef("pair takes no argument")
	case p.has("listen") == p.has("peer"):
		return usagef("pair needs either --listen ADDR (the member's laptop) or --peer ADDR --code NNNNNN (the new laptop)")
	case p.has("listen") && p.has("code"):
		return usagef("--code goes with --peer, on the new laptop")
	case p.has("peer") && !sixDigits.MatchString(code):
		return usagef("--code wants the six digits the member's laptop shows")
	}
	opts := env.Net
	if listen != "" {
		opts.PairListen = listen
	}
	a := agent.New(r, opts)
	if listen != "" {
		fmt.Fprintf(env.Stdout, "pairing window open on %s for 5 minutes (this laptop: %s)\n", listen, r.DeviceLabel(r.Device()))
		res, err := a.Pair(ctx, func(req agent.PairRequest) {
			fmt.Fprintf(env.Stdout, "laptop %s (%s) asks to join; check it is the one in front of you and type this code on it:\n", req.Name, req.Device.Short())
			fmt.Fprintf(env.Stdout, "code: %s\n", req.Code)
		})
		if err != nil {
			return fmt.Errorf("pair: %w", err)
		}
		fmt.Fprintf(env.Stdout, "admitted %s; first sync: %d changes in, %d out\n", r.DeviceLabel(res.Device), res.In, res.Out)
		return nil
	}
	res, err := a.JoinWithCode(ctx, peerAddr, code)
	if err != nil {
		return fmt.Errorf("pair: %w", err)
	}
	fmt.Fprintf(env.Stdout, "paired with %s: this laptop is now in the group; first sync: %d changes in, %d out\n", r.DeviceLabel(res.Device), res.In, res.Out)
	return nil
}
