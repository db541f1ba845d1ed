package leads

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/store"
)

// Decisions an analyst can take on a lead. A lead is never acted on by the
// machine: it waits for one of these, with a reason.
const (
	Escalate  = "escalate"
	Dismiss   = "dismiss"
	NeedsMore = "needs-more"
)

// Review is an analyst's decision on a lead.
type Review struct {
	Entity   string    `json:"entity"`
	Decision string    `json:"decision"`
	Reason   string    `json:"reason"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
	Score    float64   `json:"score"` // the score the analyst saw
}

const reviewDoc = "lead-review"

// AddReview records a decision; earlier ones are kept as history.
func AddReview(ctx context.Context, b store.Backend, r Review) error {
	switch r.Decision {
	case Escalate, Dismiss, NeedsMore:
	default:
		return fmt.Errorf("decision must be escalate, dismiss or needs-more")
	}
	if strings.TrimSpace(r.Reason) == "" {
		return errors.New("a reason is required")
	}
	if r.At.IsZero() {
		r.At = time.Now().UTC()
	}
	body, err := json.Marshal(r)
	if err != nil {
		return err
	}
	// Keyed by entity and time: every decision stays on record.
	return b.PutDoc(ctx, reviewDoc, r.Entity+"/"+r.At.Format(time.RFC3339Nano), body)
}

// Reviews returns the decisions on an entity, oldest first.
func Reviews(ctx context.Context, b store.Backend, entity string) ([]Review, error) {
	var out []Review
	err := b.ScanDocs(ctx, reviewDoc, entity+"/", func(id string, body []byte) error {
		var r Review
		if err := json.Unmarshal(body, &r); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, err
}

// LatestReviews maps each entity to its latest decision.
func LatestReviews(ctx context.Context, b store.Backend) (map[string]Review, error) {
	out := map[string]Review{}
	err := b.ScanDocs(ctx, reviewDoc, "", func(id string, body []byte) error {
		var r Review
		if err := json.Unmarshal(body, &r); err != nil {
			return err
		}
		if old, ok := out[r.Entity]; !ok || r.At.After(old.At) {
			out[r.Entity] = r
		}
		return nil
	})
	return out, err
}
