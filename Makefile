# Mosaic — the two commands a newcomer needs are `make demo` and `make test`.
GO ?= go
BIN := bin/mosaic

.PHONY: demo build web test test-go test-slow test-web vet clean

demo: build
	./$(BIN) demo

build: web
	$(GO) build -o $(BIN) ./cmd/mosaic

# The analyst workbench is built with npm and embedded in the binary.
web:
	@if [ -f web/package.json ]; then cd web && npm ci --no-audit --no-fund && npm run build; fi

vet:
	gofmt -l $$(git ls-files '*.go') | (! grep .)
	$(GO) vet ./...

test: vet test-go test-slow test-web

test-go:
	$(GO) test ./...

# Slow checks (networkx/igraph agreement, big synthetic worlds, PostgreSQL).
test-slow:
	$(GO) test -tags slow -timeout 60m ./...

test-web: build
	@if [ -f web/package.json ]; then cd web && npm test; fi

clean:
	rm -rf bin mosaic-data
