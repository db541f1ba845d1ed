package embedded

import (
	"context"
	"fmt"
	"testing"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/storetest"
)

func openTest(t *testing.T) store.Backend {
	s, err := Open(t.TempDir(), Options{NoSync: true, CacheBytes: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) { storetest.Run(t, openTest) }

// TestLoaderSpills drives the spill-and-ingest path with a load larger than
// one run, and checks dedup across runs and against the store.
func TestLoaderSpills(t *testing.T) {
	s := openTest(t).(*Store)
	defer s.Close()
	ctx := context.Background()
	load := func(n int) store.WriteStats {
		l, err := s.NewLoader(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ld := l.(*loader)
		ld.runLimit = 64 << 10 // spill every 64 KiB
		ld.batchLimit = 32 << 10
		for i := 0; i < n; i++ {
			rec := fmt.Sprintf("src:%06d", i/2)
			st := storetest.Stmt(rec, "Person", "name", fmt.Sprintf("name %d", i), "")
			if err := l.Add(&st); err != nil {
				t.Fatal(err)
			}
		}
		ws, err := l.Commit()
		if err != nil {
			t.Fatal(err)
		}
		return ws
	}
	ws := load(20000)
	if ws.Statements != 20000 || ws.Records != 10000 {
		t.Fatalf("first load = %+v", ws)
	}
	ws = load(20000)
	if ws.Statements != 0 || ws.Records != 0 || ws.Skipped != 20000 {
		t.Fatalf("reload = %+v", ws)
	}
	ws = load(30000)
	if ws.Statements != 10000 {
		t.Fatalf("grown load added %d, want 10000", ws.Statements)
	}
	c, _ := s.Counts(ctx)
	if c.Statements != 30000 || c.Records != 15000 || c.Sources != 1 {
		t.Errorf("counts = %+v", c)
	}
	n := 0
	s.ScanStatements(ctx, func(st *model.Statement) error {
		if st.Source != "src" || st.Schema != "Person" {
			t.Fatalf("bad statement %+v", st)
		}
		n++
		return nil
	})
	if n != 30000 {
		t.Errorf("scan = %d", n)
	}
}

// TestCrashBeforeCountsRepairs simulates a crash between Ingest and the
// counts update: the dirty marker makes Open recount.
func TestCrashBeforeCountsRepairs(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	storetest.Stmt("a:1", "Person", "name", "x", "")
	st := storetest.Stmt("a:1", "Person", "name", "x", "")
	if _, err := s.WriteStatements(context.Background(), []model.Statement{st}); err != nil {
		t.Fatal(err)
	}
	s.db.Set(countsKey, []byte(`{"statements":99}`), nil)
	s.db.Set(dirtyKey, nil, nil)
	s.Close()
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, _ := s.Counts(context.Background())
	if c.Statements != 1 || c.Records != 1 || c.Sources != 1 {
		t.Errorf("repaired counts = %+v", c)
	}
}
