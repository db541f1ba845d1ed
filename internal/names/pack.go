package names

import "github.com/mosaichq/mosaic/internal/strarena"

// packTokens is how many tokens a block of tokens holds.
const packTokens = 1024

// Packer moves parsed names into shared blocks of memory: their strings
// into blocks of text, their tokens into blocks of tokens. A parse leaves
// each name as a dozen small objects; a program that keeps millions of
// names for hours (a search index) pays for each in
// every garbage collection, which must find and mark it, and in cache
// misses, as the parts of one name lie far apart. Packed names compare
// exactly as before. The zero Packer is ready to use; it is not safe for
// concurrent use.
type Packer struct {
	text   strarena.Arena
	tokens []Token
}

// Pack moves n's strings and tokens into the packer's blocks. A token may
// still be changed in place; appending to n's tokens copies them (the
// slice is capped), so it cannot overwrite another name's.
func (p *Packer) Pack(n *Name) {
	size := len(n.Raw) + len(n.Legal) + len(n.acronyms)
	for _, t := range n.Titles {
		size += len(t)
	}
	for _, ts := range [][]Token{n.Tokens, n.alt} {
		for i := range ts {
			size += tokenTextSize(&ts[i])
		}
	}
	p.text.Reserve(size) // one block for the whole name
	n.Raw = p.text.Copy(n.Raw)
	n.Legal = p.text.Copy(n.Legal)
	n.acronyms = p.text.Copy(n.acronyms)
	for i, t := range n.Titles {
		n.Titles[i] = p.text.Copy(t)
	}
	n.Tokens = p.packTokens(n.Tokens)
	n.alt = p.packTokens(n.alt)
}

// tokenTextSize is how many bytes of text a token's strings take packed
// (a string equal to the token's text is shared, not copied).
func tokenTextSize(t *Token) int {
	size := len(t.Text) + len(t.Skel) + len(t.Skel2)
	if t.Orig != t.Text {
		size += len(t.Orig)
	}
	return size
}

func (p *Packer) packTokens(ts []Token) []Token {
	if len(ts) == 0 {
		return ts
	}
	if cap(p.tokens)-len(p.tokens) < len(ts) {
		p.tokens = make([]Token, 0, max(packTokens, len(ts)))
	}
	off := len(p.tokens)
	for _, t := range ts {
		orig := t.Orig
		t.Text = p.text.Copy(t.Text)
		if orig == t.Text {
			t.Orig = t.Text
		} else {
			t.Orig = p.text.Copy(orig)
		}
		t.Skel = p.text.Copy(t.Skel)
		t.Skel2 = p.text.Copy(t.Skel2)
		p.tokens = append(p.tokens, t)
	}
	// Capped, so that an append to one name's tokens cannot run into the
	// next name's.
	return p.tokens[off:len(p.tokens):len(p.tokens)]
}
