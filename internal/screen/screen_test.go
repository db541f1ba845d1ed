package screen

import (
	"fmt"
	"testing"
)

// readingIndex lists made-up people whose names the parser can read in more
// than one way: a title that is part of the name by which a person is
// known, a nasab chain with a family name, an Abd compound. Each is
// surrounded by namesakes so that a wrong reading ranks someone else first.
func readingIndex() *Index {
	ix := NewIndex()
	recs := []Record{
		{ID: "t-1", List: "t", Names: []string{"Maulana Zarghun"}, BirthDates: []string{"1974"}},
		{ID: "t-2", List: "t", Names: []string{"Nabil ben Tahar ben Tahar Gharsalli"}, BirthDates: []string{"1968-03-04"}, Countries: []string{"tn"}},
		{ID: "t-3", List: "t", Names: []string{"Abdul Wahid Qarluq"}, BirthDates: []string{"1971-10-10"}},
	}
	// Namesakes sharing one part each.
	for i, n := range []string{"Qadeer Hotak", "Zarghun Baheer", "Nabil Haddad", "Tahar Mejri", "Wahid Qarluq", "Abdul Wahid Safi", "Zarghun Khan"} {
		recs = append(recs, Record{ID: fmt.Sprintf("o-%d", i), List: "t", Names: []string{n}})
	}
	ix.Add(recs...)
	return ix
}

func TestScreenReadings(t *testing.T) {
	ix := readingIndex()
	for _, tc := range []struct {
		name string
		q    Query
		want string // "" means no match expected
	}{
		// The title written after the name and mistyped, so that it is
		// read as a name part in every order: against the listed name
		// without its title it would be a one-part name.
		{"title after the name", Query{Names: []string{"Zarghun Mualana"}, BirthDates: []string{"1974-03-16"}}, "t-1"},
		{"title as written", Query{Names: []string{"Maulana Zarghun"}, BirthDates: []string{"1974-03-16"}}, "t-1"},
		// The family name moved to the front of a nasab chain.
		{"family name first", Query{Names: []string{"Gharsalli Nabil ben Tahar ben Tahar"}, BirthDates: []string{"1968-03-04"}, Countries: []string{"tn"}}, "t-2"},
		// A mistyped Abdul.
		{"mistyped Abdul", Query{Names: []string{"Adbul Wahid Qarluq"}, BirthDates: []string{"1971-10-10"}}, "t-3"},
		// Father and son of the chain are not the listed person.
		{"chain reversed", Query{Names: []string{"Tahar ben Nabil Gharsalli"}}, ""},
	} {
		rs := ix.Screen(tc.q, Options{Limit: 3})
		got := ""
		if len(rs) > 0 && rs[0].Match {
			got = rs[0].ID
		}
		if got != tc.want {
			detail := "nothing"
			if len(rs) > 0 {
				detail = fmt.Sprintf("%s %.3f %s", rs[0].ID, rs[0].Score, Describe(rs[0].Features))
			}
			t.Errorf("%s: %q matched %q, want %q (%s)", tc.name, tc.q.Names, got, tc.want, detail)
		}
	}
}
