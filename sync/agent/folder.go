package agent

import (
	"context"

	"github.com/konbit/konbit/replica"
)

// watchFolder syncs through the shared folder until ctx is done (see
// replica.WatchFolder for when), keeping the status and the log.
func (a *Agent) watchFolder(ctx context.Context, dir string) {
	a.r.WatchFolder(ctx, dir, a.opts.FolderInterval, func(res replica.FolderResult, err error) {
		a.update(func(st *Status) {
			st.FolderLast = a.opts.Now()
			st.FolderErr = ""
			if err != nil {
				st.FolderErr = err.Error()
			}
		})
		switch {
		case err != nil:
			a.event(zeroID, true, "shared folder %s: %v", dir, err)
		case res.Merged > 0 || res.WroteChanges > 0:
			a.event(zeroID, false, "shared folder %s: %d changes in, %d out", dir, res.Merged, res.WroteChanges)
		}
		for _, w := range res.Warnings {
			a.event(zeroID, true, "shared folder %s: %s", dir, w)
		}
	})
}
