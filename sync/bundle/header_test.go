package bundle

import (
	"bytes"
	"errors"
	"testing"
)

// TestVersion1StillRead: a file of the previous format decodes, with its
// header marked unsigned.
func TestVersion1StillRead(t *testing.T) {
	b := smallBundle(t)
	got, err := decode(encodeV1(t, b))
	if err != nil {
		t.Fatal(err)
	}
	want := normalize(b)
	want.FormatVersion, want.Signed = 1, false
	assertEqual(t, got, want)
	h, err := ReadHeader(bytes.NewReader(encodeV1(t, b)))
	if err != nil || h.Signed || h.FormatVersion != 1 {
		t.Fatalf("ReadHeader of v1: %+v, %v", h, err)
	}
	if err := Verify(got, nil); err != nil {
		t.Fatal(err)
	}
}

// TestTamperedHeaderRefused: changing any byte of a signed header (the
// vector, the clock) and fixing the checksum is caught by the header
// signature, by Decode and ReadHeader alike.
func TestTamperedHeaderRefused(t *testing.T) {
	data := encode(t, smallBundle(t))
	p := parts(t, data)
	// Skip the sender id and key: changing them fails other checks first.
	for i := range p.header {
		if i >= 10 && i < 10+deviceSize+keySize {
			continue
		}
		bad := bytes.Clone(data)
		bad[preambleSize+i] ^= 0x01
		bad = rehash(bad)
		_, derr := decode(bad)
		_, herr := ReadHeader(bytes.NewReader(bad))
		for name, err := range map[string]error{"Decode": derr, "ReadHeader": herr} {
			if !errors.Is(err, ErrSignature) && !errors.Is(err, ErrMalformed) {
				t.Fatalf("%s of a header with byte %d flipped: %v, want a signature error", name, i, err)
			}
		}
	}
	// A header re-signed by someone else (a relay posing as the sender
	// with its own key) fails too: the key is the sender's.
	bad := bytes.Clone(data)
	copy(bad[preambleSize+len(p.header):], make([]byte, sigSize))
	if _, err := decode(rehash(bad)); !errors.Is(err, ErrSignature) {
		t.Fatalf("zeroed header signature: %v", err)
	}
	// Without fixing the checksum it is reported as damage.
	bad = bytes.Clone(data)
	bad[preambleSize+2] ^= 1
	if _, err := decode(bad); !errors.Is(err, ErrChecksum) {
		t.Fatalf("flipped created time without rehash: %v", err)
	}
}
