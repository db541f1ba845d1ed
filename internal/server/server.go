// Package server is Mosaic's HTTP API and the home of the analyst
// workbench. Every route is declared once in the route table (routes.go),
// with whether it touches data about people; the middleware then enforces,
// for every such route, authentication, a stated purpose and an entry in
// the consultation log. Visibility is never decided here: handlers read
// through a store.View bound to the caller.
package server

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/search"
	"github.com/mosaichq/mosaic/internal/store"
)

// Consultation is what the server tells the consultation log about one
// request. It never carries a token.
type Consultation struct {
	At       time.Time
	User     string
	Role     string
	Purpose  string
	Method   string
	Route    string            // the route pattern, e.g. GET /api/v1/entities/{id}
	Params   map[string]string // path and query parameters
	Status   int
	Entities []string // entity ids returned or changed
	Records  []string // record ids returned or changed
	Kind     string   // "read" or "change"
}

// Auditor records consultations (internal/audit provides the hash-chained
// implementation). Append must be safe for concurrent use.
type Auditor interface {
	Record(ctx context.Context, c Consultation) error
}

// Config wires a server.
type Config struct {
	Backend store.Backend
	Audit   Auditor
	// Extra routes mounted by other packages (screening's /match, …),
	// declared with the same properties as built-in ones.
	Extra []Route
	// Screening is the watchlist index behind /match and /reconcile (nil:
	// an empty one).
	Screening *Screening
	// Limits. Zero values take safe defaults.
	MaxBody        int64         // bytes of a JSON request body (default 1 MiB)
	MaxUpload      int64         // bytes of an ingestion upload (default 256 MiB)
	RequestTimeout time.Duration // per request (default 30 s)
	RatePerSecond  float64       // per token (default 50)
	RateBurst      int           // per token (default 100)
	// MaxInFlight is how many GET requests run at once; more wait, first
	// come first served, up to RequestTimeout (default 4 per core).
	MaxInFlight int
	Logger      *slog.Logger
	// Web is the workbench's static files (nil: no UI).
	Web http.FileSystem
}

// Server serves the API.
type Server struct {
	cfg    Config
	b      store.Backend
	users  *userCache
	routes []Route
	mux    *http.ServeMux
	log    *slog.Logger

	res  resolution
	an   analysis
	sums summaries

	// search is the name and identifier index, built on first use and
	// dropped by Refresh; a build in progress holds searchMu, so
	// concurrent first searches wait for one build.
	searchMu sync.Mutex
	searchIx *search.Index

	limMu    sync.Mutex
	limiters map[string]*rate.Limiter

	adm *admission

	metrics *metrics

	// life is the context of work shared by many requests (the search
	// index, graphs): a request giving up does not stop it, the server
	// stopping does. bg counts background work that reads the store, so
	// that Close can wait for it before the store is closed under it.
	life     context.Context
	stopLife context.CancelFunc
	bg       sync.WaitGroup
}

// New builds a server over a backend.
func New(cfg Config) (*Server, error) {
	if cfg.Backend == nil {
		return nil, errors.New("server: no backend")
	}
	if cfg.Audit == nil {
		return nil, errors.New("server: no consultation log; refusing to serve unlogged")
	}
	if cfg.MaxBody == 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.MaxUpload == 0 {
		cfg.MaxUpload = 256 << 20
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = 30 * time.Second
	}
	if cfg.RatePerSecond == 0 {
		cfg.RatePerSecond = 50
	}
	if cfg.RateBurst == 0 {
		cfg.RateBurst = 100
	}
	if cfg.MaxInFlight == 0 {
		cfg.MaxInFlight = 4 * runtime.GOMAXPROCS(0)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Server{cfg: cfg, b: cfg.Backend, users: &userCache{b: cfg.Backend}, mux: http.NewServeMux(),
		log: cfg.Logger, limiters: map[string]*rate.Limiter{}, adm: newAdmission(cfg.MaxInFlight)}
	s.metrics = newMetrics(s.adm)
	s.life, s.stopLife = context.WithCancel(context.Background())
	s.routes = append(s.builtinRoutes(), cfg.Extra...)
	for _, rt := range s.routes {
		s.mux.Handle(rt.Method+" "+rt.Pattern, s.wrap(rt))
	}
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	s.mux.Handle("GET /metrics", s.metrics.handler())
	s.mux.HandleFunc("GET /api/v1/openapi.json", s.handleOpenAPI)
	if cfg.Web != nil {
		s.mux.Handle("GET /", webHandler(cfg.Web))
	}
	return s, nil
}

// Handler is the server's HTTP handler with the outer safety layers.
func (s *Server) Handler() http.Handler {
	return s.recoverer(s.mux)
}

// Routes lists every route (for the OpenAPI document and tests).
func (s *Server) Routes() []Route { return s.routes }

// WarmUp builds the search index now rather than on the first search,
// then, in the background, each user's entity graph, so that the first
// graph, timeline or leads page does not wait for it.
func (s *Server) WarmUp(ctx context.Context) error {
	if _, err := s.index(ctx); err != nil {
		return err
	}
	users, err := ListUsers(ctx, s.b)
	if err != nil {
		return err
	}
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		done := map[string]bool{}
		for _, u := range users {
			if s.life.Err() != nil {
				return
			}
			v := u.Viewer()
			if done[viewerKey(v)] || u.Disabled {
				continue
			}
			done[viewerKey(v)] = true
			if _, err := s.viewerGraph(ctx, &Call{User: &u, View: store.NewView(s.b, v)}); err != nil {
				s.log.Warn("warming up a graph", "err", err)
			}
		}
	}()
	return nil
}

// indexRecords adds newly ingested records to the search index.
func (s *Server) indexRecords(ctx context.Context, records []string) {
	ix, err := s.index(ctx)
	if err != nil {
		return
	}
	for _, rec := range records {
		ss, err := s.b.RecordStatements(ctx, rec)
		if err != nil {
			continue
		}
		for i := range ss {
			ix.Add(&ss[i])
		}
	}
}

// searchIndex is the index for a request: when it is not built yet, the
// request gives back its slot while it waits for the build.
func (s *Server) searchIndex(ctx context.Context, c *Call) (*search.Index, error) {
	s.searchMu.Lock()
	ix := s.searchIx
	s.searchMu.Unlock()
	if ix != nil {
		return ix, nil
	}
	var err error
	if werr := c.unadmitted(ctx, func() { ix, err = s.index(ctx) }); werr != nil {
		return nil, werr
	}
	return ix, err
}

func (s *Server) index(ctx context.Context) (*search.Index, error) {
	s.searchMu.Lock()
	defer s.searchMu.Unlock()
	if s.searchIx != nil {
		return s.searchIx, nil
	}
	ix, err := search.Build(s.life, s.b)
	if err != nil {
		return nil, err // the next search tries again
	}
	s.searchIx = ix
	return ix, nil
}

// Refresh drops everything the server derived from the store — the search
// index, the link table and every viewer's graph, the resolution state —
// after a change made beside the API (a retention run erasing statements):
// nothing erased may linger in a cache. Each is rebuilt on its next use.
func (s *Server) Refresh() {
	s.searchMu.Lock()
	s.searchIx = nil
	s.searchMu.Unlock()
	s.res.mu.Lock()
	s.res.state = nil
	s.res.mu.Unlock()
	s.invalidate()
}

// Close stops shared work (index and graph builds, warm-up) and waits for
// it, so that the store can be closed. The handler must not be used after.
func (s *Server) Close() {
	s.stopLife()
	s.bg.Wait()
}

// ListenAndServe serves on addr until ctx ends, then shuts down gracefully:
// in-flight requests finish (up to 20 s), new ones are refused, and
// shared work in the background stops (Close) before it returns.
func (s *Server) ListenAndServe(ctx context.Context, addr, certFile, keyFile string, ready func(url string)) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	scheme := "http"
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			ln.Close()
			return fmt.Errorf("TLS: %w", err)
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		ln = tls.NewListener(ln, srv.TLSConfig)
		scheme = "https"
	}
	if ready != nil {
		ready(scheme + "://" + ln.Addr().String() + "/")
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		s.Close()
		return err
	case <-ctx.Done():
		// Builds stop first, so requests waiting for one end now rather
		// than holding the shutdown.
		s.stopLife()
		sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		err := srv.Shutdown(sctx)
		s.Close()
		return err
	}
}

// ---- request plumbing ----

// Call is what a handler knows about its request.
type Call struct {
	User    *User
	View    *store.View
	Purpose string
	// Handlers add the ids they return or change; the consultation log
	// records them.
	Entities []string
	Records  []string

	// adm is the server's admission; admitted says whether this call
	// holds one of its slots now.
	adm      *admission
	admitted bool
}

// Viewer is the caller as a reader.
func (c *Call) Viewer() *model.Viewer { return c.View.Viewer() }

// apiError is an error with a status and a message safe to show.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func errorf(status int, format string, args ...any) error {
	return &apiError{status: status, msg: fmt.Sprintf(format, args...)}
}

var errNotFound = &apiError{status: http.StatusNotFound, msg: "not found"}

const purposeHeader = "X-Mosaic-Purpose"

// wrap applies, in order: metrics, rate limit, authentication, role,
// purpose, body limit, timeout, the handler, and the consultation log.
func (s *Server) wrap(rt Route) http.Handler {
	name := rt.Method + " " + rt.Pattern
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() { s.metrics.observe(name, rec.status, time.Since(start)) }()
		token, ok := bearer(r)
		if !ok {
			writeError(rec, errorf(http.StatusUnauthorized, "missing or malformed Authorization: Bearer token"))
			return
		}
		if !s.allow(token) {
			rec.Header().Set("Retry-After", "1")
			writeError(rec, errorf(http.StatusTooManyRequests, "rate limit exceeded"))
			return
		}
		u, err := s.users.lookup(r.Context(), token, time.Now())
		if err != nil {
			s.log.Error("user lookup", "err", err)
			writeError(rec, errorf(http.StatusInternalServerError, "internal error"))
			return
		}
		if u == nil {
			writeError(rec, errorf(http.StatusUnauthorized, "unknown or revoked token"))
			return
		}
		if roleRank(u.Role) < roleRank(rt.Role) {
			writeError(rec, errorf(http.StatusForbidden, "this needs the %s role", rt.Role))
			return
		}
		purpose := strings.TrimSpace(r.Header.Get(purposeHeader))
		if rt.People && purpose == "" {
			writeError(rec, errorf(http.StatusBadRequest, "state the case or purpose in the %s header", purposeHeader))
			return
		}
		if len(purpose) > 500 {
			writeError(rec, errorf(http.StatusBadRequest, "purpose too long"))
			return
		}
		limit := s.cfg.MaxBody
		if rt.Upload {
			limit = s.cfg.MaxUpload
		}
		r.Body = http.MaxBytesReader(rec, r.Body, limit)
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
		defer cancel()
		r = r.WithContext(ctx)
		call := &Call{User: u, View: store.NewView(s.b, u.Viewer()), Purpose: purpose}
		// Reads queue for a slot; changes and uploads do not: they carry
		// bodies that arrive at the client's pace, and are few.
		if rt.Method == http.MethodGet {
			if err := s.adm.acquire(ctx); err != nil {
				rec.Header().Set("Retry-After", "1")
				writeError(rec, errorf(http.StatusServiceUnavailable, "server busy: no capacity within %s", s.cfg.RequestTimeout))
				return
			}
			call.adm, call.admitted = s.adm, true
			defer call.leave() // also when the handler panics
		}
		err = rt.Handle(rec, r, call)
		// The slot is given back before the consultation log is written:
		// the log waits for the disk, which needs no core.
		call.leave()
		if err != nil {
			writeError(rec, s.publicError(err))
		}
		if rt.People {
			c := Consultation{At: start.UTC(), User: u.Name, Role: u.Role, Purpose: purpose, Method: rt.Method,
				Route: name, Params: params(r, rt.Pattern), Status: rec.status, Entities: call.Entities,
				Records: call.Records, Kind: "read"}
			if rt.Method != http.MethodGet && !rt.ReadOnly {
				c.Kind = "change"
			}
			// The log is the record of who looked: failing to write it is an
			// error worth knowing, logged loudly (the response is already out).
			if err := s.cfg.Audit.Record(context.WithoutCancel(r.Context()), c); err != nil {
				s.log.Error("consultation log append failed", "route", name, "user", u.Name, "err", err)
			}
		}
	})
}

// publicError hides internals: no stack traces, no SQL, no paths.
func (s *Server) publicError(err error) error {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errorf(http.StatusRequestEntityTooLarge, "request body larger than %d bytes", mbe.Limit)
	}
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return errorf(http.StatusGatewayTimeout, "request took too long")
	}
	s.log.Error("request failed", "err", err)
	return errorf(http.StatusInternalServerError, "internal error")
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	const p = "Bearer "
	if len(h) <= len(p) || !strings.EqualFold(h[:len(p)], p) {
		return "", false
	}
	return strings.TrimSpace(h[len(p):]), true
}

func (s *Server) allow(token string) bool {
	key := hashToken(token)
	s.limMu.Lock()
	l, ok := s.limiters[key]
	if !ok {
		if len(s.limiters) > 100_000 {
			s.limiters = map[string]*rate.Limiter{} // bounded memory under token spraying
		}
		l = rate.NewLimiter(rate.Limit(s.cfg.RatePerSecond), s.cfg.RateBurst)
		s.limiters[key] = l
	}
	s.limMu.Unlock()
	return l.Allow()
}

// params are the request's path and query parameters for the log.
func params(r *http.Request, pattern string) map[string]string {
	out := map[string]string{}
	for _, seg := range strings.Split(pattern, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			name := strings.TrimSuffix(strings.TrimPrefix(seg, "{"), "}")
			name = strings.TrimSuffix(name, "...")
			out[name] = r.PathValue(name)
		}
	}
	for k, v := range r.URL.Query() {
		if strings.EqualFold(k, "token") || strings.EqualFold(k, "access_token") {
			continue
		}
		out[k] = strings.Join(v, ",")
	}
	return out
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wrote {
		s.status = code
		s.wrote = true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// recoverer turns a panic into a 500 without leaking the stack.
func (s *Server) recoverer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "path", r.URL.Path, "panic", fmt.Sprint(v))
				writeError(w, errorf(http.StatusInternalServerError, "internal error"))
			}
		}()
		h.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = &apiError{status: http.StatusInternalServerError, msg: "internal error"}
	}
	writeJSON(w, ae.status, map[string]any{"error": ae.msg, "status": ae.status})
}

// readJSON decodes a request body strictly.
func readJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return errorf(http.StatusBadRequest, "invalid JSON body: %v", err)
	}
	return nil
}
