package search

import (
	"slices"
	"testing"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store/storetest"
)

func TestSearchRespectsLabels(t *testing.T) {
	ix := New()
	for _, s := range []model.Statement{
		storetest.Stmt("police:1", "Person", "name", "Mohammed Al-Masri", ""),
		storetest.Stmt("police:1", "Person", "alias", "Abu Yusuf", "SECRET"),
		storetest.Stmt("police:1", "Person", "passportNumber", "AB123456", "SECRET"),
		storetest.Stmt("border:2", "Person", "name", "Ivan Petrov", ""),
		storetest.Stmt("border:3", "Person", "name", "Иван Петров", "BORDER"),
	} {
		s := s
		ix.Add(&s)
	}
	pub := model.NewViewer("pub", model.NewAuths())
	sec := model.NewViewer("sec", model.NewAuths("SECRET", "BORDER"))
	tests := []struct {
		q      string
		v      *model.Viewer
		want   []string
		absent []string
	}{
		{"Muhammad al Masri", pub, []string{"police:1"}, nil},
		{"محمد المصري", pub, []string{"police:1"}, nil},
		{"Abu Yusuf", pub, nil, []string{"police:1"}}, // hidden alias finds nothing
		{"Abu Yusuf", sec, []string{"police:1"}, nil},
		{"AB 123 456", pub, nil, []string{"police:1"}},
		{"AB-123456", sec, []string{"police:1"}, nil},
		{"Ivan Petrov", pub, []string{"border:2"}, []string{"border:3"}},
		{"Ivan Petrov", sec, []string{"border:2", "border:3"}, nil},
	}
	for _, tc := range tests {
		hits := ix.Search(tc.q, tc.v, Options{})
		got := map[string]bool{}
		for _, h := range hits {
			got[h.Record] = true
			if h.Why() == "" {
				t.Errorf("%q: hit %s has no explanation", tc.q, h.Record)
			}
		}
		for _, w := range tc.want {
			if !got[w] {
				t.Errorf("%q as %s: missing %s (got %v)", tc.q, tc.v.Name, w, hits)
			}
		}
		for _, a := range tc.absent {
			if got[a] {
				t.Errorf("%q as %s: %s must not be found", tc.q, tc.v.Name, a)
			}
		}
	}
}

// TestTiesInRecordOrder: hits with the same score come in ascending order
// of record id, however the records were added (a build adds them in
// order, ingestion later appends others).
func TestTiesInRecordOrder(t *testing.T) {
	ix := New()
	for _, rec := range []string{"p:05", "p:10", "p:20", "p:01", "p:15", "p:00"} {
		s := storetest.Stmt(rec, "Person", "name", "Ivan Petrov", "")
		ix.Add(&s)
	}
	hits := ix.Search("Ivan Petrov", model.NewViewer("v", model.NewAuths()), Options{})
	var got []string
	for _, h := range hits {
		if h.Score != hits[0].Score {
			t.Fatalf("scores differ: %v", hits)
		}
		got = append(got, h.Record)
	}
	want := []string{"p:00", "p:01", "p:05", "p:10", "p:15", "p:20"}
	if !slices.Equal(got, want) {
		t.Errorf("ties in order %v, want %v", got, want)
	}
}
