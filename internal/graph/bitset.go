package graph

import "math/bits"

// Bitset is a fixed-size set of small non-negative integers (node indices or
// edge ids). A nil Bitset is empty and may be read.
type Bitset []uint64

// NewBitset returns a set able to hold 0..n-1.
func NewBitset(n int) Bitset { return make(Bitset, (n+63)/64) }

// Set adds i.
func (b Bitset) Set(i int) { b[i>>6] |= 1 << (uint(i) & 63) }

// Clear removes i.
func (b Bitset) Clear(i int) { b[i>>6] &^= 1 << (uint(i) & 63) }

// Has reports whether i is in the set; out-of-range values are not.
func (b Bitset) Has(i int) bool {
	w := i >> 6
	return i >= 0 && w < len(b) && b[w]&(1<<(uint(i)&63)) != 0
}

// Has32 is Has for int32 indices.
func (b Bitset) Has32(i int32) bool { return b.Has(int(i)) }

// Count returns the number of members.
func (b Bitset) Count() int {
	c := 0
	for _, w := range b {
		c += bits.OnesCount64(w)
	}
	return c
}

// ranks returns, for a member i, its rank among members (0-based).
func (b Bitset) ranks() []int32 {
	prefix := make([]int32, len(b)+1)
	for i, w := range b {
		prefix[i+1] = prefix[i] + int32(bits.OnesCount64(w))
	}
	// A dense table is simplest; it is transient (4 bytes per bit, freed
	// after Build).
	r := make([]int32, len(b)*64)
	for i, w := range b {
		base := prefix[i]
		for w != 0 {
			t := bits.TrailingZeros64(w)
			r[i*64+t] = base
			base++
			w &= w - 1
		}
	}
	return r
}
