package audit

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// HeaderPurpose carries the purpose of a request: a case id or a reason.
// Requests that read or change data about people must carry it.
const HeaderPurpose = "X-Mosaic-Purpose"

// maxParam bounds a logged parameter value: enough for any query an analyst
// types, not a way to fill the log with an upload.
const maxParam = 1024

// NewHTTPEntry starts the entry for a request: kind, method, route pattern
// (r.Pattern as matched by http.ServeMux, else the path), purpose and the
// sanitised query and path parameters. The server adds User, Role, Status,
// Entities and Records once it knows them, then appends it.
func NewHTTPEntry(r *http.Request) *Entry {
	e := &Entry{Kind: KindHTTP, Method: r.Method, Route: r.Pattern,
		Purpose: strings.TrimSpace(r.Header.Get(HeaderPurpose))}
	if e.Route == "" {
		e.Route = r.URL.Path
	}
	p := SanitizeParams(r.URL.Query())
	for _, name := range patternWildcards(r.Pattern) {
		if v := r.PathValue(name); v != "" {
			if p == nil {
				p = map[string]string{}
			}
			p[name] = sanitizeValue(name, v)
		}
	}
	e.Params = p
	return e
}

// patternWildcards lists the {name} and {name...} segments of a ServeMux
// pattern.
func patternWildcards(pattern string) []string {
	var out []string
	for {
		i := strings.IndexByte(pattern, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(pattern[i:], '}')
		if j < 0 {
			return out
		}
		name := strings.TrimSuffix(pattern[i+1:i+j], "...")
		if name != "" && name != "$" {
			out = append(out, name)
		}
		pattern = pattern[i+j+1:]
	}
}

// SanitizeParams turns query parameters into Entry.Params. Parameters that
// carry secrets (tokens, passwords, keys, sessions, cookies, credentials)
// are kept by name with the value "[redacted]", so the log shows a secret
// was sent in a URL without holding it; values are cut to 1 KiB; a
// parameter given several times becomes name, name#2, name#3, ...
func SanitizeParams(q url.Values) map[string]string {
	if len(q) == 0 {
		return nil
	}
	out := make(map[string]string, len(q))
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for i, v := range q[k] {
			name := k
			if i > 0 {
				name = k + "#" + strconv.Itoa(i+1)
			}
			out[name] = sanitizeValue(k, v)
		}
	}
	return out
}

var secretWords = []string{"token", "passw", "secret", "authoriz", "apikey", "api_key", "api-key",
	"session", "cookie", "credential", "bearer", "signature", "private"}

// IsSecretParam reports whether a parameter name suggests a secret.
func IsSecretParam(name string) bool {
	n := strings.ToLower(name)
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return n == "key" || strings.HasSuffix(n, "_key") || strings.HasSuffix(n, "-key") || n == "pwd" || n == "auth"
}

func sanitizeValue(name, v string) string {
	if IsSecretParam(name) || strings.HasPrefix(strings.ToLower(strings.TrimSpace(v)), "bearer ") {
		return "[redacted]"
	}
	if len(v) > maxParam {
		cut := maxParam
		for cut > 0 && v[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
			cut--
		}
		return v[:cut] + "…(" + strconv.Itoa(len(v)) + " bytes)"
	}
	return v
}
