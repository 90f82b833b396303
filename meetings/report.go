package meetings

import (
	"fmt"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// Report is what a committee reports at the round of committees of a
// monthly reflection meeting. Its id is derived from the meeting and
// committee (ReportID): a committee reports once per meeting, and two
// laptops taking the note write one record.
type Report struct {
	Meeting   uuid.UUID
	Committee uuid.UUID
	Note      string
}

// Report field names.
const FieldNote = "note"

// ReportID is the deterministic record id of a committee's report.
func ReportID(meeting, committee uuid.UUID) uuid.UUID {
	return derive("committee_report", meeting.String(), committee.String())
}

// ID is the report's record id.
func (r *Report) ID() uuid.UUID { return ReportID(r.Meeting, r.Committee) }

// Fields encodes every field of the report.
func (r *Report) Fields() []crdt.Field {
	return []crdt.Field{
		idField(FieldMeeting, r.Meeting),
		idField(FieldCommittee, r.Committee),
		field(FieldNote, r.Note),
	}
}

// FieldCommittee names the committee of a report.
const FieldCommittee = "committee"

// ReportFromFields decodes a report, tolerating missing or bad values.
func ReportFromFields(_ uuid.UUID, f map[string][]byte) Report {
	var r Report
	r.Meeting = getID(f, FieldMeeting)
	r.Committee = getID(f, FieldCommittee)
	get(f, FieldNote, &r.Note)
	return r
}

// Validate reports the first problem with the report.
func (r *Report) Validate() error {
	if r.Meeting == uuid.Nil {
		return fmt.Errorf("committee report belongs to no meeting")
	}
	if r.Committee == uuid.Nil {
		return fmt.Errorf("committee report names no committee")
	}
	return nil
}
