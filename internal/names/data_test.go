package names

import (
	"bufio"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedData finds ../shared/data beside the repository root, or skips.
func sharedData(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the test directory")
		}
		dir = parent
	}
	d := filepath.Join(dir, "..", "shared", "data")
	if _, err := os.Stat(d); err != nil {
		t.Skipf("shared data not found at %s: skipping", d)
	}
	return d
}

// tokenRecall compares English and native forms of aligned Wikidata tokens
// (format: english TAB native letters separated by spaces TAB count) and
// returns the share whose comparison reaches at least a weak fuzzy level,
// weighted by nothing (each distinct pair counts once).
func tokenRecall(t *testing.T, path string, limit int) (float64, int) {
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("%s: %v", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	ok, n := 0, 0
	for sc.Scan() && (limit <= 0 || n < limit) {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 2 {
			continue
		}
		native := strings.ReplaceAll(c[1], " ", "")
		a, b := Parse(c[0], Person), Parse(native, Person)
		if len(a.Tokens) != 1 || len(b.Tokens) != 1 {
			continue
		}
		n++
		if _, l, _ := tokenSim(&a.Tokens[0], &b.Tokens[0], Person); l != TokNone && l != TokInitial {
			ok++
		}
	}
	return float64(ok) / float64(max(n, 1)), n
}

// fullNameRecall reads "english TAB native" full names and returns the share
// that Match accepts at the default threshold and at 0.6.
func fullNameRecall(t *testing.T, path string, limit int) (atDefault, at60 float64, n int) {
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("%s: %v", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	ok, ok60 := 0, 0
	for sc.Scan() && (limit <= 0 || n < limit) {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 2 || strings.Contains(c[0], " of ") || strings.ContainsAny(c[1], ",()") {
			continue // titles of monarchs and disambiguations are not names
		}
		n++
		s, _ := Match(c[0], c[1], Person)
		if s >= DefaultThreshold {
			ok++
		}
		if s >= 0.6 {
			ok60++
		}
	}
	return float64(ok) / float64(max(n, 1)), float64(ok60) / float64(max(n, 1)), n
}

// The floors below sit a few points under what the method reaches, so that
// a regression fails while an improvement does not need a test change.
func TestWikidataTokens(t *testing.T) {
	d := filepath.Join(sharedData(t), "names", "wikidata")
	limit := 4000
	if testing.Short() {
		limit = 500
	}
	for _, tc := range []struct {
		file  string
		floor float64
	}{
		{"wd_arabic.normalized.aligned.tokens", 0.70},
		{"wd_russian_80", 0.85},
		{"wd_russian_20", 0.80},
	} {
		r, n := tokenRecall(t, filepath.Join(d, tc.file), limit)
		t.Logf("%s: %d token pairs, recall %.3f", tc.file, n, r)
		if r < tc.floor {
			t.Errorf("%s: recall %.3f below floor %.2f", tc.file, r, tc.floor)
		}
	}
}

func TestWikidataFullNames(t *testing.T) {
	d := filepath.Join(sharedData(t), "names", "wikidata")
	limit := 3000
	if testing.Short() {
		limit = 300
	}
	for _, tc := range []struct {
		file  string
		floor float64
	}{
		{"wd_hebrew", 0.55},
		{"wd_korean", 0.0}, // Hangul renderings of Western names: reported, not required
	} {
		r, r60, n := fullNameRecall(t, filepath.Join(d, tc.file), limit)
		t.Logf("%s: %d names, Match recall %.3f at %.2f, %.3f at 0.60", tc.file, n, r, DefaultThreshold, r60)
		if r < tc.floor {
			t.Errorf("%s: recall %.3f below floor %.2f", tc.file, r, tc.floor)
		}
	}
}

func TestPutinNames(t *testing.T) {
	path := filepath.Join(sharedData(t), "ftm", "putin_names.txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skip(err)
	}
	var names []Name
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			names = append(names, Parse(l, Person))
		}
	}
	ref := Parse("Vladimir Putin", Person)
	ok, okAll, pairs := 0, 0, 0
	var missed []string
	for i := range names {
		c := Compare(&ref, &names[i])
		if c.Score >= DefaultThreshold {
			ok++
		} else {
			missed = append(missed, names[i].Raw)
		}
		for j := i + 1; j < len(names); j++ {
			pairs++
			if c := Compare(&names[i], &names[j]); c.Score >= DefaultThreshold {
				okAll++
			}
		}
	}
	share := float64(ok) / float64(len(names))
	t.Logf("putin_names: %d/%d spellings match %q at %.2f (%.3f); all pairs %d/%d (%.3f)", ok, len(names), ref.Raw, DefaultThreshold, share, okAll, pairs, float64(okAll)/float64(pairs))
	if testing.Verbose() {
		t.Logf("not matched: %q", missed)
	}
	if share < 0.6 {
		t.Errorf("share %.3f below floor 0.6", share)
	}
}

func TestCrossScriptPairs(t *testing.T) {
	f, err := os.Open(filepath.Join(sharedData(t), "names", "cross_script_pairs.csv"))
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ok, n := 0, 0
	for _, row := range rows {
		if len(row) < 2 {
			continue
		}
		n++
		s, expl := Match(row[0], row[1], Person)
		if s >= DefaultThreshold {
			ok++
		} else {
			t.Logf("not matched: %s | %s  %.3f %s", row[0], row[1], s, expl)
		}
	}
	t.Logf("cross_script_pairs: %d/%d matched at %.2f", ok, n, DefaultThreshold)
	if float64(ok) < 0.5*float64(n) {
		t.Errorf("only %d of %d cross-script pairs matched", ok, n)
	}
}
