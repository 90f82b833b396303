// Package crdt holds the pure rules of Konbit's replicated store: hybrid
// logical clocks, signed changes, version vectors and the last-writer-wins
// merge of record fields. It has no storage and no I/O: every laptop applies
// these rules, so that any set of changes, received in any order, any number
// of times and through any relay, yields the same state everywhere.
//
// Vocabulary:
//   - A record is an entity with a UUID v7 id and a type ("member", ...).
//   - A field of a record is a last-writer-wins register. Values are opaque
//     bytes (JSON for the domain, ciphertext for sealed evaluation answers).
//   - A change is what one device commits in one local transaction: a list
//     of operations, stamped with one HLC timestamp, numbered by the origin
//     device's sequence counter and signed with the origin's Ed25519 key.
//   - Stamps order writes: (HLC, origin device, origin sequence). The later
//     write wins; the device id breaks ties deterministically.
//   - A delete is a tombstone: once a record is deleted it stays deleted.
package crdt
