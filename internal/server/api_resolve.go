package server

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/resolve"
	"github.com/mosaichq/mosaic/internal/store"
)

// resolution holds the in-memory resolution state, loaded on first use.
type resolution struct {
	mu    sync.Mutex
	state *resolve.State
}

func (s *Server) resolveState(ctx context.Context) (*resolve.State, error) {
	s.res.mu.Lock()
	defer s.res.mu.Unlock()
	if s.res.state != nil {
		return s.res.state, nil
	}
	st, err := resolve.LoadState(context.WithoutCancel(ctx), s.b, resolve.Config{WarmMemo: true})
	if err != nil {
		return nil, errorf(http.StatusConflict, "records have not been resolved yet (run mosaic resolve)")
	}
	s.res.state = st
	return st, nil
}

// handleExplainPair shows why two records match. Both must be visible, and
// every statement the comparison rests on must be: the waterfall is
// computed from what the caller may see only if nothing hidden feeds it.
func (s *Server) handleExplainPair(w http.ResponseWriter, r *http.Request, c *Call) error {
	a, b := r.URL.Query().Get("a"), r.URL.Query().Get("b")
	if a == "" || b == "" {
		return errorf(http.StatusBadRequest, "a and b (record ids) are required")
	}
	for _, rec := range []string{a, b} {
		if err := requireFullyVisible(r.Context(), c, rec); err != nil {
			return err
		}
	}
	st, err := s.resolveState(r.Context())
	if err != nil {
		return err
	}
	ex, err := st.Explain(a, b)
	if err != nil {
		return err
	}
	c.Records = append(c.Records, a, b)
	writeJSON(w, http.StatusOK, map[string]any{"a": a, "b": b, "prior": ex.Prior, "contributions": ex.Contributions,
		"weight": ex.Weight, "probability": ex.Probability})
	return nil
}

// requireFullyVisible: an explanation or judgement about a record rests on
// all its statements, so a caller who cannot see them all gets not-found,
// exactly as for a record that does not exist.
func requireFullyVisible(ctx context.Context, c *Call, rec string) error {
	all, err := c.View.Backend().RecordStatements(ctx, rec)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		return errNotFound
	}
	for _, st := range all {
		if !c.View.CanSee(st.Label) {
			return errNotFound
		}
	}
	return nil
}

// ReviewPair is an uncertain pair for the match review queue.
type ReviewPair struct {
	A, B     string  `json:"-"`
	RecA     string  `json:"a"`
	RecB     string  `json:"b"`
	CaptionA string  `json:"caption_a"`
	CaptionB string  `json:"caption_b"`
	Score    float64 `json:"score"`
}

func (s *Server) handleReviewPairs(w http.ResponseWriter, r *http.Request, c *Call) error {
	limit := 50
	if l := r.URL.Query().Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 500 {
			return errorf(http.StatusBadRequest, "limit must be 1..500")
		}
		limit = n
	}
	var pairs []store.Judgement
	err := c.View.Backend().ScanJudgements(r.Context(), func(j *store.Judgement) error {
		if j.IsAnalyst() || j.Verdict != store.Unsure || !c.View.CanSee(j.Label) {
			return nil
		}
		pairs = append(pairs, *j)
		return nil
	})
	if err != nil {
		return err
	}
	// Closest to even odds first: where an analyst's decision helps most.
	sort.Slice(pairs, func(i, j int) bool {
		di, dj := abs(pairs[i].Score-0.5), abs(pairs[j].Score-0.5)
		if di != dj {
			return di < dj
		}
		return pairs[i].A < pairs[j].A
	})
	out := []ReviewPair{}
	for _, j := range pairs {
		if len(out) >= limit {
			break
		}
		ca, errA := caption(r.Context(), c.View, j.A)
		cb, errB := caption(r.Context(), c.View, j.B)
		if errA != nil || errB != nil {
			continue // a record the caller cannot see
		}
		out = append(out, ReviewPair{RecA: j.A, RecB: j.B, CaptionA: ca, CaptionB: cb, Score: j.Score})
		c.Records = append(c.Records, j.A, j.B)
	}
	writeJSON(w, http.StatusOK, map[string]any{"pairs": out})
	return nil
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func caption(ctx context.Context, v *store.View, rec string) (string, error) {
	ss, err := v.RecordStatements(ctx, rec)
	if err != nil {
		return "", err
	}
	e := model.NewEntity(ss[0].Schema, rec)
	for _, st := range ss {
		e.Add(st.Prop, st.Value)
	}
	return e.PickCaption(), nil
}

// JudgeRequest is an analyst's decision on a pair of records.
type JudgeRequest struct {
	A       string `json:"a"`
	B       string `json:"b"`
	Verdict string `json:"verdict"` // same, different, unsure
	Reason  string `json:"reason"`
}

func (s *Server) handleJudge(w http.ResponseWriter, r *http.Request, c *Call) error {
	var req JudgeRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	v, err := store.ParseVerdict(req.Verdict)
	if err != nil {
		return errorf(http.StatusBadRequest, "%v", err)
	}
	if strings.TrimSpace(req.Reason) == "" {
		return errorf(http.StatusBadRequest, "a reason is required")
	}
	if req.A == req.B || req.A == "" || req.B == "" {
		return errorf(http.StatusBadRequest, "two different records are required")
	}
	// The judgement rests on what the analyst saw: both whole records.
	var labels []string
	for _, rec := range []string{req.A, req.B} {
		if err := requireFullyVisible(r.Context(), c, rec); err != nil {
			return err
		}
		ss, _ := c.View.RecordStatements(r.Context(), rec)
		for _, st := range ss {
			labels = append(labels, st.Label)
		}
	}
	st, err := s.resolveState(r.Context())
	if err != nil {
		return err
	}
	a, b := store.OrderPair(req.A, req.B)
	j := store.Judgement{A: a, B: b, Verdict: v, Score: map[store.Verdict]float64{store.Positive: 1, store.Negative: 0, store.Unsure: 0.5}[v],
		Label: model.Conjoin(labels...), By: c.User.Name, Reason: req.Reason, At: time.Now().UTC()}
	assigns, err := st.Judge(r.Context(), j)
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusBadRequest, "both records must be people or organisations")
	}
	if err != nil {
		return err
	}
	_ = assigns // canonical ids: never shown, the caller sees its own view's ids
	s.invalidate()
	c.Records = append(c.Records, a, b)
	entA, _ := c.View.EntityOf(r.Context(), a)
	entB, _ := c.View.EntityOf(r.Context(), b)
	c.Entities = append(c.Entities, entA, entB)
	writeJSON(w, http.StatusOK, map[string]any{"a": a, "b": b, "verdict": v.String(), "entity_a": entA, "entity_b": entB})
	return nil
}
