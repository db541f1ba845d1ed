package search

import (
	"hash/maphash"
	"testing"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store/storetest"
)

func TestStrtab(t *testing.T) {
	tab := newStrtab()
	words := []string{"police:1", "", "border:2", "police:1", "Иван", "border:2"}
	want := []int32{0, 1, 2, 0, 3, 2}
	for i, w := range words {
		if got := tab.intern(w); got != want[i] {
			t.Errorf("intern(%q) = %d, want %d", w, got, want[i])
		}
	}
	for i, w := range words {
		if got, ok := tab.find(w); !ok || got != want[i] || tab.str(got) != w {
			t.Errorf("find(%q) = %d, %v (%q)", w, got, ok, tab.str(got))
		}
	}
	if _, ok := tab.find("absent"); ok {
		t.Error("found a string never added")
	}
}

// TestStrtabCollision: two strings with one hash are both kept and found.
// Real collisions of 64-bit hashes are too rare to meet in a test, so the
// table is told that "b" hashes like "a".
func TestStrtabCollision(t *testing.T) {
	tab := newStrtab()
	a := tab.intern("a")
	tab.ids[maphash.String(tab.seed, "b")] = a
	b := tab.intern("b")
	if b == a {
		t.Fatal("b took a's number")
	}
	for s, id := range map[string]int32{"a": a, "b": b} {
		if got, ok := tab.find(s); !ok || got != id {
			t.Errorf("find(%q) = %d, %v, want %d", s, got, ok, id)
		}
		if got := tab.intern(s); got != id {
			t.Errorf("intern(%q) again = %d, want %d", s, got, id)
		}
	}
	if _, ok := tab.find("c"); ok {
		t.Error("found a string never added")
	}
}

// TestParsedNameCollision: two names whose (kind, text) hash alike are
// parsed apart, and each finds its own records.
func TestParsedNameCollision(t *testing.T) {
	ix := New()
	add := func(rec, name string) {
		s := storetest.Stmt(rec, "Person", "name", name, "")
		ix.Add(&s)
	}
	add("p:1", "Ivan Petrov")
	ix.parsed[maphash.Comparable(ix.parseSeed, parsedKey{kind: ix.names[0].Kind, text: "Maria Lopez"})] = 0
	add("p:2", "Maria Lopez")
	add("p:3", "Maria Lopez")
	if len(ix.names) != 2 {
		t.Fatalf("%d parsed names, want 2", len(ix.names))
	}
	v := model.NewViewer("v", model.NewAuths())
	for q, want := range map[string][]string{"Ivan Petrov": {"p:1"}, "Maria Lopez": {"p:2", "p:3"}} {
		var got []string
		for _, h := range ix.Search(q, v, Options{}) {
			if h.Score > 0.9 {
				got = append(got, h.Record)
			}
		}
		if len(got) != len(want) || got[0] != want[0] {
			t.Errorf("%q found %v, want %v", q, got, want)
		}
	}
}
