package meetings

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// MembershipWindowDays is how long a member of the work collective may be
// away before the monthly membership check flags them: "absent 4+ weeks"
// is a ground for leaving the work committee (DOMAIN.md, Meetings).
const MembershipWindowDays = 28

// MemberRef names a member for the membership check.
type MemberRef struct {
	ID   uuid.UUID
	Name string
}

// Absentee is a member flagged by the membership check.
type Absentee struct {
	Member       uuid.UUID
	Name         string
	LastAttended string // date of the last collective meeting attended before the check, "" if never
}

// MembershipCheck lists the members who attended (present or late) no
// meeting of the work collective dated in the windowDays days before at
// (from at minus the window, inclusive, to at, exclusive), sorted by name.
// windowDays <= 0 means MembershipWindowDays. Only collective meetings
// (Body == uuid.Nil) count, dated by the meeting record. If no collective
// meeting in the window has anyone marked as attending, nobody could be
// absent from one and the list is empty.
func MembershipCheck(members []MemberRef, marks []Mark, meetings map[uuid.UUID]Meeting, at string, windowDays int) ([]Absentee, error) {
	day, err := time.Parse(DateLayout, at)
	if err != nil {
		return nil, fmt.Errorf("membership check: date %q is not YYYY-MM-DD: %w", at, err)
	}
	if windowDays <= 0 {
		windowDays = MembershipWindowDays
	}
	from := day.AddDate(0, 0, -windowDays).Format(DateLayout)
	held := false
	inWindow := map[uuid.UUID]bool{}
	last := map[uuid.UUID]string{}
	for _, mk := range marks {
		mt, ok := meetings[mk.Meeting]
		if !ok || !mt.Collective() || !mk.Attended() || !validDate(mt.Date) || mt.Date >= at {
			continue
		}
		if mt.Date > last[mk.Member] {
			last[mk.Member] = mt.Date
		}
		if mt.Date >= from {
			held = true
			inWindow[mk.Member] = true
		}
	}
	if !held {
		return nil, nil
	}
	var out []Absentee
	for _, m := range members {
		if !inWindow[m.ID] {
			out = append(out, Absentee{Member: m.ID, Name: m.Name, LastAttended: last[m.ID]})
		}
	}
	slices.SortFunc(out, func(a, b Absentee) int {
		if c := cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
			return c
		}
		return compareIDs(a.Member, b.Member)
	})
	return out, nil
}
