package cli

import (
	"context"
	"fmt"

	"github.com/konbit/konbit/replica"
)

// runSpeakingStats is being written (issue 6).
func runSpeakingStats(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	return fmt.Errorf("not available yet")
}
