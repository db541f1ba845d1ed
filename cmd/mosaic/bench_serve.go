package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/mosaichq/mosaic/internal/audit"
	"github.com/mosaichq/mosaic/internal/ingest"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/resolve"
	"github.com/mosaichq/mosaic/internal/server"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
	"github.com/mosaichq/mosaic/internal/synth"
)

func init() { benchSubcommands["serve"] = runBenchServe }

// recordsPerPerson is how many source records the synthetic world writes
// per person (999,366 for 340,000 people), to size a world for --records.
const recordsPerPerson = 2.94

// benchAuthSets are the authorisation sets the benchmark's users hold: the
// synthetic agencies' labels in a few realistic combinations, so that
// several per-viewer graphs and filters are exercised at once.
var benchAuthSets = [][]string{
	{"BORDER", "PIU", "POLICE", "TELECOM", "IMMIGRATION", "SECRET", "NL"},
	{"POLICE", "TELECOM"},
	{"BORDER", "PIU"},
	{"IMMIGRATION", "POLICE"},
}

// The route kinds the clients mix.
var benchKinds = []string{"search", "entity", "ego", "path"}

// runBenchServe measures the HTTP API under many concurrent analysts: C
// clients, each with its own token, mixing searches, entity profiles and
// graph queries against a store of about N source records for D seconds.
func runBenchServe(ctx context.Context, e *env, args []string) error {
	c := &command{name: "bench serve",
		usage: "[--records N] [--clients C] [--duration D] [--data DIR | --db postgres://… | --keep DIR] [--mix search=40,entity=30,ego=20,path=10]",
		help: `Builds (or reuses) a store of about N source records — a synthetic world,
ingested and resolved — starts the server in this process on loopback, adds
one user per client across a few authorisation sets, warms up the search
index and every authorisation set's graph, then runs C closed-loop clients
for D seconds. Each request carries a token and a purpose, and is written to
the consultation log, as in production.

Clients: each holds one keep-alive HTTP/1.1 connection that it writes and
reads on its own goroutine (--client conn, as wrk does; --client transport
uses net/http's Client, two more goroutines per connection). They run in
the server's process (--load in-process) or in a load-generating process of
their own (--load process), which then reports its own CPU.

Any status other than 200 is an error (every id asked for is chosen visible
to the asking user), and so is a timeout. The last line is
  clients=C seconds=D requests=R errors=E p99_ms=T rps=Q

Stores: --data DIR uses (or builds) an embedded store there; --db uses (or
builds) a PostgreSQL store — give a fresh schema with the URL parameter
mosaic.schema=NAME; --keep DIR builds world and embedded store in DIR/world
and DIR/store and keeps them; with none, a temporary store is built and
removed. A store that already holds records is used as it is.`}
	fs := newFlags(e, c)
	records := fs.Int("records", 1_000_000, "source records of the synthetic world to build")
	clients := fs.Int("clients", 200, "concurrent clients")
	duration := fs.Duration("duration", 60*time.Second, "measured load")
	warm := fs.Duration("warmup", 10*time.Second, "unmeasured load before measuring")
	data := fs.String("data", "", "embedded store directory to use (built there when empty)")
	db := fs.String("db", "", "PostgreSQL URL (postgres://…?mosaic.schema=NAME)")
	ratePerToken := fs.Float64("rate-per-token", 0, "the server's per-token rate limit in requests/s (0: its default, 50); over it a request gets 429, an error here")
	cacheMB := fs.Int("cache-mb", 1024, "embedded store block cache in MiB (as mosaic serve)")
	keep := fs.String("keep", "", "build the world and store in DIR and keep them (reused when present)")
	mixFlag := fs.String("mix", "search=40,entity=30,ego=20,path=10", "share of each route kind")
	timeout := fs.Duration("timeout", 10*time.Second, "client timeout per request (a timeout is an error)")
	inFlight := fs.Int("max-in-flight", 0, "reads the server runs at once, the rest queued in arrival order (0: as mosaic serve, 4 per core)")
	seed := fs.Uint64("seed", 1, "random seed of the world and the workload")
	cpuProf := fs.String("cpuprofile", "", "write a CPU profile of the measured load to FILE")
	memProf := fs.String("memprofile", "", "write a heap profile after the measured load to FILE, and one before it to FILE.base (go tool pprof -sample_index alloc_space -diff_base FILE.base FILE: what the load allocated; a collection is forced before each)")
	blockProf := fs.String("blockprofile", "", "write block and mutex profiles of the measured load to FILE.block and FILE.mutex")
	traceFile := fs.String("trace", "", "write the runtime's execution trace of the first 3 s of the measured load to FILE (go tool trace -pprof=sched FILE)")
	loadWhere := fs.String("load", "in-process", "where the clients run: process (a load-generating process of their own, as real clients) or in-process (goroutines of the server's process, sharing its scheduler)")
	clientKind := fs.String("client", "conn", "how clients speak HTTP: conn (one keep-alive connection each, read and written on the client's goroutine, as wrk does) or transport (net/http's Client)")
	if _, err := parseFlags(e, c, fs, args); err != nil {
		return err
	}
	if *clients < 1 || *duration <= 0 || *records < 1000 {
		return usagef("--clients ≥ 1, --duration > 0, --records ≥ 1000")
	}
	mix, err := parseMix(*mixFlag)
	if err != nil {
		return usagef("--mix: %v", err)
	}
	if *db != "" && *data != "" {
		return usagef("give --data or --db, not both")
	}
	if *loadWhere != "process" && *loadWhere != "in-process" {
		return usagef("--load is process or in-process")
	}
	if *clientKind != "conn" && *clientKind != "transport" {
		return usagef("--client is conn or transport")
	}

	// ---- the store ----
	tmp, err := os.MkdirTemp("", "mosaic-bench-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	storeDir, worldDir := *data, filepath.Join(tmp, "world")
	if *keep != "" {
		worldDir = filepath.Join(*keep, "world")
		if storeDir == "" {
			storeDir = filepath.Join(*keep, "store")
		}
	}
	if storeDir == "" {
		storeDir = filepath.Join(tmp, "store")
	}
	var b store.Backend
	where := storeDir
	if *db != "" {
		b, err = openPostgres(ctx, *db)
		where = "PostgreSQL " + redactURL(*db)
	} else {
		b, err = embedded.Open(storeDir, embedded.Options{CacheBytes: int64(*cacheMB) << 20})
	}
	if err != nil {
		return err
	}
	defer b.Close()
	cnt, err := b.Counts(ctx)
	if err != nil {
		return err
	}
	if cnt.Records == 0 {
		if err := benchBuildStore(ctx, e, b, worldDir, *records, int64(*seed)); err != nil {
			return err
		}
		if cnt, err = b.Counts(ctx); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.stdout, "reusing the store at %s\n", where)
	}
	fmt.Fprintf(e.stdout, "store %s: records=%d statements=%d entities=%d sources=%d\n",
		where, cnt.Records, cnt.Statements, cnt.Entities, cnt.Sources)

	// ---- the workload's raw material, drawn from the data ----
	t0 := time.Now()
	sample, err := benchSample(ctx, b, 6000, *seed)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "sampled %d person records in %.1fs; names by script: %s\n",
		len(sample), time.Since(t0).Seconds(), scriptCounts(sample))

	// ---- the server ----
	var alog audit.Log
	if *db != "" {
		alog, err = audit.OpenPostgres(ctx, *db, "bench_audit_"+strconv.FormatInt(time.Now().UnixNano(), 36))
	} else {
		alog, err = audit.OpenFile(filepath.Join(tmp, "audit", "consultations.log"))
	}
	if err != nil {
		return err
	}
	defer alog.Close()
	run := strconv.FormatInt(time.Now().Unix(), 36)
	type benchUser struct {
		name, token string
		set         int
	}
	users := make([]benchUser, *clients)
	for i := range users {
		set := i % len(benchAuthSets)
		name := fmt.Sprintf("bench-%s-%03d", run, i)
		tok, err := server.AddUser(ctx, b, name, server.RoleAnalyst, benchAuthSets[set])
		if err != nil {
			return err
		}
		users[i] = benchUser{name: name, token: tok, set: set}
	}
	defer func() {
		for _, u := range users {
			if u.name != "" {
				b.DeleteDoc(context.WithoutCancel(ctx), "user", u.name)
			}
		}
	}()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := server.New(server.Config{Backend: b, Audit: server.AuditLog{Log: alog}, Logger: logger,
		RatePerSecond: *ratePerToken, RateBurst: int(2 * *ratePerToken), MaxInFlight: *inFlight})
	if err != nil {
		return err
	}
	// The server in this process runs as mosaic serve runs it.
	if pct, limit := tuneServerGC(); pct > 0 || limit > 0 {
		fmt.Fprintf(e.stdout, "garbage collector as mosaic serve sets it: GOGC=%d, memory limit %d MiB\n", pct, limit>>20)
	}
	graphs := mix.share("ego")+mix.share("path") > 0
	t0 = time.Now()
	if graphs {
		// The search index now, every user's graph in the background.
		if err := srv.WarmUp(ctx); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "search index built in %.1fs\n", time.Since(t0).Seconds())
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	ready := make(chan string, 1)
	serveErr := make(chan error, 1)
	go func() {
		serveErr <- srv.ListenAndServe(sctx, "127.0.0.1:0", "", "", func(u string) { ready <- u })
	}()
	var base string
	select {
	case base = <-ready:
	case err := <-serveErr:
		return err
	}
	base = strings.TrimSuffix(base, "/")
	hc := &http.Client{Timeout: *timeout, Transport: &http.Transport{
		MaxIdleConns: 2 * *clients, MaxIdleConnsPerHost: 2 * *clients, IdleConnTimeout: time.Minute}}

	// ---- graph targets per authorisation set, found through the API ----
	// The first graph request of a set builds that set's graph (the server
	// also starts building them in the background at WarmUp); it is timed
	// here and not measured below.
	t0 = time.Now()
	targets := make([]benchTargets, len(benchAuthSets))
	for set := range benchAuthSets {
		var toks []string
		for _, u := range users {
			if u.set == set {
				toks = append(toks, u.token)
			}
		}
		ts := time.Now()
		tg, err := benchGraphTargets(ctx, hc, base, toks, sample, set, *seed, graphs)
		if err != nil {
			return err
		}
		targets[set] = tg
		fmt.Fprintf(e.stdout, "auths %-40s names=%d profiles=%d ego=%d paths=%d (graph ready and targets found in %.1fs)\n",
			strings.Join(benchAuthSets[set], ","), len(tg.names), len(tg.records), len(tg.ego), len(tg.paths), time.Since(ts).Seconds())
		if len(tg.names) == 0 || len(tg.records) == 0 {
			return fmt.Errorf("no visible person records for auths %v: is this a synthetic world?", benchAuthSets[set])
		}
	}
	fmt.Fprintf(e.stdout, "warm-up: graphs of %d authorisation sets built in %.1fs\n", len(benchAuthSets), time.Since(t0).Seconds())

	// ---- load ----
	plan := &loadPlan{Base: base, Client: *clientKind, Timeout: *timeout, Seed: *seed, Mix: *mixFlag}
	for _, u := range users {
		plan.Users = append(plan.Users, loadUser{Token: u.token, Set: u.set})
	}
	for i := range targets {
		plan.Targets = append(plan.Targets, targets[i].plan())
	}
	var child *loadProcess
	if *loadWhere == "process" {
		if child, err = startLoadProcess(ctx, plan); err != nil {
			return err
		}
		defer child.close()
	}
	runLoad := func(d time.Duration) (*benchResult, error) {
		if child != nil {
			return child.run(d)
		}
		return runClients(ctx, plan, d)
	}
	if *warm > 0 {
		fmt.Fprintf(e.stdout, "warm-up load: %d clients for %s (not measured) …\n", *clients, *warm)
		w, err := runLoad(*warm)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "  %d requests, %d errors\n", w.total(), w.errors())
	}
	// What one collection costs with nothing else running: its marking
	// walks every pointer of the live heap, and while it runs under load
	// requests slow down, so this is the figure that sets the tail.
	gcCost := measureCollection()
	fmt.Fprintf(e.stdout, "%s\n", gcCost)
	if *memProf != "" {
		// A heap profile is as of the last collection (one was just
		// forced): the two profiles differ by what the load allocated.
		if err := writeProfile("heap", *memProf+".base"); err != nil {
			return err
		}
	}
	var ms0 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	placement := "server and clients in one process"
	if child != nil {
		placement = "clients in a process of their own"
	}
	fmt.Fprintf(e.stdout, "measuring: %d clients (%s) for %s, mix %s, GOMAXPROCS=%d, %s …\n",
		*clients, *clientKind, *duration, *mixFlag, runtime.GOMAXPROCS(0), placement)
	if *blockProf != "" {
		runtime.SetBlockProfileRate(int(time.Millisecond))
		runtime.SetMutexProfileFraction(10)
	}
	stopProfile, err := cpuProfile(*cpuProf)
	if err != nil {
		return err
	}
	stopTrace, err := execTrace(*traceFile, 3*time.Second)
	if err != nil {
		stopProfile()
		return err
	}
	t0 = time.Now()
	cw := startCPUWindows(benchWindow)
	res, err := runLoad(*duration)
	secs := time.Since(t0).Seconds()
	cw.Stop()
	stopTrace()
	stopProfile()
	if err != nil {
		return err
	}
	if *blockProf != "" {
		for _, name := range []string{"block", "mutex"} {
			if err := writeProfile(name, *blockProf+"."+name); err != nil {
				return err
			}
		}
	}
	var ms1 runtime.MemStats
	runtime.ReadMemStats(&ms1)
	if *memProf != "" {
		runtime.GC()
		if err := writeProfile("heap", *memProf); err != nil {
			return err
		}
	}
	stop()
	<-serveErr

	res.print(e.stdout, secs)
	res.printWindows(e.stdout)
	cw.print(e.stdout)
	all := res.all()
	// Allocation per request sets how often the collector runs, and its
	// marking is what stretches the tail.
	whose := "server and clients"
	if child != nil {
		whose = "server"
		fmt.Fprintf(e.stdout, "load generator: %.0f %% of a core, %.0f µs of CPU per request\n",
			100*child.cpu.Seconds()/secs, float64(child.cpu.Microseconds())/float64(max(1, len(all))))
	}
	fmt.Fprintf(e.stdout, "heap in use %d MiB; GC cycles during the run %d, pauses %.1f ms in all; allocated %.0f KiB per request (%s)\n",
		ms1.HeapInuse>>20, ms1.NumGC-ms0.NumGC, float64(ms1.PauseTotalNs-ms0.PauseTotalNs)/1e6,
		float64(ms1.TotalAlloc-ms0.TotalAlloc)/1024/float64(max(1, len(all))), whose)
	fmt.Fprintf(e.stdout, "clients=%d seconds=%.0f requests=%d errors=%d p99_ms=%.1f rps=%.0f\n",
		*clients, secs, len(all), res.errors(), ms(pct(all, 0.99)), float64(len(all))/secs)
	return nil
}

// benchBuildStore writes a synthetic world of about n records and ingests
// and resolves it into b.
func benchBuildStore(ctx context.Context, e *env, b store.Backend, world string, n int, seed int64) error {
	people := int(float64(n)/recordsPerPerson + 0.5)
	t0 := time.Now()
	sum, err := synth.Generate(ctx, synth.Options{Out: world, People: people, Seed: seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "world: %d people, %d source records in %.1fs\n", people, sum.Records(), time.Since(t0).Seconds())
	maps, err := ingest.LoadMappings(world)
	if err != nil {
		return err
	}
	t0 = time.Now()
	isum, err := ingest.Run(ctx, b, maps, ingest.Options{})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "ingested in %.1fs\n%s", time.Since(t0).Seconds(), isum.String())
	t0 = time.Now()
	if _, err := resolve.Batch(ctx, b, resolve.Config{}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "resolved in %.1fs\n", time.Since(t0).Seconds())
	return nil
}

// benchPerson is a person record drawn from the store, with the label of
// its name and the script the name is written in.
type benchPerson struct {
	record, name, label, script string
}

// benchSample draws person records uniformly from the store (a reservoir
// over its records), stratified by the script of their name so that every
// script in the data is searched for.
func benchSample(ctx context.Context, b store.Backend, n int, seed uint64) ([]benchPerson, error) {
	rng := rand.New(rand.NewPCG(seed, 77))
	res := make([]string, 0, n)
	seen := 0
	if err := b.ScanRecords(ctx, func(ri store.RecordInfo) error {
		if ri.Schema != "Person" {
			return nil
		}
		seen++
		if len(res) < n {
			res = append(res, ri.ID)
		} else if j := rng.IntN(seen); j < n {
			res[j] = ri.ID
		}
		return nil
	}); err != nil {
		return nil, err
	}
	var out []benchPerson
	for _, rec := range res {
		ss, err := b.RecordStatements(ctx, rec)
		if err != nil {
			return nil, err
		}
		var p benchPerson
		var first, last string
		for _, s := range ss {
			switch s.Prop {
			case "name":
				if p.name == "" {
					p.name, p.label = s.Value, s.Label
				}
			case "firstName":
				first = s.Value
				p.label = s.Label
			case "lastName":
				last = s.Value
			}
		}
		if p.name == "" && first != "" && last != "" {
			p.name = first + " " + last
		}
		if p.name == "" {
			continue
		}
		p.record, p.script = rec, scriptOf(p.name)
		out = append(out, p)
	}
	return out, nil
}

// scriptOf names the script of a name's first letter.
func scriptOf(s string) string {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		for _, sc := range []string{"Latin", "Cyrillic", "Arabic", "Han", "Greek", "Hebrew", "Devanagari", "Hangul", "Katakana", "Hiragana", "Thai", "Georgian", "Armenian"} {
			if unicode.Is(unicode.Scripts[sc], r) {
				return sc
			}
		}
		return "other"
	}
	return "other"
}

func scriptCounts(ps []benchPerson) string {
	m := map[string]int{}
	for _, p := range ps {
		m[p.script]++
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] })
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// benchTargets are what one authorisation set's clients ask for: names to
// search, visible person records to open, entities with neighbours for ego
// queries, and pairs of related entities for path queries.
type benchTargets struct {
	names   []string // by script round-robin, so every script is searched
	scripts [][]string
	records []string
	ego     []string
	paths   [][2]string
}

func (t *benchTargets) request(kind string, rng *rand.Rand) string {
	switch kind {
	case "search":
		sc := t.scripts[rng.IntN(len(t.scripts))]
		return "/api/v1/search?q=" + url.QueryEscape(sc[rng.IntN(len(sc))])
	case "entity":
		return "/api/v1/entities/" + url.PathEscape(t.records[rng.IntN(len(t.records))])
	case "ego":
		if len(t.ego) == 0 {
			return ""
		}
		return "/api/v1/graph/ego/" + url.PathEscape(t.ego[rng.IntN(len(t.ego))]) + "?hops=1"
	case "path":
		if len(t.paths) == 0 {
			return ""
		}
		p := t.paths[rng.IntN(len(t.paths))]
		return "/api/v1/graph/path?from=" + url.QueryEscape(p[0]) + "&to=" + url.QueryEscape(p[1])
	}
	return ""
}

// benchGraphTargets picks, for one authorisation set, what its clients
// will ask: visible names and records from the sample, and — asking the
// server's ego route, the first call of which waits for the set's graph —
// entities that have neighbours and pairs of entities one or two hops
// apart.
func benchGraphTargets(ctx context.Context, hc *http.Client, base string, toks []string, sample []benchPerson, set int, seed uint64, graphs bool) (benchTargets, error) {
	v := model.NewViewer("bench", model.NewAuths(benchAuthSets[set]...))
	var t benchTargets
	byScript := map[string][]string{}
	for _, p := range sample {
		if !v.CanSee(p.label) {
			continue
		}
		t.records = append(t.records, p.record)
		byScript[p.script] = append(byScript[p.script], p.name)
	}
	scripts := make([]string, 0, len(byScript))
	for s := range byScript {
		scripts = append(scripts, s)
	}
	sort.Strings(scripts)
	for _, s := range scripts {
		t.scripts = append(t.scripts, byScript[s])
		t.names = append(t.names, byScript[s]...)
	}
	type egoResp struct {
		Centre string `json:"centre"`
		Nodes  []struct {
			ID  string `json:"id"`
			Hub bool   `json:"hub"`
		} `json:"nodes"`
	}
	calls := 0
	ego := func(id string) (*egoResp, error) {
		// Spread over the set's users: one token would meet its rate limit.
		calls++
		req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/graph/ego/"+url.PathEscape(id)+"?hops=1&max=200", nil)
		req.Header.Set("Authorization", "Bearer "+toks[calls%len(toks)])
		req.Header.Set("X-Mosaic-Purpose", "bench: choosing graph targets")
		c := *hc
		c.Timeout = 30 * time.Minute // the first call waits for the graph
		resp, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode == http.StatusNotFound {
			return nil, nil
		}
		if resp.StatusCode != http.StatusOK {
			b, _ := io.ReadAll(resp.Body)
			return nil, fmt.Errorf("ego %s: %d %s", id, resp.StatusCode, b)
		}
		var er egoResp
		if err := json.NewDecoder(resp.Body).Decode(&er); err != nil {
			return nil, err
		}
		return &er, nil
	}
	neighbours := func(er *egoResp) []string {
		var out []string
		for _, n := range er.Nodes {
			if n.ID != er.Centre && !n.Hub {
				out = append(out, n.ID)
			}
		}
		return out
	}
	if !graphs {
		// No graph queries: build the search index with one search.
		if len(t.names) > 0 {
			c := *hc
			c.Timeout = 30 * time.Minute
			if _, err := benchGet(ctx, &c, base+t.request("search", rand.New(rand.NewPCG(seed, 1))), toks[0]); err != nil {
				return t, err
			}
		}
		return t, nil
	}
	rng := rand.New(rand.NewPCG(seed, uint64(set)+500))
	recs := append([]string(nil), t.records...)
	rng.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	for _, rec := range recs {
		if len(t.ego) >= 200 && len(t.paths) >= 200 {
			break
		}
		er, err := ego(rec)
		if err != nil {
			return t, err
		}
		if er == nil {
			continue
		}
		nb := neighbours(er)
		if len(nb) == 0 {
			continue
		}
		t.ego = append(t.ego, er.Centre)
		mid := nb[rng.IntN(len(nb))]
		// Two hops when the neighbour has other neighbours, else one.
		far := mid
		if er2, err := ego(mid); err != nil {
			return t, err
		} else if er2 != nil {
			for _, n := range neighbours(er2) {
				if n != er.Centre {
					far = n
					break
				}
			}
		}
		t.paths = append(t.paths, [2]string{er.Centre, far})
	}
	return t, nil
}

// benchPurpose is the purpose every measured request states.
const benchPurpose = "bench serve: case 2026-001"

func benchGet(ctx context.Context, hc *http.Client, u, tok string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("X-Mosaic-Purpose", benchPurpose)
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, err
}

// benchMix is the share of each route kind.
type benchMix struct {
	kinds []string
	cum   []int
}

func parseMix(s string) (benchMix, error) {
	var m benchMix
	total := 0
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(v)
		known := false
		for _, bk := range benchKinds {
			known = known || bk == k
		}
		if !ok || err != nil || n < 0 || !known {
			return m, fmt.Errorf("want KIND=SHARE,… with kinds %v", benchKinds)
		}
		total += n
		m.kinds = append(m.kinds, k)
		m.cum = append(m.cum, total)
	}
	if total == 0 {
		return m, errors.New("all shares are zero")
	}
	return m, nil
}

func (m benchMix) share(kind string) int {
	prev := 0
	for i, k := range m.kinds {
		if k == kind {
			return m.cum[i] - prev
		}
		prev = m.cum[i]
	}
	return 0
}

func (m benchMix) pick(rng *rand.Rand) string {
	x := rng.IntN(m.cum[len(m.cum)-1])
	for i, c := range m.cum {
		if x < c {
			return m.kinds[i]
		}
	}
	return m.kinds[len(m.kinds)-1]
}

// benchResult collects latencies and failures per route kind.
type benchResult struct {
	mu  sync.Mutex
	lat map[string][]time.Duration
	// windows are the latencies of the requests started in each
	// benchWindow of the run: a tail that comes from a few bad seconds (a
	// collection, a noisy neighbour) looks different from one spread evenly.
	windows map[int][]time.Duration
	errs    map[string]int
	limited int      // answers 429: the per-token rate limit
	samples []string // a few failures, to say what went wrong
}

func newBenchResult() *benchResult {
	return &benchResult{lat: map[string][]time.Duration{}, errs: map[string]int{}, windows: map[int][]time.Duration{}}
}

const benchWindow = 5 * time.Second

// printWindows prints requests/s and p99 per window.
func (r *benchResult) printWindows(w io.Writer) {
	var ws []int
	for k := range r.windows {
		ws = append(ws, k)
	}
	sort.Ints(ws)
	var rps, p99 strings.Builder
	for _, k := range ws {
		fmt.Fprintf(&rps, " %5.0f", float64(len(r.windows[k]))/benchWindow.Seconds())
		fmt.Fprintf(&p99, " %5.0f", ms(pct(r.windows[k], 0.99)))
	}
	fmt.Fprintf(w, "by %s window, requests/s:%s\n", benchWindow, rps.String())
	fmt.Fprintf(w, "by %s window, p99 ms:    %s\n", benchWindow, p99.String())
}

// add records one request, started in window w of the run.
func (r *benchResult) add(kind string, w int, d time.Duration, status int, err error, path string) {
	r.lat[kind] = append(r.lat[kind], d)
	r.windows[w] = append(r.windows[w], d)
	if err != nil || status != http.StatusOK {
		r.errs[kind]++
		if status == http.StatusTooManyRequests {
			r.limited++
		}
		if len(r.samples) < 5 {
			what := strconv.Itoa(status)
			if err != nil {
				what = err.Error()
			}
			r.samples = append(r.samples, kind+" "+path+": "+what)
		}
	}
}

func (r *benchResult) merge(o *benchResult) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, v := range o.lat {
		r.lat[k] = append(r.lat[k], v...)
	}
	for k, v := range o.errs {
		r.errs[k] += v
	}
	for k, v := range o.windows {
		r.windows[k] = append(r.windows[k], v...)
	}
	r.limited += o.limited
	for _, s := range o.samples {
		if len(r.samples) < 10 {
			r.samples = append(r.samples, s)
		}
	}
}

func (r *benchResult) all() []time.Duration {
	var out []time.Duration
	for _, v := range r.lat {
		out = append(out, v...)
	}
	return out
}

func (r *benchResult) total() int { return len(r.all()) }

func (r *benchResult) errors() int {
	n := 0
	for _, v := range r.errs {
		n += v
	}
	return n
}

func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	i := int(p*float64(len(ds))+0.5) - 1
	return ds[max(0, min(i, len(ds)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (r *benchResult) print(w io.Writer, secs float64) {
	fmt.Fprintf(w, "%-8s %9s %7s %8s %8s %8s %8s %8s %8s\n", "route", "requests", "errors", "rps", "p50_ms", "p95_ms", "p99_ms", "max_ms", "mean_ms")
	row := func(name string, ds []time.Duration, errs int) {
		if len(ds) == 0 {
			return
		}
		var sum time.Duration
		for _, d := range ds {
			sum += d
		}
		fmt.Fprintf(w, "%-8s %9d %7d %8.0f %8.1f %8.1f %8.1f %8.1f %8.1f\n", name, len(ds), errs, float64(len(ds))/secs,
			ms(pct(ds, 0.50)), ms(pct(ds, 0.95)), ms(pct(ds, 0.99)), ms(pct(ds, 1)), ms(sum/time.Duration(len(ds))))
	}
	for _, k := range benchKinds {
		row(k, r.lat[k], r.errs[k])
	}
	row("all", r.all(), r.errors())
	if r.limited > 0 {
		fmt.Fprintf(w, "%d of the errors are 429 Too Many Requests: clients asked faster than the server's per-token rate limit (--rate-per-token)\n", r.limited)
	}
	for _, s := range r.samples {
		fmt.Fprintf(w, "  error: %s\n", s)
	}
}

// redactURL drops a password from a URL for printing.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparseable URL)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxx")
	}
	return u.String()
}
