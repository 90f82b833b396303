package agent

import (
	"context"
	"time"
)

// watchFolder syncs through the shared folder every FolderInterval and
// soon after a local change, until ctx is done.
func (a *Agent) watchFolder(ctx context.Context, dir string) {
	t := time.NewTicker(a.opts.FolderInterval)
	defer t.Stop()
	changed := a.r.Changed()
	for {
		res, err := a.r.FolderSync(ctx, dir, nil)
		if ctx.Err() != nil {
			return
		}
		a.update(func(st *Status) {
			st.FolderLast = a.opts.Now()
			st.FolderErr = ""
			if err != nil {
				st.FolderErr = err.Error()
			}
		})
		if err != nil {
			a.event(zeroID, true, "shared folder %s: %v", dir, err)
		} else if res.Merged > 0 || res.WroteChanges > 0 {
			a.event(zeroID, false, "shared folder %s: %d changes in, %d out", dir, res.Merged, res.WroteChanges)
		}
		changed = a.r.Changed()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-changed:
			// Let a burst of edits go out as one segment.
			select {
			case <-ctx.Done():
				return
			case <-time.After(5 * time.Second):
			}
		}
	}
}
