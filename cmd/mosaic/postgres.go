package main

import (
	"context"

	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/postgres"
)

// Linking the PostgreSQL engine in makes --db postgres://… work for every
// command that opens a store.
func init() {
	openPostgres = func(ctx context.Context, url string) (store.Backend, error) {
		return postgres.Open(ctx, url)
	}
}
