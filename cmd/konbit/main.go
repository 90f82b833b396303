// Command konbit is Konbit's single binary: with no command it opens the
// desktop app; with one it works headless (see `konbit help`).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/konbit/konbit/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, GUI: runGUI})
	stop()
	os.Exit(code)
}
