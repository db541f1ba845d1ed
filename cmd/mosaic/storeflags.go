package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
)

// storeFlags are the flags every command that touches a store shares.
type storeFlags struct {
	data  string
	db    string
	auths string
	user  string
	cache int // embedded block cache, MiB (0: the engine's default)
}

func addStoreFlags(fs *flag.FlagSet) *storeFlags {
	sf := &storeFlags{auths: "*"}
	fs.StringVar(&sf.data, "data", "./mosaic-data", "embedded store directory")
	fs.StringVar(&sf.db, "db", "", "PostgreSQL URL (postgres://...) instead of the embedded store")
	return sf
}

// addCacheFlag adds --cache-mb for long-running readers (the server),
// which answer point reads all day: the more of the store's blocks stay
// decompressed in memory, the less each profile costs.
func (sf *storeFlags) addCacheFlag(fs *flag.FlagSet, defMB int) *storeFlags {
	fs.IntVar(&sf.cache, "cache-mb", defMB, "embedded store block cache in MiB")
	return sf
}

// addReaderFlags adds --auths for commands that read data for a person.
func (sf *storeFlags) addReaderFlags(fs *flag.FlagSet) *storeFlags {
	fs.StringVar(&sf.auths, "auths", "*", "authorisations of the reader, comma-separated (* = every label)")
	return sf
}

// open opens the configured backend.
func (sf *storeFlags) open(ctx context.Context) (store.Backend, error) {
	if sf.db != "" {
		if !strings.HasPrefix(sf.db, "postgres://") && !strings.HasPrefix(sf.db, "postgresql://") {
			return nil, usagef("--db must be a postgres:// URL")
		}
		return openPostgres(ctx, sf.db)
	}
	return embedded.Open(sf.data, embedded.Options{CacheBytes: int64(sf.cache) << 20})
}

// viewer is who reads: the local user with the --auths given.
func (sf *storeFlags) viewer() *model.Viewer {
	name := sf.user
	if name == "" {
		name = "local"
	}
	return model.NewViewer(name, model.ParseAuths(sf.auths))
}

// where names the store for messages.
func (sf *storeFlags) where() string {
	if sf.db != "" {
		return "PostgreSQL"
	}
	return sf.data
}

var errNoPostgres = errors.New("PostgreSQL support is not built in yet")

// openPostgres is replaced when the postgres engine is linked in.
var openPostgres = func(ctx context.Context, url string) (store.Backend, error) {
	return nil, fmt.Errorf("%w", errNoPostgres)
}

// everyoneViewer reads everything: for system work (resolution, linking)
// whose results carry their own labels and are filtered per viewer later.
var everyoneViewer = model.Everyone()
