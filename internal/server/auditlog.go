package server

import (
	"context"
	"errors"

	"github.com/mosaichq/mosaic/internal/audit"
)

// AuditLog adapts the hash-chained consultation log to the server.
type AuditLog struct {
	Log audit.Log
}

// Record appends one consultation.
func (a AuditLog) Record(ctx context.Context, c Consultation) error {
	return a.Log.Append(ctx, &audit.Entry{At: c.At, User: c.User, Role: c.Role, Purpose: c.Purpose,
		Kind: audit.KindHTTP, Method: c.Method, Route: c.Route, Params: c.Params, Status: c.Status,
		Entities: c.Entities, Records: c.Records, Note: c.Kind})
}

var errEnough = errors.New("enough")

// Consultations reads the log back for the supervisor view, newest first.
func (a AuditLog) Consultations(ctx context.Context, f AuditFilter) ([]Consultation, error) {
	var all []Consultation
	err := a.Log.Scan(ctx, 0, func(e audit.Entry) error {
		if !f.Since.IsZero() && e.At.Before(f.Since) {
			return nil
		}
		if f.User != "" && e.User != f.User {
			return nil
		}
		all = append(all, Consultation{At: e.At, User: e.User, Role: e.Role, Purpose: e.Purpose, Method: e.Method,
			Route: e.Route, Params: e.Params, Status: e.Status, Entities: e.Entities, Records: e.Records, Kind: e.Kind})
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, err
	}
	// Newest first, at most Limit.
	for i, j := 0, len(all)-1; i < j; i, j = i+1, j-1 {
		all[i], all[j] = all[j], all[i]
	}
	if f.Limit > 0 && len(all) > f.Limit {
		all = all[:f.Limit]
	}
	return all, nil
}
