package agent

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/discover"
	"github.com/konbit/konbit/sync/peer"
)

// Settings kept in the replica's local settings (never sent to others).
const (
	// SettingEnabled is "on", "off" or "" (the default: on once this
	// laptop is paired, that is once the roster holds another laptop).
	SettingEnabled = "net_sync"
	// SettingFolder is the shared folder watched while open ("" for none).
	SettingFolder = "sync_folder"
)

// DefaultPairPort is where the pairing window listens when no address is
// given: the sync port plus two (the beacon has plus one).
const DefaultPairPort = discover.DefaultPort + 2

// Options set up an agent. Zero fields take defaults.
type Options struct {
	// Listen is the address sync is served on. Default ":21046".
	Listen string
	// PairListen is the address of the pairing window. Default ":21048".
	PairListen string
	// Interval is how often each peer seen is synced with, at most; a
	// local change or a newly seen peer syncs sooner. Default 15 s.
	Interval time.Duration
	// FolderInterval is how often the shared folder is read. Default 30 s.
	FolderInterval time.Duration
	// Discover sets up discovery (its Port is set to the served port).
	Discover discover.Options
	// Peer tunes the sessions (timeouts, limits); Identity, Name, Store
	// and Progress are set by the agent.
	Peer peer.Config
	// Now is the clock. Default time.Now.
	Now func() time.Time
	// Log receives what the agent does. Default: discarded.
	Log *slog.Logger
	// OnEvent, if set, is called for each event (the CLI prints them).
	OnEvent func(Event)
}

func (o Options) withDefaults() Options {
	if o.Listen == "" {
		o.Listen = ":" + strconv.Itoa(discover.DefaultPort)
	}
	if o.PairListen == "" {
		o.PairListen = ":" + strconv.Itoa(DefaultPairPort)
	}
	if o.Interval <= 0 {
		o.Interval = 15 * time.Second
	}
	if o.FolderInterval <= 0 {
		o.FolderInterval = 30 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Discover.Now == nil {
		o.Discover.Now = o.Now
	}
	return o
}

// maxLog is how many events Status keeps.
const maxLog = 40

// Agent syncs one replica in the background. It implements Service.
type Agent struct {
	r     *replica.Replica
	opts  Options
	table *discover.Table

	mu      sync.Mutex
	status  Status
	changed chan struct{}
	peers   map[crdt.DeviceID]*PeerStatus // sessions' outcomes, by device
	busy    map[crdt.DeviceID]bool        // a session is running
	wake    chan struct{}                 // sync with every peer soon
	reload  chan struct{}                 // the enabled switch or the folder changed
	lastSet time.Time                     // last status update of a transfer
}

// New makes an agent for r; Run starts it.
func New(r *replica.Replica, opts Options) *Agent {
	opts = opts.withDefaults()
	return &Agent{
		r:       r,
		opts:    opts,
		table:   discover.NewTable(opts.Discover.Expiry(), opts.Now),
		changed: make(chan struct{}),
		peers:   map[crdt.DeviceID]*PeerStatus{},
		busy:    map[crdt.DeviceID]bool{},
		wake:    make(chan struct{}, 1),
		reload:  make(chan struct{}, 1),
	}
}

var _ Service = (*Agent)(nil)

// Status is a snapshot of the agent's state.
func (a *Agent) Status() Status {
	a.mu.Lock()
	defer a.mu.Unlock()
	st := a.status
	st.Log = append([]Event(nil), a.status.Log...)
	if a.status.Transfer != nil {
		t := *a.status.Transfer
		st.Transfer = &t
	}
	st.Peers = a.peerList()
	return st
}

// Changed is closed at the next change of Status.
func (a *Agent) Changed() <-chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.changed
}

// update changes the status under the lock and wakes the watchers.
func (a *Agent) update(fn func(st *Status)) {
	a.mu.Lock()
	fn(&a.status)
	close(a.changed)
	a.changed = make(chan struct{})
	a.mu.Unlock()
}

// event logs and records one event: kind and data for screens, the
// English text for the command line and the log.
func (a *Agent) event(p crdt.DeviceID, isErr bool, kind string, data map[string]any, format string, args ...any) {
	e := Event{At: a.opts.Now(), Peer: p, Kind: kind, Data: data, Text: fmt.Sprintf(format, args...), Err: isErr}
	if isErr {
		a.opts.Log.Warn(e.Text, "peer", p.Short())
	} else {
		a.opts.Log.Info(e.Text, "peer", p.Short())
	}
	a.update(func(st *Status) {
		st.Log = append(st.Log, e)
		if len(st.Log) > maxLog {
			st.Log = append([]Event(nil), st.Log[len(st.Log)-maxLog:]...)
		}
	})
	if a.opts.OnEvent != nil {
		a.opts.OnEvent(e)
	}
}

// Why sorts a session's or a pairing's error for screens to translate (the
// Why* constants).
func Why(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, peer.ErrRefused), errors.Is(err, replica.ErrUnknownDevice), errors.Is(err, replica.ErrRemovedDevice):
		return WhyRefused
	case errors.Is(err, peer.ErrWrongDevice), errors.Is(err, peer.ErrBadCertificate):
		return WhyWrongDevice
	case errors.Is(err, peer.ErrCodeMismatch), errors.Is(err, peer.ErrWrongCode):
		return WhyWrongCode
	case errors.Is(err, peer.ErrWindowClosed):
		return WhyWindow
	case errors.Is(err, peer.ErrStalled):
		return WhyStalled
	case errors.Is(err, peer.ErrGarbage):
		return WhyGarbage
	case errors.Is(err, peer.ErrTooMuch):
		return WhyTooMuch
	case errors.Is(err, peer.ErrCut):
		return WhyCut
	case errors.Is(err, context.DeadlineExceeded):
		return WhyTimeout
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return WhyUnreachable
	case errors.As(err, &ne) && ne.Timeout():
		return WhyTimeout
	}
	return WhyOther
}

// Enabled says whether background sync is on: the setting, or by default
// whether this laptop is paired.
func (a *Agent) Enabled(ctx context.Context) bool {
	v, _ := a.r.Setting(ctx, SettingEnabled)
	switch v {
	case "on":
		return true
	case "off":
		return false
	}
	roster, err := a.r.Roster(ctx)
	if err != nil {
		return false
	}
	for _, e := range roster {
		if !e.Self && e.Status != "removed" {
			return true
		}
	}
	return false
}

// SetEnabled turns background sync on or off.
func (a *Agent) SetEnabled(on bool) error {
	v := "off"
	if on {
		v = "on"
	}
	if err := a.r.SetSetting(context.Background(), SettingEnabled, v); err != nil {
		return fmt.Errorf("background sync: %w", err)
	}
	a.poke(a.reload)
	return nil
}

// SetFolder sets the shared folder watched while open.
func (a *Agent) SetFolder(dir string) error {
	if err := a.r.SetSetting(context.Background(), SettingFolder, dir); err != nil {
		return fmt.Errorf("shared folder: %w", err)
	}
	a.poke(a.reload)
	return nil
}

func (a *Agent) poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// config is the session configuration for this replica.
func (a *Agent) config() peer.Config {
	c := a.opts.Peer
	c.Identity = a.r.Identity()
	c.Name = a.r.DeviceName(a.r.Device())
	c.Schema = konbit.SchemaVersion
	c.Store = a.r.PeerStore()
	c.Log = a.opts.Log
	if c.Now == nil {
		c.Now = a.opts.Now
	}
	return c
}

// withPort adds port to addr when it names none.
func withPort(addr string, port int) string {
	if _, _, err := net.SplitHostPort(addr); err == nil {
		return addr
	}
	return net.JoinHostPort(addr, strconv.Itoa(port)) // brackets an IPv6 address
}

// errNoPeer is returned when discovery found no laptop of the group.
var errNoPeer = errors.New("no laptop of the group was found on this network (is `konbit serve` or the app running on another laptop of the group, on the same network?)")
