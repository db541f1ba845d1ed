package audit

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCanonicalUnambiguous(t *testing.T) {
	base := Entry{Seq: 7, At: time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC), User: "ab", Role: "c", Kind: KindHTTP,
		Params: map[string]string{"a": "1", "b": "2"}, Entities: []string{"x", "y"}, Prev: Genesis}
	h := ComputeHash(&base)
	// Each change must change the hash, including ones that keep the
	// concatenated text the same.
	changes := []struct {
		name string
		mod  func(e *Entry)
	}{
		{"user/role boundary", func(e *Entry) { e.User, e.Role = "a", "bc" }},
		{"param boundary", func(e *Entry) { e.Params = map[string]string{"a": "1b", "": "2"} }},
		{"entities split", func(e *Entry) { e.Entities = []string{"xy"} }},
		{"entity moved to records", func(e *Entry) { e.Entities, e.Records = []string{"x"}, []string{"y"} }},
		{"seq", func(e *Entry) { e.Seq = 8 }},
		{"one microsecond", func(e *Entry) { e.At = e.At.Add(time.Microsecond) }},
		{"status", func(e *Entry) { e.Status = 200 }},
		{"prev", func(e *Entry) { e.Prev = strings.Repeat("1", 64) }},
		{"note", func(e *Entry) { e.Note = " " }},
		{"purpose", func(e *Entry) { e.Purpose = "x" }},
	}
	for _, c := range changes {
		e := base
		e.Params = map[string]string{"a": "1", "b": "2"}
		c.mod(&e)
		if ComputeHash(&e) == h {
			t.Errorf("%s: hash unchanged", c.name)
		}
	}
	// Nil and empty are the same entry; map order does not matter.
	e := base
	e.Records = []string{}
	e.Params = map[string]string{"b": "2", "a": "1"}
	if ComputeHash(&e) != h {
		t.Error("empty list or map order changed the hash")
	}
}

func TestLineRoundTrip(t *testing.T) {
	e := sample(3)
	if err := prepare(e, time.Now()); err != nil {
		t.Fatal(err)
	}
	e.Seq, e.Prev = 3, Genesis
	e.Hash = ComputeHash(e)
	line, err := marshalLine(e)
	if err != nil {
		t.Fatal(err)
	}
	got, err := parseLine(line)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got, e) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, *e)
	}
	for _, bad := range []string{
		strings.Replace(string(line), `Z"`, `+00:00"`, 1),
		strings.Replace(string(line), `"seq":3`, `"seq":3,"extra":1`, 1),
		strings.Replace(string(line), `"seq":3`, `"seq": 3`, 1),
		strings.Replace(string(line), `Z"`, `.0000001Z"`, 1),
	} {
		if _, err := parseLine([]byte(bad)); err == nil {
			t.Errorf("accepted non-canonical line %s", bad)
		}
	}
}

// FuzzParseLine: the line parser never panics, and whatever it accepts is
// byte for byte what the writer would write for that entry.
func FuzzParseLine(f *testing.F) {
	e := sample(1)
	prepare(e, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	e.Seq, e.Prev = 1, Genesis
	e.Hash = ComputeHash(e)
	line, _ := marshalLine(e)
	f.Add(line)
	f.Add([]byte(`{"seq":1,"at":"2026-01-01T00:00:00Z","user":"","kind":"x","prev":"","hash":""}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := parseLine(b)
		if err != nil {
			return
		}
		again, err := marshalLine(&got)
		if err != nil || string(again) != string(b) {
			t.Fatalf("accepted %q, which re-encodes as %q", b, again)
		}
		ComputeHash(&got)
	})
}

func TestSanitizeParams(t *testing.T) {
	q := url.Values{"q": {"Ivan"}, "access_token": {"s3cret"}, "api-key": {"k"}, "Password": {"p"},
		"page": {"1", "2"}, "note": {"Bearer abc.def"}, "long": {strings.Repeat("é", 600)}}
	got := SanitizeParams(q)
	want := map[string]string{"q": "Ivan", "access_token": "[redacted]", "api-key": "[redacted]", "Password": "[redacted]",
		"page": "1", "page#2": "2", "note": "[redacted]"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if l := got["long"]; !strings.HasSuffix(l, "…(1200 bytes)") || len(l) > maxParam+20 || strings.ContainsRune(l, '\uFFFD') {
		t.Errorf("long value cut as %q", l)
	}
	for _, v := range got {
		if strings.Contains(v, "s3cret") || strings.Contains(v, "abc.def") {
			t.Errorf("secret logged: %q", v)
		}
	}
	if SanitizeParams(nil) != nil {
		t.Error("no params should give nil")
	}
}

func TestNewHTTPEntry(t *testing.T) {
	mux := http.NewServeMux()
	var e *Entry
	mux.HandleFunc("GET /api/v1/entities/{id}", func(w http.ResponseWriter, r *http.Request) { e = NewHTTPEntry(r) })
	r := httptest.NewRequest("GET", "/api/v1/entities/E123?depth=2&token=zzz", nil)
	r.Header.Set(HeaderPurpose, "  CASE-42 ")
	r.Header.Set("Authorization", "Bearer sekrit")
	mux.ServeHTTP(httptest.NewRecorder(), r)
	if e == nil {
		t.Fatal("handler not called")
	}
	want := &Entry{Kind: KindHTTP, Method: "GET", Route: "GET /api/v1/entities/{id}", Purpose: "CASE-42",
		Params: map[string]string{"id": "E123", "depth": "2", "token": "[redacted]"}}
	if !reflect.DeepEqual(e, want) {
		t.Fatalf("entry = %+v, want %+v", e, want)
	}
	if got := patternWildcards("POST /a/{x}/b/{rest...}/{$}"); !reflect.DeepEqual(got, []string{"x", "rest"}) {
		t.Errorf("wildcards = %v", got)
	}
}

// FuzzDecodeHead: the head parser never panics and accepts only what
// encodeHead writes.
func FuzzDecodeHead(f *testing.F) {
	f.Add(encodeHead(head{Seq: 12, Hash: Genesis}, 3456))
	f.Add([]byte("mosaic-audit-head/1 0 0 x 0\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, size, ok := decodeHead(b)
		if !ok {
			return
		}
		want := encodeHead(h, size)
		if !strings.HasPrefix(string(b), string(want)) {
			t.Fatalf("accepted %q, which encodes as %q", b, want)
		}
	})
}
