package meetings_test

import (
	"testing"

	"github.com/konbit/konbit/meetings"
)

func TestReport(t *testing.T) {
	r := meetings.Report{Meeting: id(1), Committee: id(2), Note: "hired two"}
	if r.ID() != meetings.ReportID(id(1), id(2)) || r.ID() == meetings.ReportID(id(1), id(3)) {
		t.Error("report id not derived from meeting and committee")
	}
	tests := []struct {
		name string
		r    meetings.Report
		ok   bool
	}{
		{"valid", r, true},
		{"empty note is fine", meetings.Report{Meeting: id(1), Committee: id(2)}, true},
		{"no meeting", meetings.Report{Committee: id(2)}, false},
		{"no committee", meetings.Report{Meeting: id(1)}, false},
	}
	for _, tc := range tests {
		if err := tc.r.Validate(); (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}
