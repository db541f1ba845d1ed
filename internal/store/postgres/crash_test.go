package postgres

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mosaichq/mosaic/internal/store"
)

// assertEmpty fails unless the store holds nothing at all.
func assertEmpty(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	c := checkCounts(t, s)
	if c != (store.Counts{}) {
		t.Errorf("counts after a failed load = %+v", c)
	}
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM statements) + (SELECT count(*) FROM records)
		+ (SELECT count(*) FROM sources)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d rows left by a failed load", n)
	}
}

func terminate(t *testing.T, s *Store, pid uint32) {
	t.Helper()
	var ok bool
	// The timeout makes the call wait until the backend has gone.
	if err := s.pool.QueryRow(context.Background(), "SELECT pg_terminate_backend($1, 10000)", int32(pid)).Scan(&ok); err != nil || !ok {
		t.Fatalf("pg_terminate_backend(%d) = %v, %v", pid, ok, err)
	}
}

// TestLoaderConnectionDies: the loader's session ends (server restart,
// network, admin) while statements stream in. Commit must fail, leave
// nothing, and the store must go on working.
func TestLoaderConnectionDies(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	ss := synthetic(20_000, 4, 2, 0)
	l, err := s.NewLoader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ss[:10_000] {
		if err := l.Add(&ss[i]); err != nil {
			t.Fatal(err)
		}
	}
	ld := l.(*loader)
	if ld.conn == nil {
		t.Fatal("a load of 10,000 statements is not streaming")
	}
	terminate(t, s, ld.conn.Conn().PgConn().PID())
	addErr := error(nil)
	for i := 10_000; i < len(ss) && addErr == nil; i++ {
		addErr = l.Add(&ss[i])
	}
	ws, err := l.Commit()
	if err == nil {
		t.Fatalf("Commit after the connection died = %+v, nil (Add: %v)", ws, addErr)
	}
	t.Logf("Add: %v; Commit: %v", addErr, err)
	l.Abort()
	assertEmpty(t, s)
	if ws := load(t, s, ss); ws.Statements != len(ss) {
		t.Errorf("load after the failure = %+v", ws)
	}
	checkCounts(t, s)
}

// TestLoaderDiesInCommit: the session ends inside a streamed load's merge
// transaction, after every INSERT and the totals, just before COMMIT:
// nothing of it may remain.
func TestLoaderDiesInCommit(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	const n = 5_000
	hooked := false
	s.hookBeforeCommit = func(ctx context.Context, tx pgx.Tx) error {
		hooked = true
		var inTx int64
		if err := tx.QueryRow(ctx, "SELECT statements FROM meta").Scan(&inTx); err != nil || inTx != n {
			t.Errorf("inside the transaction meta.statements = %d, %v; want %d", inTx, err, n)
		}
		terminate(t, s, tx.Conn().PgConn().PID())
		return nil
	}
	l, _ := s.NewLoader(ctx)
	ss := synthetic(n, 4, 2, 0)
	for i := range ss {
		if err := l.Add(&ss[i]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := l.Commit(); err == nil {
		t.Fatal("Commit succeeded on a dead connection")
	}
	if !hooked {
		t.Fatal("the hook did not run")
	}
	s.hookBeforeCommit = nil
	assertEmpty(t, s)
}

// TestSmallWriteAllOrNothing: a small load is one statement; when its last
// part (the totals) fails, its inserts are undone with it.
func TestSmallWriteAllOrNothing(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.pool.Exec(ctx, "ALTER TABLE meta ADD CONSTRAINT test_small CHECK (statements < 5)"); err != nil {
		t.Fatal(err)
	}
	defer s.pool.Exec(ctx, "ALTER TABLE meta DROP CONSTRAINT test_small")
	if ws, err := s.WriteStatements(ctx, synthetic(20, 4, 2, 0)); err == nil {
		t.Fatalf("write past the constraint = %+v, nil", ws)
	}
	assertEmpty(t, s)
	if ws, err := s.WriteStatements(ctx, synthetic(4, 4, 2, 0)); err != nil || ws.Statements != 4 || ws.Records != 1 {
		t.Fatalf("write within the constraint = %+v, %v", ws, err)
	}
}

// The process-kill test re-runs the test binary as a child that loads and
// is then killed with SIGKILL, mid-stream or mid-commit.
const crashChildEnv = "MOSAIC_PG_CRASH_CHILD"

func TestLoaderProcessKilled(t *testing.T) {
	if mode := os.Getenv(crashChildEnv); mode != "" {
		crashChild(mode)
		return
	}
	t.Parallel()
	for _, mode := range []string{"streaming", "committing"} {
		t.Run(mode, func(t *testing.T) {
			s := openTest(t)
			cmd := exec.Command(os.Args[0], "-test.run=^TestLoaderProcessKilled$", "-test.count=1")
			cmd.Env = append(os.Environ(), crashChildEnv+"="+mode, "MOSAIC_PG_CRASH_SCHEMA="+s.schema,
				"MOSAIC_TEST_POSTGRES="+testURL(t))
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// The child prints its loader's backend pid, then READY when it
			// has reached the point to be killed at.
			sc := bufio.NewScanner(out)
			var pid uint32
			ready := false
			deadline := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
			defer deadline.Stop()
			for sc.Scan() {
				line := sc.Text()
				if v, ok := strings.CutPrefix(line, "PID "); ok {
					fmt.Sscan(v, &pid)
				}
				if line == "READY" {
					ready = true
					break
				}
			}
			if !ready || pid == 0 {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("child never got ready (pid %d)", pid)
			}
			cmd.Process.Kill()
			cmd.Wait()
			// The server notices the dead client and ends its session, which
			// rolls back and drops the staging table.
			ctx := context.Background()
			for i := 0; ; i++ {
				var alive bool
				s.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1)", int32(pid)).Scan(&alive)
				if !alive {
					break
				}
				if i == 200 {
					t.Fatalf("backend %d of the killed process still alive", pid)
				}
				time.Sleep(50 * time.Millisecond)
			}
			assertEmpty(t, s)
		})
	}
}

func crashChild(mode string) {
	ctx := context.Background()
	s, err := OpenWith(ctx, os.Getenv("MOSAIC_TEST_POSTGRES"), Options{Schema: os.Getenv("MOSAIC_PG_CRASH_SCHEMA")})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	l, _ := s.NewLoader(ctx)
	ld := l.(*loader)
	ss := synthetic(10_000, 4, 2, 0)
	for i := range ss {
		if err := l.Add(&ss[i]); err != nil {
			fmt.Println("add:", err)
			os.Exit(2)
		}
	}
	fmt.Printf("PID %d\n", ld.conn.Conn().PgConn().PID())
	if mode == "streaming" {
		fmt.Println("READY")
		select {}
	}
	// Everything is inserted and counted; the transaction waits for COMMIT.
	s.hookBeforeCommit = func(ctx context.Context, tx pgx.Tx) error {
		fmt.Println("READY")
		select {}
	}
	_, err = l.Commit()
	fmt.Println("commit returned:", errors.Unwrap(err))
	os.Exit(2)
}
