//go:build slow

package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mosaichq/mosaic/internal/audit"
	"github.com/mosaichq/mosaic/internal/ingest"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
	"github.com/mosaichq/mosaic/internal/store/postgres"
)

// pgTestURL is the test database, as the postgres package's tests find it:
// MOSAIC_TEST_POSTGRES (then an unreachable server fails the test), else the
// default local URL, skipping when nothing answers.
func pgTestURL(t *testing.T) string {
	t.Helper()
	u, set := os.LookupEnv("MOSAIC_TEST_POSTGRES")
	if !set || u == "" {
		u = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, u)
	if err == nil {
		err = c.Ping(ctx)
		c.Close(ctx)
	}
	if err != nil {
		if set {
			t.Fatalf("MOSAIC_TEST_POSTGRES=%s: %v", u, err)
		}
		t.Skipf("PostgreSQL not available (set MOSAIC_TEST_POSTGRES): %v", err)
	}
	return u
}

func dropPGSchemas(t *testing.T, u string, names ...string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Error(err)
		return
	}
	defer c.Close(ctx)
	for _, n := range names {
		if _, err := c.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{n}.Sanitize()+" CASCADE"); err != nil {
			t.Error(err)
		}
	}
}

// The upload every batch carries: one dataset, records keyed by the
// batch's own ids, so batches never share a record.
const crashMapping = `crash_upload:
  label: ""
  reliability: C
  credibility: "3"
  queries:
    - csv_url: batch.csv
      entities:
        person:
          schema: Person
          keys: [id]
          properties:
            name: {column: name}
            birthDate: {column: born}
            phone: {column: phone}
            nationality: {column: country}
`

const (
	crashBatchRows = 3000
	crashWorkers   = 6
)

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// crashBatch writes one batch's CSV: made-up people, ids unique to the
// batch.
func crashBatch(name string) []byte {
	rng := rand.New(rand.NewPCG(uint64(len(name)), uint64(hashString(name))))
	syl := []string{"ka", "lo", "mi", "ren", "tas", "vo", "dri", "sel", "nu", "bar", "qen", "zo"}
	word := func() string {
		w := ""
		for i := 0; i < 2+rng.IntN(2); i++ {
			w += syl[rng.IntN(len(syl))]
		}
		return strings.ToUpper(w[:1]) + w[1:]
	}
	var b bytes.Buffer
	b.WriteString("id,name,born,phone,country\n")
	for i := 0; i < crashBatchRows; i++ {
		fmt.Fprintf(&b, "%s-%05d,%s %s,19%02d-%02d-%02d,+3161%07d,%s\n", name, i, word(), word(),
			40+rng.IntN(60), 1+rng.IntN(12), 1+rng.IntN(28), rng.IntN(10_000_000), []string{"NL", "BE", "DE", "FR"}[rng.IntN(4)])
	}
	return b.Bytes()
}

func hashString(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

// mosaicServer is a `mosaic serve` process.
type mosaicServer struct {
	cmd  *exec.Cmd
	url  string
	done chan error
	out  *bytes.Buffer
	errw *bytes.Buffer
}

var servingAt = regexp.MustCompile(`serving at (http://[^ ]+/) `)

func startServe(t *testing.T, bin string, storeArgs []string) *mosaicServer {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, storeArgs...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	ms := &mosaicServer{cmd: cmd, done: make(chan error, 1), out: &bytes.Buffer{}, errw: &bytes.Buffer{}}
	cmd.Stderr = ms.errw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			ms.out.WriteString(sc.Text() + "\n")
			if m := servingAt.FindStringSubmatch(sc.Text()); m != nil {
				urlc <- m[1]
			}
		}
	}()
	go func() { ms.done <- cmd.Wait() }()
	select {
	case ms.url = <-urlc:
	case err := <-ms.done:
		t.Fatalf("mosaic serve exited at start: %v\n%s", err, ms.out)
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatalf("mosaic serve did not start\n%s", ms.out)
	}
	return ms
}

type uploadOutcome int

const (
	unsent   uploadOutcome = iota
	acked                  // 200 with the whole body read
	inFlight               // sent, no complete answer: it may or may not have committed
	refused                // an answer other than 200: must not have committed
)

func upload(hc *http.Client, base, tok, name string) (uploadOutcome, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mp, _ := mw.CreateFormFile("mapping", "mapping.yml")
	mp.Write([]byte(crashMapping))
	fp, _ := mw.CreateFormFile("batch.csv", "batch.csv")
	fp.Write(crashBatch(name))
	mw.Close()
	req, _ := http.NewRequest("POST", base+"api/v1/ingest", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set(purposeHeader, "crash test upload "+name)
	resp, err := hc.Do(req)
	if err != nil {
		return inFlight, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return inFlight, err
	}
	if resp.StatusCode != http.StatusOK {
		return refused, fmt.Errorf("%d %s", resp.StatusCode, b)
	}
	var sum struct {
		Records int `json:"records"`
	}
	if json.Unmarshal(b, &sum) != nil {
		return inFlight, fmt.Errorf("unreadable answer %s", b)
	}
	return acked, nil
}

// TestKillDuringUpload starts `mosaic serve` as its own process, uploads
// batches concurrently through POST /api/v1/ingest, kills the server with
// SIGKILL while uploads are in flight, restarts it on the same directory
// and, over several rounds, checks that every acknowledged upload is
// there in full, that every batch is there completely or not at all
// (never twice: statement ids are content hashes), that the store's
// maintained counts equal what it holds, and that the consultation log
// verifies and holds an entry for every acknowledged upload.
func TestKillDuringUpload(t *testing.T) {
	bin := buildMosaic(t)
	dir := filepath.Join(t.TempDir(), "data")
	killDuringUpload(t, bin, []string{"--data", dir}, nil,
		func() (store.Backend, error) { return embedded.Open(dir, embedded.Options{}) },
		func() (audit.Log, error) { return audit.OpenFileReadOnly(audit.PathFor(dir)) })
}

// TestKillDuringUploadPostgres is the same against PostgreSQL (store and
// consultation log in fresh schemas).
func TestKillDuringUploadPostgres(t *testing.T) {
	base := pgTestURL(t)
	bin := buildMosaic(t)
	suffix := fmt.Sprintf("%d_%d", time.Now().Unix(), rand.Uint32())
	storeSchema, auditSchema := "mosaic_test_"+suffix, "mosaic_test_audit_"+suffix
	t.Cleanup(func() { dropPGSchemas(t, base, storeSchema, auditSchema) })
	u := base + "&mosaic.schema=" + storeSchema
	if !strings.Contains(base, "?") {
		u = base + "?mosaic.schema=" + storeSchema
	}
	killDuringUpload(t, bin, []string{"--db", u}, []string{"--audit-schema", auditSchema},
		func() (store.Backend, error) { return postgres.Open(context.Background(), u) },
		func() (audit.Log, error) { return audit.OpenPostgres(context.Background(), u, auditSchema) })
}

func buildMosaic(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go tool to build mosaic with")
	}
	root := repoRoot(t)
	bin := filepath.Join(t.TempDir(), "mosaic")
	build := exec.Command("go", "build", "-o", bin, "./cmd/mosaic")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func killDuringUpload(t *testing.T, bin string, storeArgs, serveArgs []string, openStore func() (store.Backend, error), openLog func() (audit.Log, error)) {
	out, err := exec.Command(bin, append([]string{"users", "add", "uploader", "--role", "analyst"}, storeArgs...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("users add: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	tok := lines[len(lines)-1]

	outcome := map[string]uploadOutcome{}
	var names []string
	hc := &http.Client{Timeout: 2 * time.Minute}
	rng := rand.New(rand.NewPCG(7, 11))
	const rounds = 3
	totalInFlight := 0
	for round := 0; round < rounds; round++ {
		srv := startServe(t, bin, append(storeArgs, serveArgs...))
		// A client retries what it never heard back about; ids are content
		// hashes, so a retry of something that did commit adds nothing.
		var todo []string
		for _, n := range names {
			if outcome[n] == inFlight {
				todo = append(todo, n)
			}
		}
		for i := 0; i < 12; i++ {
			n := fmt.Sprintf("r%d-b%02d", round, i)
			names = append(names, n)
			outcome[n] = unsent
			todo = append(todo, n)
		}
		// Kill after a few acknowledgements, at a random moment.
		killAfter := 3 + rng.IntN(4)
		jitter := time.Duration(rng.IntN(400)) * time.Millisecond
		var mu sync.Mutex
		ackedNow := 0
		killed := make(chan struct{})
		var killOnce sync.Once
		kill := func() {
			killOnce.Do(func() {
				srv.cmd.Process.Signal(syscall.SIGKILL)
				close(killed)
			})
		}
		work := make(chan string)
		var wg sync.WaitGroup
		for w := 0; w < crashWorkers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := range work {
					mu.Lock()
					outcome[n] = inFlight
					mu.Unlock()
					o, err := upload(hc, srv.url, tok, n)
					mu.Lock()
					outcome[n] = o
					if o == acked {
						ackedNow++
						if ackedNow == killAfter {
							time.AfterFunc(jitter, kill)
						}
					}
					if o == refused {
						t.Errorf("upload %s refused: %v", n, err)
					}
					mu.Unlock()
				}
			}()
		}
	feed:
		for _, n := range todo {
			select {
			case work <- n:
			case <-killed:
				break feed
			}
		}
		close(work)
		wg.Wait()
		kill() // if every upload finished before the kill fired
		<-srv.done
		inflight := 0
		for _, n := range names {
			if outcome[n] == inFlight {
				inflight++
			}
		}
		totalInFlight += inflight
		t.Logf("round %d: killed after %d acknowledgements (+%v): %d in flight", round, killAfter, jitter, inflight)
	}
	if totalInFlight == 0 {
		t.Fatal("no upload was in flight at any kill: the test checked nothing about crashes")
	}

	// The server comes back on the crashed store, and serves.
	srv := startServe(t, bin, append(storeArgs, serveArgs...))
	req, _ := http.NewRequest("GET", srv.url+"api/v1/stats", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set(purposeHeader, "crash test check")
	resp, err := hc.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("stats after restart: %v %v", err, resp)
	}
	resp.Body.Close()
	srv.cmd.Process.Signal(syscall.SIGTERM)
	if err := <-srv.done; err != nil {
		t.Fatalf("graceful stop: %v\n%s\n%s", err, srv.out, srv.errw)
	}

	// What each batch should have written, from a store that never crashed.
	ctx := context.Background()
	ref := map[string]map[string]bool{} // batch → statement ids
	recBatch := map[string]string{}     // record id → batch
	batchOf := func(rec string) string { return recBatch[rec] }
	refRecords := map[string]int{}
	{
		b, err := embedded.Open(t.TempDir(), embedded.Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		tmp := t.TempDir()
		for _, n := range names {
			d := filepath.Join(tmp, n)
			os.MkdirAll(d, 0o755)
			os.WriteFile(filepath.Join(d, "batch.csv"), crashBatch(n), 0o644)
			os.WriteFile(filepath.Join(d, "mapping.yml"), []byte(crashMapping), 0o644)
			m, err := ingest.LoadMapping(filepath.Join(d, "mapping.yml"))
			if err != nil {
				t.Fatal(err)
			}
			// Record ids are hashes of the keys: learn which batch made each.
			if _, err := ingest.Run(ctx, b, []*ingest.Mapping{m}, ingest.Options{
				OnRow: func(q *ingest.Query, line int, get func(string) []string, recs []string) {
					for _, r := range recs {
						recBatch[r] = n
					}
				}}); err != nil {
				t.Fatal(err)
			}
		}
		b.ScanStatements(ctx, func(s *model.Statement) error {
			bn := batchOf(s.Record)
			if ref[bn] == nil {
				ref[bn] = map[string]bool{}
			}
			ref[bn][s.ID] = true
			return nil
		})
		b.ScanRecords(ctx, func(ri store.RecordInfo) error {
			refRecords[batchOf(ri.ID)]++
			return nil
		})
		b.Close()
	}

	b, err := openStore()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	got := map[string]int{}
	var statements, records int64
	err = b.ScanStatements(ctx, func(s *model.Statement) error {
		statements++
		if s.Source != "crash_upload" {
			return nil
		}
		bn := batchOf(s.Record)
		if !ref[bn][s.ID] {
			t.Errorf("statement %s of %s was never uploaded", s.ID, s.Record)
		}
		got[bn]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	gotRecords := map[string]int{}
	b.ScanRecords(ctx, func(ri store.RecordInfo) error {
		records++
		gotRecords[batchOf(ri.ID)]++
		return nil
	})
	var present, wantStatements, wantRecords int
	for _, n := range names {
		full := got[n] == len(ref[n]) && gotRecords[n] == refRecords[n]
		switch {
		case outcome[n] == acked && !full:
			t.Errorf("acknowledged upload %s: %d of %d statements, %d of %d records", n, got[n], len(ref[n]), gotRecords[n], refRecords[n])
		case outcome[n] == unsent && got[n] != 0:
			t.Errorf("upload %s was never sent but %d statements are there", n, got[n])
		case got[n] != 0 && !full:
			t.Errorf("upload %s is there in part: %d of %d statements, %d of %d records (not atomic)", n, got[n], len(ref[n]), gotRecords[n], refRecords[n])
		}
		if got[n] != 0 {
			present++
			wantStatements += len(ref[n])
			wantRecords += refRecords[n]
		}
	}
	if int(statements) != wantStatements || int(records) != wantRecords {
		t.Errorf("store holds %d statements and %d records; the batches present account for %d and %d", statements, records, wantStatements, wantRecords)
	}
	cnt, err := b.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cnt.Statements != statements || cnt.Records != records {
		t.Errorf("maintained counts %d statements / %d records, the store holds %d / %d", cnt.Statements, cnt.Records, statements, records)
	}
	nAcked := 0
	for _, n := range names {
		if outcome[n] == acked {
			nAcked++
		}
	}
	t.Logf("%d batches of %d rows: %d acknowledged, %d present after %d kills (%d statements, %d records)",
		len(names), crashBatchRows, nAcked, present, rounds, statements, records)

	// The consultation log survives the crashes and names every
	// acknowledged upload.
	l, err := openLog()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	rep, err := audit.Verify(ctx, l)
	if err != nil {
		t.Fatalf("consultation log does not verify after the crashes: %v", err)
	}
	logged := map[string]bool{}
	l.Scan(ctx, 0, func(e audit.Entry) error {
		if e.Route == "POST /api/v1/ingest" && e.Status == 200 && len(e.Records) > 0 {
			logged[batchOf(e.Records[0])] = true
		}
		return nil
	})
	for _, n := range names {
		if outcome[n] == acked && !logged[n] {
			t.Errorf("acknowledged upload %s has no entry in the consultation log", n)
		}
	}
	t.Logf("consultation log: %s", rep)
}
