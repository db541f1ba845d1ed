package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/mosaichq/mosaic/internal/ingest"
	"github.com/mosaichq/mosaic/internal/ingest/lists"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store/embedded"
	"github.com/mosaichq/mosaic/internal/store/storetest"
)

// Made-up listed subjects (synthetic names) as FtM JSON lines.
const testListA = `{"id":"tl-1","schema":"Person","properties":{"name":["Rashid Obeidi Khaldoun"],"birthDate":["1971-03-14"],"nationality":["jo"]}}
{"id":"tl-2","schema":"Person","properties":{"name":["Andrei Vinogradov"],"alias":["Андрей Виноградов"],"birthDate":["1965"]}}
{"id":"tl-3","schema":"Organization","properties":{"name":["Golden Falcon Shipping LLC"]}}
`

const testListB = `{"id":"sl-1","schema":"Person","properties":{"name":["Miriam Castellanos Ubeda"],"birthDate":["1980-07-02"]}}
`

const testListSecret = `{"id":"hl-1","schema":"Person","properties":{"name":["Tobiah Quennell Varga"],"birthDate":["1959-11-30"]}}
`

func readList(t *testing.T, name, body string) *lists.List {
	t.Helper()
	l, err := lists.ReadFtM(strings.NewReader(body), name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// newScreenFixture is newFixture with a screening index: the watchlist
// file testListA, and in the store testListB (public) and testListSecret
// (imported under a label only some may see).
func newScreenFixture(t *testing.T) (*fixture, ScreenSources) {
	t.Helper()
	b, err := embedded.Open(t.TempDir(), embedded.Options{NoSync: true, CacheBytes: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	ctx := context.Background()
	if _, err := b.WriteStatements(ctx, []model.Statement{storetest.Stmt("p:1", "Person", "name", "Ivan Petrov", "")}); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.SyncList(ctx, b, readList(t, "store_list", testListB), ingest.Provenance{}); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.SyncList(ctx, b, readList(t, "secret_list", testListSecret), ingest.Provenance{Label: "SECRET"}); err != nil {
		t.Fatal(err)
	}
	ix, src, err := BuildScreenIndex(ctx, b, []*lists.List{readList(t, "file_list", testListA)})
	if err != nil {
		t.Fatal(err)
	}
	sc := NewScreening(ix)
	sc.AddCollection("sanctions", "file_list", "store_list")
	a := &memAudit{}
	srv, err := New(Config{Backend: b, Audit: a, Screening: sc, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		RatePerSecond: 1e6, RateBurst: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	h := httptest.NewServer(srv.Handler())
	t.Cleanup(h.Close)
	return &fixture{b: b, srv: srv, http: h, audit: a}, src
}

// TestScreeningIndexesStoreLists: lists imported with mosaic ingest --list
// are screened as a viewer without authorisations sees them; a list under
// a label stays out of the shared index.
func TestScreeningIndexesStoreLists(t *testing.T) {
	_, src := newScreenFixture(t)
	if src.FileSubjects != 3 {
		t.Errorf("file subjects = %d, want 3", src.FileSubjects)
	}
	if src.StoreSubjects != 1 || !slices.Equal(src.StoreLists, []string{"secret_list", "store_list"}) {
		t.Errorf("store: %d subjects from %v, want 1 from [secret_list store_list] (%s)", src.StoreSubjects, src.StoreLists, src)
	}
	if src.Skipped != 1 {
		t.Errorf("skipped = %d, want the labelled subject", src.Skipped)
	}
}

func TestMatchThroughServer(t *testing.T) {
	f, _ := newScreenFixture(t)
	tok := f.user(t, "scr", RoleAnalyst)
	body := `{"queries": {
		"q1": {"schema": "Person", "properties": {"name": ["Rashid Obeidi Khaldun"], "birthDate": ["1971-03-14"]}},
		"q2": {"schema": "Person", "properties": {"name": "Miriam Castellanos"}},
		"q3": {"schema": "Person", "properties": {"name": ["Tobiah Quennell Varga"]}}
	}}`

	// No purpose: refused before screening, and nothing logged.
	before := len(f.audit.cs)
	if code, out := f.do(t, "POST", "/match/default", tok, "", body); code != http.StatusBadRequest {
		t.Errorf("without purpose: %d %s", code, out)
	}
	if code, _ := f.do(t, "POST", "/match/default", "", "case 9", body); code != http.StatusUnauthorized {
		t.Errorf("without token: %d", code)
	}
	if len(f.audit.cs) != before {
		t.Fatalf("refused requests were logged")
	}

	code, out := f.do(t, "POST", "/match/sanctions?limit=3", tok, "case 9", body)
	if code != http.StatusOK {
		t.Fatalf("match: %d %s", code, out)
	}
	var resp struct {
		Responses map[string]struct {
			Status  int `json:"status"`
			Results []struct {
				ID           string                     `json:"id"`
				Caption      string                     `json:"caption"`
				Schema       string                     `json:"schema"`
				Properties   map[string][]string        `json:"properties"`
				Datasets     []string                   `json:"datasets"`
				Score        float64                    `json:"score"`
				Match        bool                       `json:"match"`
				Features     map[string]float64         `json:"features"`
				Explanations map[string]json.RawMessage `json:"explanations"`
			} `json:"results"`
			Total struct {
				Value    int    `json:"value"`
				Relation string `json:"relation"`
			} `json:"total"`
			Query struct {
				Schema     string              `json:"schema"`
				Properties map[string][]string `json:"properties"`
			} `json:"query"`
		} `json:"responses"`
		Matcher struct {
			Name     string                     `json:"name"`
			Features map[string]json.RawMessage `json:"features"`
		} `json:"matcher"`
		Limit int `json:"limit"`
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatalf("not a yente response: %v\n%s", err, out)
	}
	if resp.Limit != 3 || resp.Matcher.Name == "" || len(resp.Matcher.Features) == 0 || len(resp.Responses) != 3 {
		t.Fatalf("yente envelope wrong: %s", out)
	}
	q1 := resp.Responses["q1"]
	if q1.Status != 200 || len(q1.Results) == 0 || q1.Query.Schema != "Person" || q1.Total.Relation != "eq" {
		t.Fatalf("q1: %s", out)
	}
	top := q1.Results[0]
	if top.ID != "tl-1" || !top.Match || top.Score < 0.5 || top.Caption == "" || top.Schema != "Person" ||
		len(top.Properties["name"]) == 0 || len(top.Explanations) == 0 || len(top.Features) == 0 ||
		!slices.Equal(top.Datasets, []string{"file_list"}) {
		t.Errorf("q1 top result: %+v", top)
	}
	if r := resp.Responses["q2"].Results; len(r) == 0 || r[0].ID != "sl-1" {
		t.Errorf("a list imported into the store is not screened: %+v", r)
	}

	// Logged, with what came back.
	if len(f.audit.cs) != before+1 {
		t.Fatalf("%d consultations logged, want 1", len(f.audit.cs)-before)
	}
	c := f.audit.last()
	if c.Route != "POST /match/{dataset}" || c.Purpose != "case 9" || c.User != "scr" || c.Status != 200 ||
		c.Params["dataset"] != "sanctions" || c.Params["limit"] != "3" || c.Kind != "read" {
		t.Errorf("logged as %+v", c)
	}
	if !slices.Contains(c.Entities, "tl-1") || !slices.Contains(c.Entities, "sl-1") ||
		!slices.Contains(c.Records, model.RecordID("file_list", "tl-1")) || !slices.Contains(c.Records, model.RecordID("store_list", "sl-1")) {
		t.Errorf("the log does not say what was returned: entities %v records %v", c.Entities, c.Records)
	}

	// Every list, as far as the shared index goes: the labelled one is not
	// in it (its subject would be an exact match for q3).
	code, all := f.do(t, "POST", "/match/default", tok, "case 9", body)
	if code != http.StatusOK || strings.Contains(all, "hl-1") || !strings.Contains(all, "sl-1") {
		t.Errorf("default dataset: %d, a labelled list reached the shared screening index or a public one is missing: %s", code, all)
	}
	// A dataset that does not exist: 404 without echoing the request.
	code, out = f.do(t, "POST", "/match/no_such_list", tok, "case 9", body)
	if code != http.StatusNotFound || strings.Contains(out, "no_such_list") {
		t.Errorf("unknown dataset: %d %s", code, out)
	}
	// A per-list dataset screens only that list.
	code, out = f.do(t, "POST", "/match/store_list", tok, "case 9", body)
	if code != http.StatusOK || strings.Contains(out, `"tl-1"`) {
		t.Errorf("dataset store_list returned another list's subject: %d %s", code, out)
	}
	// yente's errors stay yente's (a client reads "detail").
	code, out = f.do(t, "POST", "/match/default", tok, "case 9", `{"queries": {}}`)
	if code != http.StatusBadRequest || !strings.Contains(out, "detail") {
		t.Errorf("empty batch: %d %s", code, out)
	}
}

func TestReconcileThroughServer(t *testing.T) {
	f, _ := newScreenFixture(t)
	tok := f.user(t, "rec", RoleAnalyst)
	if code, _ := f.do(t, "GET", "/reconcile/default", tok, "", ""); code != http.StatusBadRequest {
		t.Errorf("manifest without purpose: %d", code)
	}
	code, out := f.do(t, "GET", "/reconcile/default", tok, "case 3", "")
	if code != http.StatusOK || !strings.Contains(out, `"identifierSpace"`) {
		t.Errorf("manifest: %d %s", code, out)
	}
	q := url.Values{"queries": {`{"q0": {"query": "Andrei Vinogradov", "type": "Person"}}`}}
	code, out = f.do(t, "GET", "/reconcile/default?"+q.Encode(), tok, "case 3", "")
	var resp map[string]struct {
		Result []struct {
			ID    string  `json:"id"`
			Name  string  `json:"name"`
			Score float64 `json:"score"`
			Match bool    `json:"match"`
		} `json:"result"`
	}
	if code != http.StatusOK || json.Unmarshal([]byte(out), &resp) != nil || len(resp["q0"].Result) == 0 || resp["q0"].Result[0].ID != "tl-2" {
		t.Fatalf("reconcile GET: %d %s", code, out)
	}
	c := f.audit.last()
	if c.Route != "GET /reconcile/{dataset}" || !slices.Contains(c.Entities, "tl-2") || !slices.Contains(c.Records, "file_list:tl-2") {
		t.Errorf("reconcile logged as %+v", c)
	}
	// OpenRefine posts a form.
	req, _ := http.NewRequest("POST", f.http.URL+"/reconcile/default", strings.NewReader(q.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set(purposeHeader, "case 3")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), `"tl-2"`) {
		t.Errorf("reconcile POST form: %d %s", res.StatusCode, b)
	}
	if c := f.audit.last(); c.Route != "POST /reconcile/{dataset}" || c.Kind != "read" || !slices.Contains(c.Entities, "tl-2") {
		t.Errorf("reconcile POST logged as %+v", c)
	}
}

// TestScreenRoutesInOpenAPI: the document is generated from the table, so
// the screening routes appear with their purpose header.
func TestScreenRoutesInOpenAPI(t *testing.T) {
	f, _ := newScreenFixture(t)
	_, out := f.do(t, "GET", "/api/v1/openapi.json", "", "", "")
	var doc struct {
		Paths map[string]map[string]struct {
			Logged bool `json:"x-mosaic-logged"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct{ path, method string }{{"/match/{dataset}", "post"}, {"/reconcile/{dataset}", "get"}, {"/reconcile/{dataset}", "post"}} {
		op, ok := doc.Paths[want.path][want.method]
		if !ok || !op.Logged {
			t.Errorf("%s %s missing from the OpenAPI document or not marked logged", want.method, want.path)
		}
	}
}
