package search

import "hash/maphash"

// The index holds millions of short strings (record ids, indexed values,
// keys) for as long as the server runs. Held as Go strings, each is a
// pointer the garbage collector follows in every cycle, and each map keyed
// by them is more pointers still; at a million records their marking took
// seconds of CPU per cycle and slowed every request while it ran. Here
// they are bytes in one block with offsets beside them, and looked up
// through maps of hashes: memory without pointers, which the collector
// does not scan.

// arena is an append-only list of strings stored back to back.
type arena struct {
	text []byte
	end  []int // string i is text[end[i-1]:end[i]]
}

func (a *arena) len() int { return len(a.end) }

// push appends s and returns its number.
func (a *arena) push(s string) int32 {
	a.text = append(a.text, s...)
	a.end = append(a.end, len(a.text))
	return int32(len(a.end) - 1)
}

// at returns string i's bytes, aliasing the arena: callers copy what
// they keep beyond the index's lock.
func (a *arena) at(i int32) []byte {
	lo := 0
	if i > 0 {
		lo = a.end[i-1]
	}
	return a.text[lo:a.end[i]:a.end[i]]
}

// str returns a copy of string i.
func (a *arena) str(i int32) string { return string(a.at(i)) }

// strtab is a set of distinct strings, each numbered in order of first
// addition.
type strtab struct {
	arena
	seed maphash.Seed
	ids  map[uint64]int32 // by hash, the first string added with it
	// spill holds the rare string whose hash an earlier one already took.
	spill map[string]int32
}

func newStrtab() strtab {
	return strtab{seed: maphash.MakeSeed(), ids: map[uint64]int32{}, spill: map[string]int32{}}
}

// find returns the number of s, if added.
func (t *strtab) find(s string) (int32, bool) {
	h := maphash.String(t.seed, s)
	i, ok := t.ids[h]
	if !ok {
		return 0, false
	}
	if string(t.at(i)) == s {
		return i, true
	}
	i, ok = t.spill[s]
	return i, ok
}

// intern returns the number of s, adding it if new.
func (t *strtab) intern(s string) int32 {
	h := maphash.String(t.seed, s)
	i, ok := t.ids[h]
	switch {
	case !ok:
		i = t.push(s)
		t.ids[h] = i
	case string(t.at(i)) != s:
		if j, ok := t.spill[s]; ok {
			return j
		}
		i = t.push(s)
		t.spill[s] = i
	}
	return i
}
