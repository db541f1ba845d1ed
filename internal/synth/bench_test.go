package synth

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// peakRSSMB reads the process's peak resident set (Linux); 0 elsewhere.
// It covers the whole process, so run a benchmark alone to read it.
func peakRSSMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

func benchGenerate(b *testing.B, people int) {
	var sum *Summary
	start := time.Now()
	for i := 0; i < b.N; i++ {
		var err error
		sum, err = Generate(context.Background(), Options{Out: b.TempDir(), People: people, Seed: int64(i)})
		if err != nil {
			b.Fatal(err)
		}
	}
	secs := time.Since(start).Seconds() / float64(b.N)
	b.ReportMetric(float64(sum.Records()), "records")
	b.ReportMetric(float64(sum.Records())/secs, "records/s")
	b.ReportMetric(peakRSSMB(), "peak_rss_MB")
}

// go test ./internal/synth -run '^$' -bench Generate100k -benchtime 1x
func BenchmarkGenerate100k(b *testing.B) { benchGenerate(b, 100_000) }

// go test ./internal/synth -run '^$' -bench Generate1M -benchtime 1x
func BenchmarkGenerate1M(b *testing.B) { benchGenerate(b, 1_000_000) }
