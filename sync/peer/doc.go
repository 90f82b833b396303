// Package peer syncs two Konbit laptops over the network, and pairs a new
// laptop with a member's one.
//
// # Transport
//
// Every connection is TLS 1.3 with mutual authentication and no certificate
// authority: each side presents a self-signed X.509 certificate made from
// its device's Ed25519 key (Certificate), and checks that the other side's
// is a well-formed self-signed Ed25519 certificate. The device id is derived
// from the certificate's key (crdt.DeviceIDFromPublicKey), so a peer cannot
// claim another's id: TLS proves it holds the key. Whether that device may
// sync is the Store's decision (Store.Allowed, the group's roster): a device
// that is not allowed is refused right after the handshake, before any
// record is exchanged, and both sides say why (a refuse message carries the
// reason; the refused side's Sync fails with ErrRefused naming it). A
// dialer that knows which device should answer (Config.Expect: the device
// announced at that address) drops any other with ErrWrongDevice right
// after the handshake. The handshake and the hello must be done within
// Config.HandshakeTimeout (5 s), and Serve runs at most Config.MaxPerHost
// (4) sessions at once per remote IP address, so unauthenticated
// connections cannot hold its 32 places.
//
// # Session protocol
//
// Messages are frames: a type byte, a big-endian u32 payload length, the
// payload; a frame longer than Config.MaxFrame drops the peer. A session:
//
//  1. each side sends hello (protocol version, device id, schema version,
//     device name) or refuse (reason), and reads the other's;
//  2. each side sends its version vector;
//  3. both directions at once: each side streams, in (origin, seq) order,
//     batches of the changes the other lacks (each batch is a bundle, as
//     produced by the Store), at most Config.Window unacknowledged; the
//     receiver merges each batch in one transaction and acknowledges it
//     with its new vector, which also tells the sender what to skip (changes
//     the receiver got meanwhile from a third laptop);
//  4. each side sends done (the number of batches it sent) once it has
//     nothing more; the session ends when both sides are done and every
//     batch is acknowledged.
//
// A cut connection loses nothing: every acknowledged batch is committed,
// an unacknowledged one was merged whole or not at all, and the next
// session starts again from the vectors; the merge is idempotent, so
// nothing is applied twice. Memory stays bounded: a side holds at most the
// batch it is merging and the one it is sending.
//
// A peer is dropped, with an error naming the reason (ErrGarbage,
// ErrStalled, ErrTooMuch), when it sends an undecodable frame or batch, an
// unexpected message, nothing for Config.ReadTimeout, a frame over the
// limit, more batches than the window allows, more changes than its vector
// makes plausible, or batches of only already-known changes repeatedly.
//
// # Pairing
//
// ListenPair (on a member's laptop, for a window opened on purpose) and
// JoinPair (on the new laptop) run over the same mutual TLS 1.3, any device
// allowed. The joiner commits to a random 32-byte nonce (sends its
// SHA-256), the listener sends its nonce, the joiner reveals its own. Both
// derive a 6-digit code with HKDF-SHA256 from the TLS exporter
// (ExportKeyingMaterial "konbit pairing v1"), salted with both nonces, its
// info binding both device keys (listener's, then joiner's). Because the
// joiner committed before seeing the listener's nonce and the listener
// sent its nonce before the reveal, a man in the middle, who runs two TLS
// sessions with two different exporters and keys, gets one chance in a
// million per attempt that the two codes match, and cannot search for a
// match. The window closes after three wrong codes or five minutes.
// Attempts are served one at a time, so each is bounded: the handshake
// and the nonces within Config.ReadTimeout, the typed code within
// PairConfig.CodeTimeout (90 s) of showing it; an attempt that shows a
// code and does not confirm it (wrong, silent, hung up) counts as wrong.
//
// What the code does not protect against: a device that connects directly
// to an open window is an endpoint of the TLS session, so it derives the
// very code the listener shows. The code proves there is nobody between
// the two laptops; which laptop is asking is shown by the listener (its
// name and short id) so the member can check it is the one on the table.
package peer
