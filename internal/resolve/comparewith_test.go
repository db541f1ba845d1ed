package resolve

import (
	"fmt"
	"reflect"
	"runtime"
	"testing"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store/storetest"
)

// TestCompareWithOnAllCores: a new record's comparisons, split over
// workers when it has many candidates, equal comparing them one by one.
func TestCompareWithOnAllCores(t *testing.T) {
	nt := newNameTable()
	bl := newBuilder(nt)
	for i := 0; i < 120; i++ {
		rec := fmt.Sprintf("src:%03d", i)
		for _, s := range []model.Statement{
			storetest.Stmt(rec, "Person", "name", []string{"Ivan Petrov", "Ivan Petrow", "Iwan Petrov", "Иван Петров"}[i%4], ""),
			storetest.Stmt(rec, "Person", "birthDate", fmt.Sprintf("19%02d-0%d-1%d", 60+i%20, 1+i%9, i%10), ""),
		} {
			bl.add(&s)
		}
	}
	recs := bl.finish()
	r := newResolver(Config{}, recs, nil)
	m := defaultModel()
	m.URand = r.tf.uRand()
	r.setModel(m)
	cands := make([]int32, len(recs)-1)
	for i := range cands {
		cands[i] = int32(i)
	}
	rec := recs[len(recs)-1]
	got := r.compareWith(rec, cands, runtime.GOMAXPROCS(0))
	if len(got) != len(cands) {
		t.Fatalf("%d comparisons for %d candidates", len(got), len(cands))
	}
	for i, c := range cands {
		v, ag := comparePair(recs[c], rec)
		want := compared{v: v, adj: float32(r.model.adjust(r.tf, ag))}
		if got[i].below {
			if p := Probability(r.pairWeight(want.v, want.adj)); p >= r.cfg.Review {
				t.Fatalf("candidate %d left out at probability %.3f", i, p)
			}
			continue
		}
		if !reflect.DeepEqual(got[i], want) {
			t.Fatalf("candidate %d: %+v on workers, %+v alone", i, got[i], want)
		}
	}
}
