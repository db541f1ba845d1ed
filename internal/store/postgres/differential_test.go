package postgres

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
)

// dump is everything a backend returns about its contents, normalised
// where the engines may legitimately differ (creation times, the values of
// history sequence numbers, nil versus empty).
type dump struct {
	Statements  []model.Statement
	Records     []store.RecordInfo
	Births      map[string]string
	Judgements  []store.Judgement
	ByRecord    map[string][]store.Judgement
	Assignments []store.Assignment
	Members     map[string][]string
	History     map[string][]store.HistoryEvent
	Docs        map[string][]string
	Counts      store.Counts
}

func takeDump(t *testing.T, b store.Backend) dump {
	t.Helper()
	ctx := context.Background()
	d := dump{Births: map[string]string{}, ByRecord: map[string][]store.Judgement{}, Members: map[string][]string{},
		History: map[string][]store.HistoryEvent{}, Docs: map[string][]string{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(b.ScanStatements(ctx, func(s *model.Statement) error { d.Statements = append(d.Statements, *s); return nil }))
	must(b.ScanRecords(ctx, func(ri store.RecordInfo) error {
		ri.Created = time.Time{}
		d.Records = append(d.Records, ri)
		rec, err := b.RecordByEntityID(ctx, store.EntityID(ri.ID))
		d.Births[ri.ID] = fmt.Sprint(rec, err)
		return nil
	}))
	norm := func(j store.Judgement) store.Judgement {
		if len(j.Features) == 0 {
			j.Features = nil
		}
		return j
	}
	must(b.ScanJudgements(ctx, func(j *store.Judgement) error { d.Judgements = append(d.Judgements, norm(*j)); return nil }))
	recs := map[string]bool{}
	for _, j := range d.Judgements {
		recs[j.A], recs[j.B] = true, true
	}
	for r := range recs {
		js, err := b.RecordJudgements(ctx, r)
		must(err)
		for _, j := range js {
			d.ByRecord[r] = append(d.ByRecord[r], norm(j))
		}
	}
	must(b.ScanAssignments(ctx, func(a store.Assignment) error { d.Assignments = append(d.Assignments, a); return nil }))
	ents := map[string]bool{}
	for _, a := range d.Assignments {
		ents[a.Entity] = true
	}
	for e := range ents {
		m, err := b.Members(ctx, e)
		must(err)
		d.Members[e] = m
		h, err := b.History(ctx, e)
		must(err)
		for i := range h {
			if i > 0 && h[i].Seq <= h[i-1].Seq {
				t.Errorf("history of %s out of order: %+v", e, h)
			}
			h[i].Seq = 0
		}
		d.History[e] = h
	}
	for _, kind := range []string{"user", "review"} {
		must(b.ScanDocs(ctx, kind, "", func(id string, body []byte) error {
			d.Docs[kind] = append(d.Docs[kind], id+"="+string(body))
			return nil
		}))
	}
	c, err := b.Counts(ctx)
	must(err)
	d.Counts = c
	return d
}

// TestSameAsEmbedded applies one sequence of writes to both engines and
// requires the same answers from every call and the same contents after.
func TestSameAsEmbedded(t *testing.T) {
	t.Parallel()
	pg := openTest(t)
	emb, err := embedded.Open(t.TempDir(), embedded.Options{NoSync: true, CacheBytes: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer emb.Close()
	ctx := context.Background()
	engines := []store.Backend{emb, pg}
	same := func(what string, f func(b store.Backend) any) {
		t.Helper()
		a, b := f(emb), f(pg)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s:\nembedded %+v\npostgres %+v", what, a, b)
		}
	}
	// Times at whole seconds: the embedded engine keeps no finer.
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	all := synthetic(3_000, 3, 3, 0)
	for i := range all {
		if i%5 == 0 {
			all[i].ReviewAt = at.AddDate(1, 0, i)
		}
		if i%7 == 0 {
			all[i].FirstSeen = time.Time{}
		}
	}
	same("loader", func(b store.Backend) any {
		l, _ := b.NewLoader(ctx)
		for i := range all[:2_500] {
			l.Add(&all[i])
		}
		ws, err := l.Commit()
		return fmt.Sprint(ws, err)
	})
	same("WriteStatements", func(b store.Backend) any {
		ws, err := b.WriteStatements(ctx, all[2_400:])
		return fmt.Sprint(ws, err)
	})
	var keys []store.StatementKey
	for i := 0; i < 60; i++ {
		keys = append(keys, store.StatementKey{Record: all[i].Record, ID: all[i].ID}) // whole records 0..19
	}
	for i := 100; i < 3_000; i += 97 {
		keys = append(keys, store.StatementKey{Record: all[i].Record, ID: all[i].ID})
	}
	same("DeleteStatements", func(b store.Backend) any {
		n, err := b.DeleteStatements(ctx, keys)
		return fmt.Sprint(n, err)
	})
	rec := func(i int) string { return all[i*3].Record }
	var js []store.Judgement
	for i := 30; i < 200; i++ {
		j := store.Judgement{A: rec(i), B: rec(i + 1 + i%4), Verdict: store.Verdict(i % 3), Score: float64(i) / 200,
			Features: []byte{byte(i), 1}, Label: []string{"", "SECRET"}[i%2], By: store.Machine, At: at}
		if i%11 == 0 {
			j.By, j.Reason, j.Features = "alice", "same passport", nil
		}
		js = append(js, j)
	}
	same("PutJudgements", func(b store.Backend) any { return fmt.Sprint(b.PutJudgements(ctx, js)) })
	// A machine re-run over everything, then deletions.
	rerun := append([]store.Judgement(nil), js...)
	for i := range rerun {
		rerun[i].By, rerun[i].Reason, rerun[i].Score = store.Machine, "", 0.5
	}
	same("PutJudgements rerun", func(b store.Backend) any { return fmt.Sprint(b.PutJudgements(ctx, rerun)) })
	var pairs [][2]string
	for _, j := range js[:80] {
		pairs = append(pairs, [2]string{j.B, j.A})
	}
	same("DeleteJudgements", func(b store.Backend) any { return fmt.Sprint(b.DeleteJudgements(ctx, pairs)) })
	for round := 0; round < 3; round++ {
		var as []store.Assignment
		var evs []store.HistoryEvent
		for i := 20; i < 400; i++ {
			e := store.EntityID(rec(i / (2 + round) * (2 + round)))
			as = append(as, store.Assignment{Record: rec(i), Entity: e})
			if i%(2+round) == 0 {
				evs = append(evs, store.HistoryEvent{Entity: e, At: at, Kind: "merged", Records: []string{rec(i)}, By: "machine"})
			}
		}
		same(fmt.Sprint("ApplyClusters ", round), func(b store.Backend) any { return fmt.Sprint(b.ApplyClusters(ctx, as, evs)) })
	}
	for _, b := range engines {
		b.PutDoc(ctx, "user", "u2", []byte(`{"n":2}`))
		b.PutDoc(ctx, "user", "u1", []byte(`{"n":1}`))
		b.PutDoc(ctx, "review", "r1", []byte(`x`))
		b.DeleteDoc(ctx, "user", "u2")
	}
	same("Record", func(b store.Backend) any {
		ri, err := b.Record(ctx, rec(500))
		ri.Created = time.Time{}
		_, err2 := b.Record(ctx, rec(1))
		return fmt.Sprint(ri, err, err2)
	})
	de, dp := takeDump(t, emb), takeDump(t, pg)
	if len(de.Statements) < 2_500 || len(de.Assignments) < 300 || len(de.Judgements) < 50 {
		t.Fatalf("the scenario is too small to compare: %d statements, %d assignments, %d judgements",
			len(de.Statements), len(de.Assignments), len(de.Judgements))
	}
	ve, vp := reflect.ValueOf(de), reflect.ValueOf(dp)
	for i := 0; i < ve.NumField(); i++ {
		if d := firstDiff(ve.Field(i), vp.Field(i)); d != "" {
			t.Errorf("%s differ: %s", ve.Type().Field(i).Name, d)
		}
	}
}

// firstDiff describes the first difference between two slices or maps (or
// values), or returns "" when they are deeply equal.
func firstDiff(a, b reflect.Value) string {
	if reflect.DeepEqual(a.Interface(), b.Interface()) {
		return ""
	}
	switch a.Kind() {
	case reflect.Slice:
		for i := 0; i < min(a.Len(), b.Len()); i++ {
			if !reflect.DeepEqual(a.Index(i).Interface(), b.Index(i).Interface()) {
				return fmt.Sprintf("at %d:\nembedded %+v\npostgres %+v", i, a.Index(i).Interface(), b.Index(i).Interface())
			}
		}
		return fmt.Sprintf("lengths %d (embedded) and %d (postgres)", a.Len(), b.Len())
	case reflect.Map:
		for _, k := range a.MapKeys() {
			bv := b.MapIndex(k)
			if !bv.IsValid() {
				return fmt.Sprintf("key %v only in embedded", k)
			}
			if d := firstDiff(a.MapIndex(k), bv); d != "" {
				return fmt.Sprintf("key %v: %s", k, d)
			}
		}
		return fmt.Sprintf("sizes %d (embedded) and %d (postgres)", a.Len(), b.Len())
	}
	return fmt.Sprintf("\nembedded %+v\npostgres %+v", a.Interface(), b.Interface())
}
