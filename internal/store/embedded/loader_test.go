package embedded

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// loadModel is what a sequence of loads must leave in the store: the first
// copy of each statement key wins (the stored one, then the earliest in a
// load), and a record keeps the schema and source it was first written with.
type loadModel struct {
	stmts   map[string]model.Statement // record 0x00 id
	records map[string][2]string       // record → schema, source
}

// TestLoaderMatchesModel drives the loader with random loads (records
// revisited out of order, duplicate statements with differing provenance,
// runs spilled every few KiB, batch and SSTable commits) and checks the
// write stats and everything stored against a plain model.
func TestLoaderMatchesModel(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			s := openTest(t).(*Store)
			defer s.Close()
			m := loadModel{stmts: map[string]model.Statement{}, records: map[string][2]string{}}
			for round := 0; round < 4; round++ {
				loadRound(t, s, &m, rng)
			}
		})
	}
}

func loadRound(t *testing.T, s *Store, m *loadModel, rng *rand.Rand) {
	ctx := context.Background()
	l, err := s.NewLoader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ld := l.(*loader)
	ld.runLimit = int64(2<<10 + rng.IntN(64<<10))
	if rng.IntN(2) == 0 {
		ld.batchLimit = 0 // SSTables even for a small load
	}
	sources := []string{"alpha", "beta", "a", "a.b", "gamma_long_dataset_name"}
	labels := []string{"", "A", "A&B", "SECRET|NL"}
	schemas := []string{"Person", "Organization", "Call"}
	props := []string{"name", "birthDate", "phone", "alias", "idNumber"}
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(rng.IntN(1000)) * time.Hour)
	var want store.WriteStats
	inLoad := map[string]bool{}
	newRecs := map[string]bool{}
	n := 50 + rng.IntN(3000)
	for i := 0; i < n; {
		src := sources[rng.IntN(len(sources))]
		rec := fmt.Sprintf("%s:%0*d", src, 1+rng.IntN(40), rng.IntN(400))
		schema := schemas[rng.IntN(len(schemas))]
		// A record's statements come together, a few at a time.
		for k := 1 + rng.IntN(8); k > 0 && i < n; k-- {
			i++
			st := model.Statement{Record: rec, Schema: schema, Prop: props[rng.IntN(len(props))],
				Value: fmt.Sprintf("v%d", rng.IntN(6)), Source: src, Label: labels[rng.IntN(len(labels))],
				Reliability: model.Reliability('A' + rng.IntN(6)), Credibility: model.Credibility(1 + rng.IntN(6)),
				Category: model.Category(rng.IntN(3)), FirstSeen: t0, LastSeen: t0.Add(time.Hour)}
			if rng.IntN(3) == 0 {
				st.Original = " " + st.Value + " (as given)"
			}
			if rng.IntN(4) == 0 {
				st.ReviewAt = t0.AddDate(5, 0, 0)
			}
			st.SetID()
			key := rec + "\x00" + st.ID
			if _, stored := m.stmts[key]; stored && !inLoad[key] {
				want.Skipped++
			} else if inLoad[key] {
				want.Skipped++
			} else {
				inLoad[key] = true
				m.stmts[key] = st
				want.Statements++
			}
			if _, ok := m.records[rec]; !ok {
				m.records[rec] = [2]string{st.Schema, st.Source}
				newRecs[rec] = true
			}
			if err := l.Add(&st); err != nil {
				t.Fatal(err)
			}
		}
	}
	want.Records = len(newRecs)
	spills := len(ld.spills)
	got, err := l.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("write stats = %+v, want %+v (%d statements, %d spills)", got, want, n, spills)
	}
	checkStore(t, s, m)
}

func checkStore(t *testing.T, s *Store, m *loadModel) {
	t.Helper()
	ctx := context.Background()
	seen := 0
	err := s.ScanStatements(ctx, func(st *model.Statement) error {
		seen++
		w, ok := m.stmts[st.Record+"\x00"+st.ID]
		if !ok {
			return fmt.Errorf("unexpected statement %+v", st)
		}
		if *st != w {
			return fmt.Errorf("stored %+v\n want %+v", *st, w)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen != len(m.stmts) {
		t.Fatalf("stored %d statements, want %d", seen, len(m.stmts))
	}
	recs := 0
	err = s.ScanRecords(ctx, func(ri store.RecordInfo) error {
		recs++
		w, ok := m.records[ri.ID]
		if !ok || ri.Schema != w[0] || ri.Source != w[1] {
			return fmt.Errorf("record %+v, want %v", ri, w)
		}
		if rec, err := s.RecordByEntityID(ctx, store.EntityID(ri.ID)); err != nil || rec != ri.ID {
			return fmt.Errorf("birth id of %s gives %q, %v", ri.ID, rec, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if recs != len(m.records) {
		t.Fatalf("stored %d records, want %d", recs, len(m.records))
	}
	c, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Statements != int64(len(m.stmts)) || c.Records != int64(len(m.records)) {
		t.Fatalf("counts %+v, want %d statements and %d records", c, len(m.stmts), len(m.records))
	}
}

// TestSortByBytes checks the packed-prefix sort against a stable sort by
// bytes.Compare, with shared prefixes, short keys and zero bytes.
func TestSortByBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 300; trial++ {
		n := rng.IntN(200)
		prefix := bytes.Repeat([]byte{'p'}, rng.IntN(30))
		keys := make([][]byte, n)
		for i := range keys {
			k := append([]byte(nil), prefix...)
			for j := rng.IntN(40); j > 0; j-- {
				k = append(k, "\x00\x01ab:z"[rng.IntN(6)])
			}
			keys[i] = k
		}
		got, same := sortByBytes(n, func(i int) []byte { return keys[i] })
		want := make([]int32, n)
		for i := range want {
			want[i] = int32(i)
		}
		slices.SortStableFunc(want, func(a, b int32) int { return bytes.Compare(keys[a], keys[b]) })
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: order %v, want %v", trial, got, want)
		}
		for i := 1; i < n; i++ {
			if eq := bytes.Equal(keys[got[i]], keys[got[i-1]]); same[i] != eq {
				t.Fatalf("trial %d: same[%d] = %v, want %v", trial, i, same[i], eq)
			}
		}
	}
}

func TestEncodingsAgree(t *testing.T) {
	for _, rec := range []string{"", "a:1", "telecom:0123456789abcdef0123456789abcdef01234567"} {
		if got := string(appendEntityID(nil, []byte(rec))); got != store.EntityID(rec) {
			t.Errorf("appendEntityID(%q) = %q, want %q", rec, got, store.EntityID(rec))
		}
	}
	now := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	if got, want := appendRecordInfo(nil, "Person", "police", now), encodeRecordInfo("Person", "police", now); !bytes.Equal(got, want) {
		t.Errorf("appendRecordInfo = %x, want %x", got, want)
	}
	d := newDict()
	for _, st := range []model.Statement{
		{Schema: "Person", Prop: "name", Value: "Ivan", Source: "police", Label: "A&B", Reliability: 'B', Credibility: 2, FirstSeen: now, LastSeen: now},
		{Schema: "Person", Prop: "name", Value: "Ivan", Original: "IVAN ", Source: "police", Reliability: 'B', Credibility: 2, ReviewAt: now},
		{Schema: "Call", Prop: "date", Value: "", Source: "telecom", Category: model.CategorySuspect, Kind: model.KindAssessment},
	} {
		h, tl := d.numbers(&st)
		vo := appendStr(appendStr(nil, st.Value), st.Original)
		if got, want := d.value(nil, h, tl, vo), encodeStatement(nil, &st); !bytes.Equal(got, want) {
			t.Errorf("dictionary value of %+v = %x, want %x", st, got, want)
		}
	}
}

// TestAbortAfterSpillLeavesNothing: an aborted load that spilled runs
// writes nothing and removes its files.
func TestAbortAfterSpillLeavesNothing(t *testing.T) {
	s := openTest(t).(*Store)
	defer s.Close()
	ctx := context.Background()
	l, _ := s.NewLoader(ctx)
	ld := l.(*loader)
	ld.runLimit = 4 << 10
	for i := 0; i < 2000; i++ {
		st := model.Statement{Record: fmt.Sprintf("x:%d", i/3), Schema: "Person", Prop: "name", Value: fmt.Sprint(i), Source: "x"}
		if err := l.Add(&st); err != nil {
			t.Fatal(err)
		}
	}
	if len(ld.spills) == 0 {
		t.Fatal("no run was spilled")
	}
	if err := l.Abort(); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Counts(ctx); c.Statements != 0 || c.Records != 0 {
		t.Errorf("aborted load left %+v", c)
	}
	n := 0
	if err := s.ScanStatements(ctx, func(*model.Statement) error { n++; return nil }); err != nil || n != 0 {
		t.Errorf("aborted load left %d statements (%v)", n, err)
	}
	if _, err := os.Stat(ld.tmp); !os.IsNotExist(err) {
		t.Errorf("aborted load left its files in %s (%v)", ld.tmp, err)
	}
}
