package server

import (
	"io"
	"net/http"
	"strings"
)

// webHandler serves the workbench: static files, and index.html for any
// other path so the single-page app can route client-side.
func webHandler(fsys http.FileSystem) http.Handler {
	files := http.FileServer(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'")
		w.Header().Set("Referrer-Policy", "no-referrer")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			writeError(w, errNotFound)
			return
		}
		if f, err := fsys.Open(r.URL.Path); err == nil {
			f.Close()
			files.ServeHTTP(w, r)
			return
		}
		idx, err := fsys.Open("/index.html")
		if err != nil {
			http.Error(w, "the workbench is not built: run make build", http.StatusNotFound)
			return
		}
		defer idx.Close()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.Copy(w, idx)
	})
}
