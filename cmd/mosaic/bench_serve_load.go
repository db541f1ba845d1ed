package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// The clients of bench serve run either in the server's process or in a
// process of their own (--load process), as real clients would: in one
// process, the load generator's goroutines share the server's scheduler
// run queue, and a server goroutine that a response woke waits behind
// clients' goroutines for a core. In a process of their own, the kernel
// shares the cores between the two processes and the server's own
// scheduler holds only the server's work.

func init() { benchSubcommands["serve-load"] = runBenchServeLoad }

// loadPlan is everything a load generator needs: who asks, what, how.
type loadPlan struct {
	Base    string        `json:"base"`
	Client  string        `json:"client"` // conn or transport
	Timeout time.Duration `json:"timeout"`
	Seed    uint64        `json:"seed"`
	Mix     string        `json:"mix"`
	Users   []loadUser    `json:"users"`
	Targets []loadTargets `json:"targets"` // by authorisation set
}

type loadUser struct {
	Token string `json:"token"`
	Set   int    `json:"set"`
}

type loadTargets struct {
	Scripts [][]string  `json:"scripts"`
	Records []string    `json:"records"`
	Ego     []string    `json:"ego"`
	Paths   [][2]string `json:"paths"`
}

func (t *benchTargets) plan() loadTargets {
	return loadTargets{Scripts: t.scripts, Records: t.records, Ego: t.ego, Paths: t.paths}
}

func (l loadTargets) targets() benchTargets {
	return benchTargets{scripts: l.Scripts, records: l.Records, ego: l.Ego, paths: l.Paths}
}

// runClients runs one closed-loop client per user for d and returns what
// they measured.
func runClients(ctx context.Context, p *loadPlan, d time.Duration) (*benchResult, error) {
	mix, err := parseMix(p.Mix)
	if err != nil {
		return nil, err
	}
	targets := make([]benchTargets, len(p.Targets))
	for i := range p.Targets {
		targets[i] = p.Targets[i].targets()
	}
	var hc *http.Client
	if p.Client == "transport" {
		hc = &http.Client{Timeout: p.Timeout, Transport: &http.Transport{
			MaxIdleConns: 2 * len(p.Users), MaxIdleConnsPerHost: 2 * len(p.Users), IdleConnTimeout: time.Minute}}
		defer hc.CloseIdleConnections()
	}
	res := newBenchResult()
	began := time.Now()
	deadline := began.Add(d)
	lastWindow := int((d - 1) / benchWindow)
	var wg sync.WaitGroup
	for i, u := range p.Users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(p.Seed, uint64(i)+1000))
			tg := &targets[u.Set]
			local := newBenchResult()
			defer res.merge(local)
			var get func(path string) (int, error)
			if hc != nil {
				get = func(path string) (int, error) { return benchGet(ctx, hc, p.Base+path, u.Token) }
			} else {
				bc, err := newBenchClient(p.Base, u.Token, benchPurpose, p.Timeout)
				if err != nil {
					local.add("search", 0, 0, 0, err, p.Base)
					return
				}
				defer bc.Close()
				get = func(path string) (int, error) { return bc.Get(ctx, path) }
			}
			for time.Now().Before(deadline) && ctx.Err() == nil {
				kind := mix.pick(rng)
				path := tg.request(kind, rng)
				if path == "" {
					kind, path = "search", tg.request("search", rng)
				}
				start := time.Now()
				status, err := get(path)
				el := time.Since(start)
				// A request that starts in the run's last instant counts in
				// its last window, not in a window of its own.
				local.add(kind, min(int(start.Sub(began)/benchWindow), lastWindow), el, status, err, path)
			}
		}()
	}
	wg.Wait()
	return res, nil
}

// loadWire is a benchResult on the pipe between the processes, with the
// load generator's CPU over the run.
type loadWire struct {
	Lat     map[string][]time.Duration `json:"lat"`
	Windows map[int][]time.Duration    `json:"windows"`
	Errs    map[string]int             `json:"errs"`
	Limited int                        `json:"limited"`
	Samples []string                   `json:"samples"`
	CPU     time.Duration              `json:"cpu"`
}

func (r *benchResult) wire(cpu time.Duration) *loadWire {
	return &loadWire{Lat: r.lat, Windows: r.windows, Errs: r.errs, Limited: r.limited, Samples: r.samples, CPU: cpu}
}

// result is the wire's benchResult, with every map made.
func (w *loadWire) result() *benchResult {
	r := newBenchResult()
	r.merge(&benchResult{lat: w.Lat, windows: w.Windows, errs: w.Errs, limited: w.Limited, samples: w.Samples})
	return r
}

// runBenchServeLoad is the load generator's side of --load process: it
// reads its plan from the file named by its one argument, then for each
// line "run DURATION" on stdin runs the clients for that long and writes
// the result as one JSON line on stdout, until stdin closes. Not for
// people: bench serve starts it.
func runBenchServeLoad(ctx context.Context, e *env, args []string) error {
	if len(args) != 1 {
		return usagef("bench serve-load PLAN (started by bench serve --load process)")
	}
	raw, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	var p loadPlan
	if err := json.Unmarshal(raw, &p); err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	in := bufio.NewScanner(e.stdin)
	out := json.NewEncoder(e.stdout)
	for in.Scan() {
		verb, arg, _ := strings.Cut(in.Text(), " ")
		if verb != "run" {
			return fmt.Errorf("bench serve-load: unknown command %q", in.Text())
		}
		d, err := time.ParseDuration(arg)
		if err != nil {
			return fmt.Errorf("bench serve-load: %w", err)
		}
		cpu0 := cpuTime()
		r, err := runClients(ctx, &p, d)
		if err != nil {
			return err
		}
		if err := out.Encode(r.wire(cpuTime() - cpu0)); err != nil {
			return err
		}
	}
	return in.Err()
}

// loadProcess drives a load generator in a child process.
type loadProcess struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	dir string
	// cpu is the child's CPU over its last run.
	cpu time.Duration
}

func startLoadProcess(ctx context.Context, p *loadPlan) (lp *loadProcess, err error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "mosaic-bench-load-")
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	plan := dir + "/plan.json"
	raw, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	// The plan holds the bench users' tokens: readable by us alone.
	if err := os.WriteFile(plan, raw, 0o600); err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe, "bench", "serve-load", plan)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the load generator: %w", err)
	}
	return &loadProcess{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<20), dir: dir}, nil
}

// run has the child run its clients for d and returns what they measured.
func (l *loadProcess) run(d time.Duration) (*benchResult, error) {
	if _, err := fmt.Fprintf(l.in, "run %s\n", d); err != nil {
		return nil, fmt.Errorf("load generator: %w", err)
	}
	line, err := l.out.ReadBytes('\n')
	if err != nil {
		return nil, fmt.Errorf("load generator: no result: %w", err)
	}
	var w loadWire
	if err := json.Unmarshal(line, &w); err != nil {
		return nil, fmt.Errorf("load generator: %w", err)
	}
	l.cpu = w.CPU
	return w.result(), nil
}

// close ends the child and removes its plan.
func (l *loadProcess) close() error {
	l.in.Close()
	err := l.cmd.Wait()
	os.RemoveAll(l.dir)
	return err
}
