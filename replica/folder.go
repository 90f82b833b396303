package replica

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/folder"
	"github.com/konbit/konbit/sync/groupkey"
)

// FolderResult says what a pass over a shared folder did.
type FolderResult = folder.Result

// FolderSync makes one pass over a shared folder (kept in sync between
// laptops by a USB stick, Syncthing, Nextcloud...): it first does this
// laptop's share of handing the group key around (ReconcileGroupKey),
// then reads and merges the others' new segments, writes what the folder
// lacks, and compacts this laptop's segments once everyone has read them.
// Files that do not open are skipped with a warning in the result.
func (r *Replica) FolderSync(ctx context.Context, dir string, progress Progress) (FolderResult, error) {
	if err := r.ReconcileGroupKey(ctx); err != nil {
		return FolderResult{}, err
	}
	return folder.Sync(ctx, dir, folderReplica{r}, folder.Options{
		Now:      r.db.Now,
		Progress: progress,
	})
}

// FolderSettle is how long WatchFolder waits after a local change before
// a pass, so that a burst of edits makes one segment, not one each.
const FolderSettle = 2 * time.Second

// WatchFolder syncs through a shared folder until ctx ends: one pass at
// once, then one after each change of this replica (FolderSettle later)
// and one every interval, to pick up what the others wrote (the sync tool
// delivers files whenever it likes; polling a listing is cheap and works
// on every file system, USB sticks and network shares included). report,
// if set, receives every pass's outcome; an error does not stop the
// watch: the folder may come back (a stick plugged in again).
func (r *Replica) WatchFolder(ctx context.Context, dir string, interval time.Duration, report func(FolderResult, error)) {
	for {
		changed := r.Changed()
		res, err := r.FolderSync(ctx, dir, nil)
		if ctx.Err() != nil {
			return
		}
		if report != nil {
			report(res, err)
		}
		tick := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			tick.Stop()
			return
		case <-tick.C:
		case <-changed:
			tick.Stop()
			settle := time.NewTimer(FolderSettle)
			select {
			case <-ctx.Done():
				settle.Stop()
				return
			case <-settle.C:
			}
		}
	}
}

// folderReplica is what sync/folder sees of a replica.
type folderReplica struct{ r *Replica }

func (f folderReplica) Identity() crdt.Identity { return f.r.db.Identity() }

func (f folderReplica) Vector(ctx context.Context) (crdt.Vector, error) { return f.r.Vector(ctx) }

func (f folderReplica) Export(ctx context.Context, since crdt.Vector) ([]byte, int, error) {
	var buf bytes.Buffer
	res, err := f.r.Export(ctx, &buf, since, nil)
	if err != nil {
		return nil, 0, err
	}
	return buf.Bytes(), res.Changes, nil
}

func (f folderReplica) Import(ctx context.Context, b []byte, from crdt.DeviceID) (folder.Imported, error) {
	res, err := f.r.ImportBytes(ctx, b, from)
	if err != nil {
		return folder.Imported{}, err
	}
	return folder.Imported{New: res.New, Problem: res.Problem()}, nil
}

func (f folderReplica) Roster(ctx context.Context) ([]crdt.DeviceID, error) {
	members, _, err := f.r.members(ctx)
	if err != nil {
		return nil, err
	}
	return sortedIDs(members), nil
}

func (f folderReplica) GroupKeys(ctx context.Context) (folder.Keys, error) {
	held, err := f.r.GroupKeys()
	if err != nil {
		return folder.Keys{}, fmt.Errorf("group keys: %w", err)
	}
	keys := folder.Keys{ByEpoch: make(map[groupkey.Epoch][]byte, len(held))}
	for e, k := range held {
		keys.ByEpoch[e] = k
	}
	if cur, ok := groupkey.Current(f.r.grants()); ok {
		_, keys.HasCurrent = keys.ByEpoch[cur.Epoch]
		keys.Current = cur.Epoch
	}
	return keys, ctx.Err()
}
