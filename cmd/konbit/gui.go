package main

import (
	"context"
	"log"
	"log/slog"
	"os"
	"runtime/debug"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/konbit/konbit/app"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sync/agent"
)

// runGUI opens the desktop app on r and returns when its window closes.
func runGUI(r *replica.Replica) error {
	// The app stays open for whole meetings on laptops that may be old:
	// ask the garbage collector to keep the heap near what is live rather
	// than letting it double (GOMEMLIMIT, if set, decides instead).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(guiMemoryLimit)
	}
	a := fyneapp.NewWithID("org.konbit.app")
	// Sync runs in the background while the window is open: it serves and
	// finds the group's laptops (once paired; the Settings switch) and
	// watches the shared folder if one is set. It stops before the
	// database closes.
	ctx, cancel := context.WithCancel(context.Background())
	net := agent.New(r, agent.Options{Log: slog.Default()})
	done := make(chan error, 1)
	go func() { done <- net.Run(ctx) }()
	app.NewWithSync(a, r, net).ShowAndRun()
	cancel()
	if err := <-done; err != nil {
		log.Printf("konbit: background sync: %v", err)
	}
	return nil
}

// guiMemoryLimit is the soft limit of the Go heap of the app's process.
// The live heap with five years of meetings is about 50 MB (a third of it
// Fyne's fonts); past the limit the collector runs more often, it never
// fails an allocation.
const guiMemoryLimit = 80 << 20
