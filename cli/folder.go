package cli

import (
	"context"
	"fmt"

	"github.com/konbit/konbit/replica"
)

// runFolderSync makes one pass over a shared folder: reads the others'
// segments, writes this laptop's, compacts, and says what it did. Files
// it skipped are warnings on stderr, not failures: the sync tool may
// still be copying them.
func runFolderSync(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if len(p.args) != 1 {
		return usagef("folder-sync needs exactly one folder")
	}
	dir := p.args[0]
	res, err := r.FolderSync(ctx, dir, nil)
	for _, w := range res.Warnings {
		fmt.Fprintf(env.Stderr, "warning: %s\n", w)
	}
	if err != nil {
		return fmt.Errorf("folder-sync %s: %w", dir, err)
	}
	fmt.Fprintf(env.Stdout, "read %d segments of other laptops: %d new changes\n", res.Read, res.Merged)
	if res.Wrote != "" {
		fmt.Fprintf(env.Stdout, "wrote %s: %d changes\n", res.Wrote, res.WroteChanges)
	} else {
		fmt.Fprintln(env.Stdout, "wrote nothing: the folder holds every change of this laptop")
	}
	if res.Compacted > 0 {
		fmt.Fprintf(env.Stdout, "compacted %d segments, read by every laptop, into %s\n", res.Compacted, res.CompactedInto)
	}
	if res.Unreadable > 0 {
		fmt.Fprintf(env.Stdout, "%d files of other laptops still do not open (reported before; tried again when they change)\n", res.Unreadable)
	}
	if res.Ignored > 0 {
		fmt.Fprintf(env.Stdout, "ignored %d files that are not Konbit's (conflict copies, temporary files)\n", res.Ignored)
	}
	return nil
}
