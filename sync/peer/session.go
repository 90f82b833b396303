package peer

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/konbit/konbit/sync/crdt"
)

// Sync runs one session over conn and closes it. Over a *tls.Conn (from
// TLSConfig) it completes the handshake and takes the peer's device id
// from its certificate; over any other connection it believes the id the
// peer's hello claims, which is only for tests and already-authenticated
// channels. The TLS handshake must be done within Config.HandshakeTimeout
// (on Serve's side, the peer's hello too). An error names the peer and the
// reason; it wraps ErrRefused, ErrGarbage, ErrStalled, ErrTooMuch, ErrCut,
// ErrWrongDevice or the store's error.
func Sync(ctx context.Context, conn net.Conn, cfg Config) (Stats, error) {
	cfg = cfg.withDefaults()
	start := cfg.Now()
	helloBy := time.Now().Add(cfg.HandshakeTimeout)
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	var (
		peer  crdt.DeviceID
		known bool
	)
	if tc, ok := conn.(*tls.Conn); ok {
		conn.SetDeadline(helloBy)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			err = fmt.Errorf("TLS handshake with %s: %w", conn.RemoteAddr(), err)
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				err = fmt.Errorf("%w: no TLS handshake within %v (%w)", ErrStalled, cfg.HandshakeTimeout, err)
			}
			return Stats{}, err
		}
		_, id, err := PeerKey(tc.ConnectionState())
		if err != nil {
			conn.Close()
			return Stats{}, fmt.Errorf("TLS handshake with %s: %w", conn.RemoteAddr(), err)
		}
		if err := cfg.expected(id, conn.RemoteAddr()); err != nil {
			// Before any message: a device other than the one announced
			// at that address learns nothing, not even our vector.
			conn.Close()
			err = fmt.Errorf("sync with %s: %w", id.Short(), err)
			cfg.Log.Warn("sync session ended", "peer", id.Short(), "addr", conn.RemoteAddr().String(), "reason", err.Error())
			return Stats{Peer: id}, err
		}
		peer, known = id, true
	}
	s := newSession(conn, cfg)
	if cfg.serving {
		s.helloBy = helloBy
	}
	st, err := s.run(ctx, peer, known)
	st.Duration = cfg.Now().Sub(start)
	if err != nil && ctx.Err() != nil {
		err = fmt.Errorf("%w (%w)", ctx.Err(), err)
	}
	if err != nil {
		cfg.Log.Warn("sync session ended", "peer", st.Peer.Short(), "addr", conn.RemoteAddr().String(), "reason", err.Error())
	}
	return st, err
}

// expected checks the peer's device against Config.Expect.
func (c Config) expected(got crdt.DeviceID, addr net.Addr) error {
	if c.Expect == (crdt.DeviceID{}) || got == c.Expect {
		return nil
	}
	return fmt.Errorf("%w: %s was announced as device %s, but it is device %s (another device announcing that id, or a changed address)",
		ErrWrongDevice, addr, c.Expect.Short(), got.Short())
}

// DialSync connects to a peer at addr over TLS and runs a session. Set
// Config.Expect to the device announced at addr: another device answering
// there is dropped with ErrWrongDevice before any record is exchanged.
func DialSync(ctx context.Context, addr string, cfg Config) (Stats, error) {
	tc, err := TLSConfig(cfg.Identity)
	if err != nil {
		return Stats{}, err
	}
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return Stats{}, fmt.Errorf("connect to %s: %w", addr, err)
	}
	return Sync(ctx, tls.Client(raw, tc), cfg)
}

// maxServed bounds the sessions Serve runs at once.
const maxServed = 32

// Serve accepts connections on ln and runs a session with each, in its own
// goroutine (at most 32 at once, at most Config.MaxPerHost per remote IP
// address), reporting each session's outcome to report (if set). It rides
// out temporary Accept failures (acceptRetry) and returns when ctx is done
// (closing ln) or ln is closed, after the running sessions have ended.
func Serve(ctx context.Context, ln net.Listener, cfg Config, report func(Stats, error)) error {
	tc, err := TLSConfig(cfg.Identity)
	if err != nil {
		return err
	}
	cfg.serving = true
	d := cfg.withDefaults()
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	slots := make(chan struct{}, maxServed)
	var mu sync.Mutex
	perHost := make(map[string]int)
	for {
		raw, err := acceptRetry(ctx, ln, d.Log)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("accept: %w", err)
		}
		host, capped := hostKey(raw.RemoteAddr(), d.capLoopback)
		if capped {
			mu.Lock()
			over := perHost[host] >= d.MaxPerHost
			if !over {
				perHost[host]++
			}
			mu.Unlock()
			if over {
				// One host cannot take every slot from the others.
				raw.Close()
				d.Log.Warn("sync connection refused: too many sessions from this address", "addr", raw.RemoteAddr().String(), "max", d.MaxPerHost)
				continue
			}
		}
		release := func() {
			if capped {
				mu.Lock()
				if perHost[host]--; perHost[host] <= 0 {
					delete(perHost, host)
				}
				mu.Unlock()
			}
		}
		select {
		case slots <- struct{}{}:
		default:
			// A flood of connections cannot pile up sessions.
			release()
			raw.Close()
			d.Log.Warn("sync connection refused: too many sessions", "addr", raw.RemoteAddr().String())
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			defer release()
			st, err := Sync(ctx, tls.Server(raw, tc), cfg)
			if report != nil {
				report(st, err)
			}
		}()
	}
}

// hostKey is the remote IP address a connection counts against, and
// whether it is capped at all: loopback connections come from this very
// computer, whose processes can do worse than take slots.
func hostKey(a net.Addr, capLoopback bool) (string, bool) {
	var ip net.IP
	switch a := a.(type) {
	case *net.TCPAddr:
		ip = a.IP
	default:
		h, _, err := net.SplitHostPort(a.String())
		if err != nil {
			return a.String(), true
		}
		ip = net.ParseIP(h)
		if ip == nil {
			return h, true
		}
	}
	if ip.IsLoopback() && !capLoopback {
		return "", false
	}
	return ip.String(), true
}

// acceptRetry accepts the next connection, riding out failures that pass
// (out of file descriptors, a connection aborted before it was accepted)
// with a backoff from 5 ms doubling to 1 s, as net/http's Server does: a
// burst of connections must not stop the server for good. It returns only
// when ln is closed or ctx is done.
func acceptRetry(ctx context.Context, ln net.Listener, log *slog.Logger) (net.Conn, error) {
	var delay time.Duration
	for {
		c, err := ln.Accept()
		if err == nil {
			return c, nil
		}
		if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
			return nil, err
		}
		delay = min(max(2*delay, 5*time.Millisecond), time.Second)
		log.Warn("accept failed; retrying", "err", err.Error(), "in", delay)
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, err
		}
	}
}

// session is the state of one session. The reader goroutine reads and
// merges; the writer (the caller's goroutine) writes batches, acks and
// done. They share the counters under mu; notify wakes the writer.
type session struct {
	cfg     Config
	conn    net.Conn
	notify  chan struct{}
	helloBy time.Time   // the deadline of the peer's hello (zero: ReadTimeout)
	mine    crdt.Vector // this side's vector as announced: what it sends at most

	mu       sync.Mutex
	err      error       // first error, from either side
	recvd    uint64      // batches received and merged
	ackVec   crdt.Vector // our vector after the last merge
	ackTaken uint64      // batches covered by the last ack written
	sent     uint64      // batches sent
	acked    uint64      // of ours, acknowledged by the peer
	peerVec  crdt.Vector // the peer's vector, as of its last ack
	peerDone bool
	sentDone bool
	stats    Stats
	prog     Progress

	stopping atomic.Bool
	cancel   context.CancelFunc // stops the store's work once the session failed
}

func newSession(conn net.Conn, cfg Config) *session {
	return &session{cfg: cfg, conn: conn, notify: make(chan struct{}, 1)}
}

func (s *session) wake() {
	select {
	case s.notify <- struct{}{}:
	default:
	}
}

func (s *session) fail(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
	s.wake()
}

func (s *session) write(t byte, p []byte) error {
	s.conn.SetWriteDeadline(time.Now().Add(s.cfg.ReadTimeout))
	n, err := writeFrame(s.conn, t, p)
	s.mu.Lock()
	s.stats.BytesOut += int64(n)
	s.mu.Unlock()
	if err != nil {
		return s.netErr("send "+msgName(t), err)
	}
	return nil
}

func (s *session) read() (byte, []byte, error) {
	return s.readBy(time.Now().Add(s.cfg.ReadTimeout))
}

// readBy reads a frame before deadline.
func (s *session) readBy(deadline time.Time) (byte, []byte, error) {
	s.conn.SetReadDeadline(deadline)
	t, p, err := readFrame(s.conn, s.cfg.MaxFrame)
	if err != nil {
		if errors.Is(err, ErrTooMuch) {
			return t, nil, err
		}
		return t, nil, s.netErr("read", err)
	}
	s.mu.Lock()
	s.stats.BytesIn += int64(frameHeader + len(p))
	s.mu.Unlock()
	return t, p, nil
}

// netErr classifies a connection error: a timeout is a stalled peer, an
// end of stream a cut connection.
func (s *session) netErr(what string, err error) error {
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Errorf("%w: nothing for %v (%s)", ErrStalled, s.cfg.ReadTimeout, what)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		return fmt.Errorf("%w: %s: %v", ErrCut, what, err)
	}
	return fmt.Errorf("%w: %s: %v", ErrCut, what, err)
}

func (s *session) run(ctx context.Context, peer crdt.DeviceID, known bool) (Stats, error) {
	store := s.cfg.Store
	me := store.Device()
	// 1. hello, or refuse straight away a peer known from its certificate.
	ours := time.Now()
	if known {
		if err := store.Allowed(peer); err != nil {
			return s.refuse(peer, err)
		}
	}
	if err := s.write(msgHello, hello{Version: ProtocolVersion, Device: me, Schema: s.cfg.Schema, Name: s.cfg.Name}.encode()); err != nil {
		return s.end(peer, err)
	}
	helloBy := s.helloBy
	if helloBy.IsZero() {
		helloBy = time.Now().Add(s.cfg.ReadTimeout)
	} else {
		// Our own slowness (a busy store) is not the peer's.
		helloBy = helloBy.Add(time.Since(ours))
	}
	t, p, err := s.readBy(helloBy)
	if err != nil {
		if errors.Is(err, ErrStalled) {
			err = fmt.Errorf("%w: no hello within %v of the connection", ErrStalled, s.cfg.HandshakeTimeout)
		}
		return s.end(peer, err)
	}
	var h hello
	switch t {
	case msgRefuse:
		return s.end(peer, s.refused(peer, p))
	case msgHello:
		if h, err = decodeHello(p); err != nil {
			return s.drop(peer, fmt.Errorf("hello: %w", err))
		}
	default:
		return s.drop(peer, fmt.Errorf("%w: %s message instead of hello", ErrGarbage, msgName(t)))
	}
	if known && h.Device != peer {
		return s.drop(peer, fmt.Errorf("%w: hello claims device %s, certificate is %s", ErrGarbage, h.Device.Short(), peer.Short()))
	}
	if !known {
		if err := s.cfg.expected(h.Device, s.conn.RemoteAddr()); err != nil {
			s.stats.Peer = h.Device
			return s.end(h.Device, err)
		}
	}
	peer = h.Device
	s.stats.Peer, s.stats.PeerName, s.stats.PeerSchema = peer, h.Name, h.Schema
	if h.Version != ProtocolVersion {
		return s.refuse(peer, fmt.Errorf("speaks sync protocol version %d, this laptop version %d: update Konbit", h.Version, ProtocolVersion))
	}
	if peer == me {
		return s.refuse(peer, errors.New("is this very laptop"))
	}
	if !known {
		if err := store.Allowed(peer); err != nil {
			return s.refuse(peer, err)
		}
	}

	// 2. vectors.
	mine, err := store.Vector(ctx)
	if err != nil {
		return s.end(peer, fmt.Errorf("read own vector: %w", err))
	}
	s.mine = mine
	if err := s.write(msgVector, encodeVector(mine)); err != nil {
		return s.end(peer, err)
	}
	if t, p, err = s.read(); err != nil {
		return s.end(peer, err)
	}
	switch t {
	case msgRefuse:
		return s.end(peer, s.refused(peer, p))
	case msgVector:
	default:
		return s.drop(peer, fmt.Errorf("%w: %s message instead of vector", ErrGarbage, msgName(t)))
	}
	theirs, err := decodeVector(p)
	if err != nil {
		return s.drop(peer, fmt.Errorf("vector: %w", err))
	}
	s.peerVec = theirs
	s.prog.OutTotal = lacks(theirs, mine)
	s.prog.InTotal = lacks(mine, theirs)
	s.report()

	// 3. both directions at once.
	ctx, s.cancel = context.WithCancel(ctx)
	defer s.cancel()
	readerDone := make(chan error, 1)
	go func() { readerDone <- s.readLoop(ctx, peer) }()
	err = s.writeLoop(ctx)
	if err != nil {
		s.fail(err) // keeps the first error: the reader's, if it failed first
		s.mu.Lock()
		err = s.err
		s.mu.Unlock()
	}
	if err != nil && !errors.Is(err, ErrCut) && !errors.Is(err, ErrRefused) {
		// Tell the peer why it is dropped, best effort.
		s.write(msgRefuse, encodeReason("dropped by "+me.Short()+": "+err.Error()))
	}
	s.shutdown(readerDone)
	if err != nil {
		return s.end(peer, err)
	}
	return s.end(peer, nil)
}

// lacks counts the changes a replica at vector have lacks from one at
// vector other, saturating at 1<<40 (a hostile vector may claim anything).
func lacks(have, other crdt.Vector) int {
	const most = 1 << 40
	n := uint64(0)
	for d, seq := range other {
		if seq > have[d] {
			n += min(seq-have[d], most)
		}
	}
	return int(min(n, most))
}

func (s *session) report() {
	if s.cfg.Progress != nil {
		s.cfg.Progress(s.prog)
	}
}

// refuse tells the peer why it is refused, and ends the session.
func (s *session) refuse(peer crdt.DeviceID, why error) (Stats, error) {
	s.write(msgRefuse, encodeReason(why.Error()))
	s.shutdown(nil)
	s.stats.Peer = peer
	return s.stats, fmt.Errorf("%w: %v", ErrRefused, why)
}

// refused reads the peer's refusal.
func (s *session) refused(peer crdt.DeviceID, p []byte) error {
	s.shutdown(nil)
	reason, err := decodeReason(p)
	if err != nil {
		reason = "(undecodable reason)"
	}
	return fmt.Errorf("%w: device %s refused this laptop: %s", ErrRefused, peer.Short(), reason)
}

// drop ends a session with a peer that misbehaved, telling it why.
func (s *session) drop(peer crdt.DeviceID, why error) (Stats, error) {
	s.write(msgRefuse, encodeReason("dropped by "+s.cfg.Store.Device().Short()+": "+why.Error()))
	s.shutdown(nil)
	return s.end(peer, why)
}

func (s *session) end(peer crdt.DeviceID, err error) (Stats, error) {
	s.shutdown(nil)
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	if st.Peer == (crdt.DeviceID{}) {
		st.Peer = peer
	}
	if err != nil {
		return st, fmt.Errorf("sync with %s: %w", peer.Short(), err)
	}
	return st, nil
}

// shutdown ends the connection without losing what was written: it
// half-closes (so the peer reads everything, then end of stream), waits a
// little for the reader (readerDone, if a reader runs) or drains, and
// closes. Closing with unread data would reset the connection and could
// destroy our last message in flight.
func (s *session) shutdown(readerDone chan error) {
	if s.stopping.Swap(true) {
		return
	}
	linger := min(s.cfg.ReadTimeout, 2*time.Second)
	cw, ok := s.conn.(interface{ CloseWrite() error })
	if !ok {
		s.conn.Close()
		if readerDone != nil {
			<-readerDone
		}
		return
	}
	cw.CloseWrite()
	if readerDone == nil {
		s.conn.SetReadDeadline(time.Now().Add(linger))
		io.Copy(io.Discard, io.LimitReader(s.conn, 16<<20))
		s.conn.Close()
		return
	}
	select {
	case <-readerDone:
	case <-time.After(linger):
		s.conn.Close()
		<-readerDone
	}
	s.conn.Close()
}

// writeLoop sends acks, batches and done until the session is complete.
func (s *session) writeLoop(ctx context.Context) error {
	store := s.cfg.Store
	var (
		cursor   Cursor
		sentDone bool
		base     = s.peerVec.Clone()
	)
	for {
		s.mu.Lock()
		err := s.err
		needAck := s.recvd > s.ackTaken
		a := ack{Batches: s.recvd, Vector: s.ackVec}
		if needAck {
			s.ackTaken = s.recvd
		}
		room := !sentDone && s.sent-s.acked < uint64(s.cfg.Window)
		finished := sentDone && s.acked == s.sent && s.peerDone && s.ackTaken == s.recvd && !needAck
		since := base.Clone()
		for d, seq := range s.peerVec {
			since[d] = max(since[d], seq)
		}
		s.mu.Unlock()
		switch {
		case err != nil:
			return err
		case needAck:
			if err := s.write(msgAck, a.encode()); err != nil {
				return err
			}
		case room:
			b, err := store.NextBatch(ctx, since, s.mine, cursor, s.cfg.BatchBytes)
			if err != nil {
				return fmt.Errorf("read changes to send: %w", err)
			}
			if b.Changes == 0 {
				// Marked before the write: once the peer reads done it
				// may finish and half-close before the write returns.
				s.mu.Lock()
				n := s.sent
				s.sentDone = true
				s.mu.Unlock()
				sentDone = true
				if err := s.write(msgDone, encodeCount(n)); err != nil {
					return err
				}
				continue
			}
			if len(b.Data) > s.cfg.MaxFrame {
				return fmt.Errorf("a batch of %d bytes does not fit a frame (limit %d): a change too large to send", len(b.Data), s.cfg.MaxFrame)
			}
			s.mu.Lock()
			s.sent++
			s.mu.Unlock()
			if err := s.write(msgBatch, b.Data); err != nil {
				return err
			}
			cursor = b.Last
			s.mu.Lock()
			s.stats.BatchesOut++
			s.stats.ChangesOut += b.Changes
			s.prog.OutDone += b.Changes
			s.report()
			s.mu.Unlock()
		case finished:
			return nil
		default:
			select {
			case <-s.notify:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
}

// readLoop reads and merges the peer's batches and records its acks and
// done, until the connection ends or something goes wrong.
func (s *session) readLoop(ctx context.Context, peer crdt.DeviceID) error {
	store := s.cfg.Store
	knownRun := 0
	var bytesIn int64
	for {
		t, p, err := s.read()
		if s.stopping.Load() {
			if err != nil {
				return nil
			}
			continue
		}
		if err != nil {
			s.mu.Lock()
			finished := s.peerDone && s.sentDone && s.acked == s.sent && errors.Is(err, ErrCut)
			s.mu.Unlock()
			if finished {
				s.wake()
				return nil // the peer half-closed after the end
			}
			s.fail(err)
			return err
		}
		bytesIn += int64(len(p))
		if bytesIn > s.cfg.MaxSessionBytes {
			return s.failf("%w: more than %d bytes in one session", ErrTooMuch, s.cfg.MaxSessionBytes)
		}
		switch t {
		case msgBatch:
			s.mu.Lock()
			done, recvd, taken := s.peerDone, s.recvd, s.ackTaken
			s.mu.Unlock()
			if done {
				return s.failf("%w: batch after done", ErrGarbage)
			}
			if recvd+1-taken > uint64(s.cfg.Window)+1 {
				return s.failf("%w: %d batches unacknowledged, the window is %d", ErrTooMuch, recvd+1-taken, s.cfg.Window)
			}
			ms, err := store.Merge(ctx, peer, p)
			if err != nil {
				if ctx.Err() != nil {
					s.fail(ctx.Err())
					return ctx.Err()
				}
				return s.failf("%w: batch %d: %v", ErrGarbage, recvd+1, err)
			}
			// Refused changes (a Problem) do not count as known: a peer
			// may hold a removed device's late changes in good faith.
			if ms.New == 0 && ms.Held == 0 && ms.Problem == nil {
				knownRun++
			} else {
				knownRun = 0
			}
			if knownRun > s.cfg.MaxKnownRun {
				return s.failf("%w: %d batches in a row of changes already held", ErrTooMuch, knownRun)
			}
			// The batch is committed: count it before anything else can fail.
			s.mu.Lock()
			s.stats.BatchesIn++
			s.stats.ChangesIn += ms.Changes
			s.stats.NewIn += ms.New
			s.stats.HeldIn += ms.Held
			if ms.Problem != nil {
				s.stats.Problems = append(s.stats.Problems, ms.Problem)
			}
			s.prog.InDone += ms.Changes
			tooMany := s.stats.ChangesIn > s.prog.InTotal+s.cfg.MaxExtra
			s.report()
			s.mu.Unlock()
			if tooMany {
				return s.failf("%w: more changes than its vector announced (%d) and %d more", ErrTooMuch, s.prog.InTotal, s.cfg.MaxExtra)
			}
			vec, err := store.Vector(ctx)
			if err != nil {
				return s.failf("read own vector: %w", err)
			}
			s.mu.Lock()
			s.recvd++
			s.ackVec = vec
			s.mu.Unlock()
			s.wake()
		case msgAck:
			a, err := decodeAck(p)
			if err != nil {
				return s.failf("ack: %w", err)
			}
			s.mu.Lock()
			bad := a.Batches > s.sent || a.Batches < s.acked
			if !bad {
				s.acked = a.Batches
				s.peerVec = a.Vector
			}
			sent := s.sent
			s.mu.Unlock()
			if bad {
				return s.failf("%w: ack of %d batches, %d sent", ErrGarbage, a.Batches, sent)
			}
			s.wake()
		case msgDone:
			n, err := decodeCount(p)
			if err != nil {
				return s.failf("done: %w", err)
			}
			s.mu.Lock()
			bad := n != s.recvd || s.peerDone
			recvd := s.recvd
			s.peerDone = true
			s.mu.Unlock()
			if bad {
				return s.failf("%w: done after %d batches, %d received", ErrGarbage, n, recvd)
			}
			s.wake()
		case msgRefuse:
			reason, err := decodeReason(p)
			if err != nil {
				reason = "(undecodable reason)"
			}
			return s.failf("%w: device %s ended the session: %s", ErrRefused, peer.Short(), reason)
		default:
			return s.failf("%w: unexpected %s message", ErrGarbage, msgName(t))
		}
	}
}

func (s *session) failf(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	s.fail(err)
	return err
}
