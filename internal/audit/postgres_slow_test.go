//go:build slow

package audit

import (
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Two PGLogs on one schema stand for two servers sharing a database.
func TestPostgresConcurrentWriters(t *testing.T) {
	f := newPG(t)
	logs := []*PGLog{f.open(t), f.open(t)}
	const workers, each = 24, 15
	var wg sync.WaitGroup
	seen := sync.Map{}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				e := sample(w*each + i)
				if err := logs[w%2].Append(ctx, e); err != nil {
					t.Error(err)
					return
				}
				if _, dup := seen.LoadOrStore(e.Seq, true); dup {
					t.Errorf("seq %d handed out twice", e.Seq)
				}
			}
		}()
	}
	wg.Wait()
	for _, l := range logs {
		l.Close()
	}
	rep, err := f.verify(t)
	if err != nil || rep.Entries != workers*each {
		t.Fatalf("Verify = %+v, %v", rep, err)
	}
}

// TestPostgresLockdown runs LockdownSQL and checks the server's role can
// append and read but not alter the log, nor switch its guards off.
func TestPostgresLockdown(t *testing.T) {
	f := newPG(t)
	f.fill(t, 2)
	owner, app := randName("mosaic_audit_owner_"), randName("mosaic_app_")
	if _, err := f.admin.Exec(ctx, "CREATE ROLE "+app+" LOGIN"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		f.admin.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{f.schema}.Sanitize()+" CASCADE")
		f.admin.Exec(ctx, "DROP ROLE IF EXISTS "+app)
		f.admin.Exec(ctx, "DROP ROLE IF EXISTS "+owner)
	})
	for _, stmt := range LockdownSQL(f.schema, owner, app) {
		if _, err := f.admin.Exec(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	u, _ := url.Parse(f.url)
	u.User = url.User(app)
	l, err := OpenPostgres(ctx, u.String(), f.schema)
	if err != nil {
		t.Fatalf("opening as the server's role: %v", err)
	}
	defer l.Close()
	if err := l.Append(ctx, sample(3)); err != nil {
		t.Fatalf("append as the server's role: %v", err)
	}
	if rep, err := Verify(ctx, l); err != nil || rep.LastSeq != 3 {
		t.Fatalf("Verify as the server's role = %+v, %v", rep, err)
	}
	c, err := pgx.Connect(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	s := pgx.Identifier{f.schema}.Sanitize()
	for _, stmt := range []string{
		"ALTER TABLE " + s + ".consultations DISABLE TRIGGER ALL",
		"DROP TRIGGER append_only ON " + s + ".consultations",
		"DELETE FROM " + s + ".consultations",
		"UPDATE " + s + ".consultations SET note = 'x'",
		"TRUNCATE " + s + ".consultations",
	} {
		_, err := c.Exec(ctx, stmt)
		if err == nil || !(strings.Contains(err.Error(), "permission denied") || strings.Contains(err.Error(), "must be owner")) {
			t.Errorf("%s as the server's role: %v, want permission denied", stmt, err)
		}
	}
}
