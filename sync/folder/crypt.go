package folder

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/groupkey"
)

// fileMagic starts every file Konbit writes in a shared folder.
const fileMagic = "KONBIT\x1aF"

// fileVersion is the version of the encrypted file format.
const fileVersion = 1

// Layout of the clear header: magic, version (u16), epoch, GCM nonce.
const (
	nonceSize  = 12
	headerSize = len(fileMagic) + 2 + 16 + nonceSize
)

// keyInfo names the use of the key derived from a group key, so that the
// group key could serve other purposes without key reuse.
const keyInfo = "konbit shared folder file key v1"

// Errors of Open, wrapped with the details.
var (
	// ErrNotOurs: the file is not a Konbit folder file (wrong magic, too
	// short, unknown version).
	ErrNotOurs = errors.New("not a Konbit folder file")
	// ErrNoKey: the file is sealed under an epoch whose group key this
	// device does not hold.
	ErrNoKey = errors.New("sealed with a group key this laptop does not hold")
	// ErrDamaged: the file does not decrypt: truncated, altered, written
	// for another name or device, or with another key.
	ErrDamaged = errors.New("does not decrypt: damaged, truncated or forged")
)

func fileKey(groupKey []byte, e groupkey.Epoch) (cipher.AEAD, error) {
	if len(groupKey) != groupkey.KeySize {
		return nil, fmt.Errorf("group key of %d bytes", len(groupKey))
	}
	k, err := hkdf.Key(sha256.New, groupKey, e[:], keyInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("derive folder key: %w", err)
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, fmt.Errorf("folder key: %w", err)
	}
	return cipher.NewGCM(block)
}

// aad binds the clear header, the writer's device id and the file name:
// a file moved to another name or subfolder does not open.
func aad(header []byte, device crdt.DeviceID, name string) []byte {
	a := make([]byte, 0, len(header)+len(device)+len(name))
	a = append(a, header...)
	a = append(a, device[:]...)
	return append(a, name...)
}

// Seal encrypts a folder file's content for device's subfolder under the
// name it will have there.
func Seal(groupKey []byte, e groupkey.Epoch, device crdt.DeviceID, name string, plain []byte) ([]byte, error) {
	gcm, err := fileKey(groupKey, e)
	if err != nil {
		return nil, err
	}
	out := make([]byte, headerSize, headerSize+len(plain)+gcm.Overhead())
	copy(out, fileMagic)
	binary.BigEndian.PutUint16(out[len(fileMagic):], fileVersion)
	copy(out[len(fileMagic)+2:], e[:])
	nonce := out[headerSize-nonceSize : headerSize]
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("seal %s: %w", name, err)
	}
	return gcm.Seal(out, nonce, plain, aad(out[:headerSize], device, name)), nil
}

// FileEpoch reads the epoch a folder file names in its clear header.
func FileEpoch(data []byte) (groupkey.Epoch, error) {
	var e groupkey.Epoch
	if len(data) < headerSize || string(data[:len(fileMagic)]) != fileMagic {
		return e, ErrNotOurs
	}
	if v := binary.BigEndian.Uint16(data[len(fileMagic):]); v != fileVersion {
		return e, fmt.Errorf("%w: format version %d, this build reads %d", ErrNotOurs, v, fileVersion)
	}
	copy(e[:], data[len(fileMagic)+2:])
	return e, nil
}

// Open decrypts a folder file read from device's subfolder under name,
// with whichever of keys its epoch names.
func Open(keys map[groupkey.Epoch][]byte, device crdt.DeviceID, name string, data []byte) ([]byte, groupkey.Epoch, error) {
	e, err := FileEpoch(data)
	if err != nil {
		return nil, e, err
	}
	key, ok := keys[e]
	if !ok {
		return nil, e, fmt.Errorf("%w (epoch %s)", ErrNoKey, e)
	}
	gcm, err := fileKey(key, e)
	if err != nil {
		return nil, e, err
	}
	if len(data) < headerSize+gcm.Overhead() {
		return nil, e, ErrDamaged
	}
	plain, err := gcm.Open(nil, data[headerSize-nonceSize:headerSize], data[headerSize:], aad(data[:headerSize], device, name))
	if err != nil {
		return nil, e, ErrDamaged
	}
	return plain, e, nil
}
