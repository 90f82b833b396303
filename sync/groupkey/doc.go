// Package groupkey holds the group key that encrypts what Konbit writes to
// a shared folder, and how it is handed to each device of the roster.
//
// Every device derives an X25519 key-exchange key ("kex") from its Ed25519
// identity seed (HKDF-SHA256), so nothing new has to be stored or backed
// up, and publishes the public half in its own device record. A group key
// is 32 random bytes named by an epoch id; a device that holds it seals it
// to each other device with HPKE (RFC 9180: DHKEM(X25519, HKDF-SHA256),
// HKDF-SHA256, AES-256-GCM), the info binding the epoch and the recipient,
// and writes the sealed copy as a grant record (type group_key) that syncs
// like any other record. Only the recipient can open it.
//
// When a device is removed, a new epoch is made and sealed to the
// remaining devices only: what is written afterwards is unreadable to the
// removed laptop. The current epoch is the one with the greatest creation
// time, ties broken by epoch id, so every replica that holds the same
// grants picks the same one; it is chosen among the epochs no removed
// device sealed (Trusted), so a key a member planted or held is not used
// after its removal.
//
// The package is pure: no storage, no clock; standard library crypto only.
package groupkey
