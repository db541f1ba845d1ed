package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mosaichq/mosaic/internal/audit"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store/embedded"
	"github.com/mosaichq/mosaic/internal/store/storetest"
)

// run runs the mosaic command line in-process.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = runMain(context.Background(), &env{stdin: strings.NewReader(""), stdout: &o, stderr: &e}, args)
	return code, o.String(), e.String()
}

// auditStore writes a small store with review dates (three records due at
// 2026-06-01, one not) and returns its directory.
func auditStore(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	b, err := embedded.Open(dir, embedded.Options{NoSync: true, CacheBytes: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	due := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	later := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	var ss []model.Statement
	add := func(rec, prop, val string, review time.Time) {
		s := storetest.Stmt(rec, "Person", prop, val, "")
		s.ReviewAt = review
		ss = append(ss, s)
	}
	add("police:1", "name", "Anna Example", due)
	add("police:1", "birthDate", "1990-02-03", due)
	add("police:2", "name", "Boris Example", later)
	add("police:2", "birthDate", "1985-07-08", due)
	add("border:7", "name", "Carla Example", due)
	add("border:8", "name", "Dmitri Example", later)
	if _, err := b.WriteStatements(context.Background(), ss); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestRetentionAndAuditCommands(t *testing.T) {
	dir := auditStore(t)
	code, out, errs := run(t, "retention", "run", "--data", dir, "--now", "2026-06-01", "--dry-run")
	if code != 0 || !strings.Contains(out, "4 statements due") || !strings.Contains(out, "gone police:1: 2 statements (birthDate, name)") {
		t.Fatalf("dry run: %d\n%s\n%s", code, out, errs)
	}
	logPath := audit.PathFor(dir)
	if _, err := os.Stat(logPath); err == nil {
		t.Fatal("dry run created the log")
	}
	code, out, errs = run(t, "retention", "run", "--data", dir, "--now", "2026-06-01", "--user", "ops")
	if code != 0 || !strings.Contains(out, "4 statements erased") || !strings.Contains(out, "2 records gone, 1 trimmed") {
		t.Fatalf("retention run: %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = run(t, "retention", "run", "--data", dir, "--now", "2026-06-01")
	if code != 0 || !strings.Contains(out, "nothing due") {
		t.Fatalf("second run: %d %s", code, out)
	}

	code, out, errs = run(t, "audit", "verify", "--data", dir)
	if code != 0 || !strings.HasPrefix(out, "OK: 4 entries") || strings.Count(out, "\n") != 1 {
		t.Fatalf("verify: %d %q %s", code, out, errs)
	}
	code, out, _ = run(t, "audit", "show", "--data", dir, "--limit", "2")
	if code != 0 || !strings.Contains(out, "ops") || !strings.Contains(out, "(last 2 of 4 entries") {
		t.Fatalf("show: %d\n%s", code, out)
	}
	exp := filepath.Join(t.TempDir(), "out.jsonl")
	code, _, errs = run(t, "audit", "export", "--log", logPath, "--user", "ops", "--since", "2020-01-01", "--out", exp)
	if code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	raw, _ := os.ReadFile(exp)
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) != 4 {
		t.Fatalf("export wrote %d lines", len(lines))
	}
	var e audit.Entry
	if err := json.Unmarshal([]byte(lines[0]), &e); err != nil || e.Kind != audit.KindRetention || e.User != "ops" {
		t.Fatalf("exported entry %+v, %v", e, err)
	}
	// An export is the log's own lines.
	logRaw, _ := os.ReadFile(logPath)
	if string(logRaw) != string(raw) {
		t.Error("export differs from the log's lines")
	}
	code, out, _ = run(t, "audit", "export", "--log", logPath, "--user", "nobody")
	if code != 0 || out != "" {
		t.Fatalf("export for another user: %d %q", code, out)
	}
	for _, v := range []string{"Anna", "1990-02-03", "Carla", "1985-07-08"} {
		if strings.Contains(string(logRaw), v) {
			t.Errorf("erased value %q in the log", v)
		}
	}

	// Tampering: each makes verify exit 1 and say where.
	lineSet := strings.SplitAfter(string(logRaw), "\n")
	lineSet = lineSet[:len(lineSet)-1]
	tampers := []struct {
		name, content, where string
	}{
		{"flip a byte", strings.Replace(string(logRaw), `"user":"ops"`, `"user":"opt"`, 1), "line 1 (seq 1)"},
		{"delete a middle line", lineSet[0] + lineSet[2] + lineSet[3], "line 2 (seq 3)"},
		{"delete the last line", strings.Join(lineSet[:3], ""), "log ends at seq 3"},
		{"reorder a pair", lineSet[0] + lineSet[2] + lineSet[1] + lineSet[3], "line 2 (seq 3)"},
		{"truncate", string(logRaw[:len(logRaw)-10]), "line 4"},
	}
	for _, tc := range tampers {
		os.WriteFile(logPath, []byte(tc.content), 0o600)
		code, out, errs := run(t, "audit", "verify", "--data", dir)
		if code != 1 || out != "" || !strings.Contains(errs, "FAILED") || !strings.Contains(errs, tc.where) {
			t.Errorf("%s: verify exit %d, stdout %q, stderr %q (want %q)", tc.name, code, out, errs, tc.where)
		}
	}
	os.WriteFile(logPath, logRaw, 0o600)
	if code, _, errs := run(t, "audit", "verify", "--log", logPath); code != 0 {
		t.Fatalf("restored log: %s", errs)
	}
	if code, out, _ := run(t, "audit", "lockdown", "--app-role", "mosaic_app"); code != 0 ||
		!strings.Contains(out, `GRANT SELECT, INSERT ON "audit".consultations TO "mosaic_app";`) {
		t.Errorf("lockdown: %d\n%s", code, out)
	}
	if code, _, _ := run(t, "audit", "frobnicate"); code != 2 {
		t.Errorf("unknown subcommand exit %d, want 2", code)
	}
}

func TestAuditVerifyPostgres(t *testing.T) {
	u := os.Getenv("MOSAIC_TEST_POSTGRES")
	if u == "" {
		u = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, u)
	if err != nil {
		if os.Getenv("MOSAIC_REQUIRE_POSTGRES") != "" {
			t.Fatal(err)
		}
		t.Skipf("PostgreSQL not reachable at %s (set MOSAIC_TEST_POSTGRES): %v", u, err)
	}
	defer admin.Close(ctx)
	rb := make([]byte, 6)
	rand.Read(rb)
	schema := "audit_cli_" + hex.EncodeToString(rb)
	defer admin.Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE")

	if code, _, errs := run(t, "audit", "verify", "--db", u, "--audit-schema", schema); code != 1 || !strings.Contains(errs, "no audit log") {
		t.Fatalf("verify of a missing schema: %d %s", code, errs)
	}
	l, err := audit.OpenPostgres(ctx, u, schema)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := l.Append(ctx, &audit.Entry{Kind: audit.KindHTTP, User: "alice", Purpose: "CASE-1", Method: "GET",
			Route: "GET /api/v1/search", Params: map[string]string{"q": "x"}, Status: 200, Entities: []string{"E1"}}); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	if code, out, errs := run(t, "audit", "verify", "--db", u, "--audit-schema", schema); code != 0 || !strings.HasPrefix(out, "OK: 3 entries") {
		t.Fatalf("verify: %d %q %s", code, out, errs)
	}
	if code, out, _ := run(t, "audit", "show", "--db", u, "--audit-schema", schema); code != 0 || !strings.Contains(out, "GET /api/v1/search") {
		t.Fatalf("show: %d %s", code, out)
	}
	tx, _ := admin.Begin(ctx)
	tx.Exec(ctx, "SET LOCAL session_replication_role = replica")
	if _, err := tx.Exec(ctx, "DELETE FROM "+schema+".consultations WHERE seq = 2"); err != nil {
		t.Fatal(err)
	}
	tx.Commit(ctx)
	if code, _, errs := run(t, "audit", "verify", "--db", u, "--audit-schema", schema); code != 1 || !strings.Contains(errs, "row 2 (seq 3)") {
		t.Fatalf("verify after deleting a row: %d %s", code, errs)
	}
}
