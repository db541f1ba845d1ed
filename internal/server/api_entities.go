package server

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/search"
	"github.com/mosaichq/mosaic/internal/store"
)

func (s *Server) handleMe(w http.ResponseWriter, r *http.Request, c *Call) error {
	writeJSON(w, http.StatusOK, map[string]any{"name": c.User.Name, "role": c.User.Role, "auths": c.User.Auths})
	return nil
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request, c *Call) error {
	cnt, err := c.View.Counts(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"statements": cnt.Statements, "records": cnt.Records,
		"entities": cnt.Entities, "sources": cnt.Sources})
	return nil
}

// SearchResult is one search hit, grouped by the caller's entity.
type SearchResult struct {
	ID      string   `json:"id"`
	Caption string   `json:"caption"`
	Schema  string   `json:"schema"`
	Score   float64  `json:"score"`
	Why     string   `json:"why"`
	Record  string   `json:"record"`
	Sources []string `json:"sources"`
}

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request, c *Call) error {
	q := r.URL.Query()
	text := q.Get("q")
	if text == "" {
		return errorf(http.StatusBadRequest, "q is required")
	}
	limit := 20
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 200 {
			return errorf(http.StatusBadRequest, "limit must be 1..200")
		}
		limit = n
	}
	ix, err := s.searchIndex(r.Context(), c)
	if err != nil {
		return err
	}
	opts := search.Options{Limit: limit * 3, Schema: q.Get("schema")}
	if src := q.Get("source"); src != "" {
		opts.Sources = []string{src}
	}
	hits := ix.Search(text, c.Viewer(), opts)
	results := []SearchResult{}
	facetsSrc := map[string]int{}
	facetsSchema := map[string]int{}
	seen := map[string]int{}
	vg := s.readyGraph(c)
	for _, h := range hits {
		if len(results) >= limit {
			// Hits come best first: a later one cannot raise the score of
			// an entity already listed, and assembling entities is the
			// costly part of a search.
			break
		}
		e, ok, err := s.summary(r.Context(), c, vg, h.Record)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if i, ok := seen[e.id]; ok {
			if h.Score > results[i].Score {
				results[i].Score, results[i].Why, results[i].Record = h.Score, h.Why(), h.Record
			}
			continue
		}
		for _, src := range e.sources {
			facetsSrc[src]++
		}
		facetsSchema[e.schema]++
		seen[e.id] = len(results)
		results = append(results, SearchResult{ID: e.id, Caption: e.caption, Schema: e.schema, Score: h.Score,
			Why: h.Why(), Record: h.Record, Sources: e.sources})
		c.Entities = append(c.Entities, e.id)
	}
	sort.SliceStable(results, func(i, j int) bool { return results[i].Score > results[j].Score })
	var out searchJSON
	out.Results, out.Facets.Source, out.Facets.Schema = results, facetsSrc, facetsSchema
	writeJSON(w, http.StatusOK, &out)
	return nil
}

// searchJSON is a search's answer. Answers are structs rather than maps:
// encoding/json sorts a map's keys on every response.
type searchJSON struct {
	Results []SearchResult `json:"results"`
	Facets  struct {
		Source map[string]int `json:"source"`
		Schema map[string]int `json:"schema"`
	} `json:"facets"`
}

func sourcesOf(ev *store.EntityView) []string {
	set := map[string]bool{}
	for _, st := range ev.Statements {
		set[st.Source] = true
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// assemble builds an FtM-shaped entity from the statements a viewer sees:
// the most specific schema, every distinct value.
func assemble(ev *store.EntityView) *model.Entity {
	schema := ""
	for _, st := range ev.Statements {
		sc := model.SchemaByName(st.Schema)
		if sc == nil {
			continue
		}
		if schema == "" || (st.Schema != schema && sc.IsA(schema)) {
			schema = st.Schema
		}
	}
	e := model.NewEntity(schema, ev.ID)
	for _, st := range ev.Statements {
		e.Add(st.Prop, st.Value)
	}
	e.Referents = ev.Records
	e.Caption = e.PickCaption()
	return e
}

// Fact is a statement as the workbench shows it: value and provenance.
type Fact struct {
	Value       string     `json:"value"`
	Original    string     `json:"original,omitempty"`
	Record      string     `json:"record"`
	Source      string     `json:"source"`
	Label       string     `json:"label"`
	Reliability string     `json:"reliability"`
	Credibility string     `json:"credibility"`
	Category    string     `json:"category"`
	Kind        string     `json:"kind"`
	FirstSeen   time.Time  `json:"first_seen"`
	LastSeen    time.Time  `json:"last_seen"`
	ReviewAt    *time.Time `json:"review_at,omitempty"`
	Statement   string     `json:"statement"`
}

// JudgementJSON is a judgement between two of the entity's records.
type JudgementJSON struct {
	A       string    `json:"a"`
	B       string    `json:"b"`
	Verdict string    `json:"verdict"`
	Score   float64   `json:"score"`
	By      string    `json:"by"`
	Reason  string    `json:"reason,omitempty"`
	At      time.Time `json:"at"`
}

func factOf(st model.Statement) Fact {
	f := Fact{Value: st.Value, Original: st.Original, Record: st.Record, Source: st.Source, Label: st.Label,
		Reliability: st.Reliability.String(), Credibility: st.Credibility.String(), Category: st.Category.String(),
		Kind: st.Kind.String(), FirstSeen: st.FirstSeen, LastSeen: st.LastSeen, Statement: st.ID}
	if !st.ReviewAt.IsZero() {
		t := st.ReviewAt
		f.ReviewAt = &t
	}
	return f
}

func (s *Server) handleEntity(w http.ResponseWriter, r *http.Request, c *Call) error {
	ev, err := c.View.Entity(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	ent := assemble(ev)
	props := map[string][]Fact{}
	records := map[string]*recordJSON{}
	for _, st := range ev.Statements {
		props[st.Prop] = append(props[st.Prop], factOf(st))
		if records[st.Record] == nil {
			src, _ := model.SplitRecordID(st.Record)
			records[st.Record] = &recordJSON{ID: st.Record, Source: src, Schema: st.Schema}
		}
	}
	recs := make([]*recordJSON, 0, len(records))
	for _, id := range ev.Records {
		if rr := records[id]; rr != nil {
			recs = append(recs, rr)
		}
	}
	js := make([]JudgementJSON, 0, len(ev.Judgements))
	for _, j := range ev.Judgements {
		js = append(js, JudgementJSON{A: j.A, B: j.B, Verdict: j.Verdict.String(), Score: j.Score, By: j.By, Reason: j.Reason, At: j.At})
	}
	c.Entities = append(c.Entities, ev.ID)
	c.Records = append(c.Records, ev.Records...)
	writeJSON(w, http.StatusOK, &entityJSON{ID: ev.ID, Caption: ent.Caption, Schema: ent.Schema, Properties: props,
		Records: recs, Judgements: js, Status: listingStatus(ev)})
	return nil
}

// entityJSON is an entity profile.
type entityJSON struct {
	ID         string            `json:"id"`
	Caption    string            `json:"caption"`
	Schema     string            `json:"schema"`
	Properties map[string][]Fact `json:"properties"`
	Records    []*recordJSON     `json:"records"`
	Judgements []JudgementJSON   `json:"judgements"`
	Status     listingStatusJSON `json:"status"`
}

type recordJSON struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	Schema string `json:"schema"`
}

type listingStatusJSON struct {
	Topics []string `json:"topics"`
}

// listingStatus summarises listings, notices and charges among the
// entity's records, as facts with their sources.
func listingStatus(ev *store.EntityView) listingStatusJSON {
	var topics []string
	seen := map[string]bool{}
	for _, st := range ev.Statements {
		if st.Prop == "topics" && !seen[st.Value] {
			seen[st.Value] = true
			topics = append(topics, st.Value)
		}
	}
	sort.Strings(topics)
	return listingStatusJSON{Topics: topics}
}

func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request, c *Call) error {
	ev, err := c.View.Entity(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	hist, err := c.View.History(r.Context(), ev)
	if err != nil {
		return err
	}
	if hist == nil {
		hist = []store.HistoryEvent{}
	}
	c.Entities = append(c.Entities, ev.ID)
	writeJSON(w, http.StatusOK, map[string]any{"id": ev.ID, "history": hist})
	return nil
}
