package embedded

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// TestFreshReadsEqualTheTree drives the store with random writes — small
// loads of new records and of statements for records it holds, bulk
// loads, deletions of statements, purges — and after each one reads
// random sets of records (absent ones too) through StatementsOf, which
// answers kept records from what their load wrote, and from the tree
// alone. The two must agree, and kept records must have answered some
// reads (else the test shows nothing).
func TestFreshReadsEqualTheTree(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 11))
			s := openTest(t).(*Store)
			defer s.Close()
			t0 := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
			stmt := func(rec string, k int) model.Statement {
				st := model.Statement{Record: rec, Schema: "Person", Prop: []string{"name", "birthDate", "phone"}[k%3],
					Value: fmt.Sprintf("v%d", k), Source: "src", Label: []string{"", "A", "A&B"}[k%3],
					Reliability: 'B', Credibility: 2, FirstSeen: t0, LastSeen: t0.Add(time.Hour)}
				if k%4 == 0 {
					st.Original = "as given " + st.Value
				}
				st.SetID()
				return st
			}
			var records []string
			held := map[string][]model.Statement{} // what each record holds, for deletions
			hits := 0
			for round := 0; round < 40; round++ {
				switch op := rng.IntN(10); {
				case op < 6: // a small load: new records, and now and then more for old ones
					var stmts []model.Statement
					for range 1 + rng.IntN(20) {
						rec := fmt.Sprintf("src:%d", len(records))
						records = append(records, rec)
						for k := range 1 + rng.IntN(6) {
							stmts = append(stmts, stmt(rec, k))
						}
					}
					if len(records) > 0 && rng.IntN(2) == 0 {
						rec := records[rng.IntN(len(records))]
						stmts = append(stmts, stmt(rec, 10+rng.IntN(5)), stmt(rec, 0)) // one new, one already held (mostly)
					}
					rng.Shuffle(len(stmts), func(i, j int) { stmts[i], stmts[j] = stmts[j], stmts[i] })
					if _, err := s.WriteStatements(ctx, stmts); err != nil {
						t.Fatal(err)
					}
					for _, st := range stmts {
						held[st.Record] = append(held[st.Record], st)
					}
				case op < 7: // a bulk load (SSTables)
					l, err := s.NewLoader(ctx)
					if err != nil {
						t.Fatal(err)
					}
					l.(*loader).batchLimit = 0
					rec := fmt.Sprintf("src:%d", len(records))
					records = append(records, rec)
					for k := range 3 {
						st := stmt(rec, k)
						if err := l.Add(&st); err != nil {
							t.Fatal(err)
						}
						held[rec] = append(held[rec], st)
					}
					if len(records) > 1 {
						old := records[rng.IntN(len(records)-1)]
						st := stmt(old, 20+rng.IntN(3))
						if err := l.Add(&st); err != nil {
							t.Fatal(err)
						}
						held[old] = append(held[old], st)
					}
					if _, err := l.Commit(); err != nil {
						t.Fatal(err)
					}
				case op < 9 && len(records) > 0: // delete some statements of a record
					rec := records[rng.IntN(len(records))]
					var keys []store.StatementKey
					for _, st := range held[rec] {
						if rng.IntN(2) == 0 {
							keys = append(keys, store.StatementKey{Record: rec, ID: st.ID})
						}
					}
					if _, err := s.DeleteStatements(ctx, keys); err != nil {
						t.Fatal(err)
					}
				case len(records) > 0: // erase a record entirely, then purge it
					rec := records[rng.IntN(len(records))]
					var keys []store.StatementKey
					for _, st := range held[rec] {
						keys = append(keys, store.StatementKey{Record: rec, ID: st.ID})
					}
					if _, err := s.DeleteStatements(ctx, keys); err != nil {
						t.Fatal(err)
					}
					if err := s.PurgeRecords(ctx, []string{rec}); err != nil {
						t.Fatal(err)
					}
					delete(held, rec)
				}
				for range 5 {
					var ids []string
					for range rng.IntN(30) {
						ids = append(ids, fmt.Sprintf("src:%d", rng.IntN(len(records)+3)))
					}
					for _, id := range ids {
						if _, ok := s.fresh.get(id); ok {
							hits++
						}
					}
					got, err := s.StatementsOf(ctx, ids)
					if err != nil {
						t.Fatal(err)
					}
					want, err := s.readStatements(ctx, sortedSet(ids))
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("round %d, records %v:\n got %d statements %v\nwant %d from the tree %v", round, ids, len(got), got, len(want), want)
					}
				}
			}
			if hits == 0 {
				t.Fatal("no read was answered from kept records")
			}
		})
	}
}
