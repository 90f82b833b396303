package replica_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/replica"
)

var fastKey = seal.Params{Time: 1, Memory: 8 << 10, Threads: 1}

// The HR key stays on its laptop, locked; only its public key travels, and
// answers sealed to a campaign granted to it open after unlocking.
func TestHRKeyStaysLockedOnItsLaptop(t *testing.T) {
	ctx := context.Background()
	a, b := openReplica(t), openReplica(t)
	pair(t, a, b)
	anna := uuid.New()
	if _, _, err := a.UnlockHRKey([]byte("x")); !errors.Is(err, replica.ErrNoHRKey) {
		t.Fatalf("no key yet: %v", err)
	}
	if err := a.CreateHRKey(ctx, anna, []byte("chalet 2011"), fastKey); err != nil {
		t.Fatal(err)
	}
	if err := a.CreateHRKey(ctx, anna, []byte("another"), fastKey); err == nil {
		t.Fatal("an existing HR key was replaced")
	}
	fi, err := os.Stat(filepath.Join(a.Dir(), replica.HRKeyFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi.Mode(), err)
	}
	if _, _, err := a.UnlockHRKey([]byte("chalet 2012")); !errors.Is(err, seal.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	member, key, err := a.UnlockHRKey([]byte("chalet 2011"))
	if err != nil || member != anna {
		t.Fatalf("unlock: %v %v", member, err)
	}

	// b receives the public key, and nothing of the private one.
	exchange(t, a, b)
	pubs := b.HRPublicKeys()[anna]
	if len(pubs) != 1 || !pubs[0].Equal(key.PublicKey()) {
		t.Fatalf("published keys on the other laptop: %v", pubs)
	}
	if strings.Contains(laptopBytes(t, b), string(key.Bytes())) {
		t.Fatal("the private key travelled")
	}
	if _, err := os.Stat(filepath.Join(b.Dir(), replica.HRKeyFile)); !os.IsNotExist(err) {
		t.Fatal("the key file exists on the other laptop")
	}

	// A campaign granted to Anna's published key opens with her unlocked key.
	campaignID := uuid.New()
	campaign, _ := seal.NewKey()
	grant, err := seal.Grant(campaign, campaignID, anna, pubs[0])
	if err != nil {
		t.Fatal(err)
	}
	if got, err := seal.OpenGrant(key, campaignID, anna, grant); err != nil || !got.Equal(campaign) {
		t.Fatalf("grant: %v", err)
	}
}
