package cli

import (
	"context"
	"fmt"

	"github.com/konbit/konbit/replica"
)

// runMinutes is being written (issue 6).
func runMinutes(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	return fmt.Errorf("not available yet")
}
