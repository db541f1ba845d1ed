package resolve

import (
	"context"
	"path/filepath"
	"testing"
)

// TestSpanIsTheKeysRun: a lookup returns exactly the postings of its key
// (big blocks included), and nothing for keys the index lacks.
func TestSpanIsTheKeysRun(t *testing.T) {
	dir := world(t, 300)
	all, _ := filepath.Glob(filepath.Join(dir, "*.yml"))
	b := openStore(t)
	ingestFiles(t, b, all...)
	recs, err := loadRecords(context.Background(), b, newNameTable(), 2, func(string, int64, int64) {})
	if err != nil {
		t.Fatal(err)
	}
	ix := buildIndex(recs, (&Config{}).caps(), 2).withDir()
	want := map[uint64][]int32{}
	for _, p := range ix.postings {
		want[p.key] = append(want[p.key], p.rec)
	}
	longest := 0
	for key, recs := range want {
		got := ix.span(key)
		if len(got) != len(recs) {
			t.Fatalf("key %x: %d postings, want %d", key, len(got), len(recs))
		}
		for i, p := range got {
			if p.key != key || p.rec != recs[i] {
				t.Fatalf("key %x: posting %d is %+v, want record %d", key, i, p, recs[i])
			}
		}
		longest = max(longest, len(recs))
		if s := ix.span(key + 1); want[key+1] == nil && len(s) != 0 {
			t.Fatalf("absent key %x: %d postings", key+1, len(s))
		}
	}
	if longest < 2 {
		t.Fatal("no key with more than one record: the test shows nothing")
	}
}
