package synth

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzTableField: whatever a field holds, encoding/csv (which ingestion
// uses) reads back exactly what the table wrote, for every delimiter the
// sources use. Carriage returns are excluded: encoding/csv folds \r\n inside
// quotes to \n, and no source value contains one.
func FuzzTableField(f *testing.F) {
	for _, s := range []string{"", "plain", "a,b", "a;b", "a|b", `say "hi"`, " lead", "trail ", "two\nlines", "Ünïcödé"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsRune(s, '\r') {
			t.Skip()
		}
		for _, d := range []byte{',', ';', '|'} {
			var buf bytes.Buffer
			tb := newTable(&buf, d, "a", "b", "c")
			tb.field(s)
			tb.field("x")
			tb.field(s)
			tb.end()
			if err := tb.close(); err != nil {
				t.Fatal(err)
			}
			r := csv.NewReader(&buf)
			r.Comma = rune(d)
			recs, err := r.ReadAll()
			if err != nil {
				t.Fatalf("delimiter %q, field %q: %v\n%s", d, s, err, buf.String())
			}
			if len(recs) != 2 || len(recs[1]) != 3 || recs[1][0] != s || recs[1][1] != "x" || recs[1][2] != s {
				t.Fatalf("delimiter %q, field %q read back as %q", d, s, recs)
			}
		}
	})
}

// FuzzTypo: a typo is a small edit of valid text that keeps the first letter.
func FuzzTypo(f *testing.F) {
	for _, s := range []string{"Mohammed", "Шевченко", "Öztürk", "A", "", "van der Meer", "محمد"} {
		f.Add(s, uint64(1))
	}
	f.Fuzz(func(t *testing.T, s string, seed uint64) {
		if !utf8.ValidString(s) {
			t.Skip()
		}
		out := typo(s, &rng{s: seed})
		if !utf8.ValidString(out) {
			t.Fatalf("typo(%q) = %q: invalid UTF-8", s, out)
		}
		if s != "" && out == "" {
			t.Fatalf("typo(%q) emptied it", s)
		}
		if d := editDistance(s, out); d > 2 {
			t.Fatalf("typo(%q) = %q: %d edits", s, out, d)
		}
		if s != "" && []rune(out)[0] != []rune(s)[0] {
			t.Fatalf("typo(%q) = %q changed the first letter", s, out)
		}
	})
}

// FuzzTranslit: transliteration of Cyrillic words leaves no Cyrillic and
// always gives valid text; fold is idempotent and leaves no marks.
func FuzzTranslit(f *testing.F) {
	for _, s := range []string{"Александр", "Шевченко", "Юлія Ковальська", "Ёлкин", "Санкт-Петербург", "ABC"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip()
		}
		const common = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ"
		for _, sc := range append(append([]*cyrScheme{}, schemesRU...), schemesUA...) {
			out := translit(s, sc)
			if !utf8.ValidString(out) {
				t.Fatalf("%s(%q) invalid UTF-8", sc.name, s)
			}
			for _, r := range out {
				if strings.ContainsRune(common, unicode.ToLower(r)) {
					t.Fatalf("%s(%q) = %q kept Cyrillic", sc.name, s, out)
				}
			}
		}
		folded := fold(s)
		if fold(folded) != folded {
			t.Fatalf("fold not idempotent on %q", s)
		}
		for _, r := range folded {
			if unicode.Is(unicode.Mn, r) {
				t.Fatalf("fold(%q) = %q kept a mark", s, folded)
			}
		}
	})
}
