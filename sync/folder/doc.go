// Package folder syncs replicas through a folder that something else keeps
// in sync between laptops (a USB stick, Syncthing, Nextcloud), with no
// server of Konbit's own.
//
// # Layout
//
// Each device writes only its own subfolder, named by its device id in
// lower-case hex (32 digits), and reads the others':
//
//	DIR/<device id>/<first>-<last>.kseg   immutable segment files
//	DIR/<device id>/read.kvec             what the device has read and merged
//
// <first> and <last> are 16 lower-case hex digits: a device numbers its
// segments 1, 2, 3...; a fresh segment is n-n, and a compacted one covers
// the range of the segments it replaced. Every other name is ignored: the
// conflict copies sync tools make ("x.sync-conflict-…", "x (conflicted
// copy)", "x (1)"), their temporary files (".syncthing.*.tmp", "~…") and
// ours (".tmp-…", renamed into place only once complete and fsynced).
//
// # Content
//
// Every file is encrypted with AES-256-GCM under a key derived (HKDF-SHA256)
// from the group key of an epoch (sync/groupkey). The file starts with a
// clear header naming the format and the epoch; the additional data binds
// that header, the writer's device id and the file name, so a file moved
// to another name or subfolder does not open. Inside, a segment is a bundle
// (sync/bundle) of the changes the folder did not hold as far as its writer
// knew, signed by the writer; a read file is a JSON record of what its
// writer has read of each subfolder, signed with its Ed25519 key. Whoever
// copies the folder without a group key can neither read nor forge
// anything; a device that lost the group key (a removed laptop) cannot
// read what is written after the key was replaced.
//
// A file that does not open or verify (half-written, truncated, foreign,
// tampered) is skipped with a warning, never failing the pass; it is tried
// again once its size changes or the device gets another group key, and
// until then passed over quietly (the read file remembers it).
//
// # Compaction
//
// Once every device of the roster says in its read file that it has read a
// device's segments up to n, that device rewrites its segments up to n
// into one (so that a laptop joining later still finds the whole history)
// and removes the old ones. A crash between the two leaves segments that
// the compacted one covers: readers skip them and the next pass removes
// them. A segment name proves nothing until the file opens: a device
// removes from its own subfolder segment-named files that do not open
// (someone without the key dropped them there), and rewrites a range of
// its numbers that no file covers any more from its own records.
//
// # Limits
//
// A device that never reads the folder but stays on the roster holds back
// compaction (remove it from the roster if it is gone). What a device
// writes is the changes the folder lacks as far as it knows from the
// segments' signed vectors: a subfolder deleted by hand takes with it, for
// laptops that join later, the changes only it held (every replica that
// read it keeps them). Two Konbit processes of the same laptop must not
// sync the same folder at the same time (they would number segments
// alike).
package folder
