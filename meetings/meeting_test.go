package meetings_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
)

func TestMeetingValidate(t *testing.T) {
	ok := meetings.NewMeeting("Weekly", "weekly-production", uuid.Nil, "2011-03-08")
	tests := []struct {
		name string
		edit func(*meetings.Meeting)
		want string // substring of the error, "" for none
	}{
		{"valid", func(*meetings.Meeting) {}, ""},
		{"no title", func(m *meetings.Meeting) { m.Title = "  " }, "title"},
		{"bad date", func(m *meetings.Meeting) { m.Date = "08/03/2011" }, "YYYY-MM-DD"},
		{"bad time", func(m *meetings.Meeting) { m.Time = "25:00" }, "HH:MM"},
		{"bad language", func(m *meetings.Meeting) { m.Language = "de" }, "fr or en"},
		{"bad status", func(m *meetings.Meeting) { m.Status = "over" }, "status"},
		{"bad ordering", func(m *meetings.Meeting) { m.Ordering = "loudest" }, "first-come or progressive"},
		{"negative limit", func(m *meetings.Meeting) { m.SpeakingLimit = -time.Second }, "negative"},
		{"ends before start", func(m *meetings.Meeting) { m.StartedAt = t0; m.EndedAt = t0.Add(-time.Minute) }, "before"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := ok
			tc.edit(&m)
			err := m.Validate()
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("Validate() = %v, want error containing %q", err, tc.want)
			}
		})
	}
}

func TestMeetingChangedFields(t *testing.T) {
	old := meetings.NewMeeting("Weekly", "blank", uuid.Nil, "2011-03-08")
	cur := old
	cur.Title = "Weekly production"
	cur.Status = meetings.Live
	got := cur.ChangedFields(&old)
	if len(got) != 2 || got[0].Name != meetings.FieldTitle || got[1].Name != meetings.FieldStatus {
		t.Errorf("ChangedFields = %v, want title and status only", got)
	}
	if n := len(old.ChangedFields(&old)); n != 0 {
		t.Errorf("unchanged meeting gives %d fields", n)
	}
}

func TestMeetingWhen(t *testing.T) {
	mtl, err := time.LoadLocation("America/Montreal")
	if err != nil {
		mtl = time.FixedZone("EST", -5*3600)
	}
	tests := []struct {
		date, clock string
		loc         *time.Location
		want        time.Time
	}{
		{"2011-03-08", "13:30", time.UTC, time.Date(2011, 3, 8, 13, 30, 0, 0, time.UTC)},
		{"2011-03-08", "", time.UTC, time.Date(2011, 3, 8, 0, 0, 0, 0, time.UTC)},
		{"2011-03-08", "09:00", mtl, time.Date(2011, 3, 8, 9, 0, 0, 0, mtl)},
		{"2011-03-08", "bad", nil, time.Date(2011, 3, 8, 0, 0, 0, 0, time.UTC)},
		{"", "09:00", time.UTC, time.Time{}},
	}
	for _, tc := range tests {
		m := meetings.Meeting{Date: tc.date, Time: tc.clock}
		if got := m.When(tc.loc); !got.Equal(tc.want) {
			t.Errorf("When(%s %s) = %v, want %v", tc.date, tc.clock, got, tc.want)
		}
	}
}

// An item's own speaking limit wins over the meeting's.
func TestLimitForItem(t *testing.T) {
	m := meetings.Meeting{SpeakingLimit: 2 * time.Minute}
	for _, tc := range []struct {
		item time.Duration
		want time.Duration
	}{{0, 2 * time.Minute}, {90 * time.Second, 90 * time.Second}} {
		if got := m.LimitFor(meetings.Item{SpeakingLimit: tc.item}); got != tc.want {
			t.Errorf("item limit %v: got %v, want %v", tc.item, got, tc.want)
		}
	}
}
