package bundle

import (
	"errors"
	"fmt"
)

// Sentinel errors. Decode, ReadHeader, Encode and Verify wrap them with
// context, so callers test for them with errors.Is and show Error() to
// people as it is.
var (
	// ErrNotBundle: the file does not start with Magic; it is not a bundle.
	ErrNotBundle = errors.New("not a Konbit bundle")

	// ErrVersion: the file's format version is not FormatVersion. The
	// message names the file's version and the one this build reads.
	ErrVersion = errors.New("unsupported bundle format version")

	// ErrTruncated: the file ends before the format says it does, as when
	// a copy or a transfer was cut short.
	ErrTruncated = errors.New("bundle is truncated")

	// ErrChecksum: the SHA-256 at the end of the file does not match its
	// content: the file was damaged or altered after it was written.
	ErrChecksum = errors.New("bundle checksum mismatch")

	// ErrMalformed: the file's structure breaks a rule of the format (or a
	// bundle handed to Encode could not be written as a valid file).
	ErrMalformed = errors.New("malformed bundle")

	// ErrTooLarge: the bundle exceeds a size limit: DecodeOptions.MaxBytes
	// for the decompressed body, 8 × MaxBytes for the memory of the
	// decoded changes, or the fixed 16 MiB header limit.
	ErrTooLarge = errors.New("bundle is too large")

	// ErrSignature: a change of the bundle is not validly signed by its
	// origin device (returned by Verify, wrapping the crdt error), or a
	// version 2 header is not signed by its sender (Decode, ReadHeader).
	ErrSignature = errors.New("invalid change signature")
)

// malformed wraps ErrMalformed with a formatted explanation.
func malformed(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, a...))
}

// truncated reports that at least (or, if exact, exactly) more bytes were
// expected where the input ended.
func truncated(more int64, exact bool) error {
	unit := "bytes"
	if more == 1 {
		unit = "byte"
	}
	if exact {
		return fmt.Errorf("%w: expected %d more %s", ErrTruncated, more, unit)
	}
	return fmt.Errorf("%w: expected at least %d more %s", ErrTruncated, more, unit)
}

// byteCount says "1 byte" or "n bytes".
func byteCount[N ~int | ~int64 | ~uint32 | ~uint64](n N) string {
	if n == 1 {
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}

// versionError explains a format version this build cannot read.
func versionError(v uint16) error {
	hint := ""
	if v > FormatVersion {
		hint = " (it was written by a newer Konbit: update this one to read it)"
	}
	return fmt.Errorf("%w: the file uses format version %d, this build of Konbit reads versions %d to %d%s",
		ErrVersion, v, MinFormatVersion, FormatVersion, hint)
}
