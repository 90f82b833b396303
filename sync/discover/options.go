package discover

import (
	"fmt"
	"net"
	"time"
)

// Options configures Run. The zero value announces DefaultPort, beacons on
// DefaultBeaconPort every DefaultInterval on every up interface but loopback,
// and logs nothing.
type Options struct {
	// Port is our TCP sync port, announced to others (0: DefaultPort).
	Port int
	// BeaconPort is the UDP port of the beacon (0: DefaultBeaconPort).
	BeaconPort int
	// Interval between beacons and between mDNS queries (0: DefaultInterval).
	Interval time.Duration
	// Now stamps Peer.Seen (nil: time.Now).
	Now func() time.Time
	// Logf receives problems worth a line in a log (nil: discarded). A
	// repeated message is logged once.
	Logf func(format string, args ...any)
	// DisableMDNS and DisableBeacon turn a mechanism off.
	DisableMDNS, DisableBeacon bool
	// Interfaces restricts both mechanisms to these interfaces (nil: all
	// interfaces that are up, re-read at every beacon so a laptop that joins
	// the Wi-Fi later is announced there).
	Interfaces []net.Interface
	// Loopback includes loopback interfaces: several replicas on one host
	// (tests, demos) then find each other through 127.255.255.255 and mDNS on
	// lo.
	Loopback bool
}

func (o Options) port() int {
	if o.Port == 0 {
		return DefaultPort
	}
	return o.Port
}

func (o Options) beaconPort() int {
	if o.BeaconPort == 0 {
		return DefaultBeaconPort
	}
	return o.BeaconPort
}

func (o Options) interval() time.Duration {
	if o.Interval <= 0 {
		return DefaultInterval
	}
	return o.Interval
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

// Expiry is how long a peer stays listed after it was last seen: a few
// missed beacons (UDP is lossy, laptops sleep) before it disappears. Use it
// for NewTable.
func (o Options) Expiry() time.Duration { return 4 * o.interval() }

func (o Options) validate() error {
	if o.Port < 0 || o.Port > 65535 {
		return fmt.Errorf("discover: sync port %d out of range", o.Port)
	}
	if o.BeaconPort < 0 || o.BeaconPort > 65535 {
		return fmt.Errorf("discover: beacon port %d out of range", o.BeaconPort)
	}
	return nil
}
