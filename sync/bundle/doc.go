// Package bundle reads and writes Konbit bundle files: the signed changes
// one laptop hands to others (on a USB stick, by e-mail, later over the
// LAN, where the same bytes are the wire format).
//
// A bundle carries a header (who wrote it, when, and the sender's version
// vector), the public keys of the changes' origins, and the changes with
// their Ed25519 signatures. Encode writes one; Decode reads one and checks
// its structure and checksum; Verify checks the signatures, in parallel;
// ReadHeader reads only the header, e.g. to learn a peer's vector.
//
// # Trust
//
// The SHA-256 at the end of the file detects damage, not tampering: anyone
// can recompute it. What a receiver may trust is each change's signature
// (Verify), which binds the change to its origin's key, and the key to the
// origin's device id (derived from the key). Since format version 2 the
// header is signed too, by the sender's key (the signature covers the
// preamble and the header bytes, under the domain tag
// "konbit/bundle-header/v2\x00"), so a receiver may act on its creation
// time (clock warnings) and vector. A version 1 header is not signed:
// Decode still reads such files, with Header.Signed false, and callers
// must ignore their Created and Vector.
//
// # Layout (format version 2)
//
// Integers are big-endian unless marked uvarint: an unsigned LEB128
// varint (encoding/binary), which must be minimally encoded. Offsets are
// from the start of the file; H, B, S are the section lengths.
//
//	offset       size  content
//	0            8     magic "KONBIT\x1aB" (4B 4F 4E 42 49 54 1A 42)
//	8            2     format version, u16 = 2
//	10           4     header length H, u32, at most 16 MiB
//	14           H     header:
//	                     schema version          u16
//	                     created                 i64, Unix milliseconds (UTC)
//	                     sender device id        16 bytes
//	                     sender public key       32 bytes (Ed25519; its device id is the sender id)
//	                     vector size             uvarint
//	                     vector entries          device id (16 bytes), seq (uvarint);
//	                                             in strictly increasing device id order
//	                     change count N          uvarint
//	14+H         64    header signature: Ed25519 by the sender key of
//	                   "konbit/bundle-header/v2\x00" || bytes 0 to 14+H-1
//	78+H         8     compressed body length B, u64
//	86+H         B     body: a raw DEFLATE stream (RFC 1951, no zlib or gzip
//	                   wrapper) of:
//	                     key count K             uvarint
//	                     K public keys           32 bytes each, in strictly increasing
//	                                             order of device id; they include the
//	                                             sender's and every change origin's
//	                     N changes, each:        body length (uvarint), then the
//	                                             canonical change body of
//	                                             crdt.Change.AppendBody
//	                   The stream ends exactly after the last change, at byte B.
//	86+H+B       8     signature section length S, u64 = 64 × N
//	94+H+B       S     N Ed25519 signatures (64 bytes each), in change order
//	94+H+B+S     32    SHA-256 of bytes 0 to 94+H+B+S-1
//	126+H+B+S          end of file: nothing may follow
//
// Format version 1 is the same without the header signature (every offset
// after the header 64 bytes lower).
//
// A device id is the first 16 bytes of the SHA-256 of the device's public
// key (crdt.DeviceIDFromPublicKey). No two changes of a bundle share an
// (origin, seq) pair. Signatures sit outside the compressed body because
// they do not compress: DEFLATE would only spend time on them.
//
// The format is canonical: a bundle has exactly one encoding, up to the
// DEFLATE stream (Encode's is deterministic: level BestSpeed). Decode
// rejects anything else: unsorted or duplicate entries, overlong varints,
// change bodies that do not re-encode to the same bytes, trailing bytes in
// any section or after the checksum.
//
// # Decoding
//
// Decode checks the magic, then the format version, before anything else:
// a file that is not a bundle fails with ErrNotBundle, one of another
// format version with ErrVersion (naming both versions). It then streams
// the file once, hashing as it goes: it never reads past the section it is
// in, never allocates for a count or length more than a few MiB ahead of
// the bytes that actually arrive, stops decompressing at
// DecodeOptions.MaxBytes, and refuses a body whose decoded changes would
// take more than 8 × MaxBytes of memory (both ErrTooLarge). A file that ends early fails with
// ErrTruncated, saying how many bytes are missing. When a damaged file
// breaks the structure, Decode still reads on to the checksum and, if it
// does not match, reports ErrChecksum: damage is reported as damage.
// Changes are decoded with crdt.DecodeBody.
//
// Any change to the layout above takes a new FormatVersion. Newer domain schemas (Header.SchemaVersion) need no
// new format version: unknown fields, record types and op kinds travel
// inside change bodies and are kept by crdt.DecodeBody.
package bundle
