package leads

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/mosaichq/mosaic/internal/store"
)

// Alert tells analysts that new data changed a lead: a person rose over the
// threshold, or a new record joined a person who carries a listing or
// notice.
type Alert struct {
	ID      string    `json:"id"`
	At      time.Time `json:"at"`
	Entity  string    `json:"entity"`
	Caption string    `json:"caption"`
	Kind    string    `json:"kind"` // over-threshold, new-record
	Detail  string    `json:"detail"`
	Score   float64   `json:"score"`
	Viewer  string    `json:"viewer"` // the authorisations it was computed for
}

// snapshot is what the previous run saw, per viewer class.
type snapshot struct {
	Scores  map[string]float64 `json:"scores"`
	Records map[string]int     `json:"records"`
	At      time.Time          `json:"at"`
}

const (
	alertDoc    = "alert"
	snapshotDoc = "leads-snapshot"
)

// RaiseAlerts compares this run with the last one for the same viewer
// class, stores alerts for what changed and the new snapshot. The first run
// only records a snapshot.
func RaiseAlerts(ctx context.Context, b store.Backend, viewerKey string, leads []Lead, records map[string]int, p *Policy, now time.Time) ([]Alert, error) {
	var prev snapshot
	body, err := b.GetDoc(ctx, snapshotDoc, viewerKey)
	first := errors.Is(err, store.ErrNotFound)
	if err != nil && !first {
		return nil, err
	}
	if !first {
		if err := json.Unmarshal(body, &prev); err != nil {
			return nil, err
		}
	}
	cur := snapshot{Scores: map[string]float64{}, Records: map[string]int{}, At: now}
	var alerts []Alert
	for _, l := range leads {
		cur.Scores[l.Entity] = l.Score
		cur.Records[l.Entity] = records[l.Entity]
		if first {
			continue
		}
		if l.Score >= p.Threshold && prev.Scores[l.Entity] < p.Threshold {
			alerts = append(alerts, Alert{Entity: l.Entity, Caption: l.Caption, Kind: "over-threshold", Score: l.Score,
				Detail: fmt.Sprintf("score rose from %.2f to %.2f", prev.Scores[l.Entity], l.Score)})
		}
		if listed(l) && records[l.Entity] > prev.Records[l.Entity] && prev.Records[l.Entity] > 0 {
			alerts = append(alerts, Alert{Entity: l.Entity, Caption: l.Caption, Kind: "new-record", Score: l.Score,
				Detail: fmt.Sprintf("%d new record(s) linked to a listed person", records[l.Entity]-prev.Records[l.Entity])})
		}
	}
	sort.Slice(alerts, func(i, j int) bool { return alerts[i].Score > alerts[j].Score })
	for i := range alerts {
		a := &alerts[i]
		a.At, a.Viewer = now, viewerKey
		a.ID = now.Format("20060102T150405.000000000") + "-" + fmt.Sprint(i)
		body, _ := json.Marshal(a)
		if err := b.PutDoc(ctx, alertDoc, a.ID, body); err != nil {
			return nil, err
		}
	}
	body, _ = json.Marshal(cur)
	return alerts, b.PutDoc(ctx, snapshotDoc, viewerKey, body)
}

func listed(l Lead) bool {
	for _, p := range l.Evidence {
		if p.Kind == "fact" && (p.Fact == "listed" || p.Fact == "notice") {
			return true
		}
	}
	return false
}

// Alerts lists stored alerts, newest first.
func Alerts(ctx context.Context, b store.Backend) ([]Alert, error) {
	var out []Alert
	err := b.ScanDocs(ctx, alertDoc, "", func(id string, body []byte) error {
		var a Alert
		if err := json.Unmarshal(body, &a); err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out, err
}
