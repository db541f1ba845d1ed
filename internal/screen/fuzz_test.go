package screen

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/mosaichq/mosaic/internal/names"
)

// FuzzQueryReader feeds arbitrary CSV to the query reader and screens
// what it reads: errors are fine, panics and out-of-range scores are not.
func FuzzQueryReader(f *testing.F) {
	f.Add([]byte("full_name,date_of_birth,nationality\nRashid Obeidi,1971-03-14,Jordan\n"))
	f.Add([]byte("nationality,last_name,first_name\n,Vinogradov,Andrey\n\"unterminated\n"))
	f.Add([]byte("\ufefffull_name\n\n,,,\n"))
	f.Add([]byte("first_name,middle_name\nA,B,C,D\n"))
	ix := testIndex()
	f.Fuzz(func(t *testing.T, data []byte) {
		qr, err := NewQueryReader(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			return
		}
		for i := 0; i < 50; i++ {
			q, row, err := qr.Next()
			if errors.Is(err, io.EOF) || err != nil {
				return
			}
			if row != i+1 {
				t.Fatalf("row %d, want %d", row, i+1)
			}
			for _, r := range ix.Screen(q, Options{Floor: -1}) {
				if r.Score < 0 || r.Score > 1 || math.IsNaN(r.Score) {
					t.Fatalf("score %v", r.Score)
				}
			}
		}
	})
}

func FuzzReadPairs(f *testing.F) {
	f.Add([]byte("name1,name2,schema\nA B,B A,Person\nX,Y,Company\n"))
	f.Add([]byte("name2,name1\n\"x\n"))
	f.Add([]byte("name1,name2\nonly-one\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, pairs, err := ReadPairs(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			return
		}
		for i, p := range pairs {
			if i > 20 {
				break
			}
			s, _ := PairScore(p.Name1, p.Name2, PairKind(p.Schema))
			if s < 0 || s > 1 || math.IsNaN(s) {
				t.Fatalf("score %v for %q %q", s, p.Name1, p.Name2)
			}
		}
	})
}

// FuzzMatchHandler: whatever the body and parameters, the match API
// answers 200, 400 or 404 with a JSON body, never a crash or a 500.
func FuzzMatchHandler(f *testing.F) {
	f.Add("default", "limit=3", []byte(`{"queries":{"q":{"schema":"Person","properties":{"name":["Rashid Obeidi"]}}}}`))
	f.Add("test_un", "threshold=0.9", []byte(`{"queries":{"q":{"schema":"Company","properties":{"name":"Golden Falcon","registrationNumber":[12345]}}}}`))
	f.Add("default", "", []byte(`{"queries":{"q":null}}`))
	f.Add("nope", "algorithm=x", []byte(`{`))
	h := NewService(testIndex()).Handler()
	f.Fuzz(func(t *testing.T, ds, query string, body []byte) {
		u := &url.URL{Path: "/match/" + url.PathEscape(ds), RawQuery: query}
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		req.URL = u
		req.RequestURI = u.String()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case 200, 400, 404:
		case 301, 307, 308: // the mux cleaning a path such as /match/.
			return
		default:
			t.Fatalf("status %d for %q %q %q: %s", rec.Code, ds, query, body, rec.Body)
		}
		if rec.Code != 404 || rec.Body.Len() > 0 {
			var v any
			if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil && rec.Header().Get("Content-Type") == "application/json" {
				t.Fatalf("status %d body not JSON: %s", rec.Code, rec.Body)
			}
		}
	})
}

func FuzzPairScore(f *testing.F) {
	f.Add("Mohammed bin Salman Al Saud", "محمد بن سلمان آل سعود", false)
	f.Add("ООО Газпром", "Gazprom LLC", true)
	f.Add("", "x", false)
	f.Fuzz(func(t *testing.T, a, b string, org bool) {
		k := names.Person
		if org {
			k = names.Organization
		}
		s, _ := PairScore(a, b, k)
		if s < 0 || s > 1 || math.IsNaN(s) {
			t.Fatalf("score %v", s)
		}
	})
}
