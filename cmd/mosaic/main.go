// Command mosaic ingests records from many agencies, resolves them into
// entities, links them into a graph and shows analysts, with evidence, which
// people and connections need a human's attention. See README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// A command is one `mosaic NAME` subcommand. Each lives in its own file and
// registers itself from init, so adding one touches nothing else.
type command struct {
	name    string
	summary string // one line for `mosaic help`
	usage   string // argument synopsis, e.g. "[--data DIR] MAPPING.yml..."
	help    string // longer text for `mosaic NAME --help`
	run     func(ctx context.Context, env *env, args []string) error
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("duplicate command " + c.name)
	}
	commands[c.name] = c
}

// env is what a command may touch of the outside world; tests swap it.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// tty is true when stderr is a terminal: progress bars are drawn only then.
	tty bool
}

// usageError makes main print the command's usage and exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// exitError carries a specific exit status without printing more.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, tty: isTerminal(os.Stderr)}
	os.Exit(runMain(ctx, e, os.Args[1:]))
}

// runMain dispatches to a command and turns its error into an exit status.
func runMain(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if c := commands[args[1]]; c != nil {
				printCommandHelp(e.stdout, c, nil)
				return 0
			}
		}
		printHelp(e.stdout)
		return 0
	}
	c := commands[args[0]]
	if c == nil {
		fmt.Fprintf(e.stderr, "mosaic: unknown command %q\n\n", args[0])
		printHelp(e.stderr)
		return 2
	}
	err := c.run(ctx, e, args[1:])
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(e.stderr, "mosaic %s: %s\nusage: mosaic %s %s\n(see mosaic %s --help)\n", c.name, ue.msg, c.name, c.usage, c.name)
		return 2
	}
	var xe exitError
	if errors.As(err, &xe) {
		if xe.msg != "" {
			fmt.Fprintf(e.stderr, "mosaic %s: %s\n", c.name, xe.msg)
		}
		return xe.code
	}
	fmt.Fprintf(e.stderr, "mosaic %s: %v\n", c.name, err)
	return 1
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, `mosaic connects fragments of data about people held by many agencies:
it ingests records, resolves them into entities, links them into a graph
and ranks, with evidence, the people and connections that need a human's attention.

Usage: mosaic COMMAND [flags] [args]

Commands:`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, `
Common flags: --data DIR (embedded store, default ./mosaic-data),
              --db postgres://... (PostgreSQL store instead),
              --auths A,B (authorisations of the reader; default: every label).
Run 'mosaic COMMAND --help' for a command's flags and examples.`)
}

func printCommandHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "mosaic %s — %s\n\nUsage: mosaic %s %s\n", c.name, c.summary, c.name, c.usage)
	if c.help != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.help))
	}
	if fs != nil {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

// newFlags builds a FlagSet whose --help prints the command's full help.
func newFlags(e *env, c *command) *flag.FlagSet {
	fs := flag.NewFlagSet("mosaic "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() { printCommandHelp(e.stdout, c, fs) }
	return fs
}

// parseFlags parses args, allowing flags after positional arguments
// (mosaic ingest m.yml --data d), which Go's flag package does not by itself.
func parseFlags(e *env, c *command, fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err // fs.Parse has printed the help
			}
			return nil, usagef("%v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// isFlagSet reports whether the flag was given on the command line.
func isFlagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}
