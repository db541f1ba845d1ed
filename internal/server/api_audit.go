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
	if err := s.redactConsultations(r.Context(), c, cs); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"consultations": cs})
	return nil
}

// redactConsultations keeps the log from becoming a side door: a
// supervisor sees what another user asked and got back only if the
// supervisor may see everything that user may; otherwise the parameters
// are masked and only the entities and records the supervisor may see are
// listed.
func (s *Server) redactConsultations(ctx context.Context, c *Call, cs []Consultation) error {
	users, err := ListUsers(ctx, s.b)
	if err != nil {
		return err
	}
	auths := map[string][]string{}
	for _, u := range users {
		auths[u.Name] = u.Auths
	}
	covers := func(user string) bool {
		for _, a := range auths[user] {
			if !c.Viewer().Auths.Has(a) {
				return false
			}
		}
		_, known := auths[user]
		return known
	}
	for i := range cs {
		if covers(cs[i].User) {
			continue
		}
		masked := make(map[string]string, len(cs[i].Params))
		for k := range cs[i].Params {
			masked[k] = "[hidden]"
		}
		cs[i].Params = masked
		var ents, recs []string
		for _, e := range cs[i].Entities {
			if _, err := c.View.Entity(ctx, e); err == nil {
				ents = append(ents, e)
			}
		}
		for _, r := range cs[i].Records {
			if ok, _ := c.View.RecordVisible(ctx, r); ok {
				recs = append(recs, r)
			}
		}
		cs[i].Entities, cs[i].Records = ents, recs
	}
	return nil
}
