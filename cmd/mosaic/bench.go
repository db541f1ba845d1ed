package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"runtime/trace"
	"sort"
	"strings"
	"sync"
	"time"
)

// benchSubcommands holds `mosaic bench SUB`; each lives in its own file
// (bench_resolve.go, bench_screen.go, …).
var benchSubcommands = map[string]func(context.Context, *env, []string) error{}

func init() {
	register(&command{
		name:    "bench",
		summary: "measure Mosaic against its performance budgets",
		usage:   "SUBCOMMAND [flags]",
		help: `Subcommands measure one job each and print their figures; the last line is
machine-readable (key=value pairs). Run 'mosaic bench SUB --help' for flags.`,
		run: runBench,
	})
}

func runBench(ctx context.Context, e *env, args []string) error {
	names := make([]string, 0, len(benchSubcommands))
	for n := range benchSubcommands {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		printCommandHelp(e.stdout, commands["bench"], nil)
		fmt.Fprintf(e.stdout, "\nAvailable: %s\n", strings.Join(names, ", "))
		return nil
	}
	sub := benchSubcommands[args[0]]
	if sub == nil {
		return usagef("unknown bench %q (have: %s)", args[0], strings.Join(names, ", "))
	}
	if err := sub(ctx, e, args[1:]); err != nil {
		return fmt.Errorf("bench %s: %w", args[0], err)
	}
	return nil
}

// benchDir is where a benchmark builds its world: keep (created if
// missing), or a temporary directory that cleanup removes.
func benchDir(keep, name string) (dir string, cleanup func(), err error) {
	if keep != "" {
		return keep, func() {}, os.MkdirAll(keep, 0o750)
	}
	d, err := os.MkdirTemp("", "mosaic-bench-"+name+"-")
	if err != nil {
		return "", nil, err
	}
	return d, func() { os.RemoveAll(d) }, nil
}

// writeProfile writes the named runtime profile (heap, allocs, block,
// mutex) to path.
func writeProfile(name, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// cpuProfile starts a CPU profile written to path; stop ends it and closes
// the file. An empty path profiles nothing.
func cpuProfile(path string) (stop func(), err error) {
	return recordTo(path, pprof.StartCPUProfile, pprof.StopCPUProfile)
}

// execTrace records the runtime's execution trace to path for the first d
// of what follows (a whole minute's trace is too large to read), or does
// nothing when path is empty. Its scheduler view (go tool trace
// -pprof=sched FILE) shows where runnable goroutines waited for a core.
func execTrace(path string, d time.Duration) (stop func(), err error) {
	stopTrace, err := recordTo(path, trace.Start, trace.Stop)
	if err != nil || path == "" {
		return stopTrace, err
	}
	var once sync.Once
	end := func() { once.Do(stopTrace) }
	t := time.AfterFunc(d, end)
	return func() { t.Stop(); end() }, nil
}

// recordTo starts a runtime recorder (profile, trace) writing to a new
// file at path; the returned stop ends it and closes the file. An empty
// path records nothing.
func recordTo(path string, start func(io.Writer) error, end func()) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := start(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { end(); f.Close() }, nil
}
