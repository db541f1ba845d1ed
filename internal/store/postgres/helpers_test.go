package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// defaultTestURL is what CI exports (.ci/run) and what a developer's local
// server usually answers to.
const defaultTestURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

var (
	probeOnce sync.Once
	probeErr  error
	probeURL  string
	probeSet  bool
)

// testURL returns the database to test against. With MOSAIC_TEST_POSTGRES
// set, an unreachable server fails the test (CI must really run these);
// without it, the default URL is tried and the test skipped if nothing
// answers.
func testURL(t testing.TB) string {
	t.Helper()
	probeOnce.Do(func() {
		probeURL, probeSet = os.LookupEnv("MOSAIC_TEST_POSTGRES")
		if !probeSet || probeURL == "" {
			probeURL, probeSet = defaultTestURL, false
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, probeURL)
		if err == nil {
			err = c.Ping(ctx)
			c.Close(ctx)
		}
		probeErr = err
	})
	if probeErr != nil {
		if probeSet {
			t.Fatalf("MOSAIC_TEST_POSTGRES=%s: %v", probeURL, probeErr)
		}
		t.Skipf("PostgreSQL not available: set MOSAIC_TEST_POSTGRES=postgres://USER@HOST:PORT/DB?sslmode=disable "+
			"(tried %s: %v)", defaultTestURL, probeErr)
	}
	return probeURL
}

// withParam adds a query parameter to a URL.
func withParam(url, kv string) string {
	if strings.Contains(url, "?") {
		return url + "&" + kv
	}
	return url + "?" + kv
}

// Test schemas are named mosaic_test_<unix seconds>_<random>, so that a run
// killed before its cleanup leaves schemas the next run can recognise as
// stale and drop.
const testSchemaPrefix = "mosaic_test_"

func newSchemaName() string {
	var b [4]byte
	rand.Read(b[:])
	return fmt.Sprintf("%s%d_%s", testSchemaPrefix, time.Now().Unix(), hex.EncodeToString(b[:]))
}

func dropSchemas(url string, names ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	for _, n := range names {
		if _, err := c.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{n}.Sanitize()+" CASCADE"); err != nil {
			return fmt.Errorf("drop schema %s: %w", n, err)
		}
	}
	return nil
}

// freshSchema names a schema nobody has created yet; it is dropped when the
// test ends.
func freshSchema(t testing.TB) string {
	t.Helper()
	url := testURL(t)
	schema := newSchemaName()
	t.Cleanup(func() {
		if err := dropSchemas(url, schema); err != nil {
			t.Error(err)
		}
	})
	return schema
}

// Migrating a schema costs a few hundred milliseconds of DDL, TRUNCATE
// (new files for every table and index) over a hundred, and a new
// connection tens; deleting the few rows a test leaves costs a few
// milliseconds. Tests therefore recycle stores: each test owns its store
// and schema while it runs and finds it empty; TestMain closes them and
// drops the schemas at the end.
var schemaPool struct {
	sync.Mutex
	free []*Store
	all  []string
	open []*Store
}

const emptyStore = `DELETE FROM statements; DELETE FROM records; DELETE FROM judgements; DELETE FROM assignments;
DELETE FROM history; DELETE FROM docs; DELETE FROM sources;
UPDATE meta SET statements = 0, records = 0, entities = 0, assigned = 0`

// openTest returns an empty store in a schema of its own, given back when
// the test ends. Commits do not wait for the disk (synchronous_commit=off):
// visibility and atomicity are what the tests check, not durability across
// a server crash.
func openTest(t testing.TB) *Store {
	t.Helper()
	url := withParam(testURL(t), "synchronous_commit=off")
	ctx := context.Background()
	schemaPool.Lock()
	var s *Store
	if n := len(schemaPool.free); n > 0 {
		s = schemaPool.free[n-1]
		schemaPool.free = schemaPool.free[:n-1]
	}
	schemaPool.Unlock()
	if s == nil {
		schema := newSchemaName()
		schemaPool.Lock()
		schemaPool.all = append(schemaPool.all, schema)
		schemaPool.Unlock()
		var err error
		if s, err = OpenWith(ctx, url, Options{Schema: schema}); err != nil {
			t.Fatal(err)
		}
		schemaPool.Lock()
		schemaPool.open = append(schemaPool.open, s)
		schemaPool.Unlock()
	}
	s.smallLimit, s.hookBeforeCommit = smallMax, nil
	if _, err := s.pool.Exec(ctx, emptyStore); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		schemaPool.Lock()
		schemaPool.free = append(schemaPool.free, s)
		schemaPool.Unlock()
	})
	return s
}

// keepOpen is a pooled store handed to code that closes what it is given
// (the conformance suite): the pool closes it at the end.
type keepOpen struct{ *Store }

func (keepOpen) Close() error { return nil }

// dropStaleSchemas removes test schemas more than an hour old: leftovers of
// runs that were killed.
func dropStaleSchemas(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	rows, err := c.Query(ctx, "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)", testSchemaPrefix)
	if err != nil {
		c.Close(ctx)
		return err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	c.Close(ctx)
	if err != nil {
		return err
	}
	var stale []string
	for _, n := range names {
		ts, _, _ := strings.Cut(strings.TrimPrefix(n, testSchemaPrefix), "_")
		if sec, err := strconv.ParseInt(ts, 10, 64); err == nil && time.Since(time.Unix(sec, 0)) > time.Hour {
			stale = append(stale, n)
		}
	}
	return dropSchemas(url, stale...)
}

func TestMain(m *testing.M) {
	url := os.Getenv("MOSAIC_TEST_POSTGRES")
	if url == "" {
		url = defaultTestURL
	}
	if os.Getenv(crashChildEnv) == "" {
		dropStaleSchemas(url) // best effort; the tests report real failures
	}
	code := m.Run()
	for _, s := range schemaPool.open {
		s.Close()
	}
	for _, d := range benchDirs {
		for _, b := range fixtures {
			if b.b != nil {
				b.b.Close()
				b.b = nil
			}
		}
		os.RemoveAll(d)
	}
	if len(schemaPool.all) > 0 {
		if err := dropSchemas(url, schemaPool.all...); err != nil {
			fmt.Fprintln(os.Stderr, err)
			if code == 0 {
				code = 1
			}
		}
	}
	os.Exit(code)
}
