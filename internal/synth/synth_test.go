package synth

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// dirFiles reads every file of a directory.
func dirFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

func TestSameSeedSameBytes(t *testing.T) {
	ctx := context.Background()
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if _, err := Generate(ctx, Options{Out: d, People: 1500, Seed: 42}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Generate(ctx, Options{Out: c, People: 1500, Seed: 43}); err != nil {
		t.Fatal(err)
	}
	fa, fb, fc := dirFiles(t, a), dirFiles(t, b), dirFiles(t, c)
	var names []string
	for n := range fa {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(fa) != len(fb) {
		t.Fatalf("file sets differ: %d vs %d", len(fa), len(fb))
	}
	differ := 0
	for _, n := range names {
		if !bytes.Equal(fa[n], fb[n]) {
			t.Errorf("%s differs between two runs with the same seed", n)
		}
		if strings.HasPrefix(n, ".") {
			t.Errorf("temporary file %s left behind", n)
		}
		if !bytes.Equal(fa[n], fc[n]) {
			differ++
		}
	}
	// Mapping files are fixed text; every data and truth file must change.
	if want := len(names) - len(sourceDefs); differ < want {
		t.Errorf("a different seed changed only %d of %d files", differ, want)
	}
}

func TestExpectedFiles(t *testing.T) {
	dir, sum := sharedWorld(t)
	files := dirFiles(t, dir)
	want := []string{"truth.csv", "networks.csv", "groups.csv", "mentions.csv", "README.md"}
	for _, s := range sum.Sources {
		want = append(want, s.Mapping)
		want = append(want, s.Files...)
		if s.Records == 0 {
			t.Errorf("%s wrote no records", s.Dataset)
		}
	}
	for _, w := range want {
		if len(files[w]) == 0 {
			t.Errorf("%s missing or empty", w)
		}
	}
	if len(files) != len(want) {
		t.Errorf("have %d files, want %d", len(files), len(want))
	}
	if len(sum.Sources) < 6 {
		t.Errorf("only %d sources", len(sum.Sources))
	}
	readme := string(files["README.md"])
	for _, s := range sum.Sources {
		if !strings.Contains(readme, s.Dataset) {
			t.Errorf("README does not describe %s", s.Dataset)
		}
	}
	if !strings.Contains(readme, "seed 7") {
		t.Error("README does not give the seed")
	}
	out := sum.String()
	for _, s := range sum.Sources {
		if !strings.Contains(out, s.Dataset) {
			t.Errorf("summary table lacks %s", s.Dataset)
		}
	}
	if !strings.Contains(out, group(sum.Records())) {
		t.Errorf("summary lacks the total %s:\n%s", group(sum.Records()), out)
	}
}

func TestProgressAndDefaults(t *testing.T) {
	var mu sync.Mutex
	var calls [][2]int
	sum, err := Generate(context.Background(), Options{Out: t.TempDir(), People: 800, Seed: 3,
		Progress: func(done, total int) {
			mu.Lock()
			calls = append(calls, [2]int{done, total})
			mu.Unlock()
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) == 0 {
		t.Fatal("progress never called")
	}
	last := calls[len(calls)-1]
	if last[0] != last[1] || last[1] != sum.Records() {
		t.Errorf("last progress %v, records %d", last, sum.Records())
	}
	for i, c := range calls {
		if c[0] > c[1] || (i > 0 && c[0] < calls[i-1][0]) {
			t.Errorf("progress %v after %v", c, calls[max(i-1, 0)])
		}
	}
	if sum.People != 800 || sum.Seed != 3 {
		t.Errorf("summary %d people seed %d", sum.People, sum.Seed)
	}
}

func TestBadOptionsAndCancel(t *testing.T) {
	ctx := context.Background()
	if _, err := Generate(ctx, Options{People: 10}); err == nil {
		t.Error("no output directory accepted")
	}
	if _, err := Generate(ctx, Options{Out: t.TempDir(), People: -1}); err == nil {
		t.Error("negative population accepted")
	}
	if _, err := Generate(ctx, Options{Out: t.TempDir(), People: MaxPeople + 1}); err == nil {
		t.Error("oversized population accepted")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Generate(cctx, Options{Out: t.TempDir(), People: 500}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run returned %v", err)
	}
	// Tiny worlds work too (no networks fit).
	sum, err := Generate(ctx, Options{Out: t.TempDir(), People: 5, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if sum.TruthRecords < 5 {
		t.Errorf("5 people, %d person records", sum.TruthRecords)
	}
}

func TestGroupDigits(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {1234567, "1,234,567"}} {
		if got := group(c.n); got != c.want {
			t.Errorf("group(%d) = %s", c.n, got)
		}
	}
}
