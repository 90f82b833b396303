package meetings

import (
	"cmp"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// Facilitation role keys. The co-op adopted "rotating facilitation teams
// with precise roles" (DOMAIN.md, Facilitation); these are the usual ones.
const (
	Facilitator = "facilitator"
	NoteTaker   = "note-taker"
	TimeKeeper  = "time-keeper"
	QueueKeeper = "queue-keeper"
	MoodWatcher = "mood-watcher"
	Interpreter = "interpreter"
)

// RoleDef is one facilitation role with its labels.
type RoleDef struct {
	Key string `json:"key"`
	EN  string `json:"en"`
	FR  string `json:"fr"`
}

// RoleSet is the organisation's list of facilitation roles, an editable
// record. The default one has a deterministic id (RoleSetID), so laptops
// seeding it offline converge on one record.
type RoleSet struct {
	ID    uuid.UUID
	Roles []RoleDef
}

// FieldRoles is the one field of a role set.
const FieldRoles = "roles"

// RoleSetID is the id of the organisation's role set.
func RoleSetID() uuid.UUID { return derive("role_set", "default") }

// DefaultRoleSet returns the seeded role set.
func DefaultRoleSet() RoleSet {
	return RoleSet{ID: RoleSetID(), Roles: []RoleDef{
		{Facilitator, "Facilitator", "Animation"},
		{NoteTaker, "Note-taker", "Prise de notes"},
		{TimeKeeper, "Time-keeper", "Gardien·ne du temps"},
		{QueueKeeper, "Speaking-queue keeper", "Tours de parole"},
		{MoodWatcher, "Mood watcher", "Gardien·ne de l'ambiance"},
		{Interpreter, "Interpreter", "Interprète"},
	}}
}

// Keys lists the role keys in order.
func (s RoleSet) Keys() []string {
	out := make([]string, len(s.Roles))
	for i, r := range s.Roles {
		out[i] = r.Key
	}
	return out
}

// Label is a role's label in lang ("fr" or "en"), the key if unknown.
func (s RoleSet) Label(key, lang string) string {
	for _, r := range s.Roles {
		if r.Key == key {
			if lang == French && r.FR != "" || r.EN == "" {
				return r.FR
			}
			return r.EN
		}
	}
	return key
}

// Fields encodes the role set.
func (s *RoleSet) Fields() []crdt.Field {
	roles := s.Roles
	if roles == nil {
		roles = []RoleDef{}
	}
	return []crdt.Field{field(FieldRoles, roles)}
}

// RoleSetFromFields decodes a role set, tolerating a missing or bad value.
func RoleSetFromFields(id uuid.UUID, f map[string][]byte) RoleSet {
	s := RoleSet{ID: id}
	get(f, FieldRoles, &s.Roles)
	return s
}

// Validate reports the first problem with the role set.
func (s *RoleSet) Validate() error {
	if len(s.Roles) == 0 {
		return fmt.Errorf("the role set has no role")
	}
	seen := map[string]bool{}
	for i, r := range s.Roles {
		if strings.TrimSpace(r.Key) == "" {
			return fmt.Errorf("role %d has no key", i+1)
		}
		if seen[r.Key] {
			return fmt.Errorf("role %q is listed twice", r.Key)
		}
		seen[r.Key] = true
		if strings.TrimSpace(r.EN) == "" || strings.TrimSpace(r.FR) == "" {
			return fmt.Errorf("role %q needs a label in English and in French", r.Key)
		}
	}
	return nil
}

// Assignment says who holds a role at a meeting. Its id is derived from
// the meeting and role (RoleAssignmentID) and it is one field, so two
// laptops assigning the same role write one register. Member uuid.Nil
// means the role is unassigned.
type Assignment struct {
	Meeting uuid.UUID
	Role    string
	Member  uuid.UUID
	Reason  string // why this person, as shown when suggested
}

// FieldAssignment is the one field of a role assignment record.
const FieldAssignment = "assignment"

// RoleAssignmentID is the deterministic record id of a role at a meeting.
func RoleAssignmentID(meeting uuid.UUID, role string) uuid.UUID {
	return derive("role", meeting.String(), role)
}

// ID is the assignment's record id.
func (a *Assignment) ID() uuid.UUID { return RoleAssignmentID(a.Meeting, a.Role) }

type assignmentJSON struct {
	Meeting string `json:"meeting"`
	Role    string `json:"role"`
	Member  string `json:"member"`
	Reason  string `json:"reason,omitempty"`
}

// Fields encodes the assignment as its one field, and its meeting again
// on its own (never changed: it is part of the id), by which the live
// view files it under the meeting.
func (a *Assignment) Fields() []crdt.Field {
	return []crdt.Field{
		field(FieldAssignment, assignmentJSON{idText(a.Meeting), a.Role, idText(a.Member), a.Reason}),
		idField(FieldMeeting, a.Meeting),
	}
}

// AssignmentFromFields decodes an assignment, tolerating a bad value.
func AssignmentFromFields(_ uuid.UUID, f map[string][]byte) Assignment {
	var w assignmentJSON
	if b, ok := f[FieldAssignment]; ok {
		_ = json.Unmarshal(b, &w)
	}
	return Assignment{Meeting: parseID(w.Meeting), Role: w.Role, Member: parseID(w.Member), Reason: w.Reason}
}

// Validate reports the first problem with the assignment.
func (a *Assignment) Validate() error {
	if a.Meeting == uuid.Nil {
		return fmt.Errorf("role assignment belongs to no meeting")
	}
	if strings.TrimSpace(a.Role) == "" {
		return fmt.Errorf("role assignment names no role")
	}
	return nil
}

// PastRoles is who held which role at one past meeting, and who was there.
type PastRoles struct {
	Meeting uuid.UUID
	Roles   map[string]uuid.UUID // role key -> holder
	Present []uuid.UUID
}

// SuggestOptions tunes Suggest.
type SuggestOptions struct {
	Window        int    // how many past meetings count; 0 means 10
	AllowDouble   bool   // one person may be given several roles
	Draw          uint64 // seed choosing among equally fair people; 0: lowest id
	PairNewcomers bool   // people at their first meeting shadow a role holder
}

// DefaultWindow is how many past meetings role fairness looks at.
const DefaultWindow = 10

// Reason codes of a suggestion.
const (
	ReasonNever    = "never"     // never held the role in the whole history
	ReasonFewest   = "fewest"    // held it least in the window
	ReasonNoneLeft = "none-left" // everyone present already has a role
)

// Reason says why someone is suggested for a role.
type Reason struct {
	Code   string
	Count  int // times held in the window
	Window int // meetings in the window
	Role   string
}

// roleVerb is what holding a role is called in a reason.
func roleVerb(role string) string {
	switch role {
	case Facilitator:
		return "facilitated"
	case NoteTaker:
		return "took notes"
	case TimeKeeper:
		return "kept time"
	case QueueKeeper:
		return "kept the speaking queue"
	case MoodWatcher:
		return "watched the mood"
	case Interpreter:
		return "interpreted"
	}
	return "held the role " + role
}

// String explains the reason in English, e.g. "facilitated 0 times in the
// last 10 meetings".
func (r Reason) String() string {
	verb := roleVerb(r.Role)
	switch r.Code {
	case ReasonNever:
		return "never " + verb
	case ReasonNoneLeft:
		return "everyone present already has a role"
	}
	times := "times"
	if r.Count == 1 {
		times = "time"
	}
	return fmt.Sprintf("%s %d %s in the last %d meetings", verb, r.Count, times, r.Window)
}

// Suggestion is a suggested holder for a role. CoHolder is a newcomer
// pairing with the holder to learn the role (uuid.Nil if none).
type Suggestion struct {
	Role     string
	Member   uuid.UUID // uuid.Nil if nobody is left
	Reason   Reason
	CoHolder uuid.UUID
}

// Suggest proposes holders for roles among the present, sharing roles
// fairly over the last Window meetings of history (newest first).
//
// Each pairing of a role and a person is weighed by, in strict priority:
// (with PairNewcomers) being a newcomer; the person's holds of that role in
// the window; having held it at all (people who never did go first); how
// recently they last held it (longest ago first); their roles of any kind
// in the window; then the Draw-seeded shuffle, or the lowest id when Draw
// is 0. Roles go to distinct people as one best assignment (least total
// weight, not role by role: giving the first role greedily could leave
// a later role only to someone who just held it), so that the same people
// meeting after meeting hold each role a number of times that differs by
// at most one. With more roles than people, the last roles get nobody
// (ReasonNoneLeft). With AllowDouble each role independently goes to the
// lightest person, counting roles suggested now.
//
// With PairNewcomers, people at their first meeting (present at none in
// the window) hold a role only when nobody else can, and are paired as
// co-holders with the suggested holders, in role order.
func Suggest(history []PastRoles, roles []string, present []uuid.UUID, opts SuggestOptions) []Suggestion {
	window := opts.Window
	if window <= 0 {
		window = DefaultWindow
	}
	recent := history[:min(window, len(history))]
	type stats struct {
		held  map[string]int // holds per role in the window
		ever  map[string]bool
		last  map[string]int // index of the newest holding in history, absent if never
		total int
		seen  bool // present at a meeting of the window
		rank  uint64
	}
	people := map[uuid.UUID]*stats{}
	for _, p := range present {
		if people[p] == nil {
			people[p] = &stats{held: map[string]int{}, ever: map[string]bool{}, last: map[string]int{}, rank: drawRank(opts.Draw, p)}
		}
	}
	for i, past := range history {
		for role, m := range past.Roles {
			s := people[m]
			if s == nil {
				continue
			}
			s.ever[role] = true
			if _, ok := s.last[role]; !ok {
				s.last[role] = i
			}
			if i < len(recent) {
				s.held[role]++
				s.total++
			}
		}
		if i < len(recent) {
			for _, m := range past.Present {
				if s := people[m]; s != nil {
					s.seen = true
				}
			}
		}
	}
	newcomer := func(p uuid.UUID) bool { return opts.PairNewcomers && len(recent) > 0 && !people[p].seen }
	sinceLast := func(s *stats, role string) int {
		if i, ok := s.last[role]; ok {
			return i
		}
		return len(history) + 1
	}
	order := make([]uuid.UUID, 0, len(people))
	for p := range people {
		order = append(order, p)
	}
	slices.SortFunc(order, func(a, b uuid.UUID) int {
		if ra, rb := people[a].rank, people[b].rank; ra != rb {
			return cmp.Compare(ra, rb)
		}
		return compareIDs(a, b)
	})
	costOf := func(role string, at int) cost {
		p := order[at]
		s := people[p]
		var c cost
		if newcomer(p) {
			c[0] = 1
		}
		c[1] = int64(s.held[role])
		if s.ever[role] {
			c[2] = 1
		}
		c[3] = int64(len(history) + 1 - sinceLast(s, role))
		c[4] = int64(s.total)
		c[5] = int64(at)
		return c
	}
	given := map[uuid.UUID]bool{}
	suggest := func(role string, p uuid.UUID) Suggestion {
		s := people[p]
		given[p] = true
		code := ReasonFewest
		if !s.ever[role] {
			code = ReasonNever
		}
		return Suggestion{Role: role, Member: p, Reason: Reason{Code: code, Count: s.held[role], Window: len(recent), Role: role}}
	}
	out := make([]Suggestion, 0, len(roles))
	switch {
	case len(order) == 0:
	case opts.AllowDouble:
		for _, role := range roles {
			best := 0
			for at := range order {
				if costOf(role, at).less(costOf(role, best)) {
					best = at
				}
			}
			out = append(out, suggest(role, order[best]))
			people[order[best]].total++
		}
	default:
		k := min(len(roles), len(order))
		c := make([][]cost, k)
		for i, role := range roles[:k] {
			c[i] = make([]cost, len(order))
			for at := range order {
				c[i][at] = costOf(role, at)
			}
		}
		for i, at := range assign(c, len(order)) {
			out = append(out, suggest(roles[i], order[at]))
		}
	}
	for _, role := range roles[len(out):] {
		out = append(out, Suggestion{Role: role, Reason: Reason{Code: ReasonNoneLeft, Window: len(recent), Role: role}})
	}
	if opts.PairNewcomers {
		var fresh []uuid.UUID
		for _, p := range present {
			if newcomer(p) && !given[p] && !slices.Contains(fresh, p) {
				fresh = append(fresh, p)
			}
		}
		for i := range out {
			if len(fresh) == 0 {
				break
			}
			if out[i].Member != uuid.Nil && !newcomer(out[i].Member) {
				out[i].CoHolder, fresh = fresh[0], fresh[1:]
			}
		}
	}
	return out
}

// RoleHistory counts, per member, how many times they held each role in
// history (for the history view).
func RoleHistory(history []PastRoles) map[uuid.UUID]map[string]int {
	out := map[uuid.UUID]map[string]int{}
	for _, past := range history {
		for role, m := range past.Roles {
			if m == uuid.Nil {
				continue
			}
			if out[m] == nil {
				out[m] = map[string]int{}
			}
			out[m][role]++
		}
	}
	return out
}

// drawRank is a member's place in the shuffle seeded by draw (0: none).
func drawRank(draw uint64, id uuid.UUID) uint64 {
	if draw == 0 {
		return 0
	}
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], draw)
	h.Write(b[:])
	h.Write(id[:])
	return h.Sum64()
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
