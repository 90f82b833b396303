package main

import (
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/konbit/konbit/app"
	"github.com/konbit/konbit/replica"
)

// runGUI opens the desktop app on r and returns when its window closes.
func runGUI(r *replica.Replica) error {
	a := fyneapp.NewWithID("org.konbit.app")
	app.New(a, r).ShowAndRun()
	return nil
}
