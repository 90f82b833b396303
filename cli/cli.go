// Package cli is Konbit's command line: `konbit` with no command opens the
// GUI; subcommands work headless, for scripts and tests. Every command
// takes --data DIR (or $KONBIT_DATA) to choose the data directory.
package cli

import (
	"context"
	"errors"
	"fmt"
	"github.com/konbit/konbit/evaluation/seal"
	"io"
	"strings"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/agent"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// Env is what a command runs with: its streams and how to open the GUI.
type Env struct {
	Stdout, Stderr io.Writer
	// Stdin is read by commands that ask a question (the pairing code);
	// nil reads nothing.
	Stdin io.Reader
	// GUI opens the desktop app on an open replica and returns when the
	// window closes. Nil in headless builds and tests.
	GUI func(r *replica.Replica) error
	// Options for the store (tests inject a clock).
	Store sqlite.Options
	// Net sets up network sync (tests choose ports and timeouts).
	Net agent.Options
	// KeyParams are the Argon2id costs of new HR keys; zero means
	// seal.DefaultParams (tests make them cheap).
	KeyParams seal.Params
}

// keyParams are the Argon2id costs for a new HR key.
func (env *Env) keyParams() seal.Params {
	if env.KeyParams == (seal.Params{}) {
		return seal.DefaultParams()
	}
	return env.KeyParams
}

type command struct {
	name    string
	usage   string
	summary string
	flags   flagSpec
	run     func(ctx context.Context, env *Env, r *replica.Replica, p parsed) error
}

// usageError marks a mistake in the command line (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

func commands() []command {
	return []command{
		{"export", "export --out FILE [--since-vector FILE]", "write a bundle of all changes, or of those a replica at the given vector lacks", flagSpec{"out": true, "since-vector": true}, runExport},
		{"import", "import FILE...", "verify and merge bundles (all or nothing)", flagSpec{}, runImport},
		{"vector", "vector [--out FILE]", "print this replica's version vector (JSON), to pass to --since-vector", flagSpec{"out": true}, runVector},
		{"dump", "dump", "print the canonical state as JSON (compare replicas byte for byte)", flagSpec{}, runDump},
		{"devices", "devices [--format table|json]", "list the group's roster: its laptops, who admitted or removed them", flagSpec{"format": true}, runDevices},
		{"device", "device id\n       device name [NAME]\n       device remove ID", "print this laptop's id; show or set its name, which the others see; remove a lost or stolen laptop from the roster", flagSpec{}, runDevice},
		{"member", "member add NAME [--category salaried|freelancer|external] [--hours N] [--lang fr,en] [--gender TEXT]\n       member set ID FIELD=VALUE...\n       member remove ID\n       member list", "manage members", flagSpec{"category": true, "hours": true, "lang": true, "gender": true}, runMember},
		{"committee", "committee add NAME [--description TEXT]\n       committee join COMMITTEE MEMBER [--occasional]\n       committee leave COMMITTEE MEMBER\n       committee remove COMMITTEE\n       committee list", "manage committees", flagSpec{"description": true, "occasional": false}, runCommittee},
		{"meeting", "meeting new --template NAME [--body COMMITTEE] [--date YYYY-MM-DD] [--time HH:MM] [--title TEXT] [--lang fr|en]\n" +
			"       meeting list [--format table|json]\n" +
			"       meeting show MEETING [--format table|json]\n" +
			"       meeting attend MEETING MEMBER... [--late HH:MM | --excused]\n" +
			"       meeting speak MEETING MEMBER --start HH:MM[:SS] --duration DUR [--item N] [--kind normal|point-of-order|response]",
			"create meetings and type in what happened (templates: " + strings.Join(meetings.TemplateKeys(), ", ") + ")",
			flagSpec{"template": true, "body": true, "date": true, "time": true, "title": true, "lang": true, "format": true,
				"late": true, "excused": false, "start": true, "duration": true, "item": true, "kind": true},
			runMeeting},
		{"roles", "roles suggest MEETING [--format table|json]\n       roles assign MEETING (--suggested | ROLE MEMBER) [--format table|json]",
			"suggest and assign the rotating facilitation roles among the people present", flagSpec{"suggested": false, "format": true}, runRoles},
		{"membership-check", "membership-check [--date YYYY-MM-DD] [--format table|json]",
			"list the members absent from every meeting of the work collective in the 4 weeks before the date (default today)",
			flagSpec{"date": true, "format": true}, runMembershipCheck},
		{"decisions", "decisions [--search TEXT] [--status S] [--theme T] [--body B] [--from D --to D] [--format table|json|csv]\n       decisions import FILE.md", "search the decision register; import the old wiki's decision book", flagSpec{"search": true, "status": true, "theme": true, "body": true, "from": true, "to": true, "format": true}, runDecisions},
		{"minutes", "minutes MEETING --format md|pdf [--lang fr|en] [--paper a4|letter] [--no-chart] --out FILE", "write a meeting's synthetic minutes in Markdown or PDF", flagSpec{"format": true, "lang": true, "paper": true, "no-chart": false, "out": true}, runMinutes},
		{"speaking-stats", "speaking-stats [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--template NAME] [--body B] [--by person|category|seniority|language|committee|gender] --format csv|json|png [--out FILE]", "speaking-time equity across meetings", flagSpec{"from": true, "to": true, "template": true, "body": true, "by": true, "format": true, "out": true}, runSpeakingStats},
		{"serve", "serve [--listen ADDR]", "sync in the background with the group's laptops on this network until interrupted (default address :21046)", flagSpec{"listen": true}, runServe},
		{"sync", "sync [--peer ADDR[,ADDR...]] [--timeout D]", "sync now with the given laptops, or with every laptop of the group found on this network; exit 0 once converged with each", flagSpec{"peer": true, "timeout": true}, runSync},
		{"pair", "pair --listen ADDR\n       pair --peer ADDR [--code NNNNNN|-]", "pair a new laptop: the member's laptop listens and shows a code for the new laptop's connection, typed on the new laptop (asked for once connected, or read from stdin with --code -; default port 21048)", flagSpec{"listen": true, "peer": true, "code": true}, runPair},
		{"folder-sync", "folder-sync DIR", "sync once through a shared folder (USB stick, Syncthing, Nextcloud): read the other laptops' encrypted segments, write this laptop's, compact", flagSpec{}, runFolderSync},
		{"eval", evalUsage, "peer evaluation: campaigns and their grids, groups, answers, HR reports, reveal codes, release and each person's own report", evalFlags(), runEval},
		{"demo", "demo [--weeks N] [--no-eval]", "load a sample organisation from the field study (26 people, 13 committees), a year (or N weeks) of its meetings and its finished 2011 peer evaluation, this laptop holding an HR key (passphrase \"demo\"); --no-eval leaves the evaluation out", flagSpec{"weeks": true, "eval": false, "no-eval": false}, runDemo},
	}
}

// Run executes a command line (without the program name) and returns the
// process exit code.
func Run(ctx context.Context, args []string, env *Env) int {
	// Global flags come before the command; the command's own flags after.
	var global []string
	i := 0
	for ; i < len(args) && strings.HasPrefix(args[i], "-"); i++ {
		global = append(global, args[i])
		if (args[i] == "--data" || args[i] == "-data") && i+1 < len(args) {
			i++
			global = append(global, args[i])
		}
	}
	var name string
	var rest []string
	if i < len(args) {
		name, rest = args[i], args[i+1:]
	}
	p, err := parseArgs(global, flagSpec{"data": true, "help": false, "h": false})
	if err != nil {
		fmt.Fprintf(env.Stderr, "konbit: %v\n", err)
		printUsage(env.Stderr)
		return ExitUsage
	}
	if p.has("help") || p.has("h") || name == "help" {
		printUsage(env.Stdout)
		return ExitOK
	}
	dataDir := p.get("data")
	if name == "" {
		if env.GUI == nil {
			fmt.Fprintln(env.Stderr, "konbit: this build has no GUI; give a command")
			printUsage(env.Stderr)
			return ExitUsage
		}
		return withReplica(ctx, env, dataDir, func(r *replica.Replica) error { return env.GUI(r) })
	}
	var cmd *command
	for _, c := range commands() {
		if c.name == name {
			c := c
			cmd = &c
		}
	}
	if cmd == nil {
		fmt.Fprintf(env.Stderr, "konbit: unknown command %q\n", name)
		printUsage(env.Stderr)
		return ExitUsage
	}
	spec := flagSpec{"data": true}
	for k, v := range cmd.flags {
		spec[k] = v
	}
	cp, err := parseArgs(rest, spec)
	if err != nil {
		fmt.Fprintf(env.Stderr, "konbit %s: %v\nusage: konbit %s\n", name, err, cmd.usage)
		return ExitUsage
	}
	if cp.has("data") {
		dataDir = cp.get("data")
	}
	return withReplica(ctx, env, dataDir, func(r *replica.Replica) error { return cmd.run(ctx, env, r, cp) }, cmd)
}

func withReplica(ctx context.Context, env *Env, dataDir string, fn func(r *replica.Replica) error, cmd ...*command) int {
	if dataDir == "" {
		d, err := replica.DefaultDataDir()
		if err != nil {
			fmt.Fprintf(env.Stderr, "konbit: %v\n", err)
			return ExitError
		}
		dataDir = d
	}
	r, err := replica.Open(ctx, dataDir, env.Store)
	if err != nil {
		fmt.Fprintf(env.Stderr, "konbit: %v\n", err)
		return ExitError
	}
	for _, n := range r.Notices() {
		fmt.Fprintf(env.Stderr, "konbit: note: %s\n", n)
	}
	err = fn(r)
	if cerr := r.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(env.Stderr, "konbit: %v\n", err)
			if len(cmd) > 0 {
				fmt.Fprintf(env.Stderr, "usage: konbit %s\n", cmd[0].usage)
			}
			return ExitUsage
		}
		fmt.Fprintf(env.Stderr, "konbit: %v\n", err)
		return ExitError
	}
	return ExitOK
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Konbit: meetings and peer evaluations for groups without bosses.")
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "usage: konbit [--data DIR]               open the app")
	fmt.Fprintln(w, "       konbit [--data DIR] COMMAND ...    run a command without the app")
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %s: %s\n", c.name, c.summary)
		// Each line of a multi-line usage is a whole command line.
		fmt.Fprintf(w, "       konbit %s\n", strings.ReplaceAll(c.usage, "\n       ", "\n       konbit "))
	}
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "Data lives in --data DIR, else $KONBIT_DATA, else the user data directory.")
}
