// Package web holds the analyst workbench, built by npm into dist/ and
// embedded in the mosaic binary.
package web

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed all:dist
var dist embed.FS

// Files returns the built workbench, or nil when it has not been built
// (dist holds only its placeholder).
func Files() http.FileSystem {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		return nil
	}
	if _, err := fs.Stat(sub, "index.html"); err != nil {
		return nil
	}
	return http.FS(sub)
}
