// Package discover lets Konbit laptops on the same network find each other
// without a server: mDNS/DNS-SD (service _konbit._tcp, via pion/mdns) where
// multicast works, a UDP broadcast beacon on each interface's subnet
// broadcast address where it is blocked (hotspots and guest Wi-Fi often drop
// multicast but pass broadcast, which is why Syncthing does the same), and
// addresses typed by hand.
//
// Announcements carry only what any listener may know: the device id (a hash
// of the device's public key) and the TCP port of the sync service. Nothing
// here is trusted: a found peer is only a place to try; the sync transport
// authenticates the device (pinned TLS certificate) and checks the roster
// before anything is exchanged.
package discover
