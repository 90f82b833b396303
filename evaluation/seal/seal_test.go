package seal_test

import (
	"bytes"
	"crypto/ecdh"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation/seal"
)

// fast keeps the tests quick; the format records the costs used.
var fast = seal.Params{Time: 1, Memory: 8 << 10, Threads: 1}

func mustKey(t *testing.T) *ecdh.PrivateKey {
	t.Helper()
	k, err := seal.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func binding() seal.Binding {
	return seal.Binding{Campaign: uuid.New(), Session: "work", Criterion: "communication", Evaluator: uuid.New(), Evaluated: uuid.New()}
}

func TestAnswerOpensOnlyWithItsKeyAndBinding(t *testing.T) {
	campaign, other := mustKey(t), mustKey(t)
	b := binding()
	answer := []byte(`{"score":4,"comment":"écoute les autres, prend la parole avec soin"}`)
	sealed, err := seal.Seal(campaign.PublicKey(), b, answer)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("écoute")) {
		t.Fatal("the plaintext shows through")
	}
	got, err := seal.Open(campaign, b, sealed)
	if err != nil || !bytes.Equal(got, answer) {
		t.Fatalf("open: %q, %v", got, err)
	}
	// A relay's key, or any other key, reads nothing.
	if _, err := seal.Open(other, b, sealed); !errors.Is(err, seal.ErrCannotOpen) {
		t.Errorf("another key: %v", err)
	}
	// Moved to another person, criterion, session, evaluator or campaign.
	for name, change := range map[string]func(*seal.Binding){
		"evaluated": func(x *seal.Binding) { x.Evaluated = uuid.New() },
		"evaluator": func(x *seal.Binding) { x.Evaluator = uuid.New() },
		"criterion": func(x *seal.Binding) { x.Criterion = "knowledge" },
		"session":   func(x *seal.Binding) { x.Session = "involvement" },
		"campaign":  func(x *seal.Binding) { x.Campaign = uuid.New() },
	} {
		moved := b
		change(&moved)
		if _, err := seal.Open(campaign, moved, sealed); !errors.Is(err, seal.ErrCannotOpen) {
			t.Errorf("moved to another %s: %v", name, err)
		}
	}
	// Every flipped byte is refused.
	for i := range sealed {
		bad := bytes.Clone(sealed)
		bad[i] ^= 0x40
		if _, err := seal.Open(campaign, b, bad); !errors.Is(err, seal.ErrCannotOpen) {
			t.Fatalf("byte %d flipped: %v", i, err)
		}
	}
	// Two seals of the same answer differ (fresh randomness).
	again, _ := seal.Seal(campaign.PublicKey(), b, answer)
	if bytes.Equal(again, sealed) {
		t.Error("sealing twice gave the same bytes")
	}
}

func TestNewHRMemberReadsOldCampaignAfterGrant(t *testing.T) {
	campaignID, anna, bruno := uuid.New(), uuid.New(), uuid.New()
	campaign := mustKey(t)
	annaKey, brunoKey := mustKey(t), mustKey(t)
	b := binding()
	b.Campaign = campaignID
	sealed, err := seal.Seal(campaign.PublicKey(), b, []byte("3"))
	if err != nil {
		t.Fatal(err)
	}
	toAnna, err := seal.Grant(campaign, campaignID, anna, annaKey.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	// Bruno joins the HR committee later: Anna opens her grant and grants
	// him the key; the old answer opens unchanged.
	got, err := seal.OpenGrant(annaKey, campaignID, anna, toAnna)
	if err != nil {
		t.Fatal(err)
	}
	toBruno, err := seal.Grant(got, campaignID, bruno, brunoKey.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	key, err := seal.OpenGrant(brunoKey, campaignID, bruno, toBruno)
	if err != nil {
		t.Fatal(err)
	}
	if a, err := seal.Open(key, b, sealed); err != nil || string(a) != "3" {
		t.Fatalf("Bruno reads %q, %v", a, err)
	}
	// A grant is bound to its member and campaign.
	if _, err := seal.OpenGrant(brunoKey, campaignID, anna, toBruno); !errors.Is(err, seal.ErrCannotOpen) {
		t.Errorf("a grant opened as another member's: %v", err)
	}
	if _, err := seal.OpenGrant(annaKey, campaignID, anna, toBruno); !errors.Is(err, seal.ErrCannotOpen) {
		t.Errorf("Bruno's grant opened with Anna's key: %v", err)
	}
}

func TestLockedKeyNeedsItsPassphrase(t *testing.T) {
	key := mustKey(t)
	l, err := seal.Lock(key, []byte("correct horse battery staple"), fast)
	if err != nil {
		t.Fatal(err)
	}
	data, err := seal.MarshalLocked(l)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, key.Bytes()) {
		t.Fatal("the private key shows in the file")
	}
	back, err := seal.UnmarshalLocked(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := back.Unlock([]byte("correct horse battery staple"))
	if err != nil || !got.Equal(key) {
		t.Fatalf("unlock: %v", err)
	}
	if _, err := back.Unlock([]byte("Correct horse battery staple")); !errors.Is(err, seal.ErrWrongPassphrase) {
		t.Errorf("wrong passphrase: %v", err)
	}
	if _, err := seal.Lock(key, nil, fast); err == nil {
		t.Error("an empty passphrase was accepted")
	}
	damaged := back
	damaged.Sealed = bytes.Clone(back.Sealed)
	damaged.Sealed[0] ^= 1
	if _, err := damaged.Unlock([]byte("correct horse battery staple")); err == nil {
		t.Error("a damaged key file unlocked")
	}
	if p := seal.DefaultParams(); p.Time < 1 || p.Memory < 19<<10 {
		t.Errorf("default costs too low: %+v", p)
	}
}

// Sealed answers come from other laptops: any bytes must fail cleanly.
func FuzzOpen(f *testing.F) {
	key, err := seal.NewKey()
	if err != nil {
		f.Fatal(err)
	}
	b := binding()
	good, _ := seal.Seal(key.PublicKey(), b, []byte("4"))
	f.Add(good)
	f.Add([]byte{})
	f.Add(good[:40])
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := seal.Open(key, b, data)
		if err == nil && !bytes.Equal(data, good) && string(got) != "4" {
			t.Fatalf("opened forged data to %q", got)
		}
		if _, err := seal.OpenGrant(key, b.Campaign, b.Evaluator, data); err == nil && len(data) < 48 {
			t.Fatal("a short grant opened")
		}
	})
}
