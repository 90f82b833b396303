package main

import (
	"os"
	"runtime/debug"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/konbit/konbit/app"
	"github.com/konbit/konbit/replica"
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
	app.New(a, r).ShowAndRun()
	return nil
}

// guiMemoryLimit is the soft limit of the Go heap of the app's process.
// The live heap with five years of meetings is about 50 MB (a third of it
// Fyne's fonts); past the limit the collector runs more often, it never
// fails an allocation.
const guiMemoryLimit = 80 << 20
