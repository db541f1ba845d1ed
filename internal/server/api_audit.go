package server

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// AuditFilter selects consultations for the supervisor view.
type AuditFilter struct {
	Since time.Time
	User  string
	Limit int
}

// AuditReader is implemented by consultation logs that can be read back.
type AuditReader interface {
	Consultations(ctx context.Context, f AuditFilter) ([]Consultation, error)
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request, c *Call) error {
	ar, ok := s.cfg.Audit.(AuditReader)
	if !ok {
		return errorf(http.StatusNotImplemented, "this consultation log cannot be read from the API; use mosaic audit export")
	}
	q := r.URL.Query()
	f := AuditFilter{User: q.Get("user"), Limit: 200}
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return errorf(http.StatusBadRequest, "since: want RFC 3339 time")
		}
		f.Since = t
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 5000 {
			return errorf(http.StatusBadRequest, "limit must be 1..5000")
		}
		f.Limit = n
	}
	cs, err := ar.Consultations(r.Context(), f)
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []Consultation{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"consultations": cs})
	return nil
}
