package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The bench client must frame answers as net/http writes them (lengths and
// chunks), keep its connection across requests, send what the server
// checks (token, purpose) and dial again after the server closes.
func TestBenchClientSpeaksHTTP(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get("X-Mosaic-Purpose") != "case 7" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/small":
			w.Write([]byte("ok"))
		case "/large": // beyond net/http's buffer: sent in chunks
			w.Write([]byte(strings.Repeat("x", 64<<10)))
		case "/close":
			w.Header().Set("Connection", "close")
			w.Write([]byte("bye"))
		case "/slow":
			time.Sleep(300 * time.Millisecond)
		default:
			http.NotFound(w, r)
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	ctx := context.Background()
	c, err := newBenchClient(srv.URL, "tok", "case 7", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i, tc := range []struct {
		path   string
		status int
	}{
		{"/small", 200}, {"/large", 200}, {"/small?q=a%20b", 200}, {"/missing", 404},
		{"/close", 200}, {"/small", 200}, {"/large", 200},
	} {
		status, err := c.Get(ctx, tc.path)
		if err != nil || status != tc.status {
			t.Fatalf("request %d %s: status %d, err %v; want %d", i, tc.path, status, err, tc.status)
		}
	}
	if n := conns.Load(); n != 2 {
		t.Fatalf("%d connections for 7 requests, one closed by the server: want 2", n)
	}

	bad, _ := newBenchClient(srv.URL, "other", "case 7", time.Second)
	if status, err := bad.Get(ctx, "/small"); err != nil || status != http.StatusUnauthorized {
		t.Fatalf("wrong token: status %d, err %v", status, err)
	}
	bad.Close()

	slow, _ := newBenchClient(srv.URL, "tok", "case 7", 50*time.Millisecond)
	if _, err := slow.Get(ctx, "/slow"); err == nil {
		t.Fatal("a request past the timeout did not fail")
	}
	if slow.conn != nil {
		t.Fatal("a failed request left its connection open")
	}
	slow.Close()

	if _, err := newBenchClient("https://127.0.0.1:1", "tok", "p", time.Second); err == nil {
		t.Fatal("https accepted")
	}
}

// The load generator's side of --load process runs its plan's clients for
// each "run D" line and answers with what they measured.
func TestBenchServeLoadRunsThePlan(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("X-Mosaic-Purpose") == "" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.Write([]byte(`{"results":[]}`))
	}))
	defer srv.Close()
	plan := loadPlan{Base: srv.URL, Client: "conn", Timeout: time.Second, Seed: 1, Mix: "search=1,entity=1",
		Users:   []loadUser{{Token: "a", Set: 0}, {Token: "b", Set: 0}},
		Targets: []loadTargets{{Scripts: [][]string{{"Anna Berg"}}, Records: []string{"src:1"}}}}
	raw, _ := json.Marshal(plan)
	file := t.TempDir() + "/plan.json"
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	e := &env{stdin: strings.NewReader("run 100ms\nrun 50ms\n"), stdout: &out, stderr: io.Discard}
	if err := runBenchServeLoad(context.Background(), e, []string{file}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d result lines, want 2", len(lines))
	}
	total := 0
	for _, l := range lines {
		var w loadWire
		if err := json.Unmarshal([]byte(l), &w); err != nil {
			t.Fatal(err)
		}
		n := 0
		for kind, ds := range w.Lat {
			if kind != "search" && kind != "entity" {
				t.Fatalf("kind %q not in the mix", kind)
			}
			n += len(ds)
		}
		if n == 0 || len(w.Errs) != 0 {
			t.Fatalf("run measured %d requests, errors %v", n, w.Errs)
		}
		total += n
	}
	if int(hits.Load()) != total {
		t.Fatalf("server saw %d requests, the results count %d", hits.Load(), total)
	}
	if err := runBenchServeLoad(context.Background(), &env{stdin: strings.NewReader("jump 1s\n"), stdout: io.Discard}, []string{file}); err == nil {
		t.Fatal("an unknown command was accepted")
	}
}
