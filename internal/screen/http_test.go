package screen

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mosaichq/mosaic/internal/model"
)

// testIndex is a small made-up list in two datasets.
func testIndex() *Index {
	mk := func(list, id, schema string, props map[string][]string) Record {
		e := model.NewEntity(schema, id)
		for k, v := range props {
			e.Add(k, v...)
		}
		e.Datasets = []string{list}
		return RecordFromEntity(list, e)
	}
	ix := NewIndex()
	ix.Add(
		mk("test_un", "un-1", "Person", map[string][]string{"name": {"Rashid Obeidi Khaldoun"}, "birthDate": {"1971-03-14"}, "nationality": {"jo"}, "passportNumber": {"K1234567"}}),
		mk("test_un", "un-2", "Person", map[string][]string{"name": {"Andrei Vinogradov"}, "alias": {"Андрей Виноградов"}, "birthDate": {"1965"}}),
		mk("test_un", "un-3", "Organization", map[string][]string{"name": {"Golden Falcon Shipping LLC"}, "country": {"ae"}}),
		mk("test_eu", "eu-1", "Person", map[string][]string{"name": {"Miriam Castellanos Ubeda"}, "birthDate": {"1980-07-02"}}),
	)
	return ix
}

func postJSON(t *testing.T, h http.Handler, path, body string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s: response is not JSON: %v\n%s", path, err, rec.Body.String())
	}
	return rec, out
}

func TestMatchAPI(t *testing.T) {
	h := NewService(testIndex()).Handler()
	body := `{"queries": {
		"q1": {"schema": "Person", "properties": {"name": ["Rashid Obeidi Khaldun"], "birthDate": ["1971-03-14"], "nationality": ["Jordan"], "gender": ["male"]}},
		"q2": {"schema": "Person", "properties": {"name": "Андрей Виноградов", "birthDate": ["1965-05-01"]}},
		"q3": {"schema": "Company", "properties": {"name": ["Golden Falcon Shipping"]}},
		"q4": {"schema": "Person", "properties": {"name": ["Nobody Atall Unlisted"]}}
	}}`
	rec, out := postJSON(t, h, "/match/default?limit=3", body)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if out["limit"].(float64) != 3 {
		t.Errorf("limit = %v", out["limit"])
	}
	if _, ok := out["matcher"].(map[string]any); !ok {
		t.Errorf("no matcher docs")
	}
	resp := out["responses"].(map[string]any)
	want := map[string]string{"q1": "un-1", "q2": "un-2", "q3": "un-3"}
	for k, id := range want {
		r := resp[k].(map[string]any)
		results := r["results"].([]any)
		if len(results) == 0 {
			t.Errorf("%s: no results", k)
			continue
		}
		top := results[0].(map[string]any)
		for _, f := range []string{"id", "caption", "schema", "properties", "datasets", "score", "match", "features", "explanations"} {
			if _, ok := top[f]; !ok {
				t.Errorf("%s: result lacks %q", k, f)
			}
		}
		if top["id"] != id || top["match"] != true {
			t.Errorf("%s: top result %v (match %v), want %s matched", k, top["id"], top["match"], id)
		}
		if r["total"].(map[string]any)["value"].(float64) < 1 {
			t.Errorf("%s: total %v", k, r["total"])
		}
		q := r["query"].(map[string]any)
		if q["schema"] == "" || q["properties"] == nil {
			t.Errorf("%s: query not echoed: %v", k, q)
		}
		ex := top["explanations"].(map[string]any)
		if _, ok := ex["name"].(map[string]any)["detail"]; !ok {
			t.Errorf("%s: name explanation lacks detail: %v", k, ex)
		}
	}
	// A name alone is listed, so the date and nationality must show.
	ex := resp["q1"].(map[string]any)["results"].([]any)[0].(map[string]any)["explanations"].(map[string]any)
	for _, f := range []string{"name", "birth_date", "country"} {
		if _, ok := ex[f]; !ok {
			t.Errorf("q1: explanation lacks %s: %v", f, ex)
		}
	}
	if rs := resp["q4"].(map[string]any)["results"].([]any); len(rs) != 0 {
		t.Errorf("q4 unlisted person has results %v", rs)
	}
	if rec.Header().Get("x-batch-size") != "4" {
		t.Errorf("x-batch-size %q", rec.Header().Get("x-batch-size"))
	}
}

func TestMatchDatasetSelects(t *testing.T) {
	h := NewService(testIndex()).Handler()
	body := `{"queries": {"q": {"schema": "Person", "properties": {"name": ["Miriam Castellanos Ubeda"]}}}}`
	_, out := postJSON(t, h, "/match/test_un", body)
	for _, r := range out["responses"].(map[string]any)["q"].(map[string]any)["results"].([]any) {
		if ds := r.(map[string]any)["datasets"].([]any)[0]; ds != "test_un" {
			t.Errorf("dataset test_un returned a result from %v", ds)
		}
	}
	_, out = postJSON(t, h, "/match/test_eu", body)
	rs := out["responses"].(map[string]any)["q"].(map[string]any)["results"].([]any)
	if len(rs) == 0 || rs[0].(map[string]any)["id"] != "eu-1" {
		t.Errorf("dataset test_eu: %v", rs)
	}
}

func TestMatchErrors(t *testing.T) {
	h := NewService(testIndex()).Handler()
	cases := []struct {
		name, path, body string
		status           int
	}{
		{"malformed JSON", "/match/default", `{"queries": {"q1": {"schema": "Person", "properties": {"name": ["x"]}}`, 400},
		{"not an object", "/match/default", `[1,2,3]`, 400},
		{"wrong value type", "/match/default", `{"queries": {"q1": {"schema": "Person", "properties": {"name": [{"a": 1}]}}}}`, 400},
		{"no queries", "/match/default", `{"queries": {}}`, 400},
		{"unknown schema", "/match/default", `{"queries": {"q1": {"schema": "Spaceship", "properties": {"name": ["x"]}}}}`, 400},
		{"unknown property", "/match/default", `{"queries": {"q1": {"schema": "Person", "properties": {"shoeSize": ["44"]}}}}`, 400},
		{"no name", "/match/default", `{"queries": {"q1": {"schema": "Person", "properties": {"birthDate": ["1970"]}}}}`, 400},
		{"bad threshold", "/match/default?threshold=abc", `{"queries": {"q1": {"schema": "Person", "properties": {"name": ["x"]}}}}`, 400},
		{"bad limit", "/match/default?limit=0", `{"queries": {"q1": {"schema": "Person", "properties": {"name": ["x"]}}}}`, 400},
		{"unknown algorithm", "/match/default?algorithm=magic", `{"queries": {"q1": {"schema": "Person", "properties": {"name": ["x"]}}}}`, 400},
		{"unknown dataset", "/match/nosuchlist", `{"queries": {"q1": {"schema": "Person", "properties": {"name": ["x"]}}}}`, 404},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, out := postJSON(t, h, c.path, c.body)
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.status, rec.Body)
			}
			d, _ := out["detail"].(string)
			if d == "" {
				t.Errorf("no detail: %s", rec.Body)
			}
			if strings.Contains(d, "goroutine") || strings.Contains(d, ".go:") {
				t.Errorf("detail leaks internals: %q", d)
			}
		})
	}
	// GET is not the match API.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/match/default", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET /match: %d", rec.Code)
	}
}

func TestReconcileAPI(t *testing.T) {
	h := NewService(testIndex()).Handler()
	// Manifest.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/reconcile/default", nil))
	var man map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &man); err != nil || rec.Code != 200 {
		t.Fatalf("manifest: %d %v %s", rec.Code, err, rec.Body)
	}
	for _, f := range []string{"versions", "name", "identifierSpace", "schemaSpace", "defaultTypes"} {
		if _, ok := man[f]; !ok {
			t.Errorf("manifest lacks %s", f)
		}
	}
	queries := `{"q0": {"query": "Rashid Obeidi Khaldoun", "type": "Person", "properties": [{"pid": "birthDate", "v": "1971-03-14"}]}, "q1": {"query": "Golden Falcon Shipping", "type": ["Organization"], "limit": 2}}`
	check := func(name string, rec *httptest.ResponseRecorder) {
		t.Helper()
		if rec.Code != 200 {
			t.Fatalf("%s: status %d: %s", name, rec.Code, rec.Body)
		}
		var out map[string]map[string][]map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("%s: %v: %s", name, err, rec.Body)
		}
		for q, id := range map[string]string{"q0": "un-1", "q1": "un-3"} {
			rs := out[q]["result"]
			if len(rs) == 0 {
				t.Errorf("%s %s: no result", name, q)
				continue
			}
			for _, f := range []string{"id", "name", "type", "score", "match"} {
				if _, ok := rs[0][f]; !ok {
					t.Errorf("%s %s: result lacks %s", name, q, f)
				}
			}
			if rs[0]["id"] != id || rs[0]["match"] != true {
				t.Errorf("%s %s: top %v match %v, want %s", name, q, rs[0]["id"], rs[0]["match"], id)
			}
		}
	}
	// Form POST, as OpenRefine sends it.
	form := url.Values{"queries": {queries}}
	req := httptest.NewRequest(http.MethodPost, "/reconcile/default", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	check("form", rec)
	// GET with queries= in the URL.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/reconcile/default?queries="+url.QueryEscape(queries), nil))
	check("get", rec)
	// JSON body.
	req = httptest.NewRequest(http.MethodPost, "/reconcile/default", strings.NewReader(`{"queries": `+queries+`}`))
	req.Header.Set("Content-Type", "application/json")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	check("json", rec)

	// Errors.
	for _, c := range []struct {
		path, q string
		status  int
	}{
		{"/reconcile/default", `{"q0": {"query": "x"`, 400},
		{"/reconcile/default", `{"q0": {"query": "x", "type": "Spaceship"}}`, 400},
		{"/reconcile/nosuch", `{"q0": {"query": "x"}}`, 404},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.path+"?queries="+url.QueryEscape(c.q), nil))
		if rec.Code != c.status {
			t.Errorf("%s %s: %d, want %d", c.path, c.q, rec.Code, c.status)
		}
		if !strings.Contains(rec.Body.String(), `"detail"`) {
			t.Errorf("%s: no detail: %s", c.path, rec.Body)
		}
	}
}
