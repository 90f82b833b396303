package meetings_test

import (
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
)

func TestMembershipCheck(t *testing.T) {
	ana, bob, cat, dan := id(1), id(2), id(3), id(4)
	members := []meetings.MemberRef{{dan, "Dan"}, {ana, "ana"}, {bob, "Bob"}, {cat, "Cat"}}
	mt := map[uuid.UUID]meetings.Meeting{
		id(10): {ID: id(10), Date: "2011-01-04"},               // long ago
		id(11): {ID: id(11), Date: "2011-02-08"},               // exactly 28 days before 2011-03-08: in
		id(12): {ID: id(12), Date: "2011-03-01", Body: id(50)}, // a committee: does not count
		id(13): {ID: id(13), Date: "2011-03-08"},               // the day of the check: not before
		id(14): {ID: id(14), Date: "2011-02-07"},               // 29 days before: out
	}
	mark := func(meeting, member uuid.UUID, s meetings.AttendanceStatus) meetings.Mark {
		return meetings.Mark{Meeting: meeting, Member: member, Status: s, Date: mt[meeting].Date}
	}
	marks := []meetings.Mark{
		mark(id(10), ana, meetings.Present),
		mark(id(11), ana, meetings.Late),
		mark(id(14), bob, meetings.Present),
		mark(id(10), bob, meetings.Present),
		mark(id(12), cat, meetings.Present),
		mark(id(13), cat, meetings.Present),
		mark(id(11), dan, meetings.Excused),
	}
	got, err := meetings.MembershipCheck(members, marks, mt, "2011-03-08", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []meetings.Absentee{{bob, "Bob", "2011-02-07"}, {cat, "Cat", ""}, {dan, "Dan", ""}}
	if !slices.Equal(got, want) {
		t.Errorf("MembershipCheck = %+v\nwant %+v", got, want)
	}

	tests := []struct {
		name string
		at   string
		days int
		want int
	}{
		{"a day later ana is out and cat in", "2011-03-09", 0, 3},
		{"a longer window keeps bob", "2011-03-08", 60, 2},
		{"no collective meeting held in window", "2010-12-01", 0, 0},
	}
	for _, tc := range tests {
		got, err := meetings.MembershipCheck(members, marks, mt, tc.at, tc.days)
		if err != nil || len(got) != tc.want {
			t.Errorf("%s: %d absentees (%v), want %d", tc.name, len(got), err, tc.want)
		}
	}
	if _, err := meetings.MembershipCheck(members, marks, mt, "March 8", 0); err == nil {
		t.Error("a bad date is accepted")
	}
}
