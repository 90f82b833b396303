package peer

import "errors"

// Sentinel errors; the errors returned wrap them with the details (which
// peer, what it sent), so callers test with errors.Is and show Error().
var (
	// ErrRefused: one side refused the other (not on the roster, removed,
	// another protocol version). The message names who refused and why.
	ErrRefused = errors.New("refused")
	// ErrGarbage: the peer sent something undecodable or unexpected.
	ErrGarbage = errors.New("peer sent garbage")
	// ErrStalled: the peer sent nothing for the read timeout, or did not
	// read what we sent.
	ErrStalled = errors.New("peer stalled")
	// ErrTooMuch: the peer sent more than a session plausibly needs.
	ErrTooMuch = errors.New("peer sent too much")
	// ErrCut: the connection ended before the session did.
	ErrCut = errors.New("connection cut")
	// ErrBadCertificate: the peer's TLS certificate is not a well-formed
	// self-signed Ed25519 device certificate.
	ErrBadCertificate = errors.New("bad device certificate")
	// ErrWrongDevice: the peer proved another device than the one
	// expected at that address (Config.Expect).
	ErrWrongDevice = errors.New("not the expected device")

	// ErrCodeMismatch: the code typed on the joining laptop is not the one
	// it derived: a typo, or a man in the middle.
	ErrCodeMismatch = errors.New("pairing code does not match")
	// ErrWrongCode: the listener refused the code (wrong code).
	ErrWrongCode = errors.New("wrong pairing code")
	// ErrWindowClosed: the pairing window expired or saw too many wrong
	// codes.
	ErrWindowClosed = errors.New("pairing window closed")
)
