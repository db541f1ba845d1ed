package server

import (
	"errors"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/geo"
	"github.com/mosaichq/mosaic/internal/graph"
	"github.com/mosaichq/mosaic/internal/leads"
	"github.com/mosaichq/mosaic/internal/store"
)

// idsParam reads a comma-separated list of entity or record ids.
func idsParam(r *http.Request) ([]string, error) {
	var out []string
	for _, id := range strings.Split(r.URL.Query().Get("ids"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	if len(out) == 0 {
		return nil, errorf(http.StatusBadRequest, "ids is required")
	}
	if len(out) > 50 {
		return nil, errorf(http.StatusBadRequest, "at most 50 ids")
	}
	return out, nil
}

// Event is one dated thing on a timeline.
type Event struct {
	Date     string   `json:"date"`
	Type     string   `json:"type"`
	Entities []string `json:"entities"`
	Summary  string   `json:"summary"`
	Record   string   `json:"record,omitempty"`
	Source   string   `json:"source,omitempty"`
	Place    string   `json:"place,omitempty"`
}

func (s *Server) handleTimeline(w http.ResponseWriter, r *http.Request, c *Call) error {
	ids, err := idsParam(r)
	if err != nil {
		return err
	}
	f, err := filterFrom(r)
	if err != nil {
		return err
	}
	vg, err := s.viewerGraph(r.Context(), c)
	if err != nil {
		return err
	}
	var events []Event
	inWindow := func(date string) bool {
		if f.From.IsZero() && f.To.IsZero() {
			return true
		}
		t, err := time.Parse("2006-01-02", date[:min(10, len(date))])
		if err != nil {
			return false
		}
		return (f.From.IsZero() || !t.Before(f.From)) && (f.To.IsZero() || !t.After(f.To))
	}
	for _, id := range ids {
		v, err := vg.lookupNode(id)
		if err != nil {
			return err
		}
		ent := vg.g.Nodes[v].ID
		c.Entities = append(c.Entities, ent)
		for rec := range vg.g.Members(v) {
			for _, fa := range vg.facts[rec] {
				if fa.Date == "" || !inWindow(fa.Date) {
					continue
				}
				typ := fa.Kind
				switch fa.Kind {
				case "convicted", "charged", "acquitted":
					typ = "charge"
				case "listed":
					typ = "listing"
				}
				events = append(events, Event{Date: fa.Date, Type: typ, Entities: []string{ent}, Summary: fa.Summary,
					Record: fa.Record, Source: fa.Source, Place: fa.Place})
			}
		}
		// Calls and other dated relations of the entity.
		nbrs, eids, _ := vg.g.G.Out(v)
		for k := range nbrs {
			other := vg.g.Nodes[nbrs[k]].ID
			for _, ev := range vg.g.EdgeLinks(eids[k]) {
				if ev.Time == 0 || ev.Type == graph.LinkHub {
					continue
				}
				date := time.Unix(ev.Time, 0).UTC().Format("2006-01-02T15:04")
				if !inWindow(date) {
					continue
				}
				events = append(events, Event{Date: date, Type: ev.Type.String(), Entities: []string{ent, other},
					Summary: ev.Detail, Record: ev.Record})
			}
		}
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].Date < events[j].Date })
	if len(events) > 5000 {
		events = events[:5000]
	}
	if events == nil {
		events = []Event{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": events})
	return nil
}

// PlaceJSON is a point on the workbench map.
type PlaceJSON struct {
	Name     string   `json:"name"`
	Lat      float64  `json:"lat"`
	Lon      float64  `json:"lon"`
	Count    int      `json:"count"`
	Entities []string `json:"entities"`
	Records  []string `json:"records"`
}

// handlePlaces puts the places an entity's visible statements name on the
// map: addresses, birth places, trips' airports and crossing points.
func (s *Server) handlePlaces(w http.ResponseWriter, r *http.Request, c *Call) error {
	ids, err := idsParam(r)
	if err != nil {
		return err
	}
	vg, err := s.viewerGraph(r.Context(), c)
	if err != nil {
		return err
	}
	places := map[string]*PlaceJSON{}
	add := func(text, ent, rec string) {
		p, ok := geo.Lookup(text)
		if !ok {
			return
		}
		pj := places[p.Key]
		if pj == nil {
			pj = &PlaceJSON{Name: p.Name, Lat: p.Lat, Lon: p.Lon}
			places[p.Key] = pj
		}
		pj.Count++
		if !containsStr(pj.Entities, ent) {
			pj.Entities = append(pj.Entities, ent)
		}
		if !containsStr(pj.Records, rec) && len(pj.Records) < 50 {
			pj.Records = append(pj.Records, rec)
		}
	}
	for _, id := range ids {
		v, err := vg.lookupNode(id)
		if err != nil {
			return err
		}
		ent := vg.g.Nodes[v].ID
		c.Entities = append(c.Entities, ent)
		for rec := range vg.g.Members(v) {
			ss, err := c.View.RecordStatements(r.Context(), rec)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			for _, st := range ss {
				switch st.Prop {
				case "address", "birthPlace":
					add(st.Value, ent, rec)
				}
			}
			for _, fa := range vg.facts[rec] {
				if fa.Kind == "trip" {
					for _, part := range strings.Fields(strings.ReplaceAll(fa.Summary, "→", " ")) {
						if len(part) == 3 {
							add(part, ent, fa.Record)
						}
					}
				}
				if fa.Place != "" {
					add(fa.Place, ent, fa.Record)
				}
			}
		}
	}
	out := make([]PlaceJSON, 0, len(places))
	for _, p := range places {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	writeJSON(w, http.StatusOK, map[string]any{"places": out})
	return nil
}

func containsStr(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (s *Server) handleLeads(w http.ResponseWriter, r *http.Request, c *Call) error {
	limit, err := intParam(r, "limit", 50, 1, 1000)
	if err != nil {
		return err
	}
	vg, err := s.viewerGraph(r.Context(), c)
	if err != nil {
		return err
	}
	pol := leads.DefaultPolicy()
	all := leads.Score(leads.Inputs{Graph: vg.g, Facts: vg.facts}, pol)
	reviews, err := leads.LatestReviews(r.Context(), s.b)
	if err != nil {
		return err
	}
	type leadJSON struct {
		leads.Lead
		Review *leads.Review `json:"review"`
	}
	out := []leadJSON{}
	for _, l := range all {
		if len(out) >= limit {
			break
		}
		lj := leadJSON{Lead: l}
		if rv, ok := reviews[l.Entity]; ok {
			lj.Review = &rv
		}
		out = append(out, lj)
		c.Entities = append(c.Entities, l.Entity)
	}
	writeJSON(w, http.StatusOK, map[string]any{"policy": map[string]any{"name": pol.Name, "version": pol.Version,
		"threshold": pol.Threshold}, "leads": out})
	return nil
}

// ReviewRequest is an analyst's decision on a lead.
type ReviewRequest struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

func (s *Server) handleLeadReview(w http.ResponseWriter, r *http.Request, c *Call) error {
	var req ReviewRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	vg, err := s.viewerGraph(r.Context(), c)
	if err != nil {
		return err
	}
	v, err := vg.lookupNode(r.PathValue("id"))
	if err != nil {
		return err
	}
	ent := vg.g.Nodes[v].ID
	score := 0.0
	for _, l := range leads.Score(leads.Inputs{Graph: vg.g, Facts: vg.facts}, leads.DefaultPolicy()) {
		if l.Entity == ent {
			score = l.Score
		}
	}
	rv := leads.Review{Entity: ent, Decision: req.Decision, Reason: req.Reason, By: c.User.Name, Score: score}
	if err := leads.AddReview(r.Context(), s.b, rv); err != nil {
		return errorf(http.StatusBadRequest, "%v", err)
	}
	c.Entities = append(c.Entities, ent)
	writeJSON(w, http.StatusOK, map[string]any{"id": ent, "review": rv})
	return nil
}

func (s *Server) handleAlerts(w http.ResponseWriter, r *http.Request, c *Call) error {
	all, err := leads.Alerts(r.Context(), s.b)
	if err != nil {
		return err
	}
	key := viewerKey(c.Viewer())
	out := []leads.Alert{}
	for _, a := range all {
		// An alert was computed from one class of viewer's evidence: only
		// that class sees it.
		if a.Viewer == key {
			out = append(out, a)
			c.Entities = append(c.Entities, a.Entity)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"alerts": out})
	return nil
}
