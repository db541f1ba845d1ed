package names

import (
	"bufio"
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestPack: packed names equal fresh parses field for field, stay equal
// after many more names are packed (across blocks), and compare with the
// same scores and explanations.
func TestPack(t *testing.T) {
	f, err := os.Open("testdata/pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type pair struct {
		a, b string
		kind Kind
	}
	var pairs []pair
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 3 || strings.HasPrefix(cols[0], "#") {
			continue
		}
		kind := Person
		if cols[2] != "person" {
			kind = Organization
		}
		pairs = append(pairs, pair{cols[0], cols[1], kind})
	}
	// Names with titles, legal forms, Han readings and nasab chains, which
	// the pairs may lack.
	pairs = append(pairs, pair{"Dr. Muhammad bin Salman Al Saud", "Sheikh Mohammed ibn Salman", Person},
		pair{"金正恩", "Kim Jong Un", Person}, pair{"Acme Trading LLC", "ACME Trading Limited Liability Company", Organization},
		pair{"", "Ivan", Person})
	var p Packer
	packed := make([][2]Name, len(pairs))
	for i, pr := range pairs {
		packed[i] = [2]Name{Parse(pr.a, pr.kind), Parse(pr.b, pr.kind)}
		p.Pack(&packed[i][0])
		p.Pack(&packed[i][1])
	}
	for i, pr := range pairs {
		a, b := Parse(pr.a, pr.kind), Parse(pr.b, pr.kind)
		pa, pb := &packed[i][0], &packed[i][1]
		if !reflect.DeepEqual(a, *pa) || !reflect.DeepEqual(b, *pb) {
			t.Fatalf("%q / %q: packed names differ from parses:\n%+v\n%+v", pr.a, pr.b, a, *pa)
		}
		want, got := Compare(&a, &b), Compare(pa, pb)
		if want.Score != got.Score || want.Explain(&a, &b) != got.Explain(pa, pb) {
			t.Errorf("%q / %q: packed %v, parsed %v", pr.a, pr.b, got.Score, want.Score)
		}
	}
	if len(pairs) < 1000 {
		t.Fatalf("only %d pairs: the packer never filled a block", len(pairs))
	}
}
