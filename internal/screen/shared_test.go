package screen

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/mosaichq/mosaic/internal/ingest/lists"
)

// sharedData returns ../shared/data beside the repository root, or skips.
func sharedData(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found")
		}
		dir = parent
	}
	d := filepath.Join(dir, "..", "shared", "data")
	if _, err := os.Stat(d); err != nil {
		t.Skipf("shared data not available at %s", d)
	}
	return d
}

var listCache sync.Map

// loadShared loads a list under ../shared/data (cached across tests), or
// skips when it is absent.
func loadShared(t testing.TB, rel string) *lists.List {
	t.Helper()
	p := filepath.Join(sharedData(t), rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not available", p)
	}
	if l, ok := listCache.Load(p); ok {
		return l.(*lists.List)
	}
	l, err := lists.Load(p)
	if err != nil {
		t.Fatalf("load %s: %v", p, err)
	}
	listCache.Store(p, l)
	return l
}
