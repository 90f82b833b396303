// Package konbit holds Konbit's organisation domain: members, committees and
// memberships, and how they map to replicated records. It is plain Go: no
// storage, no GUI. Record-level replication rules live in sync/crdt.
package konbit

// SchemaVersion is the domain schema this build writes. A bundle from a
// newer schema is still accepted: its unknown record types and fields are
// stored and forwarded unchanged.
const SchemaVersion = 1
