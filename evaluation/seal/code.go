package seal

import (
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
)

// ErrBadCode: a code typed by hand is not sixteen characters of the code
// alphabet. It is told apart from a well-formed but wrong code, which
// fails to open with ErrCannotOpen.
var ErrBadCode = errors.New("a code is 16 letters and digits, like ABCD-EFGH-JKMN-PQRS")

// codeAlphabet is Crockford's base 32: no I, L, O or U, so that a code
// read aloud or copied from paper is not misread; NormalizeCode maps the
// look-alikes back.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// codeLen characters of 5 bits: 80 bits. A code is a key, not a
// passphrase: it is drawn at random, so no key stretching is needed for a
// relaying laptop holding the sealed records to be unable to guess it.
const codeLen = 16

const codeLabel = "konbit evaluation code key v1"

// NewCode draws a code for a group's reveal or a person's report, written
// in four blocks of four ("ABCD-EFGH-JKMN-PQRS") to be handed on paper or
// read aloud.
func NewCode() (string, error) {
	raw := make([]byte, codeLen)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("draw a code: %w", err)
	}
	return formatCode(raw), nil
}

// NormalizeCode reads a code as typed: case, spaces and dashes do not
// matter, and O, I, L read as 0, 1, 1. It returns the canonical form.
func NormalizeCode(s string) (string, error) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch r {
		case ' ', '-', '\t':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if r > 127 || !strings.ContainsRune(codeAlphabet, r) {
			return "", ErrBadCode
		}
		b.WriteRune(r)
	}
	if b.Len() != codeLen {
		return "", ErrBadCode
	}
	c := b.String()
	return c[0:4] + "-" + c[4:8] + "-" + c[8:12] + "-" + c[12:16], nil
}

// CodeKey derives the X25519 key a code opens, salted by what the code
// is for (a group of a session, a person's report), so that one code
// never opens another's records.
func CodeKey(code string, salt []byte) (*ecdh.PrivateKey, error) {
	c, err := NormalizeCode(code)
	if err != nil {
		return nil, err
	}
	seed, err := hkdf.Key(sha256.New, []byte(c), salt, codeLabel, 32)
	if err != nil {
		return nil, fmt.Errorf("derive the code's key: %w", err)
	}
	return ParsePrivate(seed)
}

// Kinds of sealed content besides answers. The kind is bound with the
// binding, so that a ciphertext moved from one kind of record to another
// does not open.
const (
	KindReflection = "konbit evaluation reflection v1"
	KindReport     = "konbit evaluation released report v1"
	KindCode       = "konbit evaluation code v1"
	KindDraft      = "konbit evaluation draft v1"
)

// SealKind seals plaintext of a kind (KindReflection...) to pub for b.
func SealKind(pub *ecdh.PublicKey, kind string, b Binding, plaintext []byte) ([]byte, error) {
	return seal(pub, b.info(kind), plaintext)
}

// OpenKind opens what SealKind sealed, with the same kind and binding.
func OpenKind(priv *ecdh.PrivateKey, kind string, b Binding, sealed []byte) ([]byte, error) {
	return open(priv, b.info(kind), sealed)
}

const derivedCodeLabel = "konbit evaluation derived code v1 "

// DerivedCode is the code of what (a person's report) under a campaign's
// private key: whoever holds the key computes the same code, at any time,
// on any laptop, so a code is never taken from a record another laptop
// could have written, and two HR laptops releasing at once agree.
func DerivedCode(key *ecdh.PrivateKey, what string) (string, error) {
	raw, err := hkdf.Key(sha256.New, key.Bytes(), nil, derivedCodeLabel+what, codeLen)
	if err != nil {
		return "", fmt.Errorf("derive a code: %w", err)
	}
	return formatCode(raw), nil
}

// formatCode writes codeLen bytes (5 bits of each used) as a code in four
// blocks of four.
func formatCode(raw []byte) string {
	var b strings.Builder
	for i, c := range raw {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(codeAlphabet[c&31])
	}
	return b.String()
}
