// Package strarena copies strings into shared blocks of memory.
//
// A program that keeps millions of small strings for hours (record ids,
// names, captions of a search index or a graph) pays for each string in
// every garbage collection, which must find and mark it as an object of
// its own. Copied into an Arena, thousands of strings share one block: the
// collector marks one object for all of them, and strings used together
// lie together in memory. The strings are ordinary Go strings; a block
// lives as long as any string in it does.
package strarena

import "strings"

// BlockSize is the size of the blocks an Arena fills: large enough that a
// block holds thousands of short strings, small enough that a half-empty
// last block wastes little.
const BlockSize = 64 << 10

// Arena copies strings into blocks. The zero Arena is ready to use; it is
// not safe for concurrent use.
type Arena struct {
	// b is the current block. It is never grown past the capacity it was
	// made with, so its bytes never move and strings handed out from it
	// stay valid when more are written.
	b strings.Builder
}

// Reserve makes sure the current block has room for n more bytes, so that
// the next strings copied, n bytes in all, share one block.
func (a *Arena) Reserve(n int) {
	if a.b.Cap()-a.b.Len() < n {
		a.b = strings.Builder{}
		a.b.Grow(max(BlockSize, n))
	}
}

// Copy returns a copy of s in the arena.
func (a *Arena) Copy(s string) string {
	if s == "" {
		return ""
	}
	a.Reserve(len(s))
	lo := a.b.Len()
	a.b.WriteString(s)
	return a.b.String()[lo:]
}
