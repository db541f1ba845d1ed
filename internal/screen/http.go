package screen

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/mosaichq/mosaic/internal/model"
)

// Service answers screening requests over HTTP in the shapes existing
// screening clients speak: OpenSanctions yente's POST /match/{dataset} and
// the OpenRefine reconciliation API. It does no authentication, purpose
// checks or audit: the server that mounts it does.
type Service struct {
	ix       *Index
	mu       sync.RWMutex
	datasets map[string][]string // dataset name → list names (nil: every list)
}

// Defaults of the match API, as in yente.
const (
	MatchLimit    = 5
	MaxMatchLimit = 500
	MaxBatch      = 100
	matchCutoff   = 0.5
)

// Algorithm is the name under which the score model is reported.
const Algorithm = "mosaic-screen-v1"

// NewService serves an index. The dataset "default" screens every list in
// it, and each list is a dataset of its own under its name
// (un_sc_sanctions, us_ofac_sdn …).
func NewService(ix *Index) *Service {
	s := &Service{ix: ix, datasets: map[string][]string{"default": nil}}
	for name := range ix.Lists() {
		s.datasets[name] = []string{name}
	}
	return s
}

// AddCollection makes a dataset that screens several lists together
// ("sanctions" = UN + OFAC + EU, say).
func (s *Service) AddCollection(name string, lists ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.datasets[name] = append([]string(nil), lists...)
}

func (s *Service) dataset(name string) ([]string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	l, ok := s.datasets[name]
	return l, ok
}

// Handler serves both APIs: POST /match/{dataset}, GET and POST
// /reconcile/{dataset}.
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /match/{dataset}", s.MatchHandler())
	rec := s.ReconcileHandler()
	mux.Handle("GET /reconcile/{dataset}", rec)
	mux.Handle("POST /reconcile/{dataset}", rec)
	return mux
}

// apiError is yente's error body.
type apiError struct {
	Detail string `json:"detail"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func fail(w http.ResponseWriter, status int, format string, args ...any) {
	writeJSON(w, status, apiError{Detail: fmt.Sprintf(format, args...)})
}

// maxBody bounds a request body: a batch of queries is small.
const maxBody = 4 << 20

// EntityExample is a query entity as yente takes it: FtM schema and
// properties, each a string or a list of strings.
type EntityExample struct {
	ID         string                     `json:"id,omitempty"`
	Schema     string                     `json:"schema"`
	Properties map[string]json.RawMessage `json:"properties"`
}

type matchRequest struct {
	Queries map[string]*EntityExample `json:"queries"`
	Weights map[string]float64        `json:"weights,omitempty"`
	Config  map[string]any            `json:"config,omitempty"`
}

// Response shapes, with yente's field names.
type totalSpec struct {
	Value    int    `json:"value"`
	Relation string `json:"relation"`
}

type scoredEntity struct {
	ID           string              `json:"id"`
	Caption      string              `json:"caption"`
	Schema       string              `json:"schema"`
	Properties   map[string][]string `json:"properties"`
	Datasets     []string            `json:"datasets"`
	Referents    []string            `json:"referents"`
	Target       bool                `json:"target"`
	FirstSeen    *string             `json:"first_seen"`
	LastSeen     *string             `json:"last_seen"`
	LastChange   *string             `json:"last_change"`
	Score        float64             `json:"score"`
	Features     map[string]float64  `json:"features"`
	Explanations map[string]Feature  `json:"explanations"`
	Match        bool                `json:"match"`
	Token        *string             `json:"token"`
}

type exampleOut struct {
	ID         *string             `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
}

type entityMatches struct {
	Status  int            `json:"status"`
	Results []scoredEntity `json:"results"`
	Total   totalSpec      `json:"total"`
	Query   exampleOut     `json:"query"`
}

type featureDoc struct {
	Description string  `json:"description"`
	Coefficient float64 `json:"coefficient"`
	URL         string  `json:"url"`
}

type matcherDocs struct {
	Name        string                `json:"name"`
	Description string                `json:"description"`
	Features    map[string]featureDoc `json:"features"`
}

type matchResponse struct {
	Responses map[string]entityMatches `json:"responses"`
	Matcher   matcherDocs              `json:"matcher"`
	Limit     int                      `json:"limit"`
}

// yente's algorithm names are accepted so existing clients work; they all
// run Mosaic's model.
var knownAlgorithms = map[string]bool{
	"": true, "best": true, "default": true, Algorithm: true,
	"logic-v1": true, "logic-v2": true, "regression-v1": true, "regression-v2": true,
	"regression-v3": true, "name-based": true, "name-qualified": true,
}

func queryFloat(q url.Values, key string, def float64) (float64, error) {
	v := q.Get(key)
	if v == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || f < 0 || f > 1 {
		return 0, fmt.Errorf("query parameter %s must be a number between 0 and 1", key)
	}
	return f, nil
}

// MatchHandler implements yente's POST /match/{dataset}: a batch of
// example entities in, per query the scored candidates out.
func (s *Service) MatchHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			fail(w, http.StatusMethodNotAllowed, "use POST")
			return
		}
		ds := r.PathValue("dataset")
		listNames, ok := s.dataset(ds)
		if !ok {
			fail(w, http.StatusNotFound, "dataset not found: %q", ds)
			return
		}
		qp := r.URL.Query()
		limit := MatchLimit
		if v := qp.Get("limit"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > MaxMatchLimit {
				fail(w, http.StatusBadRequest, "query parameter limit must be an integer between 1 and %d", MaxMatchLimit)
				return
			}
			limit = n
		}
		threshold, err := queryFloat(qp, "threshold", DefaultThreshold)
		if err != nil {
			fail(w, http.StatusBadRequest, "%v", err)
			return
		}
		cutoff, err := queryFloat(qp, "cutoff", matchCutoff)
		if err != nil {
			fail(w, http.StatusBadRequest, "%v", err)
			return
		}
		cutoff = min(cutoff, threshold)
		if algo := qp.Get("algorithm"); !knownAlgorithms[algo] {
			fail(w, http.StatusBadRequest, "unknown algorithm %q (use %s)", algo, Algorithm)
			return
		}
		filter := resultFilter{
			includeDS: set(qp["include_dataset"]), excludeDS: set(qp["exclude_dataset"]),
			excludeSchema: set(qp["exclude_schema"]), excludeIDs: set(qp["exclude_entity_ids"]),
			topics: set(qp["topics"]),
		}
		var req matchRequest
		dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
		if err := dec.Decode(&req); err != nil {
			fail(w, http.StatusBadRequest, "invalid JSON body: %s", jsonErr(err))
			return
		}
		if len(req.Queries) == 0 {
			fail(w, http.StatusBadRequest, "No queries provided.")
			return
		}
		if len(req.Queries) > MaxBatch {
			fail(w, http.StatusBadRequest, "Too many queries in one batch (limit: %d)", MaxBatch)
			return
		}
		keys := make([]string, 0, len(req.Queries))
		for k := range req.Queries {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		queries := make(map[string]Query, len(keys))
		echo := make(map[string]exampleOut, len(keys))
		for _, k := range keys {
			ex := req.Queries[k]
			if ex == nil {
				continue
			}
			q, props, err := ex.toQuery()
			if err != nil {
				fail(w, http.StatusBadRequest, "Cannot parse example entity %q: %v", k, err)
				return
			}
			queries[k] = q
			var id *string
			if ex.ID != "" {
				id = &ex.ID
			}
			echo[k] = exampleOut{ID: id, Schema: ex.Schema, Properties: props}
		}
		resp := matchResponse{Responses: map[string]entityMatches{}, Matcher: docs(), Limit: limit}
		for _, k := range keys {
			q, ok := queries[k]
			if !ok {
				continue
			}
			// Fetch more than the limit so that filters still leave enough.
			rs := s.ix.Screen(q, Options{Limit: max(4*limit, 20), Threshold: threshold, Floor: max(cutoff, 1e-9), Lists: listNames})
			em := entityMatches{Status: 200, Results: []scoredEntity{}, Total: totalSpec{Relation: "eq"}, Query: echo[k]}
			for i := range rs {
				if !filter.keep(&rs[i]) {
					continue
				}
				if rs[i].Match {
					em.Total.Value++
				}
				if len(em.Results) < limit {
					em.Results = append(em.Results, toScored(&rs[i]))
				}
			}
			resp.Responses[k] = em
		}
		w.Header().Set("x-batch-size", strconv.Itoa(len(resp.Responses)))
		writeJSON(w, http.StatusOK, resp)
	})
}

// jsonErr describes a decoding error without echoing internals.
func jsonErr(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("field %q must be %s", te.Field, te.Type.String())
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end of input"
	}
	return "cannot decode"
}

func set(xs []string) map[string]bool {
	if len(xs) == 0 {
		return nil
	}
	m := map[string]bool{}
	for _, x := range xs {
		for _, p := range strings.Split(x, ",") {
			if p = strings.TrimSpace(p); p != "" {
				m[p] = true
			}
		}
	}
	return m
}

type resultFilter struct {
	includeDS, excludeDS, excludeSchema, excludeIDs, topics map[string]bool
}

func (f *resultFilter) keep(r *Result) bool {
	if f.includeDS != nil && !f.includeDS[r.List] {
		return false
	}
	if f.excludeDS[r.List] || f.excludeSchema[r.Schema] || f.excludeIDs[r.ID] {
		return false
	}
	if f.topics != nil {
		if r.Entity == nil {
			return false
		}
		hit := false
		for _, t := range r.Entity.Get("topics") {
			hit = hit || f.topics[t]
		}
		if !hit {
			return false
		}
	}
	return true
}

func toScored(r *Result) scoredEntity {
	se := scoredEntity{
		ID: r.ID, Caption: r.Caption, Schema: r.Schema, Properties: map[string][]string{},
		Datasets: []string{r.List}, Referents: []string{}, Target: true,
		Score: r.Score, Match: r.Match, Features: map[string]float64{}, Explanations: map[string]Feature{},
	}
	if e := r.Entity; e != nil {
		for k, v := range e.Properties {
			se.Properties[k] = v
		}
		if len(e.Datasets) > 0 {
			se.Datasets = e.Datasets
		}
		if len(e.Referents) > 0 {
			se.Referents = e.Referents
		}
		if e.FirstSeen != "" {
			se.FirstSeen = &e.FirstSeen
		}
		if e.LastSeen != "" {
			se.LastSeen = &e.LastSeen
			se.LastChange = &e.LastSeen
		}
	}
	for _, f := range r.Features {
		se.Features[f.Name] = f.Score
		se.Explanations[f.Name] = f
	}
	return se
}

var featureDocs = map[string]string{
	"name":       "Best alignment of a query name with a listed name or alias: level (exact, variant, strong, weak, initials, partial), coverage and how rare the matched parts are on the list.",
	"birth_date": "Agreement of birth dates at the precision each side gives (exact, same year when one side gives only the year, typo or swapped day and month, near, conflict).",
	"country":    "Nationality or citizenship: same, different, or matching only a residence or birth country.",
	"identifier": "Passport, national id or registration numbers: same, one character apart, or different.",
}

func docs() matcherDocs {
	d := matcherDocs{Name: Algorithm, Description: "Logistic model over name, birth date, country and identifier evidence; coefficients are in log-odds, each feature's score is its contribution.", Features: map[string]featureDoc{}}
	for name, desc := range featureDocs {
		c := 0.0
		for i := 1; i < nFeatures; i++ {
			if featureGroup(i) == name {
				c = math.Max(c, math.Abs(weights[i]))
			}
		}
		d.Features[name] = featureDoc{Description: desc, Coefficient: round3(c), URL: ""}
	}
	return d
}

// toQuery reads an example entity's properties into a query, returning the
// properties as lists for the echo.
func (ex *EntityExample) toQuery() (Query, map[string][]string, error) {
	if ex.Schema == "" {
		return Query{}, nil, errors.New("schema is required")
	}
	sc := model.SchemaByName(ex.Schema)
	if sc == nil {
		return Query{}, nil, fmt.Errorf("unknown schema %q", ex.Schema)
	}
	q := Query{Schema: ex.Schema}
	props := map[string][]string{}
	for k, raw := range ex.Properties {
		vals, err := stringValues(raw)
		if err != nil {
			return Query{}, nil, fmt.Errorf("property %s: %v", k, err)
		}
		if sc.Prop(k) == nil {
			return Query{}, nil, fmt.Errorf("schema %s has no property %q", ex.Schema, k)
		}
		props[k] = vals
		addProperty(&q, k, vals)
	}
	if q.Empty() {
		return Query{}, nil, errors.New("no name given (properties name, firstName or lastName)")
	}
	return q, props, nil
}

// addProperty maps an FtM property of a query onto the screening query.
// Properties that do not identify (gender, religion …) are dropped here.
func addProperty(q *Query, prop string, vals []string) {
	switch prop {
	case "name", "alias", "previousName", "weakAlias":
		q.Names = append(q.Names, vals...)
	case "firstName":
		q.Parts.First = strings.Join(vals, " ")
	case "middleName", "secondName":
		q.Parts.Middle = strings.TrimSpace(q.Parts.Middle + " " + strings.Join(vals, " "))
	case "lastName":
		q.Parts.Last = strings.Join(vals, " ")
	case "fatherName":
		q.Parts.Patronymic = strings.Join(vals, " ")
	case "birthDate", "incorporationDate":
		q.BirthDates = append(q.BirthDates, vals...)
	case "nationality", "citizenship", "country", "jurisdiction":
		q.Countries = append(q.Countries, vals...)
	default:
		for _, p := range idProps {
			if p == prop {
				q.Identifiers = append(q.Identifiers, vals...)
			}
		}
	}
}

// stringValues reads a property value: a string, a number or a list of
// them, as yente accepts.
func stringValues(raw json.RawMessage) ([]string, error) {
	var one any
	if err := json.Unmarshal(raw, &one); err != nil {
		return nil, errors.New("not JSON")
	}
	var out []string
	add := func(v any) error {
		switch x := v.(type) {
		case string:
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		case float64:
			out = append(out, strconv.FormatFloat(x, 'f', -1, 64))
		case nil:
		default:
			return errors.New("values must be strings")
		}
		return nil
	}
	if list, ok := one.([]any); ok {
		for _, v := range list {
			if err := add(v); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return out, add(one)
}

// Reconciliation API (OpenRefine, the "Freebase" protocol yente speaks).

type reconType struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type reconQuery struct {
	Query      string          `json:"query"`
	Type       json.RawMessage `json:"type,omitempty"`
	Limit      int             `json:"limit,omitempty"`
	Properties []struct {
		PID string          `json:"pid"`
		V   json.RawMessage `json:"v"`
	} `json:"properties,omitempty"`
}

type reconResult struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Description string      `json:"description,omitempty"`
	Type        []reconType `json:"type"`
	Score       float64     `json:"score"`
	Match       bool        `json:"match"`
}

var reconTypes = []reconType{{ID: "Person", Name: "People"}, {ID: "Organization", Name: "Organizations"}, {ID: "Company", Name: "Companies"}, {ID: "LegalEntity", Name: "Legal entities"}}

// ReconcileHandler implements the OpenRefine reconciliation API under
// /reconcile/{dataset}: without queries it returns the service manifest;
// with a queries parameter (GET query string or POST form, JSON-encoded)
// it returns per query key {"result": [{id, name, type, score, match}]}.
func (s *Service) ReconcileHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ds := r.PathValue("dataset")
		listNames, ok := s.dataset(ds)
		if !ok {
			fail(w, http.StatusNotFound, "dataset not found: %q", ds)
			return
		}
		var raw string
		switch r.Method {
		case http.MethodGet:
			raw = r.URL.Query().Get("queries")
		case http.MethodPost:
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
			ct := r.Header.Get("Content-Type")
			if strings.HasPrefix(ct, "application/json") {
				b, err := io.ReadAll(r.Body)
				if err != nil {
					fail(w, http.StatusBadRequest, "cannot read body")
					return
				}
				raw = string(b)
				// A JSON body may wrap the batch as {"queries": …}.
				var wrap struct {
					Queries json.RawMessage `json:"queries"`
				}
				if json.Unmarshal(b, &wrap) == nil && len(wrap.Queries) > 0 {
					raw = string(wrap.Queries)
					var str string
					if json.Unmarshal(wrap.Queries, &str) == nil {
						raw = str
					}
				}
			} else {
				if err := r.ParseForm(); err != nil {
					fail(w, http.StatusBadRequest, "cannot read form")
					return
				}
				raw = r.Form.Get("queries")
			}
		default:
			w.Header().Set("Allow", "GET, POST")
			fail(w, http.StatusMethodNotAllowed, "use GET or POST")
			return
		}
		if strings.TrimSpace(raw) == "" {
			writeJSON(w, http.StatusOK, s.manifest(ds))
			return
		}
		var batch map[string]reconQuery
		if err := json.Unmarshal([]byte(raw), &batch); err != nil {
			fail(w, http.StatusBadRequest, "invalid queries JSON: %s", jsonErr(err))
			return
		}
		if len(batch) > MaxBatch {
			fail(w, http.StatusBadRequest, "Too many queries in one batch (limit: %d)", MaxBatch)
			return
		}
		out := make(map[string]map[string][]reconResult, len(batch))
		for k, rq := range batch {
			q, limit, err := rq.toQuery()
			if err != nil {
				fail(w, http.StatusBadRequest, "query %q: %v", k, err)
				return
			}
			res := []reconResult{}
			if !q.Empty() {
				for _, rr := range s.ix.Screen(q, Options{Limit: limit, Floor: -1, Lists: listNames}) {
					res = append(res, reconResult{ID: rr.ID, Name: rr.Caption, Description: rr.List + " " + rr.ListID,
						Type: []reconType{{ID: rr.Schema, Name: rr.Schema}}, Score: rr.Score, Match: rr.Match})
				}
			}
			out[k] = map[string][]reconResult{"result": res}
		}
		writeJSON(w, http.StatusOK, out)
	})
}

func (rq *reconQuery) toQuery() (Query, int, error) {
	q := Query{Schema: "LegalEntity"}
	if len(rq.Type) > 0 {
		var one string
		var many []string
		switch {
		case json.Unmarshal(rq.Type, &one) == nil:
		case json.Unmarshal(rq.Type, &many) == nil && len(many) > 0:
			one = many[0]
		default:
			return q, 0, errors.New("type must be a string or a list of strings")
		}
		if one != "" {
			if model.SchemaByName(one) == nil {
				return q, 0, fmt.Errorf("unknown type %q", one)
			}
			q.Schema = one
		}
	}
	if strings.TrimSpace(rq.Query) != "" {
		q.Names = []string{rq.Query}
	}
	for _, p := range rq.Properties {
		vals, err := stringValues(p.V)
		if err != nil {
			return q, 0, fmt.Errorf("property %s: %v", p.PID, err)
		}
		addProperty(&q, p.PID, vals)
	}
	limit := rq.Limit
	if limit <= 0 {
		limit = MatchLimit
	}
	return q, min(limit, MaxMatchLimit), nil
}

type manifest struct {
	Versions        []string    `json:"versions"`
	Name            string      `json:"name"`
	IdentifierSpace string      `json:"identifierSpace"`
	SchemaSpace     string      `json:"schemaSpace"`
	DefaultTypes    []reconType `json:"defaultTypes"`
	BatchSize       int         `json:"batchSize"`
}

func (s *Service) manifest(ds string) manifest {
	return manifest{
		Versions:        []string{"0.2"},
		Name:            "Mosaic screening (" + ds + ")",
		IdentifierSpace: "https://www.opensanctions.org/reference/#schema",
		SchemaSpace:     "https://www.opensanctions.org/reference/#schema",
		DefaultTypes:    reconTypes,
		BatchSize:       10,
	}
}
