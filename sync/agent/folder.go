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
			a.event(zeroID, true, EventFolderFailed, map[string]any{"Dir": dir, "Detail": err.Error()}, "shared folder %s: %v", dir, err)
		case res.Merged > 0 || res.WroteChanges > 0:
			a.event(zeroID, false, EventFolderSynced, map[string]any{"Dir": dir, "In": res.Merged, "Out": res.WroteChanges}, "shared folder %s: %d changes in, %d out", dir, res.Merged, res.WroteChanges)
		}
		for _, w := range res.Warnings {
			a.event(zeroID, true, EventFolderSkipped, map[string]any{"Dir": dir, "Detail": w}, "shared folder %s: %s", dir, w)
		}
	})
}
