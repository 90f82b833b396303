// Package meetings holds Konbit's meeting domain: meetings and their
// templates, agendas, attendance, facilitation roles, the speaking queue,
// timers and rounds, speaking-time equity, the consent process, the
// decision register, actions and committee reports.
//
// It is plain Go: no storage, no GUI, no clock. Every function that needs
// the time takes it as an argument, so that screens, tests and replays all
// see the same answers. Records are bags of last-writer-wins fields whose
// values are JSON; each record type has Fields, a ...FromFields decoder that
// tolerates missing or malformed values (written by another version), and
// Validate. Instants are Unix milliseconds, civil dates "2006-01-02" and
// durations milliseconds.
package meetings
