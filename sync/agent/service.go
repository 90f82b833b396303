// Package agent runs a replica's sync in the background while the app (or
// `konbit serve`) is open: it serves paired laptops, announces itself and
// finds the others (sync/discover), syncs with each admitted peer it sees
// (sync/peer), watches the shared folder if one is set (sync/folder), and
// pairs new laptops. Screens read its Status; nothing here blocks them.
package agent

import (
	"context"
	"time"

	"github.com/konbit/konbit/sync/crdt"
)

// Service is what the app sees of the agent, so screens can be tested with
// a fake.
type Service interface {
	// Status is a snapshot of what the agent knows now.
	Status() Status
	// Changed is closed when Status changes (then call it again).
	Changed() <-chan struct{}
	// SetEnabled turns background sync on or off (the Settings switch);
	// the choice is kept in the replica's local settings.
	SetEnabled(on bool) error
	// SyncNow syncs at once with the peer at addr ("host:port" or "host"),
	// or with every peer seen when addr is "".
	SyncNow(ctx context.Context, addr string) error
	// Pair opens the pairing window on this (member's) laptop for one
	// pairing: onCode is called with the code to show and who asks; it
	// returns once a laptop is admitted, the window closes (five minutes,
	// three wrong codes) or ctx is cancelled.
	Pair(ctx context.Context, onCode func(PairRequest)) (PairResult, error)
	// Join pairs this (new) laptop with the member's laptop at addr; code
	// is asked for once the code is on the member's screen, and again
	// after a wrong code.
	Join(ctx context.Context, addr string, code func(ctx context.Context) (string, error)) (PairResult, error)
	// SetFolder sets the shared folder watched while the app is open (""
	// turns it off); kept in the local settings.
	SetFolder(dir string) error
}

// Status is the agent's state for the Sync screen.
type Status struct {
	Enabled bool
	// Listen is the address it serves on ("" when not serving).
	Listen string
	// Folder is the shared folder it watches ("" when none).
	Folder     string
	FolderLast time.Time
	FolderErr  string
	Peers      []PeerStatus
	// Transfer is the sync in progress, nil when idle.
	Transfer *Transfer
	// Log is the latest events, newest last (refusals, dropped peers,
	// errors), at most a few dozen.
	Log []Event
}

// PeerStatus is one laptop seen on the network or synced with.
type PeerStatus struct {
	Device crdt.DeviceID
	Name   string
	Addr   string
	Via    string // "mdns", "beacon", "manual", "incoming"
	Seen   time.Time
	// Allowed is false for a laptop that is not on the roster (or removed):
	// it is shown, never synced with.
	Allowed  bool
	LastSync time.Time
	// In and Out count the changes of the last session.
	In, Out int
	Err     string
	// Why is Err's kind (the Why* constants), for screens to translate.
	Why string
}

// Transfer is the progress of a running session.
type Transfer struct {
	Peer      crdt.DeviceID
	Name      string
	In, Out   int // changes so far
	InTotal   int // 0 when unknown
	OutTotal  int
	StartedAt time.Time
}

// Event is one line of the sync log.
type Event struct {
	At   time.Time
	Peer crdt.DeviceID
	// Kind names what happened (the Event* constants), for screens to say
	// it in their language with Data ("Peer", "In", "Out", "Dir", "Why",
	// "Detail"...); Text says it in English (the command line, the log).
	Kind string
	Data map[string]any
	Text string
	Err  bool
}

// Event kinds.
const (
	EventSynced        = "synced"         // Peer, In, Out
	EventSyncFailed    = "sync_failed"    // Peer, Why, Detail
	EventProblem       = "problem"        // Peer, Detail: held or refused changes
	EventPaired        = "paired"         // Peer
	EventPairFailed    = "pair_failed"    // Why, Detail
	EventPairWindow    = "pair_window"    // Addr, Until
	EventFolderSynced  = "folder_synced"  // Dir, In, Out
	EventFolderFailed  = "folder_failed"  // Dir, Detail
	EventFolderSkipped = "folder_skipped" // Dir, Detail: a file skipped
	EventNetFailed     = "net_failed"     // Detail, Retry: serving or discovery failed
	EventFailed        = "failed"         // Detail: anything else
)

// Why a session or a pairing failed (Data["Why"], PeerStatus.Why), for
// screens to translate; Detail keeps the English particulars.
const (
	WhyRefused     = "refused"      // not on the roster, removed (either side)
	WhyCut         = "cut"          // the connection ended early
	WhyStalled     = "stalled"      // the peer went silent
	WhyGarbage     = "garbage"      // the peer sent something undecodable
	WhyTooMuch     = "too_much"     // the peer sent more than it announced
	WhyWrongDevice = "wrong_device" // another device answered at that address
	WhyUnreachable = "unreachable"  // nobody answered at the address
	WhyTimeout     = "timeout"      // the time given ran out
	WhyWrongCode   = "wrong_code"   // pairing: the code did not match
	WhyWindow      = "window"       // pairing: the window closed
	WhyOther       = "other"
)

// PairRequest is shown on the member's laptop while pairing.
type PairRequest struct {
	Code   string // six digits
	Device crdt.DeviceID
	Name   string
	// Expires is when the window closes.
	Expires time.Time
}

// PairResult names the laptop paired with.
type PairResult struct {
	Device crdt.DeviceID
	Name   string
	// In and Out count the changes of the first sync after pairing.
	In, Out int
}
