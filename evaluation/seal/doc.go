// Package seal decides who can read evaluation answers: the most sensitive
// data the group has, copied to every laptop (and to USB sticks and shared
// folders) like any record.
//
// Each campaign has its own X25519 key pair. An answer (scores, comments, a
// reflection) is sealed to the campaign's public key with HPKE (RFC 9180:
// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, from the standard
// library's crypto/hpke), with the campaign, session, criterion, evaluator
// and evaluated person bound in the HPKE info: a sealed answer moved to
// another person, criterion or campaign does not open. A laptop that only
// relays the records holds ciphertext it cannot read.
//
// The campaign's private key is itself sealed to each HR member's personal
// public key (a grant). A new HR member receives a grant from a current one;
// no answer is ever re-encrypted. An HR member's personal private key never
// leaves their laptop: it is kept locked by a passphrase (Argon2id from
// golang.org/x/crypto, then AES-256-GCM), so that no relay can even try
// passphrases against it; only its public key is replicated.
//
// Nothing here is hand-rolled: HPKE, Argon2id and AES-GCM are used as
// their packages offer them, with fresh randomness for every seal.
package seal
