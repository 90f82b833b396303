package replica

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/sync/groupkey"
)

// Draft is a grid being filled: what one evaluator has typed so far in a
// session, for themselves and their peers. It is kept on this laptop only
// (never replicated, never in a bundle or the shared folder), sealed to
// this laptop's own key, so that it survives a crash without its words
// sitting in clear in the database file. That key is in the same data
// directory: whoever uses the laptop's account can open a draft, as they
// could act as the laptop (README, "Keys at rest"); shared-laptop mode
// deletes drafts on submit for that reason.
type Draft struct {
	Campaign  uuid.UUID           `json:"campaign"`
	Session   string              `json:"session"`
	Evaluator uuid.UUID           `json:"evaluator"`
	Answers   []evaluation.Answer `json:"answers"`
	Saved     time.Time           `json:"saved"`
}

// draftSetting is the local setting holding a draft.
func draftSetting(campaign uuid.UUID, session string, evaluator uuid.UUID) string {
	return "eval-draft/" + campaign.String() + "/" + session + "/" + evaluator.String()
}

func draftBinding(campaign uuid.UUID, session string, evaluator uuid.UUID) seal.Binding {
	return seal.Binding{Campaign: campaign, Session: session, Evaluator: evaluator}
}

// SaveDraft keeps a draft on this laptop, replacing the previous one.
func (r *Replica) SaveDraft(ctx context.Context, d Draft) error {
	key, err := groupkey.KexPrivate(r.db.Identity())
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	plain, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	sealed, err := seal.SealKind(key.PublicKey(), seal.KindDraft, draftBinding(d.Campaign, d.Session, d.Evaluator), plain)
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	return r.db.SetSetting(ctx, draftSetting(d.Campaign, d.Session, d.Evaluator), base64.StdEncoding.EncodeToString(sealed))
}

// LoadDraft returns the draft of an evaluator in a session, if this
// laptop holds one.
func (r *Replica) LoadDraft(ctx context.Context, campaign uuid.UUID, session string, evaluator uuid.UUID) (Draft, bool, error) {
	v, err := r.db.Setting(ctx, draftSetting(campaign, session, evaluator))
	if err != nil || v == "" {
		return Draft{}, false, err
	}
	sealed, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		return Draft{}, false, fmt.Errorf("read draft: %w", err)
	}
	key, err := groupkey.KexPrivate(r.db.Identity())
	if err != nil {
		return Draft{}, false, fmt.Errorf("read draft: %w", err)
	}
	plain, err := seal.OpenKind(key, seal.KindDraft, draftBinding(campaign, session, evaluator), sealed)
	if err != nil {
		return Draft{}, false, fmt.Errorf("read draft: %w", err)
	}
	var d Draft
	if err := json.Unmarshal(plain, &d); err != nil {
		return Draft{}, false, fmt.Errorf("read draft: %w", err)
	}
	return d, true, nil
}

// DeleteDraft forgets a draft: after a submission in shared-laptop mode,
// so that the next person cannot bring the answers back.
func (r *Replica) DeleteDraft(ctx context.Context, campaign uuid.UUID, session string, evaluator uuid.UUID) error {
	return r.db.DeleteSetting(ctx, draftSetting(campaign, session, evaluator))
}
