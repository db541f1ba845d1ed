package main

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/mosaichq/mosaic/internal/eval"
	"github.com/mosaichq/mosaic/internal/ingest"
	"github.com/mosaichq/mosaic/internal/resolve"
	"github.com/mosaichq/mosaic/internal/store/embedded"
	"github.com/mosaichq/mosaic/internal/synth"
)

func init() { benchSubcommands["resolve"] = runBenchResolve }

// runBenchResolve measures batch resolution end to end on a synthetic
// world, then incremental resolution of held-back records against it.
func runBenchResolve(ctx context.Context, e *env, args []string) error {
	c := &command{name: "bench resolve", summary: "measure batch and incremental entity resolution on a synthetic world",
		usage: "[--people N] [--seed S] [--holdout F] [--batch B] [--keep DIR [--incremental-only]]",
		help: `Synthesises a world of N people (about 2.6 person records each), ingests it
into a fresh embedded store with a share of the airline records held back,
resolves the store end to end (stage timings, candidate pairs scored per
second of the comparison stage, peak RSS) and scores the result against the
world's truth. Then it loads the incremental state and resolves the
held-back records in batches of B as they would arrive from a feed: the rate
includes reading their statements and writing judgements and assignments;
the latency is each record's own compute (candidates, comparisons,
reclustering its component). The last line is
  records=N seconds=S records_per_s=R pairs_per_s=P rss_mb=M`}
	fs := newFlags(e, c)
	people := fs.Int("people", 100000, "synthetic population (about 2.6 person records each)")
	seed := fs.Int64("seed", 1, "seed")
	holdout := fs.Float64("holdout", 0.01, "share of airline records held back and then resolved incrementally")
	keep := fs.String("keep", "", "keep the world and store in DIR; a later run with the same DIR reuses them")
	batch := fs.Int("batch", 500, "held-back records per incremental call")
	setup := fs.Bool("setup-only", false, "with --keep: synthesise and ingest, then stop")
	incOnly := fs.Bool("incremental-only", false, "with --keep: skip batch resolution and start the incremental run from the store a kept earlier run resolved")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of batch resolution to FILE")
	incprofile := fs.String("inc-cpuprofile", "", "write a CPU profile of incremental resolution to FILE")
	memprofile := fs.String("memprofile", "", "write a heap profile to FILE when batch resolution starts a stage named by --memprofile-stage")
	memStage := fs.String("memprofile-stage", "compare", "stage at whose start --memprofile is taken (during compare every candidate pair and its comparison are live)")
	memLimit := fs.Int("memory-limit-mb", 0, "soft memory limit in MiB, as mosaic resolve --memory-limit-mb (0: none)")
	if _, err := parseFlags(e, c, fs, args); err != nil {
		return err
	}
	if *incOnly && *keep == "" {
		return fmt.Errorf("--incremental-only repeats a kept run: give the --keep DIR of a run that resolved it")
	}
	dir, cleanup, err := benchDir(*keep, "resolve")
	if err != nil {
		return err
	}
	defer cleanup()
	world := filepath.Join(dir, "world")
	storeDir, pristine := filepath.Join(dir, "store"), filepath.Join(dir, "store.ingested")
	held := filepath.Join(world, "airline_api_heldback.yml")
	if *holdout <= 0 {
		held = ""
	}
	resolved := filepath.Join(dir, "store.resolved")
	if *incOnly {
		return benchIncrementalOnly(ctx, e, world, storeDir, resolved, held, *batch, *incprofile)
	}
	if _, err := os.Stat(pristine); err == nil && *keep != "" {
		// A kept world: start again from the store as ingested, so every
		// run measures the same thing.
		fmt.Fprintf(e.stdout, "reusing the world and store in %s\n", dir)
		if err := copyStore(pristine, storeDir); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.stdout, "synthesising %d people …\n", *people)
		if _, err := synth.Generate(ctx, synth.Options{Out: world, People: *people, Seed: *seed}); err != nil {
			return err
		}
		h, err := holdBack(world, "api_pnr.csv", "airline_api.yml", *holdout)
		if err != nil {
			return err
		}
		held = h
		if err := benchIngest(ctx, e, world, storeDir); err != nil {
			return err
		}
		if *keep != "" {
			if err := copyStore(storeDir, pristine); err != nil {
				return err
			}
		}
	}
	if *setup {
		return nil
	}
	b, err := embedded.Open(storeDir, embedded.Options{})
	if err != nil {
		return err
	}
	defer func() { b.Close() }()
	restoreMemory := limitBatchMemory(*memLimit)
	if *memLimit > 0 {
		fmt.Fprintf(e.stdout, "memory limit %d MiB, GOGC %s\n", *memLimit, cmp.Or(os.Getenv("GOGC"), strconv.Itoa(batchGCPercent)))
	}
	runtime.GC()
	stopProfile, err := cpuProfile(*cpuprofile)
	if err != nil {
		return err
	}
	bar := newProgress(e, "resolve", "")
	start := time.Now()
	var profErr error
	profiled := false
	res, err := resolve.Batch(ctx, b, resolve.Config{Progress: func(stage string, done, total int64) {
		if *memprofile != "" && !profiled && stage == *memStage {
			profiled = true
			runtime.GC()
			profErr = writeProfile("heap", *memprofile)
		}
		bar.label = stage
		bar.update(done, total)
	}})
	bar.done()
	if err != nil {
		return err
	}
	if profErr != nil {
		return fmt.Errorf("heap profile: %w", profErr)
	}
	secs := time.Since(start).Seconds()
	stopProfile()
	rss := peakRSSMB()
	printResolveSummary(e, res, time.Since(start))
	var compare float64
	for _, t := range res.Timings {
		if t.Stage == "compare" {
			compare = t.D.Seconds()
		}
	}
	truth, err := eval.ReadTruth(filepath.Join(world, "truth.csv"))
	if err != nil {
		return err
	}
	// The held-back records are not in the store yet: scored now they
	// would count as unresolved and every pair they belong to as missed.
	allTruth := maps.Clone(truth)
	notYet := 0
	for rec := range truth {
		if !res.Resolved(rec) {
			delete(truth, rec)
			notYet++
		}
	}
	rep, err := eval.RunStore(ctx, b, truth, resolve.Config{})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "quality on the records resolved (%d held back for the incremental run): %s\n", notYet, rep.Metrics.Line())

	// Incremental: the held-back records against a state loaded before
	// they arrive. The batch's memory limit is lifted: an incremental run
	// (mosaic ingest) does not share a process with one.
	restoreMemory()
	if held != "" {
		if *keep != "" {
			// Kept so that --incremental-only can start from here.
			if err := b.Close(); err != nil {
				return err
			}
			if err := copyStore(storeDir, resolved); err != nil {
				return err
			}
			if b, err = embedded.Open(storeDir, embedded.Options{}); err != nil {
				return err
			}
		}
		if err := benchIncremental(ctx, e, b, held, allTruth, *batch, *incprofile); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "records=%d seconds=%.1f records_per_s=%.0f pairs_per_s=%.0f rss_mb=%d\n",
		res.Records, secs, float64(res.Records)/secs, float64(res.Candidates)/compare, rss)
	return nil
}

// benchIngest loads every mapping of a synthetic world except the
// held-back one into a fresh store.
func benchIngest(ctx context.Context, e *env, world, storeDir string) error {
	b, err := embedded.Open(storeDir, embedded.Options{})
	if err != nil {
		return err
	}
	defer b.Close()
	paths, _ := filepath.Glob(filepath.Join(world, "*.yml"))
	var maps []*ingest.Mapping
	for _, p := range paths {
		if strings.HasSuffix(p, "_heldback.yml") {
			continue
		}
		m, err := ingest.LoadMapping(p)
		if err != nil {
			return err
		}
		maps = append(maps, m)
	}
	fmt.Fprintln(e.stdout, "ingesting …")
	_, err = ingest.Run(ctx, b, maps, ingest.Options{})
	return err
}

// holdBack moves the last share of a CSV source's rows into a second file
// with its own copy of the mapping, for incremental resolution.
func holdBack(world, csvName, mappingName string, share float64) (string, error) {
	if share <= 0 {
		return "", nil
	}
	data, err := os.ReadFile(filepath.Join(world, csvName))
	if err != nil {
		return "", err
	}
	lines := strings.SplitAfter(string(data), "\n")
	if len(lines) < 3 {
		return "", nil
	}
	header, rows := lines[0], lines[1:]
	if rows[len(rows)-1] == "" {
		rows = rows[:len(rows)-1]
	}
	cut := len(rows) - int(float64(len(rows))*share)
	keep := header + strings.Join(rows[:cut], "")
	back := header + strings.Join(rows[cut:], "")
	if err := os.WriteFile(filepath.Join(world, csvName), []byte(keep), 0o644); err != nil {
		return "", err
	}
	heldCSV := strings.TrimSuffix(csvName, ".csv") + "_heldback.csv"
	if err := os.WriteFile(filepath.Join(world, heldCSV), []byte(back), 0o644); err != nil {
		return "", err
	}
	m, err := os.ReadFile(filepath.Join(world, mappingName))
	if err != nil {
		return "", err
	}
	heldMap := filepath.Join(world, strings.TrimSuffix(mappingName, ".yml")+"_heldback.yml")
	return heldMap, os.WriteFile(heldMap, []byte(strings.ReplaceAll(string(m), csvName, heldCSV)), 0o644)
}

// peakRSSMB reads the process's peak resident set from /proc.
func peakRSSMB() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "VmHWM:") {
			var kb int
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(sc.Text(), "VmHWM:")), "%d", &kb)
			return kb / 1024
		}
	}
	return 0
}

// benchIncremental resolves the held-back records in batches of batch
// against the state in b, as they would arrive from a feed, and reports
// the rate and each record's compute latency.
func benchIncremental(ctx context.Context, e *env, b *embedded.Store, held string, allTruth map[string]string, batch int, profile string) error {
	t0 := time.Now()
	st, err := resolve.LoadState(ctx, b, resolve.Config{WarmMemo: true})
	if err != nil {
		return err
	}
	load := time.Since(t0)
	known := st.Records()
	m, err := ingest.LoadMapping(held)
	if err != nil {
		return err
	}
	var recs []string
	seen := map[string]bool{}
	if _, err := ingest.Run(ctx, b, []*ingest.Mapping{m}, ingest.Options{OnRow: func(q *ingest.Query, line int, get func(string) []string, rs []string) {
		for _, r := range rs {
			if r != "" && !seen[r] {
				seen[r] = true
				recs = append(recs, r)
			}
		}
	}}); err != nil {
		return err
	}
	// Loading leaves garbage behind; collect it before timing, as a Go
	// benchmark does, and report what the run allocates instead, so that
	// the cost of the collections a long-lived state pays for it can be
	// worked out (see docs/benchmarks.md).
	gcStart := time.Now()
	runtime.GC()
	gcWall := time.Since(gcStart)
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	stopIncProfile, err := cpuProfile(profile)
	if err != nil {
		return err
	}
	t1, cpu1 := time.Now(), cpuSeconds()
	var lat []time.Duration
	var added int
	for i := 0; i < len(recs); i += max(batch, 1) {
		ar, err := st.Add(ctx, recs[i:min(i+max(batch, 1), len(recs))])
		if err != nil {
			return err
		}
		lat = append(lat, ar.Latencies...)
		added += ar.Records
	}
	inc, incCPU := time.Since(t1), cpuSeconds()-cpu1
	stopIncProfile()
	runtime.ReadMemStats(&ms1)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	p := func(q float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000
	}
	fmt.Fprintf(e.stdout, "incremental: %d new person records against %d in batches of %d, state loaded in %.1fs; %.0f records/s including store reads and writes; compute per record p50 %.2f ms p99 %.2f ms max %.2f ms\n",
		added, known, batch, load.Seconds(), float64(added)/inc.Seconds(), p(0.5), p(0.99), p(1))
	warmed, warmTook := st.Warmed()
	fmt.Fprintf(e.stdout, "incremental state: %d coherence scores of pairs across entities warmed in %.1fs of the load\n", warmed, warmTook.Seconds())
	fmt.Fprintf(e.stdout, "incremental CPU: %.0f µs per record (%.0f %% of a core over the run)\n",
		incCPU*1e6/float64(max(added, 1)), 100*incCPU/inc.Seconds())
	fmt.Fprintf(e.stdout, "incremental memory: %.1f KiB allocated per record, %d collections during the run; one collection of the loaded state (live heap %d MiB) took %.2fs\n",
		float64(ms1.TotalAlloc-ms0.TotalAlloc)/1024/float64(max(added, 1)), ms1.NumGC-ms0.NumGC, ms0.HeapAlloc>>20, gcWall.Seconds())
	rep, err := eval.RunStore(ctx, b, allTruth, resolve.Config{})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "quality after the incremental run, all records: %s\n", rep.Metrics.Line())
	return nil
}

// benchIncrementalOnly repeats the incremental part of a kept run: the
// store as the batch left it, the held-back records resolved against it.
func benchIncrementalOnly(ctx context.Context, e *env, world, storeDir, resolved, held string, batch int, profile string) error {
	if _, err := os.Stat(resolved); err != nil || held == "" {
		return fmt.Errorf("--incremental-only needs a store resolved by an earlier run with the same --keep and a held-back share")
	}
	if err := copyStore(resolved, storeDir); err != nil {
		return err
	}
	b, err := embedded.Open(storeDir, embedded.Options{})
	if err != nil {
		return err
	}
	defer b.Close()
	truth, err := eval.ReadTruth(filepath.Join(world, "truth.csv"))
	if err != nil {
		return err
	}
	return benchIncremental(ctx, e, b, held, truth, batch, profile)
}

// copyStore replaces dst with a copy of the closed store src, written
// back to disk before it is used: the copy's dirty pages would otherwise
// be written back while the resolver loads, and the load time would
// measure the disk.
func copyStore(src, dst string) error {
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	if err := exec.Command("cp", "-r", src, dst).Run(); err != nil {
		return fmt.Errorf("copying the store %s: %w", src, err)
	}
	syscall.Sync()
	return nil
}
