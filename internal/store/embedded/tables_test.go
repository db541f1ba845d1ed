package embedded

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/mosaichq/mosaic/internal/store"
)

// TestKeyListAcrossBlocks: entries keep their keys and values whichever
// block they land in, including one larger than a block.
func TestKeyListAcrossBlocks(t *testing.T) {
	var l keyList
	big := bytes.Repeat([]byte{7}, keyBlock+10)
	const n = 60_000 // about 2.5 blocks of entries
	for i := 0; i < n; i++ {
		v := []byte(fmt.Sprintf("value-%d", i))
		if i == n/2 {
			v = big
		}
		if err := l.add(byte(i%2), []byte(fmt.Sprintf("key-%07d", i)), v); err != nil {
			t.Fatal(err)
		}
	}
	if len(l.blocks) < 3 {
		t.Fatalf("%d blocks: the test does not cross blocks", len(l.blocks))
	}
	for _, i := range []int{0, 1, n/2 - 1, n / 2, n/2 + 1, n - 1} {
		want := []byte(fmt.Sprintf("value-%d", i))
		if i == n/2 {
			want = big
		}
		if k := string(l.key(i)); k != fmt.Sprintf("key-%07d", i) {
			t.Errorf("key(%d) = %q", i, k)
		}
		if v := l.value(i); !bytes.Equal(v, want) {
			t.Errorf("value(%d) has %d bytes, want %d", i, len(v), len(want))
		}
		if l.kind[i] != byte(i%2) {
			t.Errorf("kind(%d) = %d", i, l.kind[i])
		}
	}
}

// TestProbeFindsIngestedKeys: a small write's probes find what a large
// one put into ingested tables (the bottom level, where Pebble's own point
// lookups skip the bloom filters and a probe uses them): a record moved
// afterwards leaves its old entity, and an analyst's judgement written as a
// table still wins over the machine.
func TestProbeFindsIngestedKeys(t *testing.T) {
	ctx := context.Background()
	s, err := Open(t.TempDir(), Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var assign []store.Assignment
	for i := range pointLookups + 100 {
		assign = append(assign, store.Assignment{Record: fmt.Sprintf("r:%05d", i), Entity: fmt.Sprintf("E%d", i/2)})
	}
	if err := s.ApplyClusters(ctx, assign, nil); err != nil {
		t.Fatal(err)
	}
	js := []*store.Judgement{{A: "r:00001", B: "r:00002", Verdict: store.Negative, By: "alice"}}
	if err := s.PutSortedJudgements(ctx, slices.Values(js)); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Compact(ctx, []byte{0}, []byte{0xff}, false); err != nil {
		t.Fatal(err)
	}
	if err := s.ApplyClusters(ctx, []store.Assignment{{Record: "r:00005", Entity: "E3"}}, nil); err != nil {
		t.Fatal(err)
	}
	if m, err := s.Members(ctx, "E2"); err != nil || !slices.Equal(m, []string{"r:00004"}) {
		t.Errorf("E2 after r:00005 moved = %v, %v; want [r:00004]", m, err)
	}
	if m, err := s.Members(ctx, "E3"); err != nil || !slices.Equal(m, []string{"r:00005", "r:00006", "r:00007"}) {
		t.Errorf("E3 after r:00005 moved = %v, %v", m, err)
	}
	if err := s.PutJudgements(ctx, []store.Judgement{{A: "r:00001", B: "r:00002", Verdict: store.Positive, Score: 0.99, By: store.Machine}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.JudgementsAmong(ctx, []string{"r:00001", "r:00002"})
	if err != nil || len(got) != 1 || got[0].By != "alice" {
		t.Errorf("judgements of an analyst's pair after a machine write = %+v, %v; want alice's", got, err)
	}
}
