// Package storetest is the conformance suite every store.Backend must pass.
// Each engine's tests call Run with a constructor for a fresh, empty store.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// Open returns a fresh, empty backend; the suite closes it.
type Open func(t *testing.T) store.Backend

// Run runs every conformance test against backends made by open.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(t *testing.T, b store.Backend)
	}{
		{"WriteAndRead", testWriteAndRead},
		{"Idempotent", testIdempotent},
		{"LoaderAbort", testLoaderAbort},
		{"Delete", testDelete},
		{"Judgements", testJudgements},
		{"SortedJudgements", testSortedJudgements},
		{"Clusters", testClusters},
		{"BatchReads", testBatchReads},
		{"Docs", testDocs},
		{"ViewHidesStatements", testViewHidesStatements},
		{"ViewSplitsClusters", testViewSplitsClusters},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := open(t)
			defer b.Close()
			tc.fn(t, b)
		})
	}
}

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// Stmt builds a statement with sensible provenance for tests.
func Stmt(record, schema, prop, value, label string) model.Statement {
	src, _ := model.SplitRecordID(record)
	s := model.Statement{Record: record, Schema: schema, Prop: prop, Value: value, Source: src,
		Label: label, Reliability: 'B', Credibility: 2, Category: model.CategorySuspect,
		FirstSeen: t0, LastSeen: t0.Add(time.Hour)}
	s.SetID()
	return s
}

func person(rec, name, label string) []model.Statement {
	return []model.Statement{
		Stmt(rec, "Person", "name", name, label),
		Stmt(rec, "Person", "birthDate", "1980-01-02", label),
	}
}

func write(t *testing.T, b store.Backend, ss ...model.Statement) store.WriteStats {
	t.Helper()
	ws, err := b.WriteStatements(context.Background(), ss)
	if err != nil {
		t.Fatalf("WriteStatements: %v", err)
	}
	return ws
}

func testWriteAndRead(t *testing.T, b store.Backend) {
	ctx := context.Background()
	ss := append(person("police:1", "Ivan Petrov", ""), person("border:9", "Ivan Petrov", "BORDER")...)
	ss[0].Original = "PETROV, Ivan"
	ss[0].ReviewAt = t0.AddDate(5, 0, 0)
	ws := write(t, b, ss...)
	if ws.Statements != 4 || ws.Records != 2 {
		t.Fatalf("write stats = %+v, want 4 statements 2 records", ws)
	}
	got, err := b.RecordStatements(ctx, "police:1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("RecordStatements = %d, want 2", len(got))
	}
	byProp := map[string]model.Statement{}
	for _, s := range got {
		byProp[s.Prop] = s
	}
	if !reflect.DeepEqual(byProp["name"], ss[0]) {
		t.Errorf("round trip:\n got %+v\nwant %+v", byProp["name"], ss[0])
	}
	ri, err := b.Record(ctx, "border:9")
	if err != nil || ri.Schema != "Person" || ri.Source != "border" {
		t.Errorf("Record = %+v, %v", ri, err)
	}
	if _, err := b.Record(ctx, "nope:1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Record(missing) err = %v, want ErrNotFound", err)
	}
	rec, err := b.RecordByEntityID(ctx, store.EntityID("border:9"))
	if err != nil || rec != "border:9" {
		t.Errorf("RecordByEntityID = %q, %v", rec, err)
	}
	var full, lean []model.Statement
	if err := b.ScanStatements(ctx, func(s *model.Statement) error { full = append(full, *s); return nil }); err != nil || len(full) != 4 {
		t.Errorf("ScanStatements saw %d (%v), want 4", len(full), err)
	}
	// A lean scan is the same scan without ids and original texts.
	if err := store.ScanStatementsLean(ctx, b, func(s *model.Statement) error { lean = append(lean, *s); return nil }); err != nil {
		t.Error(err)
	}
	if len(lean) != len(full) {
		t.Errorf("ScanStatementsLean saw %d, ScanStatements %d", len(lean), len(full))
	}
	for i := range min(len(lean), len(full)) {
		want := full[i]
		if lean[i].ID == "" {
			want.ID, want.Original = "", ""
		}
		if !reflect.DeepEqual(lean[i], want) {
			t.Errorf("lean scan [%d] = %+v, want %+v", i, lean[i], want)
		}
	}
	var recs []string
	b.ScanRecords(ctx, func(ri store.RecordInfo) error { recs = append(recs, ri.ID); return nil })
	sort.Strings(recs)
	if !reflect.DeepEqual(recs, []string{"border:9", "police:1"}) {
		t.Errorf("ScanRecords = %v", recs)
	}
	c, err := b.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c != (store.Counts{Statements: 4, Records: 2, Entities: 2, Sources: 2}) {
		t.Errorf("Counts = %+v", c)
	}
}

func testIdempotent(t *testing.T, b store.Backend) {
	ss := person("police:1", "Ivan Petrov", "")
	// The same statement twice in one write counts once.
	ws := write(t, b, append(ss, ss[0])...)
	if ws.Statements != 2 {
		t.Fatalf("first write added %d, want 2", ws.Statements)
	}
	ws = write(t, b, ss...)
	if ws.Statements != 0 || ws.Records != 0 || ws.Skipped != 2 {
		t.Fatalf("rewrite = %+v, want nothing added and 2 skipped", ws)
	}
	more := Stmt("police:1", "Person", "alias", "Vanya", "")
	ws = write(t, b, append(ss, more)...)
	if ws.Statements != 1 || ws.Records != 0 {
		t.Fatalf("adding one value = %+v", ws)
	}
	c, _ := b.Counts(context.Background())
	if c.Statements != 3 || c.Records != 1 {
		t.Errorf("Counts = %+v", c)
	}
}

func testLoaderAbort(t *testing.T, b store.Backend) {
	ctx := context.Background()
	l, err := b.NewLoader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range person("police:1", "Ivan", "") {
		if err := l.Add(&s); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Abort(); err != nil {
		t.Fatal(err)
	}
	c, _ := b.Counts(ctx)
	if c.Statements != 0 || c.Records != 0 {
		t.Errorf("aborted load left %+v", c)
	}
	if _, err := b.Record(ctx, "police:1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("aborted record visible: %v", err)
	}
	// Invalid statements are refused by Add.
	l, _ = b.NewLoader(ctx)
	defer l.Abort()
	if err := l.Add(&model.Statement{Record: "x:1"}); err == nil {
		t.Error("Add accepted a statement without schema and prop")
	}
}

func testDelete(t *testing.T, b store.Backend) {
	ctx := context.Background()
	ss := append(person("police:1", "Ivan", ""), person("police:2", "Olga", "")...)
	write(t, b, ss...)
	n, err := b.DeleteStatements(ctx, []store.StatementKey{{Record: "police:1", ID: ss[0].ID}})
	if err != nil || n != 1 {
		t.Fatalf("delete one = %d, %v", n, err)
	}
	if _, err := b.Record(ctx, "police:1"); err != nil {
		t.Errorf("record with a statement left was removed: %v", err)
	}
	n, err = b.DeleteStatements(ctx, []store.StatementKey{{Record: "police:1", ID: ss[1].ID}, {Record: "police:1", ID: ss[0].ID}})
	if err != nil || n != 1 {
		t.Fatalf("delete rest = %d, %v", n, err)
	}
	if _, err := b.Record(ctx, "police:1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("emptied record still there: %v", err)
	}
	c, _ := b.Counts(ctx)
	if c.Statements != 2 || c.Records != 1 {
		t.Errorf("Counts after delete = %+v", c)
	}
}

func testJudgements(t *testing.T, b store.Backend) {
	ctx := context.Background()
	m := store.Judgement{A: "b:2", B: "a:1", Verdict: store.Positive, Score: 0.97, Features: []byte{1, 2, 3}, Label: "X", By: store.Machine, At: t0}
	if err := b.PutJudgements(ctx, []store.Judgement{m}); err != nil {
		t.Fatal(err)
	}
	js, err := b.RecordJudgements(ctx, "b:2")
	if err != nil || len(js) != 1 {
		t.Fatalf("RecordJudgements(b:2) = %v, %v", js, err)
	}
	if js[0].A != "a:1" || js[0].B != "b:2" || js[0].Score != 0.97 || string(js[0].Features) != "\x01\x02\x03" || js[0].Label != "X" {
		t.Errorf("judgement round trip = %+v", js[0])
	}
	analyst := store.Judgement{A: "a:1", B: "b:2", Verdict: store.Negative, By: "alice", Reason: "different fathers", At: t0}
	b.PutJudgements(ctx, []store.Judgement{analyst})
	// A machine re-run must not overwrite the analyst, nor delete it.
	b.PutJudgements(ctx, []store.Judgement{m})
	b.DeleteJudgements(ctx, [][2]string{{"a:1", "b:2"}})
	js, _ = b.RecordJudgements(ctx, "a:1")
	if len(js) != 1 || js[0].By != "alice" || js[0].Verdict != store.Negative {
		t.Fatalf("analyst judgement not kept: %+v", js)
	}
	// Analyst and machine judgements of one pair in one call: the analyst's wins.
	b.PutJudgements(ctx, []store.Judgement{
		{A: "x:1", B: "y:1", Verdict: store.Negative, By: "bob", Reason: "twins"},
		{A: "x:1", B: "y:1", Verdict: store.Positive, Score: 0.99, By: store.Machine},
	})
	if js, _ := b.RecordJudgements(ctx, "x:1"); len(js) != 1 || js[0].By != "bob" {
		t.Errorf("machine judgement in the same call replaced the analyst's: %+v", js)
	}
	b.DeleteJudgements(ctx, [][2]string{{"x:1", "y:1"}})
	m2 := store.Judgement{A: "c:3", B: "a:1", Verdict: store.Unsure, Score: 0.5, By: store.Machine}
	b.PutJudgements(ctx, []store.Judgement{m2})
	b.DeleteJudgements(ctx, [][2]string{{"c:3", "a:1"}})
	n := 0
	b.ScanJudgements(ctx, func(*store.Judgement) error { n++; return nil })
	if n != 2 {
		t.Errorf("after deleting the machine judgement %d remain, want the 2 analysts'", n)
	}
	// A batch run's chunk is large enough for a store to check it another
	// way than a few judgements; the analyst's judgement still wins.
	var many []store.Judgement
	var pairs [][2]string
	for i := 0; i < 10_000; i++ {
		j := store.Judgement{A: fmt.Sprintf("m:%05d", i), B: fmt.Sprintf("n:%05d", i), Verdict: store.Unsure, Score: 0.5, By: store.Machine}
		many = append(many, j)
		pairs = append(pairs, [2]string{j.A, j.B})
	}
	many = append(many, m)
	if err := b.PutJudgements(ctx, many); err != nil {
		t.Fatal(err)
	}
	if js, _ := b.RecordJudgements(ctx, "a:1"); len(js) != 1 || js[0].By != "alice" {
		t.Errorf("a large machine batch replaced the analyst's judgement: %+v", js)
	}
	if js, _ := b.RecordJudgements(ctx, "m:04321"); len(js) != 1 || js[0].B != "n:04321" {
		t.Errorf("a large machine batch lost a judgement: %+v", js)
	}
	if err := b.DeleteJudgements(ctx, pairs); err != nil {
		t.Fatal(err)
	}
}

// testSortedJudgements: a batch run's judgements written in key order, as
// PutJudgements would write them: the analyst's stay, both records find the
// pair, a re-run replaces the machine's, and the judgement handed over may
// be reused by the caller.
func testSortedJudgements(t *testing.T, b store.Backend) {
	ctx := context.Background()
	analyst := store.Judgement{A: "s:00007", B: "t:00007", Verdict: store.Negative, By: "alice", Reason: "twins", At: t0}
	if err := b.PutJudgements(ctx, []store.Judgement{analyst}); err != nil {
		t.Fatal(err)
	}
	const n = 12_000
	run := func(score float64) func(yield func(*store.Judgement) bool) {
		return func(yield func(*store.Judgement) bool) {
			var j store.Judgement
			var features []byte
			for i := 0; i < n; i++ {
				features = append(features[:0], byte(i), byte(i>>8))
				j = store.Judgement{A: fmt.Sprintf("s:%05d", i), B: fmt.Sprintf("t:%05d", i), Verdict: store.Unsure,
					Score: score, Features: features, Label: "X", By: store.Machine, At: t0}
				if !yield(&j) {
					return
				}
			}
		}
	}
	if err := store.PutSortedJudgements(ctx, b, run(0.5)); err != nil {
		t.Fatal(err)
	}
	if js, _ := b.RecordJudgements(ctx, "t:00007"); len(js) != 1 || js[0].By != "alice" {
		t.Errorf("the machine's sorted judgements replaced the analyst's: %+v", js)
	}
	js, err := b.RecordJudgements(ctx, "t:04321") // found from the second record of the pair
	if err != nil || len(js) != 1 || js[0].A != "s:04321" || js[0].Score != 0.5 || !bytes.Equal(js[0].Features, []byte{0xe1, 0x10}) || js[0].Label != "X" {
		t.Errorf("RecordJudgements(t:04321) = %+v, %v", js, err)
	}
	if err := store.PutSortedJudgements(ctx, b, run(0.75)); err != nil {
		t.Fatal(err)
	}
	if js, _ := b.RecordJudgements(ctx, "s:11999"); len(js) != 1 || js[0].Score != 0.75 {
		t.Errorf("a re-run did not replace the machine's judgement: %+v", js)
	}
	count := func() int {
		k := 0
		b.ScanJudgements(ctx, func(*store.Judgement) error { k++; return nil })
		return k
	}
	if got := count(); got != n {
		t.Errorf("%d judgements stored, want %d", got, n)
	}
	if _, ok := b.(store.SortedJudgementWriter); ok {
		// Out of order is refused, and nothing of the call is written.
		bad := []store.Judgement{{A: "u:2", B: "v:2", By: store.Machine}, {A: "u:1", B: "v:1", By: store.Machine}}
		err := store.PutSortedJudgements(ctx, b, func(yield func(*store.Judgement) bool) {
			for i := range bad {
				if !yield(&bad[i]) {
					return
				}
			}
		})
		if err == nil {
			t.Error("judgements out of key order were accepted")
		}
		if got := count(); got != n {
			t.Errorf("a refused call left %d judgements, want %d", got, n)
		}
	}
}

// testBatchReads: an entity's members read together give what reading
// them one by one gives, and only the judgements inside the set.
func testBatchReads(t *testing.T, b store.Backend) {
	ctx := context.Background()
	write(t, b, append(append(person("a:1", "Ivan", ""), person("a:10", "Iva", "X")...), person("b:2", "Ivan", "")...)...)
	got, err := b.StatementsOf(ctx, []string{"b:2", "a:1", "nobody:9", "a:1"})
	if err != nil {
		t.Fatal(err)
	}
	var want []model.Statement
	for _, r := range []string{"a:1", "b:2"} {
		ss, err := b.RecordStatements(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, ss...)
	}
	if len(got) != len(want) {
		t.Fatalf("StatementsOf: %d statements, one by one %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Record != want[i].Record || got[i].ID != want[i].ID || got[i].Value != want[i].Value || got[i].Label != want[i].Label {
			t.Errorf("StatementsOf[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	if ss, err := b.StatementsOf(ctx, nil); err != nil || len(ss) != 0 {
		t.Errorf("StatementsOf(nil) = %v, %v", ss, err)
	}
	// Enough records that a store may read them in parts: asked in
	// reverse, with repeats and absentees, they still come in record order.
	var many []model.Statement
	var asked, ordered []string
	for i := range 300 {
		id := fmt.Sprintf("m:%03d", i)
		many = append(many, person(id, fmt.Sprintf("Name%d", i), "")...)
		ordered = append(ordered, id)
	}
	write(t, b, many...)
	for i := len(ordered) - 1; i >= 0; i-- {
		asked = append(asked, ordered[i], ordered[i]+"-gone")
		if i%7 == 0 {
			asked = append(asked, ordered[i])
		}
	}
	got, err = b.StatementsOf(ctx, asked)
	if err != nil {
		t.Fatal(err)
	}
	want = want[:0]
	for _, r := range ordered {
		ss, err := b.RecordStatements(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, ss...)
	}
	if len(got) != len(want) {
		t.Fatalf("StatementsOf of %d records: %d statements, one by one %d", len(ordered), len(got), len(want))
	}
	for i := range got {
		if got[i].Record != want[i].Record || got[i].ID != want[i].ID || got[i].Value != want[i].Value {
			t.Fatalf("StatementsOf of %d records [%d] = %+v, want %+v", len(ordered), i, got[i], want[i])
		}
	}
	b.PutJudgements(ctx, []store.Judgement{
		{A: "a:1", B: "b:2", Verdict: store.Positive, Score: 0.9, By: store.Machine, Label: "Y"},
		{A: "a:1", B: "a:10", Verdict: store.Negative, By: "alice"},
		{A: "b:2", B: "c:3", Verdict: store.Positive, Score: 0.8, By: store.Machine},
	})
	js, err := b.JudgementsAmong(ctx, []string{"b:2", "a:1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(js) != 1 || js[0].A != "a:1" || js[0].B != "b:2" || js[0].Label != "Y" || js[0].Score != 0.9 {
		t.Errorf("JudgementsAmong(a:1, b:2) = %+v, want only the pair a:1–b:2", js)
	}
	js, _ = b.JudgementsAmong(ctx, []string{"c:3", "a:10", "b:2", "a:1"})
	if len(js) != 3 || js[0].B != "a:10" || js[1].B != "b:2" || js[2].A != "b:2" {
		t.Errorf("JudgementsAmong(all) = %+v, want the three pairs in pair order", js)
	}
}

func testClusters(t *testing.T, b store.Backend) {
	ctx := context.Background()
	write(t, b, append(person("a:1", "Ivan", ""), person("b:2", "Ivan", "")...)...)
	e := store.EntityID("a:1")
	err := b.ApplyClusters(ctx, []store.Assignment{{Record: "a:1", Entity: e}, {Record: "b:2", Entity: e}},
		[]store.HistoryEvent{{Entity: e, Kind: "merged", Records: []string{"a:1", "b:2"}, By: "machine"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := b.EntityOf(ctx, "b:2"); got != e {
		t.Errorf("EntityOf = %q", got)
	}
	m, _ := b.Members(ctx, e)
	if !reflect.DeepEqual(m, []string{"a:1", "b:2"}) {
		t.Errorf("Members = %v", m)
	}
	c, _ := b.Counts(ctx)
	if c.Entities != 1 {
		t.Errorf("Entities = %d, want 1", c.Entities)
	}
	// Split b:2 off.
	e2 := store.EntityID("b:2")
	b.ApplyClusters(ctx, []store.Assignment{{Record: "b:2", Entity: e2}},
		[]store.HistoryEvent{{Entity: e, Kind: "split", Records: []string{"b:2"}, Other: e2, By: "alice"}})
	m, _ = b.Members(ctx, e)
	if !reflect.DeepEqual(m, []string{"a:1"}) {
		t.Errorf("Members after split = %v", m)
	}
	h, _ := b.History(ctx, e)
	if len(h) != 2 || h[0].Kind != "merged" || h[1].Kind != "split" || h[1].Seq <= h[0].Seq {
		t.Errorf("History = %+v", h)
	}
	n := 0
	b.ScanAssignments(ctx, func(store.Assignment) error { n++; return nil })
	if n != 2 {
		t.Errorf("ScanAssignments = %d", n)
	}
	// One call may move a record more than once: the last assignment wins,
	// including a move back to where it started.
	err = b.ApplyClusters(ctx, []store.Assignment{{Record: "b:2", Entity: e}, {Record: "b:2", Entity: e2}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := b.EntityOf(ctx, "b:2"); got != e2 {
		t.Errorf("after moving b:2 away and back in one call it is in %q, want %q", got, e2)
	}
	if m, _ := b.Members(ctx, e); !reflect.DeepEqual(m, []string{"a:1"}) {
		t.Errorf("Members(%s) = %v: stale membership after a double move", e, m)
	}
	// A batch run's reassignment is large enough for a store to read the
	// current entities another way than a few records'; moves still leave
	// no stale membership.
	const many = 10_000
	var big []store.Assignment
	for i := 0; i < many; i++ {
		big = append(big, store.Assignment{Record: fmt.Sprintf("r:%05d", i), Entity: "big-1"})
	}
	if err := b.ApplyClusters(ctx, big, nil); err != nil {
		t.Fatal(err)
	}
	for i := range big {
		if i%2 == 1 {
			big[i].Entity = "big-2"
		}
	}
	if err := b.ApplyClusters(ctx, big, nil); err != nil {
		t.Fatal(err)
	}
	m1, _ := b.Members(ctx, "big-1")
	m2, _ := b.Members(ctx, "big-2")
	if len(m1) != many/2 || len(m2) != many/2 {
		t.Errorf("after moving half of %d records: %d and %d members, want %d each", many, len(m1), len(m2), many/2)
	}
	if got, _ := b.EntityOf(ctx, "r:04321"); got != "big-2" {
		t.Errorf("r:04321 is in %q after a large move, want big-2", got)
	}
	// A large call with history, and moving a record twice in it: the last
	// place wins and the history's sequence goes on from the last event.
	big[3].Entity = "big-3"
	big = append(big, store.Assignment{Record: "r:00003", Entity: "big-1"})
	err = b.ApplyClusters(ctx, big, []store.HistoryEvent{{Entity: "big-1", Kind: "joined", Records: []string{"r:00003"}, By: "machine"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := b.EntityOf(ctx, "r:00003"); got != "big-1" {
		t.Errorf("r:00003 is in %q, want big-1 (its last assignment)", got)
	}
	if m, _ := b.Members(ctx, "big-3"); len(m) != 0 {
		t.Errorf("big-3 has members %v: a record moved twice left a stale entry", m)
	}
	if m, _ := b.Members(ctx, "big-1"); len(m) != many/2+1 {
		t.Errorf("big-1 has %d members, want %d", len(m), many/2+1)
	}
	hb, _ := b.History(ctx, "big-1")
	he, _ := b.History(ctx, e)
	if len(hb) != 1 || len(he) == 0 || hb[0].Seq <= he[len(he)-1].Seq {
		t.Errorf("history of a large call = %+v, after %+v: want one event numbered after the last", hb, he)
	}
	if c, _ := b.Counts(ctx); c.Entities != 4 {
		t.Errorf("Entities = %d, want 4 (a:1's, b:2's, big-1, big-2)", c.Entities)
	}
}

func testDocs(t *testing.T, b store.Backend) {
	ctx := context.Background()
	for i := 3; i > 0; i-- {
		if err := b.PutDoc(ctx, "user", fmt.Sprintf("u%d", i), []byte(fmt.Sprintf(`{"n":%d}`, i))); err != nil {
			t.Fatal(err)
		}
	}
	b.PutDoc(ctx, "review", "u1", []byte(`{}`))
	v, err := b.GetDoc(ctx, "user", "u2")
	if err != nil || string(v) != `{"n":2}` {
		t.Errorf("GetDoc = %s, %v", v, err)
	}
	var ids []string
	b.ScanDocs(ctx, "user", "", func(id string, body []byte) error { ids = append(ids, id); return nil })
	if !reflect.DeepEqual(ids, []string{"u1", "u2", "u3"}) {
		t.Errorf("ScanDocs = %v", ids)
	}
	b.DeleteDoc(ctx, "user", "u2")
	if _, err := b.GetDoc(ctx, "user", "u2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted doc: %v", err)
	}
}

func testViewHidesStatements(t *testing.T, b store.Backend) {
	ctx := context.Background()
	write(t, b, Stmt("p:1", "Person", "name", "Ivan", ""), Stmt("p:1", "Person", "passportNumber", "X123", "SECRET"),
		Stmt("p:2", "Person", "name", "Olga", "SECRET"))
	pub := store.NewView(b, model.NewViewer("pub", model.NewAuths()))
	ss, err := pub.RecordStatements(ctx, "p:1")
	if err != nil || len(ss) != 1 || ss[0].Prop != "name" {
		t.Errorf("public sees %+v, %v", ss, err)
	}
	if _, err := pub.RecordStatements(ctx, "p:2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("hidden record: %v", err)
	}
	if _, err := pub.Entity(ctx, "p:2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("hidden entity: %v", err)
	}
	c, _ := pub.Counts(ctx)
	if c.Statements != 1 || c.Records != 1 || c.Entities != 1 {
		t.Errorf("public counts = %+v", c)
	}
	sec := store.NewView(b, model.NewViewer("sec", model.NewAuths("SECRET")))
	c, _ = sec.Counts(ctx)
	if c.Statements != 3 || c.Records != 2 {
		t.Errorf("secret counts = %+v", c)
	}
}

// testViewSplitsClusters: a cluster held together by a judgement resting on
// hidden evidence falls apart for a viewer who cannot see it, and the parts
// get ids that look like any other entity's.
func testViewSplitsClusters(t *testing.T, b store.Backend) {
	ctx := context.Background()
	write(t, b, Stmt("a:1", "Person", "name", "Ivan Petrov", ""), Stmt("b:2", "Person", "name", "I. Petrov", ""),
		Stmt("c:3", "Person", "name", "Ivan Petrov", ""), Stmt("d:4", "Person", "name", "Ivan P", "SECRET"))
	e := store.EntityID("a:1")
	var as []store.Assignment
	for _, r := range []string{"a:1", "b:2", "c:3", "d:4"} {
		as = append(as, store.Assignment{Record: r, Entity: e})
	}
	b.ApplyClusters(ctx, as, []store.HistoryEvent{{Entity: e, Kind: "merged", Records: []string{"a:1", "b:2", "c:3", "d:4"}, By: "machine"}})
	b.PutJudgements(ctx, []store.Judgement{
		{A: "a:1", B: "c:3", Verdict: store.Positive, Score: 0.99, By: store.Machine},
		{A: "b:2", B: "c:3", Verdict: store.Positive, Score: 0.95, Label: "SECRET", By: store.Machine},
		{A: "a:1", B: "d:4", Verdict: store.Positive, Score: 0.95, Label: "SECRET", By: store.Machine},
	})
	all := store.NewView(b, model.Everyone())
	ev, err := all.Entity(ctx, e)
	if err != nil || len(ev.Records) != 4 || ev.ID != e {
		t.Fatalf("everyone sees %+v, %v", ev, err)
	}
	pub := store.NewView(b, model.NewViewer("pub", model.NewAuths()))
	ev, err = pub.Entity(ctx, "b:2")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ev.Records, []string{"b:2"}) || ev.ID != store.EntityID("b:2") {
		t.Errorf("public view of b:2 = %v as %s; want it alone under its own birth id", ev.Records, ev.ID)
	}
	for _, j := range ev.Judgements {
		if j.Label != "" {
			t.Errorf("hidden judgement leaked: %+v", j)
		}
	}
	ev, err = pub.Entity(ctx, e)
	if err != nil || !reflect.DeepEqual(ev.Records, []string{"a:1", "c:3"}) {
		t.Errorf("public view of the cluster = %+v, %v", ev, err)
	}
	// The split-off part can be found by the id the viewer was given.
	ev, err = pub.Entity(ctx, store.EntityID("b:2"))
	if err != nil || !reflect.DeepEqual(ev.Records, []string{"b:2"}) {
		t.Errorf("lookup by split id = %+v, %v", ev, err)
	}
	h, _ := pub.History(ctx, ev)
	for _, ev := range h {
		for _, r := range ev.Records {
			if r == "d:4" {
				t.Errorf("history leaks hidden record: %+v", ev)
			}
		}
	}
	c, _ := pub.Counts(ctx)
	if c.Records != 3 || c.Entities != 2 {
		t.Errorf("public counts = %+v, want 3 records in 2 entities", c)
	}
}
