package discover

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/konbit/konbit/sync/crdt"
)

// Run announces self (device id and Options.Port) and reports the peers it
// finds to found until ctx is done, then returns nil. Beacon and mDNS run side
// by side: if one cannot start (port taken, no multicast) it is logged and the
// other carries on; Run fails only when no enabled mechanism could start.
//
// found is called once per sighting (again and again for the same peer,
// which keeps a Table fresh), one call at a time; it must not block for long.
// Our own announcements are never reported.
func Run(ctx context.Context, self crdt.DeviceID, opts Options, found func(Peer)) error {
	if err := opts.validate(); err != nil {
		return err
	}
	if self == (crdt.DeviceID{}) {
		return errors.New("discover: zero device id")
	}
	log := newOnceLogger(opts.Logf)
	var mu sync.Mutex
	done := false // set once Run returns: found is never called after that
	report := func(p Peer) {
		if p.Device == self {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if !done {
			found(p)
		}
	}

	var stops []func()
	var errs []error
	started := 0
	if !opts.DisableBeacon {
		stop, err := startBeacon(self, opts, log, report)
		if err != nil {
			err = fmt.Errorf("discover: beacon: %w", err)
			errs = append(errs, err)
			log.Printf("%v", err)
		} else {
			stops = append(stops, stop)
			started++
		}
	}
	if !opts.DisableMDNS {
		stop, err := startMDNS(ctx, self, opts, log, report)
		if err != nil {
			err = fmt.Errorf("discover: mdns: %w", err)
			errs = append(errs, err)
			log.Printf("%v", err)
		} else {
			stops = append(stops, stop)
			started++
		}
	}
	if started == 0 {
		if len(errs) == 0 {
			return errors.New("discover: both mDNS and the beacon are disabled")
		}
		return errors.Join(errs...)
	}
	<-ctx.Done()
	for _, stop := range stops {
		stop()
	}
	mu.Lock()
	done = true
	mu.Unlock()
	return nil
}
