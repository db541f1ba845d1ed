package strarena

import (
	"strconv"
	"strings"
	"testing"
)

// TestCopy: copies equal their originals, including across many blocks
// and strings larger than a block, and stay equal as more are written.
func TestCopy(t *testing.T) {
	var a Arena
	var want, got []string
	for i := range 20000 {
		s := "record:" + strconv.Itoa(i)
		switch i % 5000 {
		case 0:
			s = strings.Repeat("x", BlockSize+i%7)
		case 1:
			s = ""
		}
		want = append(want, s)
		got = append(got, a.Copy(s))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("copy %d = %.20q…, want %.20q…", i, got[i], want[i])
		}
	}
}

// TestCopyShares: small strings copied one after another share a block
// (one allocation for many strings).
func TestCopyShares(t *testing.T) {
	var a Arena
	a.Copy("warm") // the first block
	allocs := testing.AllocsPerRun(1000, func() { a.Copy("Ivan Petrov") })
	if allocs > 0.01 {
		t.Errorf("%.3f allocations per copy, want about 1 per %d bytes", allocs, BlockSize)
	}
}
