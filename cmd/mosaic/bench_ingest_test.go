package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestBenchIngestCommand runs the ingest benchmark on a small world: it
// must ingest every source, re-ingest adding nothing, and end with its
// machine-readable line.
func TestBenchIngestCommand(t *testing.T) {
	code, stdout, stderr := run(t, "bench", "ingest", "--records", "3000")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	last := lines[len(lines)-1]
	re := regexp.MustCompile(`^records=(\d+) statements=(\d+) seconds=[0-9.]+ records_per_s=\d+ statements_per_s=\d+ rss_mb=\d+ reingest_added=0 reingest_seconds=[0-9.]+$`)
	m := re.FindStringSubmatch(last)
	if m == nil {
		t.Fatalf("last line %q", last)
	}
	if len(m[1]) < 4 || len(m[2]) < 5 { // about 3,000 records, 10 statements each
		t.Errorf("records=%s statements=%s: world too small", m[1], m[2])
	}
	for _, want := range []string{"telecom", "airline_api", "interpol_red_notices", "re-ingest: rows", "cpu: ingest"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

// TestBenchResolveIncrementalOnlyNeedsKeep: without a kept run there is
// nothing to repeat, and the command says so before synthesising a world.
func TestBenchResolveIncrementalOnlyNeedsKeep(t *testing.T) {
	code, _, stderr := run(t, "bench", "resolve", "--incremental-only")
	if code == 0 || !strings.Contains(stderr, "--keep") {
		t.Fatalf("exit %d, stderr %q: want a failure that names --keep", code, stderr)
	}
	code, _, stderr = run(t, "bench", "resolve", "--incremental-only", "--keep", t.TempDir(), "--people", "50")
	if code == 0 || !strings.Contains(stderr, "resolved by an earlier run") {
		t.Fatalf("exit %d, stderr %q: want a failure that asks for an earlier run", code, stderr)
	}
}
