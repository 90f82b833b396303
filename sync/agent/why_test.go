package agent_test

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"testing"

	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sync/agent"
	"github.com/konbit/konbit/sync/peer"
)

func TestWhySortsFailures(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("sync with ABCD: %w", err) }
	for _, c := range []struct {
		err  error
		want string
	}{
		{wrap(peer.ErrRefused), agent.WhyRefused},
		{wrap(replica.ErrRemovedDevice), agent.WhyRefused},
		{wrap(peer.ErrWrongDevice), agent.WhyWrongDevice},
		{wrap(peer.ErrCodeMismatch), agent.WhyWrongCode},
		{wrap(peer.ErrWindowClosed), agent.WhyWindow},
		{wrap(peer.ErrStalled), agent.WhyStalled},
		{wrap(peer.ErrGarbage), agent.WhyGarbage},
		{wrap(peer.ErrTooMuch), agent.WhyTooMuch},
		{wrap(peer.ErrCut), agent.WhyCut},
		{wrap(context.DeadlineExceeded), agent.WhyTimeout},
		{wrap(syscall.ECONNREFUSED), agent.WhyUnreachable},
		{errors.New("disk full"), agent.WhyOther},
	} {
		if got := agent.Why(c.err); got != c.want {
			t.Errorf("Why(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
