package embedded

import (
	"bytes"
	"fmt"
	"testing"
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
