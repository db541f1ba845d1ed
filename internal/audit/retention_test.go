package audit

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
	"github.com/mosaichq/mosaic/internal/store/storetest"
)

var retNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// retentionStore holds, with synthetic people:
//
//	police:1  every statement past review            → gone
//	police:2  birthDate past review, name not         → trimmed
//	police:3  review date in the future               → kept
//	police:4  no review date                          → kept
//	border:9  review date exactly now                 → gone (≤ now is due)
//
// and judgements: machine police:1–border:9, police:2–police:3,
// police:3–police:4; analyst police:1–police:3 (gone record) and
// police:2–police:4 (trimmed record); police:1 and border:9 in one entity.
func retentionStore(t *testing.T) store.Backend {
	t.Helper()
	b, err := embedded.Open(t.TempDir(), embedded.Options{NoSync: true, CacheBytes: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	past, future := retNow.AddDate(0, -1, 0), retNow.AddDate(1, 0, 0)
	st := func(rec, prop, val string, review time.Time) model.Statement {
		s := storetest.Stmt(rec, "Person", prop, val, "")
		s.ReviewAt = review
		return s
	}
	ss := []model.Statement{
		st("police:1", "name", "Ivan Petrov", past), st("police:1", "birthDate", "1980-01-02", past),
		st("police:2", "name", "Olga Sidorova", future), st("police:2", "birthDate", "1975-05-05", past),
		st("police:3", "name", "Olga Sidorova", future), st("police:3", "birthDate", "1975-05-05", future),
		st("police:4", "name", "Petr Ivanov", time.Time{}),
		st("border:9", "name", "Ivan Petrov", retNow), st("border:9", "passportNumber", "X1234567", retNow),
	}
	if _, err := b.WriteStatements(ctx, ss); err != nil {
		t.Fatal(err)
	}
	m := func(a, c string) store.Judgement {
		return store.Judgement{A: a, B: c, Verdict: store.Positive, Score: 0.9, By: store.Machine, At: retNow}
	}
	an := func(a, c string) store.Judgement {
		return store.Judgement{A: a, B: c, Verdict: store.Negative, By: "alice", Reason: "different people", At: retNow}
	}
	if err := b.PutJudgements(ctx, []store.Judgement{m("border:9", "police:1"), m("police:2", "police:3"),
		m("police:3", "police:4"), an("police:1", "police:3"), an("police:2", "police:4")}); err != nil {
		t.Fatal(err)
	}
	ent := store.EntityID("police:1")
	if err := b.ApplyClusters(ctx, []store.Assignment{{Record: "police:1", Entity: ent}, {Record: "border:9", Entity: ent}}, nil); err != nil {
		t.Fatal(err)
	}
	return b
}

func judgementPairs(t *testing.T, b store.Backend) []string {
	var out []string
	b.ScanJudgements(ctx, func(j *store.Judgement) error {
		out = append(out, j.A+"~"+j.B+"/"+j.By)
		return nil
	})
	sort.Strings(out)
	return out
}

func statementsOf(t *testing.T, b store.Backend) []string {
	var out []string
	b.ScanStatements(ctx, func(s *model.Statement) error {
		out = append(out, s.Record+"."+s.Prop)
		return nil
	})
	sort.Strings(out)
	return out
}

func logEntries(t *testing.T, l Log) []Entry {
	var out []Entry
	if err := l.Scan(ctx, 0, func(e Entry) error { out = append(out, e); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// noRebuild stands in for resolution so the judgements left are exactly
// what retention itself kept.
func noRebuild(calls *int) func(context.Context, store.Backend) error {
	return func(context.Context, store.Backend) error { *calls++; return nil }
}

func TestRetention(t *testing.T) {
	b := retentionStore(t)
	path := filepath.Join(t.TempDir(), "audit", "consultations.log")
	l, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	before := statementsOf(t, b)
	judgedBefore := judgementPairs(t, b)

	// A dry run reports and changes nothing, not even the log.
	rebuilds := 0
	dry, err := RunRetention(ctx, b, l, retNow, RetentionOptions{DryRun: true, Rebuild: noRebuild(&rebuilds)})
	if err != nil {
		t.Fatal(err)
	}
	if dry.Statements != 5 || dry.Gone != 2 || dry.Trimmed != 1 || len(dry.Records) != 3 || dry.Rebuilt || rebuilds != 0 {
		t.Fatalf("dry run = %+v", dry)
	}
	if got := statementsOf(t, b); !reflect.DeepEqual(got, before) {
		t.Fatalf("dry run changed statements: %v", got)
	}
	if got := judgementPairs(t, b); !reflect.DeepEqual(got, judgedBefore) {
		t.Fatalf("dry run changed judgements: %v", got)
	}
	if n := len(logEntries(t, l)); n != 0 {
		t.Fatalf("dry run logged %d entries", n)
	}

	rep, err := RunRetention(ctx, b, l, retNow, RetentionOptions{Rebuild: noRebuild(&rebuilds)})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Statements != 5 || rep.Gone != 2 || rep.Trimmed != 1 || !rep.Rebuilt || rebuilds != 1 {
		t.Fatalf("report = %+v", rep)
	}
	wantLeft := []string{"police:2.name", "police:3.birthDate", "police:3.name", "police:4.name"}
	if got := statementsOf(t, b); !reflect.DeepEqual(got, wantLeft) {
		t.Fatalf("statements left = %v, want %v", got, wantLeft)
	}
	for _, rec := range []string{"police:1", "border:9"} {
		if _, err := b.Record(ctx, rec); err == nil {
			t.Errorf("record %s still exists", rec)
		}
	}
	// Machine judgements on changed records are gone; the one between two
	// untouched records stays; the embedded store is a RecordPurger, so the
	// analyst judgement and the assignments of the erased record go too,
	// and the one about a record only trimmed stays.
	wantJ := []string{"police:2~police:4/alice", "police:3~police:4/machine"}
	if got := judgementPairs(t, b); !reflect.DeepEqual(got, wantJ) {
		t.Fatalf("judgements left = %v, want %v", got, wantJ)
	}
	if rep.MachineJudgements != 2 || rep.AnalystLeft != 0 || rep.AnalystPurged != 1 || rep.StaleAssignments != 0 {
		t.Errorf("judgement/assignment counts = %+v", rep)
	}

	// One entry per record plus a summary; ids and property names, never
	// the erased values.
	es := logEntries(t, l)
	if len(es) != 4 {
		t.Fatalf("%d entries logged, want 4", len(es))
	}
	byRec := map[string]Entry{}
	for _, e := range es[:3] {
		if e.Kind != KindRetention || len(e.Records) != 1 {
			t.Fatalf("entry %+v", e)
		}
		byRec[e.Records[0]] = e
	}
	if e := byRec["police:1"]; e.Params["statements"] != "2" || e.Params["props"] != "birthDate,name" ||
		e.Params["record"] != "erased" || !reflect.DeepEqual(e.Entities, []string{store.EntityID("police:1")}) {
		t.Errorf("police:1 entry = %+v", e)
	}
	if e := byRec["police:2"]; e.Params["statements"] != "1" || e.Params["props"] != "birthDate" || e.Params["record"] != "trimmed" {
		t.Errorf("police:2 entry = %+v", e)
	}
	if e := byRec["border:9"]; e.Params["props"] != "name,passportNumber" {
		t.Errorf("border:9 entry = %+v", e)
	}
	if s := es[3]; s.Kind != KindRetention || s.Params["statements"] != "5" || s.Params["gone"] != "2" {
		t.Errorf("summary entry = %+v", s)
	}
	raw, _ := os.ReadFile(path)
	for _, v := range []string{"Ivan Petrov", "1980-01-02", "1975-05-05", "X1234567"} {
		if bytes.Contains(raw, []byte(v)) {
			t.Errorf("erased value %q written to the log", v)
		}
	}
	if _, err := Verify(ctx, l); err != nil {
		t.Fatal(err)
	}

	// Again: nothing more is due.
	again, err := RunRetention(ctx, b, l, retNow, RetentionOptions{Rebuild: noRebuild(&rebuilds)})
	if err != nil {
		t.Fatal(err)
	}
	if again.Statements != 0 || len(again.Records) != 0 || again.Rebuilt || rebuilds != 1 || len(logEntries(t, l)) != 4 {
		t.Fatalf("second run = %+v (%d rebuilds)", again, rebuilds)
	}
	// A later now makes the future ones due.
	later, err := RunRetention(ctx, b, l, retNow.AddDate(2, 0, 0), RetentionOptions{Rebuild: noRebuild(&rebuilds)})
	if err != nil || later.Statements != 3 || later.Gone != 2 {
		t.Fatalf("later run = %+v, %v", later, err)
	}
	if got := statementsOf(t, b); !reflect.DeepEqual(got, []string{"police:4.name"}) {
		t.Fatalf("after the later run: %v", got)
	}
}

// purgingBackend stands for a backend that can drop analyst judgements and
// assignments of erased records.
type purgingBackend struct {
	store.Backend
	purged []string
}

func (p *purgingBackend) PurgeRecords(ctx context.Context, recs []string) error {
	p.purged = append(p.purged, recs...)
	return nil
}

func TestRetentionPurger(t *testing.T) {
	b := &purgingBackend{Backend: retentionStore(t)}
	l, err := OpenFile(filepath.Join(t.TempDir(), "a.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	n := 0
	rep, err := RunRetention(ctx, b, l, retNow, RetentionOptions{Rebuild: noRebuild(&n)})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(b.purged, []string{"border:9", "police:1"}) || rep.AnalystPurged != 1 || rep.AnalystLeft != 0 {
		t.Fatalf("purged %v, report %+v", b.purged, rep)
	}
}

// With the default rebuild, resolution runs again over what is left.
func TestRetentionDefaultRebuild(t *testing.T) {
	b := retentionStore(t)
	l, err := OpenFile(filepath.Join(t.TempDir(), "a.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := b.GetDoc(ctx, "resolve", "model"); err == nil {
		t.Fatal("model present before any resolution")
	}
	rep, err := RunRetention(ctx, b, l, retNow, RetentionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Rebuilt {
		t.Fatal("not rebuilt")
	}
	if _, err := b.GetDoc(ctx, "resolve", "model"); err != nil {
		t.Fatalf("resolution did not run: %v", err)
	}
	for _, j := range judgementPairs(t, b) {
		if strings.HasSuffix(j, "/machine") && (strings.Contains(j, "police:1") || strings.Contains(j, "border:9")) {
			t.Errorf("machine judgement on an erased record after rebuild: %s", j)
		}
	}
	// Every record left is assigned to an entity by the rebuild.
	for _, rec := range []string{"police:2", "police:3", "police:4"} {
		if _, err := b.EntityOf(ctx, rec); err != nil {
			t.Errorf("%s has no entity after rebuild: %v", rec, err)
		}
	}
}

func TestRetentionNeedsLog(t *testing.T) {
	b := retentionStore(t)
	if _, err := RunRetention(ctx, b, nil, retNow, RetentionOptions{}); err == nil {
		t.Fatal("retention without a log ran")
	}
	if rep, err := RunRetention(ctx, b, nil, retNow, RetentionOptions{DryRun: true}); err != nil || rep.Statements != 5 {
		t.Fatalf("dry run without a log = %+v, %v", rep, err)
	}
}
