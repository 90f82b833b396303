package peer

import (
	"context"
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/konbit/konbit/sync/crdt"
)

const (
	codeDigits = 6
	// pairingLabel is the TLS exporter label of the pairing code.
	pairingLabel = "konbit pairing v1"
	pairingInfo  = "konbit pairing code v1"
)

// PairConfig sets up one side of a pairing. The embedded Config runs the
// session that follows a successful pairing on the same connection (its
// Identity is also the pairing's TLS identity).
type PairConfig struct {
	Config
	// Window is how long the listener's window stays open. Default 5 min.
	Window time.Duration
	// MaxWrong is how many wrong codes close the window. Default 3. An
	// attempt that shows a code and does not get it back right (a wrong
	// code, a mismatch, silence past CodeTimeout, a hang-up) counts.
	MaxWrong int
	// CodeTimeout (listener) is how long an attempt waits for the code
	// once it is shown: a person reading six digits aloud and typing
	// them. Attempts are served one at a time, so this bounds how long a
	// silent stranger holds the window. Default 90 s. Before the code is
	// shown, the handshake and the nonces must be done within
	// Config.ReadTimeout.
	CodeTimeout time.Duration
	// ShowCode (listener) shows the code, with the device id and name of
	// the laptop asking to join, so the member checks it is the one on
	// the table. It is called once per attempt; each attempt has its own
	// code.
	ShowCode func(code string, joiner crdt.DeviceID, name string)
	// EnterCode (joiner) asks the user for the code the listener shows;
	// it is told which laptop it is talking to.
	EnterCode func(ctx context.Context, listener crdt.DeviceID, name string) (string, error)
	// Admit writes this side's admission of the other device, once the
	// code is confirmed: the listener admits the joiner, the joiner the
	// listener (the pairing is symmetric).
	Admit func(ctx context.Context, pub ed25519.PublicKey, name string) error

	// sendUnchecked makes the joiner send the code without checking it
	// first, as a hostile joiner would: tests of the listener's count.
	sendUnchecked bool
}

// PairResult says what a pairing did.
type PairResult struct {
	Peer     crdt.DeviceID
	PeerKey  ed25519.PublicKey
	PeerName string
	// Paired is set once this side has admitted the other: even if the
	// session that follows fails (the error says so), the pairing holds
	// and the next sync completes it.
	Paired bool
	// Sync is what the session that followed did.
	Sync Stats
	// Wrong counts the failed code attempts the listener saw (wrong
	// codes, mismatches, silence or hang-ups after the code was shown).
	Wrong int
}

func (c PairConfig) withDefaults() PairConfig {
	c.Config = c.Config.withDefaults()
	if c.Window <= 0 {
		c.Window = 5 * time.Minute
	}
	if c.MaxWrong <= 0 {
		c.MaxWrong = 3
	}
	if c.CodeTimeout <= 0 {
		c.CodeTimeout = 90 * time.Second
	}
	return c
}

// errAttempt marks a failed attempt that counts as a wrong code.
var errAttempt = errors.New("wrong code attempt")

// ListenPair opens a pairing window on ln, on the member's laptop: it
// accepts connections one at a time until one pairs, the window expires
// (ErrWindowClosed) or MaxWrong attempts failed after their code was shown
// (ErrWindowClosed); each attempt is bounded in time (ReadTimeout until the
// code is shown, CodeTimeout after), so a silent stranger cannot hold the
// window. It
// closes ln when it returns: the window is closed. Then it runs a session
// on the paired connection, so both laptops converge.
func ListenPair(ctx context.Context, ln net.Listener, cfg PairConfig) (PairResult, error) {
	cfg = cfg.withDefaults()
	if cfg.ShowCode == nil || cfg.Admit == nil {
		return PairResult{}, errors.New("pairing: ShowCode and Admit are required")
	}
	tcfg, err := TLSConfig(cfg.Identity)
	if err != nil {
		return PairResult{}, err
	}
	end := time.Now().Add(cfg.Window)
	wctx, cancel := context.WithDeadline(ctx, end)
	defer cancel()
	stop := context.AfterFunc(wctx, func() { ln.Close() })
	defer stop()
	defer ln.Close()
	wrong := 0
	for {
		raw, err := acceptRetry(wctx, ln, cfg.Log)
		if err != nil {
			if ctx.Err() != nil {
				return PairResult{Wrong: wrong}, fmt.Errorf("pairing: %w", ctx.Err())
			}
			if wctx.Err() != nil {
				return PairResult{Wrong: wrong}, fmt.Errorf("%w: the %v window expired", ErrWindowClosed, cfg.Window)
			}
			return PairResult{Wrong: wrong}, fmt.Errorf("pairing: accept: %w", err)
		}
		res, err := listenOne(wctx, tls.Server(raw, tcfg), cfg, end)
		res.Wrong = wrong
		if err == nil || res.Paired {
			if res.Paired {
				// Sync on the same connection, no longer bound by the window.
				res.Sync, err = Sync(ctx, res.conn, cfg.Config)
				if err != nil {
					err = fmt.Errorf("paired with %s, but the first sync failed: %w", res.Peer.Short(), err)
				}
			}
			return res.PairResult, err
		}
		raw.Close()
		if errors.Is(err, errAttempt) {
			wrong++
			cfg.Log.Warn("pairing attempt failed", "peer", res.Peer.Short(), "reason", err.Error(), "wrong", wrong)
			if wrong >= cfg.MaxWrong {
				return PairResult{Wrong: wrong}, fmt.Errorf("%w: %d failed code attempts (last: %v)", ErrWindowClosed, wrong, err)
			}
			continue
		}
		if wctx.Err() != nil && ctx.Err() == nil {
			return PairResult{Wrong: wrong}, fmt.Errorf("%w: the %v window expired (%v)", ErrWindowClosed, cfg.Window, err)
		}
		cfg.Log.Warn("pairing attempt failed", "peer", res.Peer.Short(), "reason", err.Error())
	}
}

type listenResult struct {
	PairResult
	conn *tls.Conn
}

func listenOne(ctx context.Context, tc *tls.Conn, cfg PairConfig, end time.Time) (listenResult, error) {
	var res listenResult
	stop := context.AfterFunc(ctx, func() { tc.Close() })
	defer stop()
	p := pconn{c: tc, timeout: cfg.ReadTimeout, max: cfg.MaxFrame}
	// Up to the code, the exchange is machine work: it must all be done
	// within the read timeout, however the stranger paces its messages.
	shownBy := earliest(time.Now().Add(cfg.ReadTimeout), end)
	pub, id, their, err := p.open(ctx, cfg.Name, shownBy)
	if err != nil {
		return res, err
	}
	res.Peer, res.PeerKey, res.PeerName = id, pub, their.Name
	commit, err := p.recv32(msgCommit, shownBy)
	if err != nil {
		return res, err
	}
	var nL [32]byte
	rand.Read(nL[:])
	if err := p.send(msgNonce, nL[:]); err != nil {
		return res, err
	}
	nJ, err := p.recv32(msgReveal, shownBy)
	if err != nil {
		return res, err
	}
	if sha256.Sum256(nJ[:]) != commit {
		p.send(msgPairResult, pairResult{Reason: "the revealed nonce does not match its commitment"}.encode())
		return res, fmt.Errorf("%w: device %s revealed a nonce that does not match its commitment", errAttempt, id.Short())
	}
	code, err := pairingCode(tc.ConnectionState(), nL, nJ, cfg.Identity.Public(), pub)
	if err != nil {
		return res, err
	}
	cfg.ShowCode(code, id, their.Name)
	// From here every attempt that does not confirm the code counts
	// against the window, whatever it does instead: the window must not
	// be held, nor codes shown, by strangers for free.
	attempt := func(err error) error {
		if ctx.Err() != nil || !time.Now().Before(end) {
			return err // the window closed: not the joiner's doing
		}
		return fmt.Errorf("%w: device %s (%q): %w", errAttempt, id.Short(), their.Name, err)
	}
	t, payload, err := p.recvAny(earliest(time.Now().Add(cfg.CodeTimeout), end))
	if err != nil {
		if errors.Is(err, ErrStalled) {
			err = fmt.Errorf("%w: no code within %v of showing it", ErrStalled, cfg.CodeTimeout)
		}
		return res, attempt(err)
	}
	switch t {
	case msgCodeMismatch:
		return res, fmt.Errorf("%w: device %s (%q) says the code typed does not match its own: a typo, or a device in the middle", errAttempt, id.Short(), their.Name)
	case msgCode:
	default:
		return res, attempt(fmt.Errorf("%w: %s message instead of the code", ErrGarbage, msgName(t)))
	}
	typed, err := decodeCode(payload)
	if err != nil {
		return res, attempt(err)
	}
	if subtle.ConstantTimeCompare([]byte(typed), []byte(code)) != 1 {
		p.send(msgPairResult, pairResult{Reason: "wrong code"}.encode())
		return res, fmt.Errorf("%w: device %s (%q) sent a wrong code", errAttempt, id.Short(), their.Name)
	}
	if err := cfg.Admit(ctx, pub, their.Name); err != nil {
		p.send(msgPairResult, pairResult{Reason: "the member's laptop could not record the admission"}.encode())
		return res, fmt.Errorf("pairing: admit %s: %w", id.Short(), err)
	}
	res.Paired = true
	res.conn = tc
	if err := p.send(msgPairResult, pairResult{OK: true}.encode()); err != nil {
		return res, fmt.Errorf("pairing: admitted %s, but could not tell it: %w", id.Short(), err)
	}
	return res, nil
}

// DialPair connects to a pairing window at addr and runs JoinPair.
func DialPair(ctx context.Context, addr string, cfg PairConfig) (PairResult, error) {
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return PairResult{}, fmt.Errorf("pairing: connect to %s: %w", addr, err)
	}
	return JoinPair(ctx, raw, cfg)
}

// JoinPair pairs the new laptop over conn (a plain connection to the
// member's laptop's window; TLS is set up here), then runs a session on it.
// The code the user types is first checked against this laptop's own: a
// mismatch (ErrCodeMismatch) means a typo or a man in the middle, and is
// reported to the listener as a wrong attempt without revealing the code.
func JoinPair(ctx context.Context, conn net.Conn, cfg PairConfig) (PairResult, error) {
	cfg = cfg.withDefaults()
	var res PairResult
	if cfg.EnterCode == nil || cfg.Admit == nil {
		conn.Close()
		return res, errors.New("pairing: EnterCode and Admit are required")
	}
	tcfg, err := TLSConfig(cfg.Identity)
	if err != nil {
		conn.Close()
		return res, err
	}
	tc := tls.Client(conn, tcfg)
	fail := func(err error) (PairResult, error) {
		tc.Close()
		return res, fmt.Errorf("pairing: %w", err)
	}
	stop := context.AfterFunc(ctx, func() { tc.Close() })
	defer stop()
	p := pconn{c: tc, timeout: cfg.ReadTimeout, max: cfg.MaxFrame}
	pub, id, their, err := p.open(ctx, cfg.Name, time.Time{})
	if err != nil {
		return fail(err)
	}
	res.Peer, res.PeerKey, res.PeerName = id, pub, their.Name
	var nJ [32]byte
	rand.Read(nJ[:])
	commit := sha256.Sum256(nJ[:])
	if err := p.send(msgCommit, commit[:]); err != nil {
		return fail(err)
	}
	nL, err := p.recv32(msgNonce, time.Time{})
	if err != nil {
		return fail(err)
	}
	if err := p.send(msgReveal, nJ[:]); err != nil {
		return fail(err)
	}
	code, err := pairingCode(tc.ConnectionState(), nL, nJ, pub, cfg.Identity.Public())
	if err != nil {
		return fail(err)
	}
	typed, err := cfg.EnterCode(ctx, id, their.Name)
	if err != nil {
		return fail(err)
	}
	if len(typed) != codeDigits {
		return fail(fmt.Errorf("%w: the code has %d digits", ErrCodeMismatch, codeDigits))
	}
	if subtle.ConstantTimeCompare([]byte(typed), []byte(code)) != 1 && !cfg.sendUnchecked {
		p.send(msgCodeMismatch, nil)
		tc.CloseWrite()
		return fail(fmt.Errorf("%w: the code typed is not the one this laptop derived with %s (%q): a typo, or another device between the two laptops; check the code and the laptop's name and try again", ErrCodeMismatch, id.Short(), their.Name))
	}
	if err := p.send(msgCode, []byte(typed)); err != nil {
		return fail(err)
	}
	t, payload, err := p.recvAny(time.Time{})
	if err != nil {
		return fail(err)
	}
	if t != msgPairResult {
		return fail(fmt.Errorf("%w: %s message instead of the pairing result", ErrGarbage, msgName(t)))
	}
	verdict, err := decodePairResult(payload)
	if err != nil {
		return fail(err)
	}
	if !verdict.OK {
		return fail(fmt.Errorf("%w: %s refused: %s", ErrWrongCode, id.Short(), verdict.Reason))
	}
	if err := cfg.Admit(ctx, pub, their.Name); err != nil {
		return fail(fmt.Errorf("admit %s: %w", id.Short(), err))
	}
	res.Paired = true
	res.Sync, err = Sync(ctx, tc, cfg.Config)
	if err != nil {
		return res, fmt.Errorf("paired with %s, but the first sync failed: %w", id.Short(), err)
	}
	return res, nil
}

// pairingCode derives the 6-digit code of a pairing: HKDF-SHA256 of the
// TLS exporter's secret, salted with both nonces (listener's, joiner's),
// its info binding both device keys (listener's, joiner's). A man in the
// middle has two TLS sessions, hence two exporters and other keys.
func pairingCode(cs tls.ConnectionState, nL, nJ [32]byte, pubL, pubJ ed25519.PublicKey) (string, error) {
	secret, err := cs.ExportKeyingMaterial(pairingLabel, nil, 32)
	if err != nil {
		return "", fmt.Errorf("pairing: TLS exporter: %w", err)
	}
	salt := append(append(make([]byte, 0, 64), nL[:]...), nJ[:]...)
	info := pairingInfo + string(pubL) + string(pubJ)
	k, err := hkdf.Key(sha256.New, secret, salt, info, 8)
	if err != nil {
		return "", fmt.Errorf("pairing: derive code: %w", err)
	}
	return fmt.Sprintf("%0*d", codeDigits, binary.BigEndian.Uint64(k)%1_000_000), nil
}

// pconn frames the pairing messages, each read with a deadline.
type pconn struct {
	c       *tls.Conn
	timeout time.Duration
	max     int
}

// earliest is the earlier of two times.
func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// open completes the handshake and exchanges pairing hellos, before
// deadline (zero: the read timeout for each step).
func (p pconn) open(ctx context.Context, name string, deadline time.Time) (ed25519.PublicKey, crdt.DeviceID, pairHello, error) {
	if deadline.IsZero() {
		p.c.SetDeadline(time.Now().Add(p.timeout))
	} else {
		p.c.SetDeadline(deadline)
	}
	if err := p.c.HandshakeContext(ctx); err != nil {
		return nil, crdt.DeviceID{}, pairHello{}, fmt.Errorf("TLS handshake with %s: %w", p.c.RemoteAddr(), err)
	}
	pub, id, err := PeerKey(p.c.ConnectionState())
	if err != nil {
		return nil, id, pairHello{}, err
	}
	if err := p.send(msgPairHello, pairHello{Version: ProtocolVersion, Name: name}.encode()); err != nil {
		return pub, id, pairHello{}, err
	}
	t, payload, err := p.recvAny(deadline)
	if err != nil {
		return pub, id, pairHello{}, err
	}
	if t != msgPairHello {
		return pub, id, pairHello{}, fmt.Errorf("%w: %s message instead of pairing hello", ErrGarbage, msgName(t))
	}
	h, err := decodePairHello(payload)
	if err != nil {
		return pub, id, h, err
	}
	if h.Version != ProtocolVersion {
		return pub, id, h, fmt.Errorf("%w: device %s speaks pairing protocol %d, this laptop %d", ErrRefused, id.Short(), h.Version, ProtocolVersion)
	}
	return pub, id, h, nil
}

func (p pconn) send(t byte, payload []byte) error {
	p.c.SetWriteDeadline(time.Now().Add(p.timeout))
	if _, err := writeFrame(p.c, t, payload); err != nil {
		return fmt.Errorf("send %s: %w", msgName(t), err)
	}
	return nil
}

// recvAny reads a frame before deadline (zero: the read timeout from now);
// a refuse message becomes an ErrRefused error.
func (p pconn) recvAny(deadline time.Time) (byte, []byte, error) {
	if deadline.IsZero() {
		deadline = time.Now().Add(p.timeout)
	}
	p.c.SetReadDeadline(deadline)
	t, payload, err := readFrame(p.c, p.max)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return 0, nil, fmt.Errorf("%w: waiting for the other laptop", ErrStalled)
		}
		return 0, nil, fmt.Errorf("read: %w", err)
	}
	if t == msgRefuse {
		reason, err := decodeReason(payload)
		if err != nil {
			reason = "(undecodable reason)"
		}
		return t, nil, fmt.Errorf("%w: %s", ErrRefused, reason)
	}
	return t, payload, nil
}

func (p pconn) recv32(want byte, deadline time.Time) ([32]byte, error) {
	t, payload, err := p.recvAny(deadline)
	if err != nil {
		return [32]byte{}, err
	}
	if t != want {
		return [32]byte{}, fmt.Errorf("%w: %s message instead of %s", ErrGarbage, msgName(t), msgName(want))
	}
	return decode32(payload)
}
