package peer

import (
	"io"
	"log/slog"
	"time"

	"github.com/konbit/konbit/sync/crdt"
)

// Config sets up a session (and the session that follows a pairing).
// Zero fields take the defaults below.
type Config struct {
	// Identity is this device's key, for its TLS certificate (DialSync,
	// Serve, pairing). Sync itself takes an established connection.
	Identity crdt.Identity
	// Name is this device's name, sent in the hello.
	Name string
	// Schema is this build's domain schema version, sent in the hello.
	Schema uint16
	// Store is the replica.
	Store Store

	// Expect, if set, is the device this session must reach: a peer whose
	// certificate is another device's is dropped right after the
	// handshake, before anything else is exchanged (ErrWrongDevice). The
	// agent sets it when it dials an address announced for a device,
	// since anybody on the network can announce any device's id.
	Expect crdt.DeviceID

	// ReadTimeout bounds every read and every write: a peer silent (or
	// not reading) for longer is dropped as stalled. Default 30 s.
	ReadTimeout time.Duration
	// HandshakeTimeout bounds the TLS handshake and, on Serve's side,
	// the peer's hello, together from the connection: a connection that
	// has not proved a device and said hello by then is dropped, so
	// unauthenticated connections cannot hold Serve's places for long.
	// (A dialer waits for the hello up to ReadTimeout: a busy server may
	// take its time.) Default 5 s (or ReadTimeout, if shorter).
	HandshakeTimeout time.Duration
	// MaxPerHost bounds the sessions Serve runs at once with one remote
	// IP address, so one host cannot take all of them. Loopback
	// connections are not capped (they come from this very computer).
	// Default 4.
	MaxPerHost int
	// MaxFrame bounds a frame's payload. Default DefaultMaxFrame (8 MiB).
	MaxFrame int
	// BatchBytes is the size of a batch's changes, before compression.
	// Default 1 MiB.
	BatchBytes int
	// Window is how many batches may be unacknowledged. Default 2.
	Window int
	// MaxSessionBytes bounds the bytes received in one session. Default
	// 4 GiB.
	MaxSessionBytes int64
	// MaxExtra is how many more changes than the vectors announce a peer
	// may send (changes it holds beyond a gap of its vector). Default
	// 100,000.
	MaxExtra int
	// MaxKnownRun is how many batches in a row may carry only changes
	// this replica already holds. Default 4.
	MaxKnownRun int

	// Progress, if set, is called after each batch sent or merged. Calls
	// are serialized but come from the session's goroutines, holding the
	// session's lock: it must return quickly (post to the UI, don't wait).
	Progress func(Progress)
	// Log receives a line for each dropped peer. Default: discarded.
	Log *slog.Logger
	// Now is the clock for Stats.Duration. Default time.Now.
	Now func() time.Time

	// capLoopback applies MaxPerHost to loopback connections too: tests,
	// which have no other address.
	capLoopback bool
	// serving is set by Serve: the short hello deadline applies.
	serving bool
}

// Progress tells how far a session is, in changes each way. The totals are
// estimated from the vectors and may be exceeded slightly.
type Progress struct {
	InDone, InTotal   int
	OutDone, OutTotal int
}

// Stats says what a session did.
type Stats struct {
	Peer       crdt.DeviceID
	PeerName   string
	PeerSchema uint16
	// Changes received (all of them, new or known) and sent.
	ChangesIn, ChangesOut int
	// NewIn counts received changes merged as new; HeldIn those set aside.
	NewIn, HeldIn int
	// Bytes of frames received and sent.
	BytesIn, BytesOut int64
	// Batches received and sent.
	BatchesIn, BatchesOut int
	Duration              time.Duration
	// Problems are what the merges held aside or refused
	// (MergeStats.Problem): the session itself succeeded.
	Problems []error
}

func (c Config) withDefaults() Config {
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = 30 * time.Second
	}
	if c.HandshakeTimeout <= 0 {
		c.HandshakeTimeout = min(5*time.Second, c.ReadTimeout)
	}
	if c.MaxPerHost <= 0 {
		c.MaxPerHost = 4
	}
	if c.MaxFrame <= 0 {
		c.MaxFrame = DefaultMaxFrame
	}
	if c.BatchBytes <= 0 {
		c.BatchBytes = 1 << 20
	}
	if c.Window <= 0 {
		c.Window = 2
	}
	if c.MaxSessionBytes <= 0 {
		c.MaxSessionBytes = 4 << 30
	}
	if c.MaxExtra <= 0 {
		c.MaxExtra = 100_000
	}
	if c.MaxKnownRun <= 0 {
		c.MaxKnownRun = 4
	}
	if c.Log == nil {
		c.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}
