package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/ingest"
	"github.com/mosaichq/mosaic/internal/store/embedded"
	"github.com/mosaichq/mosaic/internal/synth"
)

func init() { benchSubcommands["ingest"] = runBenchIngest }

// benchIngestRecordsPerPerson is how many source records the synthetic world holds per
// person (29,399 records for 10,000 people at seed 1; the share is stable
// with size). --records N asks for N/benchIngestRecordsPerPerson people.
const benchIngestRecordsPerPerson = 2.94

// runBenchIngest measures the ingest budget (≥ 1M source records in ≤ 60 s,
// peak RSS ≤ 2 GiB): it synthesises a world, ingests every mapping into a
// fresh embedded store with the real ingest.Run and the store options the
// CLI uses, then ingests the same files again, which must add nothing.
func runBenchIngest(ctx context.Context, e *env, args []string) error {
	c := &command{name: "bench ingest", usage: "[--records N | --people N] [--seed S] [--keep DIR] [--world DIR]",
		help: `Synthesises a world of about N source records (default 1,000,000), ingests
every mapping into a fresh embedded store, then re-ingests the same files and
checks that nothing is added. Peak RSS is the ingest's own (VmHWM is reset
after the world is written). The last line is machine-readable.`}
	fs := newFlags(e, c)
	records := fs.Int("records", 1_000_000, "about this many source records")
	people := fs.Int("people", 0, "synthetic population (overrides --records)")
	seed := fs.Int64("seed", 1, "seed")
	keep := fs.String("keep", "", "keep the world and store in DIR")
	worldDir := fs.String("world", "", "ingest an existing synthetic world (a 'mosaic synth' output) instead of making one")
	cpuProf := fs.String("cpuprofile", "", "write a CPU profile of the first ingest to FILE (and of the re-ingest to FILE.reingest)")
	memProf := fs.String("memprofile", "", "write a heap profile at the end of the first ingest to FILE")
	if _, err := parseFlags(e, c, fs, args); err != nil {
		return err
	}
	n := *people
	if n <= 0 {
		if *records <= 0 {
			return usagef("--records or --people must be positive")
		}
		n = int(float64(*records)/benchIngestRecordsPerPerson + 0.5)
	}
	dir, cleanup, err := benchDir(*keep, "ingest")
	if err != nil {
		return err
	}
	defer cleanup()
	world := *worldDir
	if world == "" {
		world = filepath.Join(dir, "world")
		t0 := time.Now()
		sum, err := synth.Generate(ctx, synth.Options{Out: world, People: n, Seed: *seed})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "world: %d people, %d records, written in %.1fs\n", n, sum.Records(), time.Since(t0).Seconds())
	}
	storeDir := filepath.Join(dir, "store")
	if err := os.RemoveAll(storeDir); err != nil {
		return err
	}
	paths, _ := filepath.Glob(filepath.Join(world, "*.yml"))
	if len(paths) == 0 {
		return fmt.Errorf("no mapping files in %s", world)
	}
	load := func() ([]*ingest.Mapping, error) { return ingest.LoadMappings(world) }
	maps, err := load()
	if err != nil {
		return err
	}
	// The world's generation is not part of the budget: start the peak
	// resident set afresh.
	runtime.GC()
	debug.FreeOSMemory()
	rssReset := resetPeakRSS() == nil

	stopProfile, err := cpuProfile(*cpuProf)
	if err != nil {
		return err
	}
	t0, cpu0 := time.Now(), cpuSeconds()
	b, err := embedded.Open(storeDir, embedded.Options{})
	if err != nil {
		return err
	}
	sum, err := ingest.Run(ctx, b, maps, ingest.Options{RejectsPath: filepath.Join(dir, "rejects.csv")})
	if err != nil {
		b.Close()
		return err
	}
	if err := b.Close(); err != nil {
		return err
	}
	secs, cpu := time.Since(t0).Seconds(), cpuSeconds()-cpu0
	stopProfile()
	rss := peakRSSBytes()
	if *memProf != "" {
		if err := writeProfile("allocs", *memProf); err != nil {
			return err
		}
	}
	fmt.Fprint(e.stdout, sum.String())

	// Re-ingest: a fresh process would reopen the store; so does this.
	maps, err = load()
	if err != nil {
		return err
	}
	if *cpuProf != "" {
		stop, err := cpuProfile(*cpuProf + ".reingest")
		if err != nil {
			return err
		}
		defer stop()
	}
	t1, cpu1 := time.Now(), cpuSeconds()
	b, err = embedded.Open(storeDir, embedded.Options{})
	if err != nil {
		return err
	}
	again, err := ingest.Run(ctx, b, maps, ingest.Options{RejectsPath: filepath.Join(dir, "rejects-again.csv")})
	if err != nil {
		b.Close()
		return err
	}
	counts, err := b.Counts(ctx)
	if err != nil {
		b.Close()
		return err
	}
	if err := b.Close(); err != nil {
		return err
	}
	secs2, cpu2 := time.Since(t1).Seconds(), cpuSeconds()-cpu1
	fmt.Fprintf(e.stdout, "re-ingest: rows %d, statements added %d, already present %d, %.1fs\n",
		again.Rows, again.Statements, again.Skipped, secs2)
	// CPU time does not depend on what else the machine runs; wall time does.
	fmt.Fprintf(e.stdout, "cpu: ingest %.1fs (%.1f cores busy), re-ingest %.1fs (%.1f cores busy)\n",
		cpu, cpu/secs, cpu2, cpu2/secs2)
	if !rssReset {
		fmt.Fprintln(e.stdout, "note: could not reset the peak RSS; it includes the world's generation")
	}
	if again.Statements != 0 || again.Records != 0 {
		return fmt.Errorf("re-ingest added %d statements and %d records, want 0", again.Statements, again.Records)
	}
	if again.Skipped != sum.Statements+sum.Skipped || int64(sum.Statements) != counts.Statements {
		return fmt.Errorf("re-ingest saw %d statements already present, first run wrote %d (+%d duplicates), store counts %d",
			again.Skipped, sum.Statements, sum.Skipped, counts.Statements)
	}
	fmt.Fprintf(e.stdout, "records=%d statements=%d seconds=%.1f records_per_s=%.0f statements_per_s=%.0f rss_mb=%d reingest_added=%d reingest_seconds=%.1f\n",
		sum.Rows, sum.Statements, secs, float64(sum.Rows)/secs, float64(sum.Statements)/secs, rss>>20,
		again.Statements, secs2)
	return nil
}

// resetPeakRSS starts VmHWM afresh (Linux: writing 5 to clear_refs).
func resetPeakRSS() error {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSSBytes reads VmHWM, the process's peak resident set; 0 if unknown.
func peakRSSBytes() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
