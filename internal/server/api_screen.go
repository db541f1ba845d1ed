package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/mosaichq/mosaic/internal/ingest/lists"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/screen"
	"github.com/mosaichq/mosaic/internal/store"
)

// Screening serves watchlist screening in the shapes existing clients
// speak (yente's POST /match/{dataset}, the OpenRefine reconciliation API)
// from internal/screen, mounted as ordinary routes: the same token,
// purpose, limits and consultation log as every other route about people.
//
// The index holds only what every user may see — watchlist files given to
// the server, and listed entities in the store as a viewer without any
// authorisation sees them — so one index serves every caller without
// deciding visibility here.
type Screening struct {
	svc      *screen.Service
	datasets map[string]bool
	subjects int
}

// NewScreening serves an index. Its datasets are "default" (every list)
// and one per list, as screen.NewService names them.
func NewScreening(ix *screen.Index) *Screening {
	s := &Screening{svc: screen.NewService(ix), datasets: map[string]bool{"default": true}}
	for name := range ix.Lists() {
		s.datasets[name] = true
	}
	s.subjects, _ = ix.Len()
	return s
}

// AddCollection adds a dataset that screens several lists together.
func (s *Screening) AddCollection(name string, lists ...string) {
	s.svc.AddCollection(name, lists...)
	s.datasets[name] = true
}

// Datasets lists the dataset names callers may use, sorted.
func (s *Screening) Datasets() []string {
	out := make([]string, 0, len(s.datasets))
	for d := range s.datasets {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// ScreenSources says where the screening index came from.
type ScreenSources struct {
	FileSubjects  int      // subjects from watchlist files
	StoreSubjects int      // listed subjects read from the store
	StoreLists    []string // datasets read from the store
	Skipped       int      // store subjects not visible to everyone, or already indexed from a file
}

func (ss ScreenSources) String() string {
	return fmt.Sprintf("%d subjects from watchlist files, %d from %d list(s) in the store %v (%d left out: labelled, erased or given as a file)",
		ss.FileSubjects, ss.StoreSubjects, len(ss.StoreLists), ss.StoreLists, ss.Skipped)
}

// listVersionKind is the document kind under which ingest.SyncList keeps
// the last imported version of each official list (mosaic ingest --list).
// TestScreeningIndexesStoreLists fails if the two drift apart.
const listVersionKind = "list-version"

// BuildScreenIndex indexes the subjects of the given watchlists and, when b
// is not nil, of every official list imported into the store. Store
// subjects are rebuilt from the statements a viewer with no authorisation
// sees (a list imported under a label, or values since erased, stay out),
// so every caller may see every result. A list given as a file replaces
// the store's copy of the same dataset.
func BuildScreenIndex(ctx context.Context, b store.Backend, files []*lists.List) (*screen.Index, ScreenSources, error) {
	var src ScreenSources
	ix := screen.NewIndex()
	fromFile := map[string]bool{}
	ids := map[string]bool{}
	for _, l := range files {
		fromFile[l.Name] = true
		subs := l.Subjects()
		recs := make([]screen.Record, 0, len(subs))
		for _, e := range subs {
			if ids[e.ID] {
				continue
			}
			ids[e.ID] = true
			recs = append(recs, screen.RecordFromEntity(l.Name, e))
		}
		ix.Add(recs...)
		src.FileSubjects += len(recs)
	}
	if b == nil {
		return ix, src, nil
	}
	type listed struct{ dataset, id, schema string }
	var todo []listed
	err := b.ScanDocs(ctx, listVersionKind, "", func(dataset string, body []byte) error {
		var l lists.List
		if err := json.Unmarshal(body, &l); err != nil {
			return fmt.Errorf("stored list %s: %w", dataset, err)
		}
		if fromFile[dataset] {
			src.Skipped += len(l.Subjects())
			return nil
		}
		src.StoreLists = append(src.StoreLists, dataset)
		for _, e := range l.Subjects() {
			todo = append(todo, listed{dataset, e.ID, e.Schema})
		}
		return nil
	})
	if err != nil {
		return nil, src, err
	}
	public := store.NewView(b, model.NewViewer("screening", model.NewAuths()))
	recs := make([]screen.Record, 0, len(todo))
	for _, t := range todo {
		if ids[t.id] {
			src.Skipped++
			continue
		}
		ss, err := public.RecordStatements(ctx, model.RecordID(t.dataset, t.id))
		if errors.Is(err, store.ErrNotFound) {
			src.Skipped++
			continue
		}
		if err != nil {
			return nil, src, err
		}
		e := model.NewEntity(t.schema, t.id)
		e.Datasets = []string{t.dataset}
		for _, st := range ss {
			e.Add(st.Prop, st.Value)
		}
		ids[t.id] = true
		recs = append(recs, screen.RecordFromEntity(t.dataset, e))
	}
	ix.Add(recs...)
	src.StoreSubjects = len(recs)
	return ix, src, nil
}

var matchParams = []string{"limit", "threshold", "cutoff", "algorithm", "include_dataset", "exclude_dataset",
	"exclude_schema", "exclude_entity_ids", "topics"}

// screenRoutes are the screening routes. Without a configured index they
// still exist (over an empty one) so that the route table, its tests and
// the OpenAPI document are the same on every server.
func (s *Server) screenRoutes() []Route {
	sc := s.cfg.Screening
	if sc == nil {
		sc = NewScreening(screen.NewIndex())
	}
	match := sc.svc.MatchHandler()
	recon := sc.svc.ReconcileHandler()
	return []Route{
		{Method: "POST", Pattern: "/match/{dataset}", Summary: "yente-compatible screening: example entities in, scored watchlist candidates with explanations out",
			People: true, ReadOnly: true, Params: matchParams, Handle: sc.handle(match, matchIDs)},
		{Method: "GET", Pattern: "/reconcile/{dataset}", Summary: "OpenRefine reconciliation against watchlists: the service manifest, or results for ?queries=",
			People: true, Params: []string{"queries"}, Handle: sc.handle(recon, reconIDs)},
		{Method: "POST", Pattern: "/reconcile/{dataset}", Summary: "OpenRefine reconciliation against watchlists (form or JSON body with queries)",
			People: true, ReadOnly: true, Handle: sc.handle(recon, reconIDs)},
	}
}

// handle runs a screening handler and tells the consultation log which
// listed subjects it returned. An unknown dataset is refused here, in the
// server's words, so that no part of the request is echoed back.
func (sc *Screening) handle(h http.Handler, ids func([]byte) []hit) func(http.ResponseWriter, *http.Request, *Call) error {
	return func(w http.ResponseWriter, r *http.Request, c *Call) error {
		if !sc.datasets[r.PathValue("dataset")] {
			return errNotFound
		}
		cw := &captureWriter{ResponseWriter: w}
		h.ServeHTTP(cw, r)
		if cw.status != 0 && cw.status != http.StatusOK {
			return nil
		}
		seen := map[string]bool{}
		for _, h := range ids(cw.buf.Bytes()) {
			if seen[h.id] {
				continue
			}
			seen[h.id] = true
			c.Entities = append(c.Entities, h.id)
			if h.list != "" {
				// The record id the same listing has when the list is
				// imported with mosaic ingest --list.
				c.Records = append(c.Records, model.RecordID(h.list, h.id))
			}
		}
		return nil
	}
}

// captureWriter keeps a copy of a successful response for the log.
type captureWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (cw *captureWriter) WriteHeader(code int) {
	if cw.status == 0 {
		cw.status = code
	}
	cw.ResponseWriter.WriteHeader(code)
}

func (cw *captureWriter) Write(b []byte) (int, error) {
	if cw.status == 0 {
		cw.status = http.StatusOK
	}
	if cw.status == http.StatusOK {
		cw.buf.Write(b)
	}
	return cw.ResponseWriter.Write(b)
}

type hit struct{ id, list string }

// matchIDs reads the returned subjects of a yente match response.
func matchIDs(body []byte) []hit {
	var resp struct {
		Responses map[string]struct {
			Results []struct {
				ID       string   `json:"id"`
				Datasets []string `json:"datasets"`
			} `json:"results"`
		} `json:"responses"`
	}
	if json.Unmarshal(body, &resp) != nil {
		return nil
	}
	keys := make([]string, 0, len(resp.Responses))
	for k := range resp.Responses {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []hit
	for _, k := range keys {
		for _, r := range resp.Responses[k].Results {
			h := hit{id: r.ID}
			if len(r.Datasets) > 0 {
				h.list = r.Datasets[0]
			}
			out = append(out, h)
		}
	}
	return out
}

// reconIDs reads the returned subjects of a reconciliation response (the
// manifest returns none). The description starts with the list's name.
func reconIDs(body []byte) []hit {
	var resp map[string]struct {
		Result []struct {
			ID          string `json:"id"`
			Description string `json:"description"`
		} `json:"result"`
	}
	if json.Unmarshal(body, &resp) != nil {
		return nil
	}
	keys := make([]string, 0, len(resp))
	for k := range resp {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []hit
	for _, k := range keys {
		for _, r := range resp[k].Result {
			list, _, _ := strings.Cut(r.Description, " ")
			out = append(out, hit{id: r.ID, list: list})
		}
	}
	return out
}
