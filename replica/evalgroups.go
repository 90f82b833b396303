package replica

import (
	"context"
	"crypto/ecdh"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/memdb"
	"github.com/konbit/konbit/sync/crdt"
)

// Fields of a reveal key record (besides the campaign and the public key).
const (
	fieldGroup = "group"
	fieldCode  = "code"
)

// ErrWrongCode: the code typed is not the group's (or the person's).
var ErrWrongCode = errors.New("this code does not open it: check it with the HR committee")

// campaignOp is the campaign record, keeping its public key: every edit
// of a campaign goes through it, so that no edit loses the key answers
// are sealed to.
func (r *Replica) campaignOp(c evaluation.Campaign) crdt.Op {
	fields := evaluation.CampaignFields(c)
	if rec, _ := r.view.Get(c.ID); rec != nil {
		fields = append(fields, crdt.Field{Name: fieldPublic, Value: rec.Fields[fieldPublic]})
	}
	return crdt.Set(c.ID, konbit.TypeCampaign, fields...)
}

// UpdateCampaign writes what HR may change once a campaign exists: name,
// dates, participants, sessions (with a default grid for a new one), the
// HR committee, keep-apart pairs and visibility. Its HR members change
// only by GrantCampaign, which hands the key over.
func (r *Replica) UpdateCampaign(ctx context.Context, c evaluation.Campaign) error {
	old, err := r.Campaign(c.ID)
	if err != nil {
		return err
	}
	if !slices.Equal(old.HR, c.HR) {
		return fmt.Errorf("update campaign %q: HR members change by granting the campaign's key, not by editing it", old.Name)
	}
	// A release is not undone by an edit made from an older copy.
	c.Visibility.Released = c.Visibility.Released || old.Visibility.Released
	if err := c.Validate(); err != nil {
		return err
	}
	for _, id := range c.Participants {
		if rec, _ := r.view.Get(id); rec == nil || rec.Type != konbit.TypeMember {
			return fmt.Errorf("campaign %q: member %s: %w", c.Name, id, ErrNotFound)
		}
	}
	if c.Committee != uuid.Nil {
		if rec, _ := r.view.Get(c.Committee); rec == nil || rec.Type != konbit.TypeCommittee {
			return fmt.Errorf("campaign %q: committee %s: %w", c.Name, c.Committee, ErrNotFound)
		}
	}
	ops := []crdt.Op{r.campaignOp(c)}
	for _, s := range c.Sessions {
		if rec, _ := r.view.Get(evaluation.GridID(c.ID, s)); rec == nil {
			g := evaluation.Grid{ID: evaluation.GridID(c.ID, s), Campaign: c.ID, Session: s,
				Scale: evaluation.DefaultScale(), Criteria: evaluation.DefaultCriteria(s)}
			if len(g.Criteria) == 0 { // a new session starts from the bank's first criterion
				g.Criteria = evaluation.Bank()[:1]
			}
			ops = append(ops, crdt.Set(g.ID, konbit.TypeGrid, evaluation.GridFields(g)...))
		}
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return fmt.Errorf("update campaign %q: %w", c.Name, err)
	}
	return nil
}

// SaveGrid writes a campaign's grid for one of its sessions, as HR edited
// it (criteria from the bank, anchors, scale).
func (r *Replica) SaveGrid(ctx context.Context, g evaluation.Grid) error {
	c, err := r.Campaign(g.Campaign)
	if err != nil {
		return err
	}
	if !c.HasSession(g.Session) {
		return fmt.Errorf("grid: campaign %q has no session %q", c.Name, g.Session)
	}
	g.ID = evaluation.GridID(c.ID, g.Session)
	if err := g.Validate(); err != nil {
		return err
	}
	if _, err := r.Commit(ctx, crdt.Set(g.ID, konbit.TypeGrid, evaluation.GridFields(g)...)); err != nil {
		return fmt.Errorf("save grid %s of %q: %w", g.Session, c.Name, err)
	}
	return nil
}

// CheckGroups scores groups as HR edits them by hand, against the
// campaign's participants, their attributes and keep-apart pairs: the
// same checks as formed groups, for a screen to update live.
func (r *Replica) CheckGroups(ctx context.Context, campaign uuid.UUID, sessions []evaluation.Session) (evaluation.Score, error) {
	return r.CheckGroupsApart(ctx, campaign, sessions, nil)
}

// CheckGroupsApart is CheckGroups against the keep-apart pairs HR is
// editing (nil: the campaign's), before they are stored.
func (r *Replica) CheckGroupsApart(ctx context.Context, campaign uuid.UUID, sessions []evaluation.Session, apart []evaluation.Pair) (evaluation.Score, error) {
	c, err := r.Campaign(campaign)
	if err != nil {
		return evaluation.Score{}, err
	}
	if apart == nil {
		apart = c.KeepApart
	}
	g, err := r.grouping(ctx, c, GroupOptions{KeepApart: apart})
	if err != nil {
		return evaluation.Score{}, err
	}
	return g.Check(sessions), nil
}

// SaveGroups writes one session's groups as HR edited them, with a reveal
// key for any new group. Groups that place someone twice, leave out a
// participant or bring in a stranger are refused; repeats, imbalance and
// keep-apart pairs are the committee's call and only shown (CheckGroups).
func (r *Replica) SaveGroups(ctx context.Context, campaign uuid.UUID, s evaluation.Session) error {
	c, err := r.Campaign(campaign)
	if err != nil {
		return err
	}
	if !c.HasSession(s.Name) {
		return fmt.Errorf("groups: campaign %q has no session %q", c.Name, s.Name)
	}
	seen := map[uuid.UUID]bool{}
	var kept [][]uuid.UUID
	for _, grp := range s.Groups {
		if len(grp) == 0 {
			continue // an emptied group disappears
		}
		for _, id := range grp {
			if !c.HasParticipant(id) {
				return fmt.Errorf("groups of %q, session %s: %s is not a participant", c.Name, s.Name, r.memberName(id))
			}
			if seen[id] {
				return fmt.Errorf("groups of %q, session %s: %s is in two groups", c.Name, s.Name, r.memberName(id))
			}
			seen[id] = true
		}
		kept = append(kept, grp)
	}
	for _, id := range c.Participants {
		if !seen[id] {
			return fmt.Errorf("groups of %q, session %s: %s is in no group", c.Name, s.Name, r.memberName(id))
		}
	}
	s.Groups = kept
	ops := []crdt.Op{crdt.Set(evaluation.GroupsID(c.ID, s.Name), konbit.TypeEvalGroups, evaluation.GroupsFields(c.ID, s)...)}
	var before [][]uuid.UUID
	if stored, _, err := r.Groups(c.ID); err == nil {
		for _, st := range stored {
			if st.Name == s.Name {
				before = st.Groups
			}
		}
	}
	keyOps, err := r.revealKeyOps(c, []evaluation.Session{s}, func(_ string, i int, members []uuid.UUID) bool {
		return i < len(before) && mostlySame(before[i], members)
	})
	if err != nil {
		return err
	}
	if _, err := r.Commit(ctx, append(ops, keyOps...)...); err != nil {
		return fmt.Errorf("save groups of %q: %w", c.Name, err)
	}
	return nil
}

// GroupOf finds a person's group in a session: its index and members.
func (r *Replica) GroupOf(campaign uuid.UUID, session string, person uuid.UUID) (int, []uuid.UUID, bool) {
	sessions, _, err := r.Groups(campaign)
	if err != nil {
		return 0, nil, false
	}
	for _, s := range sessions {
		if s.Name != session {
			continue
		}
		for i, g := range s.Groups {
			if slices.Contains(g, person) {
				return i, g, true
			}
		}
	}
	return 0, nil, false
}

// revealKeyID names the key of group i of a session: keys belong to group
// slots, so that moving someone by hand keeps the group's key and code.
func revealKeyID(campaign uuid.UUID, session string, group int) uuid.UUID {
	return uuid.NewSHA1(campaign, []byte("reveal/"+session+"/"+strconv.Itoa(group)))
}

// codeBinding binds a sealed code to what it opens.
func codeBinding(campaign uuid.UUID, what string) seal.Binding {
	return seal.Binding{Campaign: campaign, Criterion: what}
}

// revealKeyOps makes the keys of sessions' groups: a code drawn at
// random, the public key it derives (salted by the slot), and the code
// sealed to the campaign's key so that HR can hand it out again. The code
// itself is never stored in clear. A slot keeps its key only while its
// group is mostly the same people (keep, given the session, the slot and
// its new members): a code handed to a group must not open what other
// people seal after a new formation or a renumbering.
func (r *Replica) revealKeyOps(c evaluation.Campaign, sessions []evaluation.Session, keep func(session string, i int, members []uuid.UUID) bool) ([]crdt.Op, error) {
	pub, err := r.CampaignPublicKey(c.ID)
	if err != nil {
		return nil, err
	}
	var ops []crdt.Op
	for _, s := range sessions {
		for i, g := range s.Groups {
			id := revealKeyID(c.ID, s.Name, i)
			if rec, _ := r.view.Get(id); rec != nil && keep(s.Name, i, g) {
				continue
			}
			op, err := codeRecordOp(id, konbit.TypeRevealKey, pub, c.ID, "reveal/"+s.Name+"/"+strconv.Itoa(i),
				crdt.Field{Name: evaluation.FieldSession, Value: []byte(s.Name)},
				crdt.Field{Name: fieldGroup, Value: []byte(strconv.Itoa(i))})
			if err != nil {
				return nil, err
			}
			ops = append(ops, op)
		}
	}
	return ops, nil
}

// mostlySame reports whether most of the people of a group slot
// were already in it: a hand move of one or two people keeps the group's
// code; a group that became another does not.
func mostlySame(before, after []uuid.UUID) bool {
	same := 0
	for _, id := range after {
		if slices.Contains(before, id) {
			same++
		}
	}
	return len(after) > 0 && 2*same > len(after)
}

// codeRecordOp draws a code and writes a record holding the public key it
// opens and the code sealed to the campaign's key.
func codeRecordOp(id uuid.UUID, typ string, campaignPub *ecdh.PublicKey, campaign uuid.UUID, what string, extra ...crdt.Field) (crdt.Op, error) {
	_, fields, err := newCodeFields(id, campaignPub, campaign, what)
	if err != nil {
		return crdt.Op{}, err
	}
	fields = append(fields, crdt.Field{Name: evaluation.FieldCampaign, Value: campaign[:]})
	return crdt.Set(id, typ, append(fields, extra...)...), nil
}

// newCodeFields draws a code for record id and returns it with the fields
// recording the public key it opens and the code sealed to the campaign's
// key, so that HR can hand it out again. The code is never stored in clear.
func newCodeFields(id uuid.UUID, campaignPub *ecdh.PublicKey, campaign uuid.UUID, what string) (string, []crdt.Field, error) {
	code, err := seal.NewCode()
	if err != nil {
		return "", nil, err
	}
	key, err := seal.CodeKey(code, id[:])
	if err != nil {
		return "", nil, err
	}
	sealed, err := seal.SealKind(campaignPub, seal.KindCode, codeBinding(campaign, what), []byte(code))
	if err != nil {
		return "", nil, err
	}
	return code, []crdt.Field{
		{Name: fieldPublic, Value: key.PublicKey().Bytes()},
		{Name: fieldCode, Value: sealed},
	}, nil
}

// codeKey opens a code record with a code typed by hand: ErrWrongCode
// unless the code derives the record's public key.
func (r *Replica) codeKey(id uuid.UUID, typ, code string) (*ecdh.PrivateKey, error) {
	rec, _ := r.view.Get(id)
	if rec == nil || rec.Type != typ {
		return nil, fmt.Errorf("%w (no key recorded yet: has this laptop received the HR committee's changes?)", ErrNotFound)
	}
	key, err := seal.CodeKey(code, id[:])
	if err != nil {
		return nil, err
	}
	if pub, err := seal.ParsePublic(rec.Fields[fieldPublic]); err != nil || !pub.Equal(key.PublicKey()) {
		return nil, ErrWrongCode
	}
	return key, nil
}

// codeOf opens the code sealed in a code record with the campaign's key.
func codeOf(rec *memdb.Record, key *ecdh.PrivateKey, campaign uuid.UUID, what string) (string, error) {
	b, err := seal.OpenKind(key, seal.KindCode, codeBinding(campaign, what), rec.Fields[fieldCode])
	if err != nil {
		return "", fmt.Errorf("code %s: %w", what, err)
	}
	return string(b), nil
}

// GroupCode is the code of one group of a session, which HR hands to the
// group for its reveal.
type GroupCode struct {
	Session string
	Group   int
	Members []uuid.UUID
	Code    string
}

// RevealCodes lists the code of every group of the campaign, opened with
// this laptop's HR key (passphrase): groups without a key (formed by an
// older version) are left out; a code that does not open is left out and
// named in an error wrapping seal.ErrCannotOpen, beside the others.
func (r *Replica) RevealCodes(ctx context.Context, campaign uuid.UUID, passphrase []byte) ([]GroupCode, error) {
	key, err := r.campaignKey(campaign, passphrase)
	if err != nil {
		return nil, err
	}
	sessions, _, err := r.Groups(campaign)
	if err != nil {
		return nil, err
	}
	var out []GroupCode
	var bad []error
	for _, s := range sessions {
		for i, g := range s.Groups {
			rec, _ := r.view.Get(revealKeyID(campaign, s.Name, i))
			if rec == nil || rec.Type != konbit.TypeRevealKey {
				continue
			}
			code, err := codeOf(rec, key, campaign, "reveal/"+s.Name+"/"+strconv.Itoa(i))
			if err != nil {
				bad = append(bad, fmt.Errorf("group %d of session %s: %w", i+1, s.Name, err))
				continue
			}
			out = append(out, GroupCode{Session: s.Name, Group: i, Members: slices.Clone(g), Code: code})
		}
	}
	if len(bad) > 0 {
		return out, fmt.Errorf("%d group code(s) do not open: %w", len(bad), errors.Join(bad...))
	}
	return out, nil
}

// revealPublic is the public key of a group slot, if it has one.
func (r *Replica) revealPublic(campaign uuid.UUID, session string, group int) (*ecdh.PublicKey, bool) {
	rec, _ := r.view.Get(revealKeyID(campaign, session, group))
	if rec == nil || rec.Type != konbit.TypeRevealKey {
		return nil, false
	}
	pub, err := seal.ParsePublic(rec.Fields[fieldPublic])
	return pub, err == nil
}
