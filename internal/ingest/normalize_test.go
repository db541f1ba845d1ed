package ingest

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCollapseSpaces checks the allocation-free path against the plain
// definition, strings.Join(strings.Fields(v), " ").
func TestCollapseSpaces(t *testing.T) {
	cases := []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "Ünal  Öz", "x\u2003y", "a \n b", "ab cd ef"}
	rng := rand.New(rand.NewPCG(1, 1))
	alphabet := []string{"a", "b", " ", " ", "\t", "\n", "é", "\u00a0", "\u3000", "-"}
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for j := rng.IntN(12); j > 0; j-- {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, v := range cases {
		if got, want := collapseSpaces(v), strings.Join(strings.Fields(v), " "); got != want {
			t.Fatalf("collapseSpaces(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestDateTimes(t *testing.T) {
	tests := []struct{ format, in, want string }{
		{"%Y-%m-%dT%H:%M:%S", "2023-01-01T03:22:20", "2023-01-01T03:22:20"},
		{"%d/%m/%Y %H:%M", "29/02/2024 23:59", "2024-02-29T23:59:00"},
		{"%d/%m/%Y %H:%M", "29/02/2023 23:59", "2023-02"}, // no 29 February in 2023
		{"%d/%m/%Y %H:%M", "31/04/2000 10:00", "2000-04"},
		{"%d/%m/%Y", "29/02/1900", "1900-02"}, // 1900 was not a leap year
		{"%d/%m/%Y", "29/02/2000", "2000-02-29"},
		{"%Y", "1799", ""},
		{"%Y", "2200", "2200"},
	}
	for _, tc := range tests {
		f, err := compileFormat(tc.format)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := f.parse(tc.in)
		if got != tc.want {
			t.Errorf("parse(%q, %q) = %q, want %q", tc.format, tc.in, got, tc.want)
		}
	}
}
