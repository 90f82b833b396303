package cli

import (
	"context"
	"fmt"

	"github.com/konbit/konbit/replica"
)

// runDecisions is being written (issue 6).
func runDecisions(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	return fmt.Errorf("not available yet")
}
