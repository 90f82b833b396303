package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// ErrWrongPassphrase: the passphrase does not unlock the key.
var ErrWrongPassphrase = errors.New("wrong passphrase")

// Params are Argon2id's costs. DefaultParams follow RFC 9106's second
// recommendation (3 passes, 64 MiB, 4 lanes): about a quarter of a second
// on a small laptop, once per session of work.
type Params struct {
	Time    uint32 `json:"t"`
	Memory  uint32 `json:"m"` // KiB
	Threads uint8  `json:"p"`
}

// DefaultParams are the costs used for HR members' keys.
func DefaultParams() Params { return Params{Time: 3, Memory: 64 << 10, Threads: 4} }

// Locked is an HR member's personal private key as kept on their laptop
// (never replicated): encrypted under a key derived from the passphrase.
type Locked struct {
	Version int    `json:"v"`
	Params  Params `json:"argon2id"`
	Salt    []byte `json:"salt"`
	Nonce   []byte `json:"nonce"`
	Sealed  []byte `json:"sealed"`
	Public  []byte `json:"public"` // the matching public key, which is replicated
}

const lockedVersion = 1

// Lock encrypts key under passphrase.
func Lock(key *ecdh.PrivateKey, passphrase []byte, p Params) (Locked, error) {
	if len(passphrase) == 0 {
		return Locked{}, errors.New("lock the key: the passphrase is empty")
	}
	l := Locked{Version: lockedVersion, Params: p, Salt: make([]byte, 16), Public: key.PublicKey().Bytes()}
	if _, err := rand.Read(l.Salt); err != nil {
		return Locked{}, fmt.Errorf("lock the key: %w", err)
	}
	aead, err := l.aead(passphrase)
	if err != nil {
		return Locked{}, err
	}
	l.Nonce = make([]byte, aead.NonceSize())
	if _, err := rand.Read(l.Nonce); err != nil {
		return Locked{}, fmt.Errorf("lock the key: %w", err)
	}
	l.Sealed = aead.Seal(nil, l.Nonce, key.Bytes(), l.Public)
	return l, nil
}

// Unlock decrypts the key; a wrong passphrase (or a damaged file) gives
// ErrWrongPassphrase.
func (l Locked) Unlock(passphrase []byte) (*ecdh.PrivateKey, error) {
	if l.Version != lockedVersion {
		return nil, fmt.Errorf("unlock the key: format version %d, this Konbit reads %d", l.Version, lockedVersion)
	}
	if l.Params.Time == 0 || l.Params.Memory == 0 || l.Params.Threads == 0 || len(l.Salt) < 16 {
		return nil, errors.New("unlock the key: damaged key file")
	}
	aead, err := l.aead(passphrase)
	if err != nil {
		return nil, err
	}
	if len(l.Nonce) != aead.NonceSize() {
		return nil, errors.New("unlock the key: damaged key file")
	}
	b, err := aead.Open(nil, l.Nonce, l.Sealed, l.Public)
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	k, err := ParsePrivate(b)
	if err != nil || string(k.PublicKey().Bytes()) != string(l.Public) {
		return nil, errors.New("unlock the key: damaged key file")
	}
	return k, nil
}

func (l Locked) aead(passphrase []byte) (cipher.AEAD, error) {
	k := argon2.IDKey(passphrase, l.Salt, l.Params.Time, l.Params.Memory, l.Params.Threads, 32)
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, fmt.Errorf("key from passphrase: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("key from passphrase: %w", err)
	}
	return aead, nil
}

// MarshalLocked and UnmarshalLocked keep a Locked key in a file.
func MarshalLocked(l Locked) ([]byte, error) { return json.MarshalIndent(l, "", "  ") }

// UnmarshalLocked reads what MarshalLocked wrote.
func UnmarshalLocked(b []byte) (Locked, error) {
	var l Locked
	if err := json.Unmarshal(b, &l); err != nil {
		return Locked{}, fmt.Errorf("read the key file: %w", err)
	}
	return l, nil
}
