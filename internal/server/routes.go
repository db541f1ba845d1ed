package server

import (
	"net/http"
)

// Route is one API route. People marks routes that read or change data
// about people: they need a stated purpose and are written to the
// consultation log — the middleware does both, so no handler can forget.
type Route struct {
	Method  string
	Pattern string
	Summary string
	People  bool
	Role    string // minimum role; empty means analyst
	Upload  bool   // allows a large body
	// ReadOnly marks a POST that only reads (a batch of screening
	// queries): logged as a read, not a change.
	ReadOnly bool
	// Params documents query parameters for the OpenAPI document.
	Params []string
	Handle func(w http.ResponseWriter, r *http.Request, c *Call) error
}

func (s *Server) builtinRoutes() []Route {
	return append([]Route{
		{Method: "GET", Pattern: "/api/v1/me", Summary: "who the token belongs to and what it may see", Handle: s.handleMe},
		{Method: "GET", Pattern: "/api/v1/stats", Summary: "counts of statements, records, entities and sources visible to the caller",
			People: true, Handle: s.handleStats},
		{Method: "GET", Pattern: "/api/v1/search", Summary: "search names in any script and identifiers",
			People: true, Params: []string{"q", "schema", "source", "limit"}, Handle: s.handleSearch},
		{Method: "GET", Pattern: "/api/v1/entities/{id}", Summary: "an entity with every visible statement and its provenance",
			People: true, Handle: s.handleEntity},
		{Method: "GET", Pattern: "/api/v1/entities/{id}/history", Summary: "how an entity formed: merges and splits",
			People: true, Handle: s.handleHistory},
		{Method: "GET", Pattern: "/api/v1/explain/pair", Summary: "why two records match: a waterfall of match weights",
			People: true, Params: []string{"a", "b"}, Handle: s.handleExplainPair},
		{Method: "GET", Pattern: "/api/v1/review/pairs", Summary: "uncertain pairs awaiting an analyst's judgement",
			People: true, Params: []string{"limit"}, Handle: s.handleReviewPairs},
		{Method: "POST", Pattern: "/api/v1/judgements", Summary: "record an analyst's judgement: same, different or unsure",
			People: true, Handle: s.handleJudge},
		{Method: "POST", Pattern: "/api/v1/ingest", Summary: "upload a mapping and its files, or FtM entities, and ingest them",
			People: true, Upload: true, Params: []string{"dataset", "label", "format"}, Handle: s.handleIngest},
		{Method: "GET", Pattern: "/api/v1/graph/ego/{id}", Summary: "the neighbourhood of an entity: nodes, edges, hubs",
			People: true, Params: []string{"hops", "types", "from", "to", "max"}, Handle: s.handleEgo},
		{Method: "GET", Pattern: "/api/v1/graph/path", Summary: "k shortest connecting paths, strongest evidence first, hubs damped",
			People: true, Params: []string{"from", "to", "k", "hubs", "avoid_hubs", "max_hops", "types", "from_date", "to_date"}, Handle: s.handlePath},
		{Method: "GET", Pattern: "/api/v1/graph/edges/{edge}", Summary: "the evidence behind an edge (ENTITY~ENTITY)",
			People: true, Handle: s.handleEdge},
		{Method: "GET", Pattern: "/api/v1/graph/communities", Summary: "Leiden communities; with id, the community of an entity",
			People: true, Params: []string{"id"}, Handle: s.handleCommunities},
		{Method: "GET", Pattern: "/api/v1/graph/centrality", Summary: "the most central entities (hubs left out)",
			People: true, Params: []string{"metric", "top"}, Handle: s.handleCentrality},
		{Method: "GET", Pattern: "/api/v1/timeline", Summary: "dated events of one or more entities",
			People: true, Params: []string{"ids", "from", "to"}, Handle: s.handleTimeline},
		{Method: "GET", Pattern: "/api/v1/places", Summary: "places of one or more entities, with coordinates",
			People: true, Params: []string{"ids"}, Handle: s.handlePlaces},
		{Method: "GET", Pattern: "/api/v1/leads", Summary: "people ranked by facts linked to criminal activity, evidence first",
			People: true, Params: []string{"limit"}, Handle: s.handleLeads},
		{Method: "POST", Pattern: "/api/v1/leads/{id}/review", Summary: "an analyst's decision on a lead: escalate, dismiss or needs-more, with a reason",
			People: true, Handle: s.handleLeadReview},
		{Method: "GET", Pattern: "/api/v1/alerts", Summary: "alerts raised when new data changes a lead",
			People: true, Handle: s.handleAlerts},
		{Method: "GET", Pattern: "/api/v1/audit", Summary: "the consultation log (supervisors)",
			Role: RoleSupervisor, Params: []string{"since", "user", "limit"}, Handle: s.handleAudit},
	}, s.screenRoutes()...)
}
