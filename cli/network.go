package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sync/agent"
)

// defaultSyncTimeout bounds `konbit sync` when --timeout is not given.
const defaultSyncTimeout = 2 * time.Minute

// newAgent makes the background sync agent of a command, printing its
// events on stderr (on stdout for serve, whose output is its log).
func newAgent(env *Env, r *replica.Replica, listen string, print bool) *agent.Agent {
	opts := env.Net
	if listen != "" {
		opts.Listen = listen
	}
	if print {
		opts.OnEvent = func(e agent.Event) {
			fmt.Fprintf(env.Stdout, "%s %s\n", e.At.Format("15:04:05"), e.Text)
		}
	}
	return agent.New(r, opts)
}

// runServe serves the group's laptops until interrupted: they sync with
// this one, and it syncs with those it finds.
func runServe(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if len(p.args) > 0 {
		return usagef("serve takes no argument")
	}
	a := newAgent(env, r, p.get("listen"), true)
	fmt.Fprintf(env.Stdout, "serving as %s (%s); stop with Ctrl+C\n", r.DeviceLabel(r.Device()), r.Device())
	return a.Serve(ctx)
}

// runSync syncs once with the given peers, or with every laptop of the
// group found on the network, and says how it went.
func runSync(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if len(p.args) > 0 {
		return usagef("sync takes no argument (give peers with --peer ADDR[,ADDR...])")
	}
	timeout := defaultSyncTimeout
	if t := p.get("timeout"); t != "" {
		d, err := time.ParseDuration(t)
		if err != nil || d <= 0 {
			return usagef("--timeout wants a duration such as 30s or 2m, not %q", t)
		}
		timeout = d
	}
	var peers []string
	for _, s := range strings.Split(p.get("peer"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			peers = append(peers, s)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	a := newAgent(env, r, "", false)
	wait := min(timeout/2, 10*time.Second)
	outs, err := a.Converge(ctx, peers, wait)
	for _, o := range outs {
		label := o.Addr
		if o.Peer != ([16]byte{}) {
			label = r.DeviceLabel(o.Peer)
		}
		if o.Err != nil {
			continue // in err
		}
		fmt.Fprintf(env.Stdout, "synced with %s: %d changes in, %d out (%d bytes in, %d out)\n",
			label, o.Stats.NewIn, o.Stats.ChangesOut, o.Stats.BytesIn, o.Stats.BytesOut)
		for _, pr := range o.Stats.Problems {
			fmt.Fprintf(env.Stderr, "warning: from %s: %v\n", label, pr)
		}
	}
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	return nil
}
