package replica

import (
	"context"
	"crypto/ecdh"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/trust"
)

// HRKeyFile holds, in the data directory, the personal key of the HR
// member who uses this laptop, locked by their passphrase. It is never
// replicated: only the public key is, so no laptop that relays the group's
// records can try passphrases against it.
const HRKeyFile = "hr.key"

// ErrNoHRKey: this laptop holds no HR key.
var ErrNoHRKey = errors.New("this laptop holds no HR key (create one with the HR member's passphrase)")

// hrKeyFile is HRKeyFile's content.
type hrKeyFile struct {
	Member uuid.UUID   `json:"member"`
	Key    seal.Locked `json:"key"`
}

// CreateHRKey makes the personal key of the HR member who uses this
// laptop, locks it with passphrase (Argon2id costs p) in HRKeyFile, readable
// by the user only, and publishes its public key. It refuses to replace an
// existing key: campaigns may be granted to it.
func (r *Replica) CreateHRKey(ctx context.Context, member uuid.UUID, passphrase []byte, p seal.Params) error {
	path := filepath.Join(r.dir, HRKeyFile)
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("create the HR key: %s exists already", path)
	}
	key, err := seal.NewKey()
	if err != nil {
		return err
	}
	locked, err := seal.Lock(key, passphrase, p)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(hrKeyFile{Member: member, Key: locked}, "", "  ")
	if err != nil {
		return fmt.Errorf("create the HR key: %w", err)
	}
	if err := writePrivate(path, data); err != nil {
		return fmt.Errorf("create the HR key: %w", err)
	}
	pub := key.PublicKey().Bytes()
	dev := r.Device()
	op := crdt.Set(trust.HRKeyID(member, dev), konbit.TypeHRKey,
		crdt.Field{Name: "member", Value: member[:]},
		crdt.Field{Name: "device", Value: dev[:]},
		crdt.Field{Name: "public", Value: pub})
	if _, err := r.Commit(ctx, op); err != nil {
		return fmt.Errorf("publish the HR key: %w", err)
	}
	return nil
}

// UnlockHRKey opens this laptop's HR key with passphrase: the member it
// belongs to and the private key. A wrong passphrase gives
// seal.ErrWrongPassphrase; no key, ErrNoHRKey.
func (r *Replica) UnlockHRKey(passphrase []byte) (uuid.UUID, *ecdh.PrivateKey, error) {
	data, err := os.ReadFile(filepath.Join(r.dir, HRKeyFile))
	if errors.Is(err, os.ErrNotExist) {
		return uuid.Nil, nil, ErrNoHRKey
	}
	if err != nil {
		return uuid.Nil, nil, fmt.Errorf("read the HR key: %w", err)
	}
	var f hrKeyFile
	if err := json.Unmarshal(data, &f); err != nil {
		return uuid.Nil, nil, fmt.Errorf("read the HR key: %w", err)
	}
	k, err := f.Key.Unlock(passphrase)
	if err != nil {
		return uuid.Nil, nil, err
	}
	return f.Member, k, nil
}

// HRPublicKeys lists the published HR keys by member (a member may use
// several laptops, each with its own key); records that do not parse are
// skipped.
func (r *Replica) HRPublicKeys() map[uuid.UUID][]*ecdh.PublicKey {
	recs, _ := r.view.ByType(konbit.TypeHRKey)
	out := map[uuid.UUID][]*ecdh.PublicKey{}
	for _, rec := range recs {
		m, err := uuid.FromBytes(rec.Fields["member"])
		if err != nil {
			continue
		}
		pub, err := seal.ParsePublic(rec.Fields["public"])
		if err != nil {
			continue
		}
		out[m] = append(out[m], pub)
	}
	return out
}

// HRKey is one published HR key: whose it says it is, and the laptop that
// published it (only that laptop can, the trust rules check).
type HRKey struct {
	Member uuid.UUID
	Device crdt.DeviceID
	Laptop string // the laptop's name and short id, for people to check
	Public *ecdh.PublicKey
}

// HRKeys lists the published HR keys, by member name then laptop. Any
// laptop of the group can publish a key in a member's name; a campaign is
// sealed to every key of its HR members, so the screens that create a
// campaign or grant it show which laptops hold them, for HR to check that
// each is the member's own.
func (r *Replica) HRKeys() []HRKey {
	recs, _ := r.view.ByType(konbit.TypeHRKey)
	var out []HRKey
	for _, rec := range recs {
		m, err := uuid.FromBytes(rec.Fields["member"])
		var d crdt.DeviceID
		if err != nil || len(rec.Fields["device"]) != len(d) {
			continue
		}
		copy(d[:], rec.Fields["device"])
		pub, err := seal.ParsePublic(rec.Fields["public"])
		if err != nil {
			continue
		}
		out = append(out, HRKey{Member: m, Device: d, Laptop: r.DeviceLabel(d), Public: pub})
	}
	slices.SortFunc(out, func(a, b HRKey) int {
		if c := strings.Compare(r.memberName(a.Member), r.memberName(b.Member)); c != 0 {
			return c
		}
		return strings.Compare(a.Laptop, b.Laptop)
	})
	return out
}

// HRLaptops says, for HR members whose keys come from several laptops,
// which laptop is theirs.
type HRLaptops map[uuid.UUID]crdt.DeviceID

// ErrSeveralHRKeys: keys in one member's name come from several laptops,
// and nobody said which is theirs. A campaign is never sealed to all of
// them: any laptop of the group can publish a key in a member's name.
var ErrSeveralHRKeys = errors.New("HR keys in this member's name come from several laptops: say which laptop is theirs")

// hrKeyFor is the key a campaign is sealed to for member m: the one of
// the laptop chosen for them, else their only one, else (on their own
// laptop) the one this laptop holds; ok is false when they have none.
func (r *Replica) hrKeyFor(m uuid.UUID, choice HRLaptops) (HRKey, bool, error) {
	var keys []HRKey
	for _, k := range r.HRKeys() {
		if k.Member == m {
			keys = append(keys, k)
		}
	}
	if d, chosen := choice[m]; chosen {
		for _, k := range keys {
			if k.Device == d {
				return k, true, nil
			}
		}
		return HRKey{}, false, fmt.Errorf("%s has no HR key from the laptop %s", r.memberName(m), r.DeviceLabel(d))
	}
	switch len(keys) {
	case 0:
		return HRKey{}, false, nil
	case 1:
		return keys[0], true, nil
	}
	if holder, ok, _ := r.HRKeyHolder(); ok && holder == m {
		for _, k := range keys {
			if k.Device == r.Device() {
				return k, true, nil
			}
		}
	}
	laptops := make([]string, len(keys))
	for i, k := range keys {
		laptops[i] = k.Laptop
	}
	return HRKey{}, false, fmt.Errorf("%s (%s): %w", r.memberName(m), strings.Join(laptops, ", "), ErrSeveralHRKeys)
}

// writePrivate writes data to path atomically, readable by the user only.
func writePrivate(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".konbit-key-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// HRKeyHolder names the HR member whose key this laptop holds, if any: the
// member is written in clear beside the locked key, so no passphrase is
// needed to say whose it is.
func (r *Replica) HRKeyHolder() (uuid.UUID, bool, error) {
	data, err := os.ReadFile(filepath.Join(r.dir, HRKeyFile))
	if errors.Is(err, os.ErrNotExist) {
		return uuid.Nil, false, nil
	}
	if err != nil {
		return uuid.Nil, false, fmt.Errorf("read the HR key: %w", err)
	}
	var f hrKeyFile
	if err := json.Unmarshal(data, &f); err != nil {
		return uuid.Nil, false, fmt.Errorf("read the HR key: %w", err)
	}
	return f.Member, true, nil
}
