package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sync/agent"
	"github.com/konbit/konbit/sync/crdt"
)

var sixDigits = regexp.MustCompile(`^[0-9]{6}$`)

// runPair pairs two laptops: the member's laptop listens and shows the
// code; the new laptop connects with the code typed.
//
// The code is derived from the TLS session of the new laptop's connection
// (that is what makes a man in the middle visible), so it exists only once
// the new laptop has connected: without --code, or with --code -, the new
// laptop asks for it then, on stdin. --code NNNNNN answers that question
// in advance, for a code shown for this very connection.
func runPair(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	listen, peerAddr, code := p.get("listen"), p.get("peer"), p.get("code")
	switch {
	case len(p.args) > 0:
		return usagef("pair takes no argument")
	case p.has("listen") == p.has("peer"):
		return usagef("pair needs either --listen ADDR (the member's laptop) or --peer ADDR [--code NNNNNN|-] (the new laptop)")
	case p.has("listen") && p.has("code"):
		return usagef("--code goes with --peer, on the new laptop")
	case code != "" && code != "-" && !sixDigits.MatchString(code):
		return usagef("--code wants the six digits the member's laptop shows, or - to read them from stdin")
	}
	opts := env.Net
	if listen != "" {
		opts.PairListen = listen
	}
	a := agent.New(r, opts)
	if listen != "" {
		fmt.Fprintf(env.Stdout, "pairing window open on %s for 5 minutes (this laptop: %s)\n", listen, r.DeviceLabel(r.Device()))
		res, err := a.Pair(ctx, func(req agent.PairRequest) {
			fmt.Fprintf(env.Stdout, "laptop %q (%s) asks to join; check it is the one in front of you, and type this code on it:\n", req.Name, req.Device.Short())
			fmt.Fprintf(env.Stdout, "code: %s\n", req.Code)
		})
		if err != nil {
			return fmt.Errorf("pair: %w", err)
		}
		fmt.Fprintf(env.Stdout, "admitted %s; first sync: %d changes in, %d out\n", r.DeviceLabel(res.Device), res.In, res.Out)
		return nil
	}
	var in *bufio.Reader
	if env.Stdin != nil {
		in = bufio.NewReader(env.Stdin)
	}
	ask := func(ctx context.Context, d crdt.DeviceID, name string) (string, error) {
		if code != "" && code != "-" {
			return code, nil
		}
		if in == nil {
			return "", errors.New("no code: give --code, or type it on stdin")
		}
		fmt.Fprintf(env.Stdout, "connected to %q (%s); type the code its screen shows: ", name, d.Short())
		line, err := in.ReadString('\n')
		if err != nil && line == "" {
			return "", fmt.Errorf("read the code: %w", err)
		}
		line = strings.TrimSpace(line)
		if !sixDigits.MatchString(line) {
			return "", fmt.Errorf("%q is not a six-digit code", line)
		}
		return line, nil
	}
	res, err := a.JoinAsking(ctx, peerAddr, ask)
	if err != nil {
		return fmt.Errorf("pair: %w", err)
	}
	fmt.Fprintf(env.Stdout, "paired with %s: this laptop is now in the group; first sync: %d changes in, %d out\n", r.DeviceLabel(res.Device), res.In, res.Out)
	return nil
}
