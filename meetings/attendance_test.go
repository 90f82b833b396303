package meetings_test

import (
	"strings"
	"testing"

	"github.com/konbit/konbit/meetings"
)

func TestMarkValidateAndAttended(t *testing.T) {
	tests := []struct {
		name     string
		mark     meetings.Mark
		attended bool
		wantErr  string
	}{
		{"present", meetings.Mark{Meeting: id(1), Member: id(2), Status: meetings.Present, Date: "2011-03-08"}, true, ""},
		{"late with time", meetings.Mark{Meeting: id(1), Member: id(2), Status: meetings.Late, Arrived: t0, Date: "2011-03-08"}, true, ""},
		{"excused", meetings.Mark{Meeting: id(1), Member: id(2), Status: meetings.Excused, Date: "2011-03-08"}, false, ""},
		{"absent", meetings.Mark{Meeting: id(1), Member: id(2), Status: meetings.Absent, Date: "2011-03-08"}, false, ""},
		{"no member", meetings.Mark{Meeting: id(1), Status: meetings.Present, Date: "2011-03-08"}, true, "member"},
		{"bad status", meetings.Mark{Meeting: id(1), Member: id(2), Status: "gone", Date: "2011-03-08"}, false, "status"},
		{"arrival when present", meetings.Mark{Meeting: id(1), Member: id(2), Status: meetings.Present, Arrived: t0, Date: "2011-03-08"}, true, "late"},
		{"no date", meetings.Mark{Meeting: id(1), Member: id(2), Status: meetings.Present}, true, "date"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.mark.Attended(); got != tc.attended {
				t.Errorf("Attended() = %v", got)
			}
			err := tc.mark.Validate()
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("Validate() = %v, want %q", err, tc.wantErr)
			}
		})
	}
	mk := meetings.Mark{Meeting: id(1), Member: id(2)}
	if mk.ID() != meetings.AttendanceID(id(1), id(2)) {
		t.Error("Mark.ID differs from AttendanceID")
	}
	if f := mk.Fields(); len(f) != 1 || f[0].Name != meetings.FieldMark {
		t.Errorf("a mark is one field, got %v", f)
	}
}
