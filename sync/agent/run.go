package agent

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/konbit/konbit/sync/discover"
	"github.com/konbit/konbit/sync/peer"
)

// Run syncs in the background until ctx is done: while enabled, it serves
// the group's laptops, announces itself, finds the others and syncs with
// each; it watches the shared folder if one is set. Turning the switch off
// stops the network part at once. Run returns nil when ctx is done, or an
// error if the sync address cannot be served.
func (a *Agent) Run(ctx context.Context) error {
	return a.run(ctx, false)
}

// Serve is Run with background sync on whatever the setting says (for
// `konbit serve`).
func (a *Agent) Serve(ctx context.Context) error {
	return a.run(ctx, true)
}

func (a *Agent) run(ctx context.Context, force bool) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	var netw, folderw *worker
	defer func() { netw.stop(); folderw.stop() }()
	netErr := make(chan error, 1)
	// retry wakes the loop to start the network part again after it
	// failed (the address taken, the listener broken).
	var retry <-chan time.Time
	folder := ""
	for {
		on := force || a.Enabled(ctx)
		switch {
		case on && netw == nil:
			ln, err := net.Listen("tcp", a.opts.Listen)
			if err != nil {
				err = fmt.Errorf("serve sync on %s: %w", a.opts.Listen, err)
				if force {
					return err
				}
				a.event(zeroID, true, EventNetFailed, map[string]any{"Detail": err.Error(), "Retry": retryNet.String()}, "%v (trying again in %v)", err, retryNet)
				retry = time.After(retryNet)
				break
			}
			a.update(func(st *Status) { st.Enabled, st.Listen = true, ln.Addr().String() })
			netw = start(ctx, &wg, func(nctx context.Context) {
				if err := a.network(nctx, ln); err != nil {
					select {
					case netErr <- err:
					default:
					}
				}
			})
		case !on && netw != nil:
			// Wait for the listener to close, so that turning the switch
			// back on at once finds the address free.
			netw.stop()
			netw = nil
			a.update(func(st *Status) { st.Enabled, st.Listen = false, "" })
		}
		if dir, _ := a.r.Setting(ctx, SettingFolder); dir != folder {
			folderw.stop()
			folderw = nil
			folder = dir
			a.update(func(st *Status) { st.Folder, st.FolderErr = dir, "" })
			if dir != "" {
				folderw = start(ctx, &wg, func(fctx context.Context) { a.watchFolder(fctx, dir) })
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case err := <-netErr:
			if force {
				return err
			}
			netw.stop()
			netw = nil
			a.update(func(st *Status) { st.Listen = "" })
			a.event(zeroID, true, EventNetFailed, map[string]any{"Detail": err.Error(), "Retry": retryNet.String()}, "%v (trying again in %v)", err, retryNet)
			retry = time.After(retryNet)
		case <-retry:
			retry = nil
		case <-a.reload:
		}
	}
}

// retryNet is how long the agent waits before serving again after the
// network part failed.
const retryNet = 5 * time.Second

// worker is a goroutine the run loop starts and stops.
type worker struct {
	cancel context.CancelFunc
	done   chan struct{}
}

func start(ctx context.Context, wg *sync.WaitGroup, fn func(context.Context)) *worker {
	wctx, cancel := context.WithCancel(ctx)
	w := &worker{cancel: cancel, done: make(chan struct{})}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(w.done)
		fn(wctx)
	}()
	return w
}

// stop cancels the worker and waits for it to end (nil: nothing to do).
func (w *worker) stop() {
	if w == nil {
		return
	}
	w.cancel()
	<-w.done
}

// network serves, discovers and syncs until ctx is done.
func (a *Agent) network(ctx context.Context, ln net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	errs := make(chan error, 2)
	wg.Add(3)
	go func() {
		defer wg.Done()
		cfg := a.config()
		err := peer.Serve(ctx, ln, cfg, func(st peer.Stats, err error) {
			if st.Peer == zeroID && err != nil && errors.Is(err, peer.ErrBadCertificate) {
				a.event(zeroID, true, EventSyncFailed, map[string]any{"Peer": "?", "Why": WhyWrongDevice, "Detail": err.Error()}, "refused a connection: %v", err)
				return
			}
			a.record(Outcome{Peer: st.Peer, Name: st.PeerName, Stats: st, Err: err}, "incoming")
			if err == nil && st.NewIn > 0 {
				a.poke(a.wake) // news for the other peers
			}
		})
		if err != nil {
			errs <- err
		}
	}()
	go func() {
		defer wg.Done()
		dopts := a.opts.Discover
		if _, port, err := net.SplitHostPort(ln.Addr().String()); err == nil {
			dopts.Port, _ = strconv.Atoi(port)
		}
		dopts.Logf = func(f string, args ...any) { a.opts.Log.Info(fmt.Sprintf(f, args...)) }
		err := discover.Run(ctx, a.r.Device(), dopts, func(p discover.Peer) {
			_, known := a.table.Get(p.Device)
			a.table.Add(p)
			if !known {
				a.poke(a.wake)
				a.update(func(*Status) {})
			}
		})
		if err != nil {
			a.event(zeroID, true, EventNetFailed, map[string]any{"Detail": err.Error()}, "discovery: %v", err)
		}
	}()
	go func() {
		defer wg.Done()
		a.syncLoop(ctx)
	}()
	select {
	case <-ctx.Done():
		return nil
	case err := <-errs:
		return err
	}
}

// syncLoop syncs with every peer seen each Interval, and soon after a
// local change or a new peer.
func (a *Agent) syncLoop(ctx context.Context) {
	t := time.NewTicker(a.opts.Interval)
	defer t.Stop()
	changed := a.r.Changed()
	// debounce lets a burst of edits (typing) go out as one session.
	const debounce = 2 * time.Second
	var soon <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-a.wake:
		case <-changed:
			changed = a.r.Changed()
			if soon == nil {
				soon = time.After(debounce)
			}
			continue
		case <-soon:
			soon = nil
		}
		// Take in what other processes committed (a removal typed in a
		// terminal) before choosing whom to sync with.
		if _, err := a.r.CatchUp(ctx); err != nil && ctx.Err() == nil {
			a.event(zeroID, true, EventFailed, map[string]any{"Detail": err.Error()}, "read the database: %v", err)
		}
		outs := a.syncAll(ctx)
		// What the sessions merged also fires Changed: it is not a local
		// change, but it is news for the other peers: pass it on soon.
		changed = a.r.Changed()
		for _, o := range outs {
			if o.Err == nil && o.Stats.NewIn > 0 && soon == nil {
				soon = time.After(debounce)
			}
		}
	}
}

// TriggerSync asks for a sync with every peer seen, soon.
func (a *Agent) TriggerSync() { a.poke(a.wake) }
