package konbit

// Record types. Every replicated record carries one of these names; the
// list in RecordTypes says where each kind lives once merged.
const (
	TypeMember     = "member"
	TypeCommittee  = "committee"
	TypeMembership = "membership"
	TypeDevice     = "device"
	// The group's roster of devices (sync/trust) and its key.
	TypeAdmission = "device_admission"
	TypeRemoval   = "device_removal"
	TypeGroupKey  = "group_key"

	TypeMeeting         = "meeting"
	TypeAgendaItem      = "agenda_item"
	TypeAttendance      = "attendance"
	TypeRole            = "role"
	TypeRoleSet         = "role_set"
	TypeTemplate        = "template"
	TypeSegment         = "segment"
	TypeProposal        = "proposal"
	TypeDecision        = "decision"
	TypeAction          = "action"
	TypeCommitteeReport = "committee_report"

	// Peer evaluation (package evaluation).
	TypeCampaign   = "eval_campaign"
	TypeGrid       = "eval_grid"
	TypeEvalGroups = "eval_groups"
	TypeHRKey      = "eval_hr_key"
	// TypeAnswer is one sealed evaluation answer; TypeCampaignKey, a
	// campaign's private key sealed to one HR member's key (a grant).
	TypeAnswer      = "eval_answer"
	TypeCampaignKey = "eval_campaign_key"
	// TypeRevealKey is a group's key for one session (public key, and its
	// code sealed to the campaign's key); TypeReflection a sealed
	// collective reflection; TypeReleasedReport a person's report as HR
	// released it, sealed to the person's code.
	TypeRevealKey      = "eval_reveal_key"
	TypeReflection     = "eval_reflection"
	TypeReleasedReport = "eval_released_report"
)

// Residency says where the records of a type are held after a merge.
type Residency int

const (
	// Live records are held in the in-memory view: they are few, and
	// screens watch them for changes.
	Live Residency = iota + 1
	// Stored records are served from the SQL projection tables: they grow
	// without bound and are queried by range (dates, meetings).
	Stored
)

// String names the residency.
func (r Residency) String() string {
	switch r {
	case Live:
		return "live"
	case Stored:
		return "stored"
	}
	return "unknown"
}

// RecordType describes one record type.
type RecordType struct {
	Name      string
	Residency Residency
	Doc       string
}

// RecordTypes is the one explicit list of the record types this build
// knows, with where each lives. A new type must be added here.
func RecordTypes() []RecordType {
	return []RecordType{
		{TypeMember, Live, "a person of the organisation"},
		{TypeCommittee, Live, "a standing working group"},
		{TypeMembership, Live, "a member's place in a committee"},
		{TypeDevice, Live, "the name a laptop publishes"},
		{TypeAdmission, Live, "a device of the group admitting another to its roster"},
		{TypeRemoval, Live, "a device removed from the group's roster (lost or stolen)"},
		{TypeGroupKey, Live, "the group key, sealed to one admitted device"},
		{TypeMeeting, Live, "a meeting of the work collective or of a committee"},
		{TypeAgendaItem, Live, "one item of a meeting's agenda"},
		{TypeRole, Live, "who holds a facilitation role at a meeting"},
		{TypeRoleSet, Live, "the facilitation roles the organisation uses"},
		{TypeTemplate, Live, "an editable meeting template"},
		{TypeProposal, Live, "a proposal going through the consent process"},
		{TypeAction, Live, "an action someone took on at a meeting"},
		{TypeCommitteeReport, Live, "a committee's report at the round of committees"},
		{TypeCampaign, Live, "a peer-evaluation campaign: who, when, its HR members and visibility rules"},
		{TypeGrid, Live, "a campaign's evaluation grid for one session"},
		{TypeEvalGroups, Live, "a campaign's groups for one session"},
		{TypeHRKey, Live, "an HR member's public key on one laptop (the private key never leaves it)"},
		{TypeAnswer, Live, "one evaluation answer, sealed to its campaign's key (only who and what it is about are clear)"},
		{TypeCampaignKey, Live, "a campaign's private key, sealed to one HR member's public key"},
		{TypeRevealKey, Live, "a group's key for its own reveal in one session (its code sealed to the campaign's key)"},
		{TypeReflection, Live, "a group's collective reflection on one person, sealed to the campaign's and the group's keys"},
		{TypeReleasedReport, Live, "a person's evaluation report released by HR, sealed to the person's code"},
		{TypeSegment, Stored, "one speaking turn, written once"},
		{TypeAttendance, Stored, "who was present, late, excused or absent at a meeting"},
		{TypeDecision, Stored, "an entry of the decision register"},
	}
}

// ResidencyOf says where records of a type live. Types this build does
// not know (written by a newer Konbit) are Stored: kept in SQL and
// forwarded, never loaded into memory.
func ResidencyOf(typ string) Residency {
	for _, t := range RecordTypes() {
		if t.Name == typ {
			return t.Residency
		}
	}
	return Stored
}
