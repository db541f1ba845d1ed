//go:build slow

package synth

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// TestGenerateMillion builds the 1M-people world once and reports the time
// and peak memory (measured, not asserted: timings belong in benchmarks).
func TestGenerateMillion(t *testing.T) {
	dir := t.TempDir()
	start := time.Now()
	sum, err := Generate(context.Background(), Options{Out: dir, People: 1_000_000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("1M people: %s, %d records (%d person records), peak RSS %.0f MB\n%s",
		time.Since(start).Round(time.Millisecond), sum.Records(), sum.TruthRecords, peakRSSMB(), sum)
	if r := sum.Records(); r < 2_000_000 || r > 3_500_000 {
		t.Errorf("%d source records, want roughly 2–3M", r)
	}
	if sum.NetworkMembers < 4000 || sum.NetworkMembers > 6000 {
		t.Errorf("%d network members, want about 0.5%%", sum.NetworkMembers)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}
