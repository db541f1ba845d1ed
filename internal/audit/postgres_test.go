package audit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

const defaultTestPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// testPostgres returns the URL of a PostgreSQL to test against, skipping
// the test when none answers (failing instead if MOSAIC_REQUIRE_POSTGRES is
// set, as CI does where PostgreSQL must run).
func testPostgres(t testing.TB) string {
	t.Helper()
	u := os.Getenv("MOSAIC_TEST_POSTGRES")
	if u == "" {
		u = defaultTestPostgres
	}
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	c, err := pgx.Connect(cctx, u)
	if err == nil {
		err = c.Ping(cctx)
		c.Close(ctx)
	}
	if err != nil {
		if os.Getenv("MOSAIC_REQUIRE_POSTGRES") != "" {
			t.Fatalf("PostgreSQL at %s: %v (MOSAIC_REQUIRE_POSTGRES is set)", u, err)
		}
		t.Skipf("PostgreSQL not reachable at %s (set MOSAIC_TEST_POSTGRES to a test database): %v", u, err)
	}
	return u
}

func randName(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// pgFixture is a fresh schema holding a log, dropped after the test.
type pgFixture struct {
	url, schema string
	admin       *pgx.Conn // superuser connection for tampering
}

func newPG(t *testing.T) *pgFixture {
	t.Helper()
	u := testPostgres(t)
	f := &pgFixture{url: u, schema: randName("audit_test_")}
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	f.admin = c
	t.Cleanup(func() {
		c.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{f.schema}.Sanitize()+" CASCADE")
		c.Close(ctx)
	})
	return f
}

func (f *pgFixture) open(t *testing.T) *PGLog {
	t.Helper()
	l, err := OpenPostgres(ctx, f.url, f.schema)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func (f *pgFixture) fill(t *testing.T, n int) {
	t.Helper()
	l := f.open(t)
	defer l.Close()
	for i := 1; i <= n; i++ {
		e := sample(i)
		if err := l.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
		if e.Seq != int64(i) {
			t.Fatalf("seq %d, want %d", e.Seq, i)
		}
	}
}

// tamper runs SQL as superuser with triggers off, as an intruder with
// superuser rights could.
func (f *pgFixture) tamper(t *testing.T, stmts ...string) {
	t.Helper()
	tx, err := f.admin.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "SET LOCAL session_replication_role = replica"); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "SET LOCAL search_path = "+pgx.Identifier{f.schema}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

func (f *pgFixture) verify(t *testing.T) (Report, error) {
	t.Helper()
	l := f.open(t)
	defer l.Close()
	return Verify(ctx, l)
}

func TestPostgresAppendScanVerify(t *testing.T) {
	f := newPG(t)
	f.fill(t, 5)
	rep, err := f.verify(t)
	if err != nil || rep.Entries != 5 || rep.HeadSeq != 5 {
		t.Fatalf("Verify = %+v, %v", rep, err)
	}
	l := f.open(t)
	defer l.Close()
	var got []Entry
	if err := l.Scan(ctx, 2, func(e Entry) error { got = append(got, e); return nil }); err != nil {
		t.Fatal(err)
	}
	want := sample(2)
	if len(got) != 4 || got[0].Seq != 2 || got[0].Purpose != want.Purpose || got[0].Params["q"] != want.Params["q"] ||
		got[0].Entities[1] != "e-common" || got[0].At.Location() != time.UTC {
		t.Fatalf("Scan from 2 = %+v", got)
	}
	// An entry with nothing optional and odd text round-trips too.
	e := &Entry{Kind: KindAdmin, User: "root\x00", Note: "ünïcødé ✓"}
	if err := l.Append(ctx, e); err != nil || e.Seq != 6 {
		t.Fatalf("Append = %v, seq %d", err, e.Seq)
	}
	if rep, err := Verify(ctx, l); err != nil || rep.LastSeq != 6 {
		t.Fatalf("Verify = %+v, %v", rep, err)
	}
}

// The triggers refuse changes even from the table's owner.
func TestPostgresAppendOnlyGuards(t *testing.T) {
	f := newPG(t)
	f.fill(t, 3)
	s := pgx.Identifier{f.schema}.Sanitize()
	for _, stmt := range []string{
		"UPDATE " + s + ".consultations SET purpose = 'x' WHERE seq = 2",
		"DELETE FROM " + s + ".consultations WHERE seq = 3",
		"TRUNCATE " + s + ".consultations",
		"UPDATE " + s + ".head SET seq = 2, hash = (SELECT hash FROM " + s + ".consultations WHERE seq = 2)",
		"UPDATE " + s + ".head SET seq = 4, hash = 'x'",
		"DELETE FROM " + s + ".head",
		"TRUNCATE " + s + ".head",
	} {
		if _, err := f.admin.Exec(ctx, stmt); err == nil {
			t.Errorf("%s: accepted", stmt)
		}
	}
	if _, err := f.verify(t); err != nil {
		t.Fatalf("log changed by refused statements: %v", err)
	}
}

// TestPostgresTamper alters the table behind the triggers' back (superuser,
// session_replication_role = replica) and checks Verify names the first bad
// row.
func TestPostgresTamper(t *testing.T) {
	const n = 5
	flip := func(col string) string {
		return fmt.Sprintf("UPDATE consultations SET %[1]s = overlay(%[1]s placing chr(ascii(substr(%[1]s, 2, 1)) # 1) from 2 for 1) WHERE seq = 3", col)
	}
	cases := []struct {
		name   string
		sql    []string
		pos    int64
		seq    int64
		reason string
	}{
		{"flip a byte of username", []string{flip("username")}, 3, 3, "hash does not match"},
		{"flip a byte of purpose", []string{flip("purpose")}, 3, 3, "hash does not match"},
		{"flip a byte of route", []string{flip("route")}, 3, 3, "hash does not match"},
		{"flip a byte of role", []string{flip("role")}, 3, 3, "hash does not match"},
		{"flip a byte of kind", []string{flip("kind")}, 3, 3, "hash does not match"},
		{"flip a byte of method", []string{flip("method")}, 3, 3, "hash does not match"},
		{"flip a byte of prev", []string{flip("prev")}, 3, 3, "prev does not match"},
		{"flip a byte of hash", []string{flip("hash")}, 3, 3, "hash does not match"},
		{"change a param", []string{`UPDATE consultations SET params = params || '{"q":"other"}' WHERE seq = 3`}, 3, 3, "hash does not match"},
		{"change an entity id", []string{`UPDATE consultations SET entities[1] = 'e-999' WHERE seq = 3`}, 3, 3, "hash does not match"},
		{"drop an entity id", []string{`UPDATE consultations SET entities = entities[1:1] WHERE seq = 3`}, 3, 3, "hash does not match"},
		{"change the status", []string{`UPDATE consultations SET status = 404 WHERE seq = 3`}, 3, 3, "hash does not match"},
		{"shift the time by 1µs", []string{`UPDATE consultations SET at = at + interval '1 microsecond' WHERE seq = 3`}, 3, 3, "hash does not match"},
		{"change the seq", []string{`UPDATE consultations SET seq = 33 WHERE seq = 3`}, 3, 4, "seq 3 missing"},
		{"delete first row", []string{`DELETE FROM consultations WHERE seq = 1`}, 1, 2, "seq 1 missing"},
		{"delete middle row", []string{`DELETE FROM consultations WHERE seq = 3`}, 3, 4, "seq 3 missing"},
		{"delete last row", []string{`DELETE FROM consultations WHERE seq = 5`}, 0, 0, "log ends at seq 4 but its head records seq 5"},
		{"reorder a pair", []string{
			`UPDATE consultations SET seq = 1002 WHERE seq = 2`, `UPDATE consultations SET seq = 2 WHERE seq = 3`,
			`UPDATE consultations SET seq = 3 WHERE seq = 1002`}, 2, 2, "prev does not match"},
		{"insert forged row mid-chain", []string{
			`UPDATE consultations SET seq = seq + 1000 WHERE seq >= 3`, `UPDATE consultations SET seq = seq - 999 WHERE seq > 1000`,
			`INSERT INTO consultations SELECT 3, at, 'mallory', role, purpose, kind, method, route, params, status, entities, records, note, hash, encode(sha256('x'), 'hex') FROM consultations WHERE seq = 2`,
		}, 3, 3, "hash does not match"},
		{"append forged row, head untouched", []string{
			`INSERT INTO consultations SELECT 6, at, 'mallory', role, purpose, kind, method, route, params, status, entities, records, note, hash, encode(sha256('x'), 'hex') FROM consultations WHERE seq = 5`,
		}, 6, 6, "hash does not match"},
		{"truncate", []string{`TRUNCATE consultations`}, 0, 0, "log ends at seq 0 but its head records seq 5"},
		{"head moved back", []string{`UPDATE head SET seq = 3, hash = (SELECT hash FROM consultations WHERE seq = 3)`}, 0, 0, "2 entries after seq 3"},
		{"head deleted", []string{`DELETE FROM head`}, 0, 0, "head row is missing"},
	}
	// One log, restored from a copy before each case: a fresh schema per
	// case would cost a second or more each here.
	f := newPG(t)
	f.fill(t, n)
	f.tamper(t, "CREATE TABLE orig_consultations AS SELECT * FROM consultations", "CREATE TABLE orig_head AS SELECT * FROM head")
	l := f.open(t)
	defer l.Close()
	restore := []string{"DELETE FROM consultations", "INSERT INTO consultations SELECT * FROM orig_consultations",
		"DELETE FROM head", "INSERT INTO head SELECT * FROM orig_head"}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f.tamper(t, restore...)
			if _, err := Verify(ctx, l); err != nil {
				t.Fatalf("restored log: %v", err)
			}
			f.tamper(t, tc.sql...)
			_, err := Verify(ctx, l)
			var te *TamperError
			if !errors.As(err, &te) {
				t.Fatalf("Verify = %v, want a *TamperError", err)
			}
			if te.Pos != tc.pos || te.Seq != tc.seq || !strings.Contains(te.Error(), tc.reason) {
				t.Fatalf("Verify said %q (pos %d seq %d), want pos %d seq %d and %q", te, te.Pos, te.Seq, tc.pos, tc.seq, tc.reason)
			}
			if tc.pos > 0 && !strings.Contains(te.Error(), fmt.Sprintf("row %d", tc.pos)) {
				t.Errorf("message %q does not name row %d", te, tc.pos)
			}
		})
	}
	// A forger who computes the hash correctly still breaks the chain (or
	// the head) somewhere.
	t.Run("chain-correct forged row appended", func(t *testing.T) {
		f.tamper(t, restore...)
		var last string
		f.admin.QueryRow(ctx, "SELECT hash FROM "+pgx.Identifier{f.schema}.Sanitize()+".consultations WHERE seq = 5").Scan(&last)
		e := &Entry{Seq: 6, At: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), User: "mallory", Kind: KindHTTP, Prev: last}
		e.Hash = ComputeHash(e)
		f.tamper(t, fmt.Sprintf(`INSERT INTO consultations VALUES (6, '2026-03-01T00:00:00Z', 'mallory', '', '', 'http', '', '', NULL, 0, '{}', '{}', '', '%s', '%s')`, e.Prev, e.Hash))
		if _, err := Verify(ctx, l); err == nil || !strings.Contains(err.Error(), "1 entries after seq 5") {
			t.Fatalf("Verify = %v", err)
		}
	})
}

func pgxConnect(u string) (*pgx.Conn, error) { return pgx.Connect(ctx, u) }
