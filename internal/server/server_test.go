package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/mosaichq/mosaic/internal/audit"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/resolve"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
	"github.com/mosaichq/mosaic/internal/store/storetest"
)

// memAudit records consultations in memory.
type memAudit struct {
	mu sync.Mutex
	cs []Consultation
}

func (m *memAudit) Record(ctx context.Context, c Consultation) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cs = append(m.cs, c)
	return nil
}

func (m *memAudit) Consultations(ctx context.Context, f AuditFilter) ([]Consultation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Consultation(nil), m.cs...), nil
}

func (m *memAudit) last() Consultation {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.cs) == 0 {
		return Consultation{}
	}
	return m.cs[len(m.cs)-1]
}

type fixture struct {
	b     store.Backend
	srv   *Server
	http  *httptest.Server
	audit *memAudit
}

// newFixture serves ss (resolved) from a fresh embedded store; configure,
// if given, adjusts the server's configuration before it is built.
func newFixture(t *testing.T, ss []model.Statement, configure ...func(*Config)) *fixture {
	t.Helper()
	b, err := embedded.Open(t.TempDir(), embedded.Options{NoSync: true, CacheBytes: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	ctx := context.Background()
	if len(ss) > 0 {
		if _, err := b.WriteStatements(ctx, ss); err != nil {
			t.Fatal(err)
		}
		if _, err := resolve.Batch(ctx, b, resolve.Config{}); err != nil {
			t.Fatal(err)
		}
	}
	a := &memAudit{}
	cfg := Config{Backend: b, Audit: a, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), RatePerSecond: 1e6, RateBurst: 1e6}
	for _, c := range configure {
		c(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h := httptest.NewServer(srv.Handler())
	t.Cleanup(h.Close)
	return &fixture{b: b, srv: srv, http: h, audit: a}
}

func (f *fixture) user(t *testing.T, name, role string, auths ...string) string {
	t.Helper()
	tok, err := AddUser(context.Background(), f.b, name, role, auths)
	if err != nil {
		t.Fatal(err)
	}
	f.srv.users.loaded = time.Time{} // the next request sees the new user
	return tok
}

func (f *fixture) do(t *testing.T, method, path, token, purpose, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, f.http.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if purpose != "" {
		req.Header.Set(purposeHeader, purpose)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// concrete fills a route pattern's path parameters.
func concrete(pattern string, id string) string {
	var parts []string
	for _, seg := range strings.Split(pattern, "/") {
		if strings.HasPrefix(seg, "{") {
			if strings.Contains(seg, "edge") {
				seg = id + "~" + id
			} else {
				seg = url.PathEscape(id)
			}
		}
		parts = append(parts, seg)
	}
	return strings.Join(parts, "/")
}

// TestEveryRouteNeedsPurposeAndIsLogged enumerates the route table: every
// route about people refuses a request without a purpose (400) and writes
// one consultation per request with one, whatever the outcome.
func TestEveryRouteNeedsPurposeAndIsLogged(t *testing.T) {
	f := newFixture(t, []model.Statement{storetest.Stmt("p:1", "Person", "name", "Ivan Petrov", "")})
	tok := f.user(t, "alice", RoleSupervisor, "X")
	people := 0
	for _, rt := range f.srv.Routes() {
		path := concrete(rt.Pattern, "p:1")
		body := ""
		if rt.Method == http.MethodPost {
			body = "{}"
		}
		if code, _ := f.do(t, rt.Method, path, "", "case 1", body); code != http.StatusUnauthorized {
			t.Errorf("%s %s without a token: %d, want 401", rt.Method, rt.Pattern, code)
		}
		if !rt.People {
			continue
		}
		people++
		before := len(f.audit.cs)
		if code, _ := f.do(t, rt.Method, path, tok, "", body); code != http.StatusBadRequest {
			t.Errorf("%s %s without a purpose: %d, want 400", rt.Method, rt.Pattern, code)
		}
		if len(f.audit.cs) != before {
			t.Errorf("%s %s: a refused request was logged as a consultation", rt.Method, rt.Pattern)
		}
		f.do(t, rt.Method, path, tok, "case 42", body)
		if len(f.audit.cs) != before+1 {
			t.Errorf("%s %s: %d consultations logged, want 1", rt.Method, rt.Pattern, len(f.audit.cs)-before)
			continue
		}
		c := f.audit.last()
		if c.User != "alice" || c.Purpose != "case 42" || c.Route != rt.Method+" "+rt.Pattern || c.Status == 0 {
			t.Errorf("%s %s logged as %+v", rt.Method, rt.Pattern, c)
		}
		for k, v := range c.Params {
			if strings.Contains(v, tok) || strings.EqualFold(k, "authorization") {
				t.Errorf("%s: token in logged params", rt.Pattern)
			}
		}
	}
	if people < 10 {
		t.Errorf("only %d routes about people: the table lost some", people)
	}
}

func TestHardening(t *testing.T) {
	f := newFixture(t, []model.Statement{storetest.Stmt("p:1", "Person", "name", "Ivan Petrov", "")})
	tok := f.user(t, "bob", RoleAnalyst)
	if code, _ := f.do(t, "GET", "/api/v1/me", "mos_not-a-token", "", ""); code != http.StatusUnauthorized {
		t.Errorf("unknown token: %d", code)
	}
	if code, _ := f.do(t, "GET", "/api/v1/audit", tok, "x", ""); code != http.StatusForbidden {
		t.Errorf("analyst reading the audit log: %d, want 403", code)
	}
	big := `{"a":"` + strings.Repeat("x", 2<<20) + `"}`
	code, body := f.do(t, "POST", "/api/v1/judgements", tok, "x", big)
	if code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d %s", code, body)
	}
	code, body = f.do(t, "POST", "/api/v1/judgements", tok, "x", `{"a": 1`)
	if code != http.StatusBadRequest || strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") {
		t.Errorf("malformed JSON: %d %s", code, body)
	}
	// Rate limit per token.
	f.srv.cfg.RatePerSecond, f.srv.cfg.RateBurst = 1, 2
	f.srv.limiters = map[string]*rate.Limiter{}
	limited := false
	for i := 0; i < 10; i++ {
		if code, _ := f.do(t, "GET", "/api/v1/me", tok, "", ""); code == http.StatusTooManyRequests {
			limited = true
		}
	}
	if !limited {
		t.Error("no rate limit after 10 quick requests with burst 2")
	}
}

// TestVisibilityProperty drives random labels and random viewers through
// every route: nothing a viewer may not see — a value, a record id, an
// entity id born of a hidden record, a count — may appear in any response.
func TestVisibilityProperty(t *testing.T) {
	labels := []string{"", "A", "B", "A|B", "A&B", "C"}
	viewers := [][]string{{}, {"A"}, {"B"}, {"C"}, {"A", "B"}}
	for seed := uint64(1); seed <= 3; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		var ss []model.Statement
		tokenOf := map[string][]string{} // statement value → the labels it is stated under
		add := func(rec, schema, prop, val, label string) {
			ss = append(ss, storetest.Stmt(rec, schema, prop, val, label))
			tokenOf[val] = append(tokenOf[val], label)
		}
		var recs []string
		for i := 0; i < 24; i++ {
			rec := fmt.Sprintf("src%d:r%02d", i%3, i)
			recs = append(recs, rec)
			l := labels[rng.IntN(len(labels))]
			// Pairs of records share a name and birth date so that they merge.
			add(rec, "Person", "name", fmt.Sprintf("Qzx%02d Vrk%02d", i/2, i/2), l)
			add(rec, "Person", "birthDate", fmt.Sprintf("19%02d-01-0%d", 50+i/2, 1+i/2%8), l)
			if rng.IntN(2) == 0 {
				add(rec, "Person", "phone", fmt.Sprintf("+3162000%04d", i), labels[rng.IntN(len(labels))])
			}
			if rng.IntN(4) == 0 {
				add(fmt.Sprintf("sanc:s%02d", i), "Sanction", "entity", rec, labels[rng.IntN(len(labels))])
				add(fmt.Sprintf("sanc:s%02d", i), "Sanction", "authority", fmt.Sprintf("Authx%02d", i), labels[rng.IntN(len(labels))])
			}
		}
		for i := 0; i < 20; i++ {
			a, b := recs[rng.IntN(len(recs))], recs[rng.IntN(len(recs))]
			l := labels[rng.IntN(len(labels))]
			rel := fmt.Sprintf("assoc:%02d", i)
			add(rel, "Associate", "person", a, l)
			add(rel, "Associate", "associate", b, l)
			add(rel, "Associate", "relationship", fmt.Sprintf("Relq%02d", i), l)
		}
		f := newFixture(t, ss)
		for vi, auths := range viewers {
			tok := f.user(t, fmt.Sprintf("s%dv%d", seed, vi), RoleSupervisor, auths...)
			v := model.NewViewer("v", model.NewAuths(auths...))
			// What must never appear: hidden values and records without a
			// single visible statement (their ids and their birth ids).
			var secrets []string
			for val, ls := range tokenOf {
				seen := false
				for _, l := range ls {
					seen = seen || v.CanSee(l)
				}
				if !seen && strings.ContainsAny(val, "QVRA") {
					secrets = append(secrets, val)
				}
			}
			// A record is visible through a statement the viewer may see that
			// does not point at a record the viewer may not see.
			byLabel := map[string]bool{}
			for _, s := range ss {
				if v.CanSee(s.Label) {
					byLabel[s.Record] = true
				}
			}
			visibleRec := map[string]bool{}
			for _, s := range ss {
				ref := s.Prop == "entity" || s.Prop == "person" || s.Prop == "associate"
				if v.CanSee(s.Label) && (!ref || byLabel[s.Value]) {
					visibleRec[s.Record] = true
				}
			}
			allRecs := map[string]bool{}
			for _, s := range ss {
				allRecs[s.Record] = true
			}
			for r := range allRecs {
				if !visibleRec[r] {
					secrets = append(secrets, r, store.EntityID(r))
				}
			}
			var ids []string
			for r := range allRecs {
				ids = append(ids, r, store.EntityID(r))
			}
			sort.Strings(ids)
			check := func(what, body string) {
				for _, sec := range secrets {
					if strings.Contains(body, sec) {
						t.Fatalf("seed %d viewer %v: %s reveals hidden %q\n%s", seed, auths, what, sec, body)
					}
				}
			}
			for _, rt := range f.srv.Routes() {
				// The audit view echoes the caller's own requests (and the
				// probes below put hidden ids in them); TestAuditRedaction
				// covers it.
				if rt.Method != http.MethodGet || rt.Role == RoleAdmin || rt.Pattern == "/api/v1/audit" {
					continue
				}
				for _, id := range ids {
					path := concrete(rt.Pattern, id)
					q := url.Values{"q": {"Qzx03 Vrk03"}, "ids": {id}, "from": {id}, "to": {ids[0]}, "a": {id}, "b": {ids[len(ids)-1]}, "id": {id}}
					code, body := f.do(t, "GET", path+"?"+q.Encode(), tok, "prop test", "")
					if code == http.StatusUnauthorized || code == http.StatusTooManyRequests {
						t.Fatalf("%s: %d — the property would be checked on nothing", rt.Pattern, code)
					}
					check(rt.Pattern+" "+id, body)
					if !strings.Contains(rt.Pattern, "{") && !strings.Contains(rt.Pattern, "explain") {
						break // routes without an id need one pass
					}
				}
			}
			// Counts equal those of a store holding only what the viewer sees.
			_, body := f.do(t, "GET", "/api/v1/stats", tok, "prop test", "")
			var got map[string]int
			json.Unmarshal([]byte(body), &got)
			if got["records"] != len(visibleRec) {
				t.Errorf("seed %d viewer %v: stats says %d records, %d are visible", seed, auths, got["records"], len(visibleRec))
			}
		}
	}
}

// TestAuditRedaction: a supervisor reading the log sees what a user with
// more authorisations asked and got back only as far as the supervisor's
// own authorisations reach.
func TestAuditRedaction(t *testing.T) {
	f := newFixture(t, []model.Statement{
		storetest.Stmt("p:1", "Person", "name", "Public Person", ""),
		storetest.Stmt("p:2", "Person", "name", "Secret Person", "SECRET"),
	})
	analyst := f.user(t, "ana", RoleAnalyst, "SECRET")
	sup := f.user(t, "sup", RoleSupervisor)
	f.do(t, "GET", "/api/v1/search?q=Secret+Person", analyst, "case 7", "")
	f.do(t, "GET", "/api/v1/entities/p:2", analyst, "case 7", "")
	_, body := f.do(t, "GET", "/api/v1/audit", sup, "", "")
	if strings.Contains(body, "p:2") || strings.Contains(body, "Secret") || strings.Contains(body, store.EntityID("p:2")) {
		t.Errorf("the audit view shows a supervisor what they may not see: %s", body)
	}
	if !strings.Contains(body, "ana") || !strings.Contains(body, "case 7") {
		t.Errorf("the audit view hides who looked and why: %s", body)
	}
	top := f.user(t, "top", RoleSupervisor, "SECRET")
	_, body = f.do(t, "GET", "/api/v1/audit", top, "", "")
	if !strings.Contains(body, "Secret Person") {
		t.Errorf("a supervisor cleared for everything the analyst sees gets a redacted log: %s", body)
	}
}

// TestRefreshForgetsErasedData: after a retention run erases a record
// beside the API, Refresh leaves nothing of it in the search index, the
// graph or the resolution state.
func TestRefreshForgetsErasedData(t *testing.T) {
	due := storetest.Stmt("police:77", "Person", "name", "Zebulon Quartermaine", "")
	due.ReviewAt = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	due.SetID()
	kept := storetest.Stmt("police:78", "Person", "name", "Ottoline Brackenbury", "")
	rel := []model.Statement{storetest.Stmt("police:79", "Family", "person", "police:78", ""),
		storetest.Stmt("police:79", "Family", "relative", "police:77", "")}
	f := newFixture(t, append([]model.Statement{due, kept}, rel...))
	tok := f.user(t, "ana", "analyst")
	search := func(q string) string {
		code, body := f.do(t, "GET", "/api/v1/search?q="+url.QueryEscape(q), tok, "case 1", "")
		if code != 200 {
			t.Fatalf("search: %d %s", code, body)
		}
		return body
	}
	if !strings.Contains(search("Zebulon Quartermaine"), "police:77") {
		t.Fatal("the record to erase is not found before the erasure")
	}
	ego := func() string {
		code, body := f.do(t, "GET", "/api/v1/graph/ego/"+url.PathEscape(store.EntityID("police:78")), tok, "case 1", "")
		if code != 200 {
			t.Fatalf("ego: %d %s", code, body)
		}
		return body
	}
	if !strings.Contains(ego(), "Zebulon") {
		t.Fatal("the relation to the record to erase is not in the graph before the erasure")
	}
	log, err := audit.OpenFile(filepath.Join(t.TempDir(), "audit.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	rep, err := audit.RunRetention(context.Background(), f.b, log, time.Now(), audit.RetentionOptions{})
	if err != nil || rep.Gone != 1 {
		t.Fatalf("retention: %+v, %v", rep, err)
	}
	f.srv.Refresh()
	if body := search("Zebulon Quartermaine"); strings.Contains(body, "police:77") || strings.Contains(body, "Zebulon") {
		t.Errorf("the erased record is still found: %s", body)
	}
	if !strings.Contains(search("Ottoline Brackenbury"), "police:78") {
		t.Error("the kept record is no longer found")
	}
	if body := ego(); strings.Contains(body, "Zebulon") || strings.Contains(body, "police:77") {
		t.Errorf("the erased person is still in the graph: %s", body)
	}
}

// TestSearchSummariesFollowViewerAndChanges: search results are assembled
// once per authorisation set and data generation; a viewer never gets
// another's, and a judgement that splits an entity shows at once.
func TestSearchSummariesFollowViewerAndChanges(t *testing.T) {
	var ss []model.Statement
	for _, r := range []struct{ rec, label string }{{"police:1", ""}, {"police:2", "SECRET"}, {"police:3", ""}} {
		ss = append(ss, storetest.Stmt(r.rec, "Person", "name", "Anastazja Wierzbicka", r.label),
			storetest.Stmt(r.rec, "Person", "birthDate", "1971-04-09", r.label),
			storetest.Stmt(r.rec, "Person", "passportNumber", "XK4471902", r.label))
	}
	f := newFixture(t, ss)
	secret := f.user(t, "sec", "analyst", "SECRET")
	public := f.user(t, "pub", "analyst")
	results := func(tok string) []SearchResult {
		code, body := f.do(t, "GET", "/api/v1/search?q="+url.QueryEscape("Anastazja Wierzbicka"), tok, "case 2", "")
		if code != 200 {
			t.Fatalf("search: %d %s", code, body)
		}
		var out struct{ Results []SearchResult }
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		return out.Results
	}
	ids := func(rs []SearchResult) map[string]bool {
		out := map[string]bool{}
		for _, r := range rs {
			out[r.ID] = true
		}
		return out
	}
	noSecret := func(rs []SearchResult) {
		for _, r := range rs {
			if r.Record == "police:2" || r.ID == store.EntityID("police:2") {
				t.Errorf("the public viewer got the secret record's entity: %+v", r)
			}
		}
	}
	results(secret) // assembled for the cleared viewer first
	before := results(public)
	noSecret(before)
	if len(ids(before)) != 2 {
		t.Fatalf("want the two public records as two entities before any judgement: %+v", before)
	}
	code, body := f.do(t, "POST", "/api/v1/judgements", public, "case 2",
		`{"a":"police:1","b":"police:3","verdict":"same","reason":"same passport"}`)
	if code != 200 && code != 201 {
		t.Fatalf("judgement: %d %s", code, body)
	}
	after := results(public)
	noSecret(after)
	if len(ids(after)) != 1 {
		t.Errorf("after the analyst joined them the public viewer should see one entity, got %+v", after)
	}
	if len(ids(results(secret))) != 2 {
		t.Errorf("the cleared viewer should see the joined entity and the secret record's")
	}
}
