package postgres

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Backend { return keepOpen{openTest(t)} })
}

// TestConformanceStreaming runs the suite again with every load, however
// small, going through COPY and the staging table.
func TestConformanceStreaming(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Backend {
		s := openTest(t)
		s.smallLimit = 0
		return keepOpen{s}
	})
}

// checkCounts compares the maintained totals with a recount of the tables.
func checkCounts(t *testing.T, s *Store) store.Counts {
	t.Helper()
	ctx := context.Background()
	got, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want store.Counts
	err = s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM statements),
		(SELECT count(*) FROM records),
		(SELECT count(DISTINCT source) FROM records),
		(SELECT count(DISTINCT entity) FROM assignments)
		  + greatest(0, (SELECT count(*) FROM records) - (SELECT count(*) FROM assignments))`).
		Scan(&want.Statements, &want.Records, &want.Sources, &want.Entities)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("Counts = %+v, recount = %+v", got, want)
	}
	return got
}

// synthetic makes n statements, per statements to a record, over sources
// datasets; value v of record r is deterministic.
func synthetic(n, per, sources int, offset int) []model.Statement {
	out := make([]model.Statement, 0, n)
	for i := offset; i < offset+n; i++ {
		r := i / per
		src := fmt.Sprintf("agency%d", r%sources)
		rec := model.RecordID(src, fmt.Sprintf("R%07d", r))
		s := storetest.Stmt(rec, "Person", "name", fmt.Sprintf("Person %d value %d", r, i%per), "")
		if i%3 == 0 {
			s.Label = "SECRET"
		}
		out = append(out, s)
	}
	return out
}

func load(t *testing.T, s store.Backend, ss []model.Statement) store.WriteStats {
	t.Helper()
	l, err := s.NewLoader(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range ss {
		if err := l.Add(&ss[i]); err != nil {
			l.Abort()
			t.Fatal(err)
		}
	}
	ws, err := l.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// TestLoaderStream drives the COPY path with a load of many buffers, then
// checks exact stats on reload and growth, and the totals.
func TestLoaderStream(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ss := synthetic(6_000, 3, 4, 0)
	ws := load(t, s, ss)
	if ws != (store.WriteStats{Statements: 6_000, Records: 2_000}) {
		t.Fatalf("first load = %+v", ws)
	}
	ws = load(t, s, ss)
	if ws != (store.WriteStats{Skipped: 6_000}) {
		t.Fatalf("reload = %+v", ws)
	}
	// Grown by 3,000 statements of which 1,000 belong to new records; the
	// 6,000 already stored are repeated, and one statement twice.
	more := append(synthetic(9_000, 3, 4, 0), ss[7])
	ws = load(t, s, more)
	if ws != (store.WriteStats{Statements: 3_000, Records: 1_000, Skipped: 6_001}) {
		t.Fatalf("grown load = %+v", ws)
	}
	c := checkCounts(t, s)
	if c != (store.Counts{Statements: 9_000, Records: 3_000, Entities: 3_000, Sources: 4}) {
		t.Errorf("counts = %+v", c)
	}
	// The round trip keeps every field, through COPY as through arrays.
	got, err := s.RecordStatements(context.Background(), ss[0].Record)
	if err != nil {
		t.Fatal(err)
	}
	want := append([]model.Statement(nil), ss[:3]...)
	sort.Slice(want, func(i, j int) bool { return want[i].ID < want[j].ID })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("RecordStatements after COPY:\n got %+v\nwant %+v", got, want)
	}
}

// TestScanOrderAndPaging: ScanStatements returns records in byte order
// (the resolver relies on it), across page boundaries, with nothing missed
// or repeated.
func TestScanOrderAndPaging(t *testing.T) {
	s := openTest(t)
	old := scanPage
	scanPage = 7
	defer func() { scanPage = old }()
	recs := []string{"b:2", "a:10", "a:1", "a:2", "B:1", "é:1", "z:1", "a:1a", "a_1:x", "a%:y"}
	var ss []model.Statement
	for i, r := range recs {
		for k := 0; k < 3; k++ {
			ss = append(ss, storetest.Stmt(r, "Person", "name", fmt.Sprintf("n%d-%d", i, k), ""))
		}
	}
	load(t, s, ss)
	ctx := context.Background()
	var got []string
	seen := map[string]bool{}
	err := s.ScanStatements(ctx, func(st *model.Statement) error {
		if seen[st.ID] {
			t.Errorf("statement %s seen twice", st.ID)
		}
		seen[st.ID] = true
		if len(got) == 0 || got[len(got)-1] != st.Record {
			got = append(got, st.Record)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := append([]string(nil), recs...)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) || len(seen) != len(ss) {
		t.Errorf("scan order = %v (%d statements), want %v (%d)", got, len(seen), want, len(ss))
	}
	var ri []string
	if err := s.ScanRecords(ctx, func(r store.RecordInfo) error { ri = append(ri, r.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ri, want) {
		t.Errorf("ScanRecords = %v", ri)
	}
	// Stopping early returns fn's error and nothing more.
	stop := errors.New("stop")
	n := 0
	err = s.ScanStatements(ctx, func(*model.Statement) error {
		if n++; n == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 10 {
		t.Errorf("early stop: n=%d err=%v", n, err)
	}
	// Assignments and judgements page the same way.
	var as []store.Assignment
	var js []store.Judgement
	for i, r := range want {
		as = append(as, store.Assignment{Record: r, Entity: store.EntityID(want[i/3*3])})
		if i > 0 {
			js = append(js, store.Judgement{A: want[i-1], B: r, Verdict: store.Positive, Score: 0.9, By: store.Machine})
		}
	}
	if err := s.ApplyClusters(ctx, as, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.PutJudgements(ctx, js); err != nil {
		t.Fatal(err)
	}
	var gotAs []store.Assignment
	s.ScanAssignments(ctx, func(a store.Assignment) error { gotAs = append(gotAs, a); return nil })
	if !reflect.DeepEqual(gotAs, as) {
		t.Errorf("ScanAssignments = %v, want %v", gotAs, as)
	}
	nj := 0
	s.ScanJudgements(ctx, func(*store.Judgement) error { nj++; return nil })
	if nj != len(js) {
		t.Errorf("ScanJudgements = %d, want %d", nj, len(js))
	}
	checkCounts(t, s)
}

// TestClusterCounts moves records between entities at random and checks the
// maintained entity total against a recount after every step.
func TestClusterCounts(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	load(t, s, synthetic(200, 2, 3, 0)) // 100 records
	var recs []string
	s.ScanRecords(ctx, func(ri store.RecordInfo) error { recs = append(recs, ri.ID); return nil })
	rng := uint64(1)
	next := func(n int) int {
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		return int(rng % uint64(n))
	}
	for step := 0; step < 30; step++ {
		var as []store.Assignment
		for k := next(40); k >= 0; k-- {
			as = append(as, store.Assignment{Record: recs[next(len(recs))], Entity: fmt.Sprintf("E%02d", next(12))})
		}
		if err := s.ApplyClusters(ctx, as, nil); err != nil {
			t.Fatal(err)
		}
		checkCounts(t, s)
		if t.Failed() {
			t.Fatalf("step %d", step)
		}
	}
	// Several assignments of one record in one call: the last wins.
	s.ApplyClusters(ctx, []store.Assignment{{Record: recs[0], Entity: "Ex"}, {Record: recs[0], Entity: "Ey"}}, nil)
	if e, _ := s.EntityOf(ctx, recs[0]); e != "Ey" {
		t.Errorf("EntityOf after repeated assignment = %q", e)
	}
	checkCounts(t, s)
}

// TestJudgementBatchRules: within one call, as across calls, a machine
// judgement never replaces an analyst's; otherwise the later entry wins.
func TestJudgementBatchRules(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	analyst := store.Judgement{A: "a:1", B: "b:1", Verdict: store.Negative, By: "alice", Reason: "no"}
	machine := store.Judgement{A: "b:1", B: "a:1", Verdict: store.Positive, Score: 0.9, By: store.Machine}
	m2 := store.Judgement{A: "c:1", B: "d:1", Verdict: store.Unsure, Score: 0.4, By: store.Machine}
	m3 := m2
	m3.Score = 0.6
	if err := s.PutJudgements(ctx, []store.Judgement{analyst, machine, m2, m3}); err != nil {
		t.Fatal(err)
	}
	js, _ := s.RecordJudgements(ctx, "a:1")
	if len(js) != 1 || js[0].By != "alice" {
		t.Errorf("analyst lost within a batch: %+v", js)
	}
	js, _ = s.RecordJudgements(ctx, "d:1")
	if len(js) != 1 || js[0].Score != 0.6 {
		t.Errorf("later machine judgement should win: %+v", js)
	}
	// An analyst may overrule an analyst, and the machine's empty author
	// counts as the machine.
	bob := analyst
	bob.By, bob.Verdict = "bob", store.Positive
	s.PutJudgements(ctx, []store.Judgement{bob, {A: "a:1", B: "b:1", Verdict: store.Negative}})
	js, _ = s.RecordJudgements(ctx, "b:1")
	if len(js) != 1 || js[0].By != "bob" || js[0].Verdict != store.Positive {
		t.Errorf("analyst over analyst: %+v", js)
	}
}

func TestDocsPrefix(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	ids := []string{"a", "a%", "a%b", "a_", "ab", "b", "é", "éa", "a\U0010FFFF"}
	for _, id := range ids {
		if err := s.PutDoc(ctx, "k", id, []byte(id)); err != nil {
			t.Fatal(err)
		}
	}
	s.PutDoc(ctx, "other", "a1", []byte("x"))
	for _, tc := range []struct {
		prefix string
		want   []string
	}{
		{"", []string{"a", "a%", "a%b", "a_", "ab", "a\U0010FFFF", "b", "é", "éa"}},
		{"a", []string{"a", "a%", "a%b", "a_", "ab", "a\U0010FFFF"}},
		{"a%", []string{"a%", "a%b"}},
		{"a_", []string{"a_"}},
		{"é", []string{"é", "éa"}},
		{"zz", nil},
	} {
		var got []string
		err := s.ScanDocs(ctx, "k", tc.prefix, func(id string, body []byte) error {
			if string(body) != id {
				t.Errorf("doc %q body %q", id, body)
			}
			got = append(got, id)
			return nil
		})
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ScanDocs(%q) = %q, %v; want %q", tc.prefix, got, err, tc.want)
		}
	}
	// Bodies come back byte for byte, even when they are not JSON.
	raw := []byte("{ \"n\" : 1 }\x00\xff")
	s.PutDoc(ctx, "raw", "x", raw)
	if got, err := s.GetDoc(ctx, "raw", "x"); err != nil || string(got) != string(raw) {
		t.Errorf("GetDoc = %q, %v", got, err)
	}
}

// TestConcurrentLoaders: loaders with overlapping content commit side by
// side; each statement and record is counted new exactly once overall.
func TestConcurrentLoaders(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	const loaders, per = 6, 4_000
	var wg sync.WaitGroup
	stats := make([]store.WriteStats, loaders)
	errs := make([]error, loaders)
	for i := 0; i < loaders; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			// Loader i covers statements [i*per/2, i*per/2+per): each half
			// overlaps the next loader's; odd loaders add in reverse.
			ss := synthetic(per, 4, 5, i*per/2)
			if i%2 == 1 {
				for a, b := 0, len(ss)-1; a < b; a, b = a+1, b-1 {
					ss[a], ss[b] = ss[b], ss[a]
				}
			}
			l, err := s.NewLoader(context.Background())
			if err != nil {
				errs[i] = err
				return
			}
			for k := range ss {
				if err := l.Add(&ss[k]); err != nil {
					l.Abort()
					errs[i] = err
					return
				}
			}
			stats[i], errs[i] = l.Commit()
		}(i)
	}
	wg.Wait()
	var sum store.WriteStats
	for i := range stats {
		if errs[i] != nil {
			t.Fatalf("loader %d: %v", i, errs[i])
		}
		sum.Statements += stats[i].Statements
		sum.Records += stats[i].Records
		sum.Skipped += stats[i].Skipped
	}
	total := per/2*(loaders-1) + per // distinct statements
	if sum.Statements != total || sum.Records != total/4 || sum.Skipped != loaders*per-total {
		t.Errorf("summed stats = %+v, want %d statements, %d records, %d skipped", sum, total, total/4, loaders*per-total)
	}
	c := checkCounts(t, s)
	if c.Statements != int64(total) || c.Records != int64(total/4) {
		t.Errorf("counts = %+v", c)
	}
}

// TestDeleteRacesLoader: a record emptied by DeleteStatements while a loader
// adds to it never ends up with statements but no record row.
func TestDeleteRacesLoader(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	for round := 0; round < 20; round++ {
		rec := fmt.Sprintf("race:%d", round)
		first := storetest.Stmt(rec, "Person", "name", "a", "")
		load(t, s, []model.Statement{first})
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			if _, err := s.WriteStatements(ctx, []model.Statement{storetest.Stmt(rec, "Person", "name", "b", "")}); err != nil {
				t.Error(err)
			}
		}()
		go func() {
			defer wg.Done()
			if _, err := s.DeleteStatements(ctx, []store.StatementKey{{Record: rec, ID: first.ID}}); err != nil {
				t.Error(err)
			}
		}()
		wg.Wait()
		if _, err := s.Record(ctx, rec); err != nil {
			t.Fatalf("round %d: record with a statement lost its row: %v", round, err)
		}
	}
	var orphans int
	s.pool.QueryRow(ctx, `SELECT count(*) FROM statements s WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.id = s.record)`).Scan(&orphans)
	if orphans != 0 {
		t.Errorf("%d statements without a record", orphans)
	}
	checkCounts(t, s)
}

func TestMigrations(t *testing.T) {
	t.Parallel()
	url := testURL(t)
	schema := freshSchema(t)
	ctx := context.Background()
	// Several processes starting at once on an empty database.
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s, err := OpenWith(ctx, url, Options{Schema: schema})
			if err == nil {
				s.Close()
			}
			errs[i] = err
		}(i)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
	}
	// And once more, later, with data in the store: nothing is re-applied.
	s, err := OpenWith(ctx, withParam(url, schemaParam+"="+schema), Options{Schema: "ignored_by_url"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Schema() != schema {
		t.Errorf("schema from URL = %q, want %q", s.Schema(), schema)
	}
	load(t, s, synthetic(10, 2, 1, 0))
	s2, err := OpenWith(ctx, url, Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
	ms, _ := migrations()
	var n, maxV int
	if err := s.pool.QueryRow(ctx, "SELECT count(*), max(version) FROM schema_migrations").Scan(&n, &maxV); err != nil {
		t.Fatal(err)
	}
	if n != len(ms) || maxV != ms[len(ms)-1].version {
		t.Errorf("schema_migrations has %d rows up to %d; want %d up to %d", n, maxV, len(ms), ms[len(ms)-1].version)
	}
	if c := checkCounts(t, s); c.Statements != 10 {
		t.Errorf("data lost by a second Open: %+v", c)
	}
	if _, err := OpenWith(ctx, url, Options{Schema: "Bad-Name"}); err == nil {
		t.Error("a schema name that needs quoting was accepted")
	}
}

func TestAddRejectsWhatTextCannotHold(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	l, _ := s.NewLoader(context.Background())
	defer l.Abort()
	for _, v := range []string{"a\x00b", "\xff\xfe"} {
		st := storetest.Stmt("a:1", "Person", "name", v, "")
		if err := l.Add(&st); err == nil || !strings.Contains(err.Error(), "UTF-8") {
			t.Errorf("Add(%q) = %v, want a UTF-8 error", v, err)
		}
	}
	st := storetest.Stmt("a:1", "Person", "name", "ok", "")
	st.ID = "zz"
	if err := l.Add(&st); err == nil {
		t.Error("Add accepted a malformed id")
	}
}

// FuzzStatementRoundTrip sends arbitrary text and times through the binary
// COPY encoder and back; what Add accepts must come back unchanged.
func FuzzStatementRoundTrip(f *testing.F) {
	f.Add("Ivan Petrov", "PETROV, Ivan", "SECRET&(FR|BE)", int64(1767323045), int64(0), byte('B'))
	f.Add("", "", "", int64(-62135596800), int64(253402300799), byte(0))
	f.Add("Иван Петров 李", "\t\n\\.", "a|b", int64(-1), int64(1), byte(255))
	s := openTest(f)
	s.smallLimit = 0
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, value, original, label string, sec, nsec int64, grade byte) {
		// The id hashes only source, record, schema, prop and value: inputs
		// differing elsewhere must land in different records, or the second
		// would rightly be skipped as already stored.
		key := fmt.Sprintf("%q %q %q %d %d %d", value, original, label, sec, nsec, grade)
		st := model.Statement{Record: "fz:" + store.EntityID(key), Schema: "Person", Prop: "name",
			Value: value, Original: original, Source: "fz", Label: label,
			Reliability: model.Reliability(grade), Credibility: model.Credibility(grade % 7),
			Category: model.Category(grade % 6), Kind: model.Kind(grade % 2),
			FirstSeen: time.Unix(sec%(1<<37), nsec%1e9/1000*1000).UTC(), ReviewAt: time.Unix(nsec%(1<<37), 0).UTC()}
		st.SetID()
		l, _ := s.NewLoader(ctx)
		if err := l.Add(&st); err != nil {
			l.Abort()
			if checkText(&st) == nil {
				t.Fatalf("Add refused valid text: %v", err)
			}
			return
		}
		if _, err := l.Commit(); err != nil {
			t.Fatalf("commit %+v: %v", st, err)
		}
		got, err := s.RecordStatements(ctx, st.Record)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range got {
			if g.ID == st.ID {
				if !reflect.DeepEqual(g, st) {
					t.Fatalf("round trip:\n got %+v\nwant %+v", g, st)
				}
				return
			}
		}
		t.Fatalf("statement %s not found", st.ID)
	})
}

// TestMigrationUpgrade: a store made by the current migrations takes a new
// one at the next Open; a migration that fails leaves the schema and its
// record of migrations exactly as they were.
func TestMigrationUpgrade(t *testing.T) {
	// Not parallel: it swaps the package's migration source.
	url := testURL(t)
	schema := freshSchema(t)
	ctx := context.Background()
	s, err := OpenWith(ctx, url, Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	load(t, s, synthetic(8, 2, 1, 0))
	base := fstest.MapFS{}
	ms, _ := migrations()
	for _, m := range ms {
		base["migrations/"+m.name] = &fstest.MapFile{Data: []byte(m.sql)}
	}
	defer func() { migrationFS = migrationFiles }()
	with := func(extra map[string]string) {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		for k, v := range extra {
			fsys["migrations/"+k] = &fstest.MapFile{Data: []byte(v)}
		}
		migrationFS = fsys
	}
	applied := func() []int32 {
		rows, _ := s.pool.Query(ctx, "SELECT version FROM schema_migrations ORDER BY version")
		v, err := pgx.CollectRows(rows, pgx.RowTo[int32])
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := applied()
	// A failing migration: its first statement would succeed, its second
	// fails; neither may remain.
	with(map[string]string{"9001_bad.sql": "CREATE TABLE upgrade_probe (x int); SELECT 1/0;"})
	if _, err := OpenWith(ctx, url, Options{Schema: schema}); err == nil {
		t.Fatal("Open succeeded with a failing migration")
	}
	var probe *string
	s.pool.QueryRow(ctx, "SELECT to_regclass('upgrade_probe')::text").Scan(&probe)
	if probe != nil || !reflect.DeepEqual(applied(), before) {
		t.Errorf("failed migration left %v, migrations %v (were %v)", probe, applied(), before)
	}
	// Good ones apply in version order, once.
	with(map[string]string{
		"9003_later.sql":   "ALTER TABLE upgrade_probe ADD COLUMN y int;",
		"9002_earlier.sql": "CREATE TABLE upgrade_probe (x int);",
	})
	for i := 0; i < 2; i++ {
		s2, err := OpenWith(ctx, url, Options{Schema: schema})
		if err != nil {
			t.Fatal(err)
		}
		s2.Close()
	}
	if got := applied(); !reflect.DeepEqual(got, append(before, 9002, 9003)) {
		t.Errorf("applied = %v", got)
	}
	if c := checkCounts(t, s); c.Statements != 8 {
		t.Errorf("data after upgrade: %+v", c)
	}
	// Names that do not follow NNNN_name.sql are refused, not skipped.
	with(map[string]string{"x_bad.sql": "SELECT 1"})
	if _, err := OpenWith(ctx, url, Options{Schema: schema}); err == nil {
		t.Error("a misnamed migration was accepted")
	}
}
