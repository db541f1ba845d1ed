package eval

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/ingest"
	"github.com/mosaichq/mosaic/internal/resolve"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
)

// Report is the outcome of an evaluation run.
type Report struct {
	Metrics
	PairCompleteness float64
	CandidatePairs   int
	Seconds          float64
	Resolve          *resolve.Result
}

// Line is the summary `mosaic eval` prints last.
func (r *Report) Line() string {
	return fmt.Sprintf("%s pair_completeness=%.3f candidate_pairs=%d seconds=%.1f",
		r.Metrics.Line(), r.PairCompleteness, r.CandidatePairs, r.Seconds)
}

// febrlID reads the entity of FEBRL-style ids: rec-12-org, rec-12-dup-3.
var febrlID = regexp.MustCompile(`^rec-(\d+)-(?:org|dup-\d+)$`)

// truthValue turns a truth column value into an entity label: the first
// capture group of pattern when given; FEBRL ids are recognised by default.
func truthValue(v string, pattern *regexp.Regexp) string {
	v = strings.TrimSpace(v)
	if pattern != nil {
		if m := pattern.FindStringSubmatch(v); len(m) > 1 {
			return m[1]
		}
		return v
	}
	if m := febrlID.FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return v
}

// MappingOptions configure an evaluation from a mapping.
type MappingOptions struct {
	Mappings     []string
	TruthColumn  string
	TruthPattern string // optional regexp; group 1 is the entity
	Resolve      resolve.Config
	TempDir      string // default os.TempDir
}

// RunMapping ingests the mapping's files into a fresh temporary store,
// resolves them and scores the result against the truth column. The truth
// column is read by the evaluator from each row and never mapped, stored or
// seen by the resolver.
func RunMapping(ctx context.Context, o MappingOptions) (*Report, error) {
	start := time.Now()
	var pattern *regexp.Regexp
	if o.TruthPattern != "" {
		p, err := regexp.Compile(o.TruthPattern)
		if err != nil {
			return nil, fmt.Errorf("--truth-pattern: %w", err)
		}
		pattern = p
	}
	var maps []*ingest.Mapping
	for _, path := range o.Mappings {
		m, err := ingest.LoadMapping(path)
		if err != nil {
			return nil, err
		}
		if err := checkTruthUnmapped(m, o.TruthColumn); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		maps = append(maps, m)
	}
	dir, err := os.MkdirTemp(o.TempDir, "mosaic-eval-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	b, err := embedded.Open(dir, embedded.Options{NoSync: true})
	if err != nil {
		return nil, err
	}
	defer b.Close()
	truth := map[string]string{}
	missing := 0
	_, err = ingest.Run(ctx, b, maps, ingest.Options{OnRow: func(q *ingest.Query, line int, get func(string) []string, records []string) {
		vals := get(o.TruthColumn)
		if len(vals) == 0 {
			missing++
			return
		}
		label := truthValue(vals[0], pattern)
		for i, e := range q.Entities {
			if records[i] == "" || !e.Schema.IsA("LegalEntity") {
				continue
			}
			if _, dup := truth[records[i]]; !dup {
				truth[records[i]] = label
			}
		}
	}})
	if err != nil {
		return nil, err
	}
	if len(truth) == 0 {
		return nil, fmt.Errorf("no row had a value in the truth column %q", o.TruthColumn)
	}
	cfg := o.Resolve
	cfg.KeepCandidates = true // pair completeness
	res, err := resolve.Batch(ctx, b, cfg)
	if err != nil {
		return nil, err
	}
	return score(ctx, b, truth, res, start)
}

func score(ctx context.Context, b store.Backend, truth map[string]string, res *resolve.Result, start time.Time) (*Report, error) {
	pred := map[string]string{}
	if err := b.ScanAssignments(ctx, func(a store.Assignment) error {
		pred[a.Record] = a.Entity
		return nil
	}); err != nil {
		return nil, err
	}
	// Records never resolved (not matchable) are their own entities.
	for rec := range truth {
		if _, ok := pred[rec]; !ok {
			pred[rec] = store.EntityID(rec)
		}
	}
	rep := &Report{Metrics: Score(truth, pred), CandidatePairs: res.Candidates, Resolve: res}
	rep.PairCompleteness, _ = PairCompleteness(truth, res.IsCandidate)
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// ReadTruth reads a truth file with columns record,person.
func ReadTruth(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	hdr, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	ri, pi := -1, -1
	for i, h := range hdr {
		switch strings.TrimSpace(h) {
		case "record":
			ri = i
		case "person", "entity":
			pi = i
		}
	}
	if ri < 0 || pi < 0 {
		return nil, fmt.Errorf("%s: want columns record,person", path)
	}
	out := map[string]string{}
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := r.FieldPos(0)
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out[row[ri]] = row[pi]
	}
	return out, nil
}

// RunStore scores the clustering already in a store against a truth file.
// It rebuilds blocking (not scoring) to report pair completeness.
func RunStore(ctx context.Context, b store.Backend, truth map[string]string, cfg resolve.Config) (*Report, error) {
	start := time.Now()
	res, err := resolve.Blocking(ctx, b, cfg)
	if err != nil {
		return nil, err
	}
	return score(ctx, b, truth, res, start)
}

// checkTruthUnmapped refuses a mapping that puts the truth column into a
// property. Using it as a key is fine: keys become opaque hashed record ids
// that the resolver never compares.
func checkTruthUnmapped(m *ingest.Mapping, col string) error {
	for _, ds := range m.Datasets {
		for _, q := range ds.Queries {
			for _, e := range q.Entities {
				for _, pm := range e.Props {
					for _, c := range pm.Columns {
						if c == col {
							return fmt.Errorf("property %s of entity %s maps the truth column %q; the resolver must never see it",
								pm.Prop.Name, e.Name, col)
						}
					}
					if strings.Contains(pm.Template, "{{"+col+"}}") {
						return fmt.Errorf("a template of entity %s uses the truth column %q", e.Name, col)
					}
				}
			}
		}
	}
	return nil
}
