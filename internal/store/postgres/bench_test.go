package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
)

// Benchmarks compare the two engines on the same data in the same run:
//
//	go test -run '^$' -bench . -benchtime=1x ./internal/store/postgres    # ingest
//	go test -run '^$' -bench 'Read|Scan' ./internal/store/postgres        # read paths
//
// MOSAIC_BENCH_STATEMENTS sets the size (default 1,000,000 statements,
// ten per record).

func benchSize() int {
	if v, err := strconv.Atoi(os.Getenv("MOSAIC_BENCH_STATEMENTS")); err == nil && v > 0 {
		return v
	}
	return 1_000_000
}

const perRecord = 10

var benchProps = [perRecord]string{"name", "firstName", "lastName", "birthDate", "nationality",
	"passportNumber", "phone", "email", "address", "gender"}

// genStatement fills st with statement i of a synthetic load: ten
// properties per record, records spread over eight agencies, a third of
// them labelled. Nothing is kept: a load of any size streams.
func genStatement(st *model.Statement, i int) {
	r := i / perRecord
	src := "agency" + strconv.Itoa(r%8)
	*st = model.Statement{
		Record: src + ":R" + strconv.Itoa(r), Schema: "Person", Prop: benchProps[i%perRecord],
		Value: fmt.Sprintf("value %d of record %d", i%perRecord, r), Source: src,
		Reliability: 'B', Credibility: 2, Category: model.CategorySuspect,
		FirstSeen: time.Unix(1_700_000_000+int64(r), 0).UTC(), LastSeen: time.Unix(1_700_100_000, 0).UTC(),
	}
	if r%3 == 0 {
		st.Label = "SECRET"
	}
	st.SetID()
}

func ingest(tb testing.TB, b store.Backend, n int) store.WriteStats {
	l, err := b.NewLoader(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	var st model.Statement
	for i := 0; i < n; i++ {
		genStatement(&st, i)
		if err := l.Add(&st); err != nil {
			l.Abort()
			tb.Fatal(err)
		}
	}
	ws, err := l.Commit()
	if err != nil {
		tb.Fatal(err)
	}
	return ws
}

// openBench opens an empty store of the named engine. PostgreSQL runs with
// its defaults here (synchronous commit on), as a server would.
func openBench(b *testing.B, engine string) store.Backend {
	b.Helper()
	if engine == "embedded" {
		s, err := embedded.Open(b.TempDir(), embedded.Options{})
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	s, err := OpenWith(context.Background(), testURL(b), Options{Schema: freshSchema(b)})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

var engines = []string{"embedded", "postgres"}

// BenchmarkIngest loads benchSize statements into an empty store, then the
// same again (everything already present).
func BenchmarkIngest(b *testing.B) {
	n := benchSize()
	for _, engine := range engines {
		b.Run(engine, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s := openBench(b, engine)
				b.StartTimer()
				t0 := time.Now()
				ws := ingest(b, s, n)
				first := time.Since(t0)
				if ws.Statements != n {
					b.Fatalf("loaded %+v, want %d new statements", ws, n)
				}
				t0 = time.Now()
				ws = ingest(b, s, n)
				again := time.Since(t0)
				if ws.Skipped != n {
					b.Fatalf("reload %+v, want %d skipped", ws, n)
				}
				b.ReportMetric(float64(n)/first.Seconds(), "stmts/s")
				b.ReportMetric(again.Seconds(), "s-reload")
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
		})
	}
}

// readFixture is one store per engine with benchSize statements, entities
// of two records and a judgement inside each entity and between
// neighbouring ones, built once per run.
type readFixture struct {
	once     sync.Once
	b        store.Backend
	records  int
	entities int
	err      error
}

var benchDirs []string

var fixtures = map[string]*readFixture{"embedded": {}, "postgres": {}}

func fixture(b *testing.B, engine string) *readFixture {
	f := fixtures[engine]
	f.once.Do(func() {
		ctx := context.Background()
		var s store.Backend
		if engine == "embedded" {
			dir, err := os.MkdirTemp("", "mosaic-bench-")
			if err != nil {
				f.err = err
				return
			}
			benchDirs = append(benchDirs, dir) // removed by TestMain
			s, f.err = embedded.Open(dir, embedded.Options{})
		} else {
			schema := newSchemaName()
			schemaPool.Lock()
			schemaPool.all = append(schemaPool.all, schema) // dropped by TestMain
			schemaPool.Unlock()
			s, f.err = OpenWith(ctx, testURL(b), Options{Schema: schema})
		}
		if f.err != nil {
			return
		}
		n := benchSize()
		t0 := time.Now()
		ingest(b, s, n)
		tIngest := time.Since(t0)
		f.records = n / perRecord
		var as []store.Assignment
		var js []store.Judgement
		rec := func(r int) string { return "agency" + strconv.Itoa(r%8) + ":R" + strconv.Itoa(r) }
		for r := 0; r+1 < f.records; r += 2 {
			e := store.EntityID(rec(r))
			as = append(as, store.Assignment{Record: rec(r), Entity: e}, store.Assignment{Record: rec(r + 1), Entity: e})
			a, bb := store.OrderPair(rec(r), rec(r+1))
			js = append(js, store.Judgement{A: a, B: bb, Verdict: store.Positive, Score: 0.98, Features: []byte{3, 2, 1}, By: store.Machine})
			if r+2 < f.records {
				a, bb = store.OrderPair(rec(r+1), rec(r+2))
				js = append(js, store.Judgement{A: a, B: bb, Verdict: store.Negative, Score: 0.02, Features: []byte{0, 1}, By: store.Machine})
			}
		}
		f.entities = len(as) / 2
		t0 = time.Now()
		if f.err = s.ApplyClusters(ctx, as, nil); f.err != nil {
			return
		}
		tClusters := time.Since(t0)
		t0 = time.Now()
		f.err = s.PutJudgements(ctx, js)
		f.b = s
		// The writes the resolver makes after a batch run, for the record.
		fmt.Fprintf(os.Stderr, "fixture %s: ingest %d statements %v, ApplyClusters %d assignments %v, PutJudgements %d %v\n",
			engine, n, tIngest.Round(time.Millisecond), len(as), tClusters.Round(time.Millisecond), len(js), time.Since(t0).Round(time.Millisecond))
	})
	if f.err != nil {
		b.Fatal(f.err)
	}
	return f
}

// BenchmarkRead measures the lookups the server makes for an entity page,
// one at a time and from many goroutines at once.
func BenchmarkRead(b *testing.B) {
	for _, engine := range engines {
		f := fixture(b, engine)
		ctx := context.Background()
		rec := func(rng *rand.Rand) string {
			r := rng.IntN(f.records)
			return "agency" + strconv.Itoa(r%8) + ":R" + strconv.Itoa(r)
		}
		ops := []struct {
			name string
			fn   func(rng *rand.Rand) error
		}{
			{"RecordStatements", func(rng *rand.Rand) error {
				ss, err := f.b.RecordStatements(ctx, rec(rng))
				if err == nil && len(ss) != perRecord {
					err = fmt.Errorf("got %d statements", len(ss))
				}
				return err
			}},
			{"Members", func(rng *rand.Rand) error {
				r := rng.IntN(f.entities) * 2
				m, err := f.b.Members(ctx, store.EntityID("agency"+strconv.Itoa(r%8)+":R"+strconv.Itoa(r)))
				if err == nil && len(m) != 2 {
					err = fmt.Errorf("got %d members", len(m))
				}
				return err
			}},
			{"RecordJudgements", func(rng *rand.Rand) error {
				js, err := f.b.RecordJudgements(ctx, rec(rng))
				if err == nil && len(js) == 0 {
					err = fmt.Errorf("no judgements")
				}
				return err
			}},
			{"EntityView", func(rng *rand.Rand) error {
				_, err := store.NewView(f.b, model.Everyone()).Entity(ctx, rec(rng))
				return err
			}},
			{"Counts", func(*rand.Rand) error { _, err := f.b.Counts(ctx); return err }},
		}
		for _, op := range ops {
			b.Run(engine+"/"+op.name, func(b *testing.B) {
				rng := rand.New(rand.NewPCG(1, 2))
				for b.Loop() {
					if err := op.fn(rng); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(engine+"/"+op.name+"/parallel", func(b *testing.B) {
				var seed sync.Mutex
				k := uint64(0)
				b.RunParallel(func(pb *testing.PB) {
					seed.Lock()
					k++
					rng := rand.New(rand.NewPCG(k, 7))
					seed.Unlock()
					for pb.Next() {
						if err := op.fn(rng); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		}
	}
}

// BenchmarkScanStatements reads every statement in record order, as the
// resolver does.
func BenchmarkScanStatements(b *testing.B) {
	for _, engine := range engines {
		f := fixture(b, engine)
		b.Run(engine, func(b *testing.B) {
			for b.Loop() {
				n := 0
				t0 := time.Now()
				err := f.b.ScanStatements(context.Background(), func(*model.Statement) error { n++; return nil })
				if err != nil || n != benchSize() {
					b.Fatalf("scanned %d, %v", n, err)
				}
				b.ReportMetric(float64(n)/time.Since(t0).Seconds(), "stmts/s")
			}
		})
	}
}

// BenchmarkWriteRecord writes one new record of ten statements per
// operation through WriteStatements, as an upload or an incremental
// ingest does: the cost of one durable transaction.
func BenchmarkWriteRecord(b *testing.B) {
	for _, engine := range engines {
		b.Run(engine, func(b *testing.B) {
			s := openBench(b, engine)
			defer s.Close()
			ss := make([]model.Statement, perRecord)
			i := 0
			for b.Loop() {
				for k := range ss {
					genStatement(&ss[k], i)
					i++
				}
				ws, err := s.WriteStatements(context.Background(), ss)
				if err != nil || ws.Statements != perRecord {
					b.Fatalf("%+v, %v", ws, err)
				}
			}
		})
	}
}
