package discover

// BroadcastTargets exposes broadcastTargets to the external tests.
var BroadcastTargets = broadcastTargets
