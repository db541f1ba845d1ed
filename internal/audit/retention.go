package audit

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/resolve"
	"github.com/mosaichq/mosaic/internal/store"
)

// RetentionOptions tune RunRetention; the zero value erases, logs and
// rebuilds with resolve.Batch.
type RetentionOptions struct {
	// DryRun finds and reports what is due but changes nothing: neither
	// the store nor the log.
	DryRun bool
	// User and Purpose go into the log entries (defaults "retention" and
	// "retention: review date passed").
	User, Purpose string
	// Rebuild recomputes derived data after erasures. nil runs
	// resolve.Batch(ctx, b, resolve.Config{}), which rescores, reclusters,
	// keeps entity ids stable and writes history; a server sets its own to
	// also refresh its indexes and caches.
	Rebuild func(ctx context.Context, b store.Backend) error
	// Batch is how many records one DeleteStatements call erases (default
	// 1000): erasure of a large backlog is then many small atomic steps.
	Batch int
}

// RetentionReport says what a run found and did.
type RetentionReport struct {
	Now    time.Time
	DryRun bool
	// Records are the records that had statements due, sorted.
	Records    []RecordErasure
	Statements int // statements erased (due, for a dry run)
	Gone       int // records left with no statement, which so cease to exist
	Trimmed    int // records that keep some statements
	// MachineJudgements deleted because they involve a changed record.
	MachineJudgements int
	// AnalystJudgements about records that ceased to exist: purged when the
	// backend is a RecordPurger, else left (and counted here as left).
	AnalystPurged, AnalystLeft int
	// StaleAssignments counts gone records the backend still assigns to an
	// entity after the rebuild (a backend that is not a RecordPurger cannot
	// drop them; views skip them, counts include them).
	StaleAssignments int
	Rebuilt          bool
}

// RecordErasure is what retention took from one record. It names
// properties, never values.
type RecordErasure struct {
	Record     string
	Entity     string // canonical entity before the erasure, if resolved
	Statements int
	Props      []string // properties erased, sorted
	Gone       bool     // no statement left
	keys       []store.StatementKey
}

// RecordPurger is implemented by backends that can forget what still names
// records that no longer exist and that Backend has no call for: analyst
// judgements (DeleteJudgements keeps them) and cluster assignments.
// RunRetention calls it with the records an erasure removed entirely.
type RecordPurger interface {
	PurgeRecords(ctx context.Context, records []string) error
}

// RunRetention erases every statement whose ReviewAt is set and not after
// now, logs each record erased or trimmed (one entry per record: its id,
// entity, number of statements and the properties erased, never the values),
// deletes the machine judgements involving changed records, the analyst
// judgements involving records that no longer exist (see RecordPurger), and
// rebuilds derived data.
//
// Analyst judgements about a record that keeps some statements stay: the
// analyst judged the record, which still exists, and resolution re-checks
// every machine judgement anyway. About a record that is gone they go: they
// are data about a person the law says must no longer be kept, and would
// come back to life if the source re-sent the record id.
//
// Each erasure is logged before it is made, so none is ever unlogged; a
// crash in between leaves the statements, and the next run erases them and
// logs them again. Running it again erases nothing more.
func RunRetention(ctx context.Context, b store.Backend, log Log, now time.Time, opts RetentionOptions) (RetentionReport, error) {
	rep := RetentionReport{Now: now.UTC(), DryRun: opts.DryRun}
	if opts.User == "" {
		opts.User = "retention"
	}
	if opts.Purpose == "" {
		opts.Purpose = "retention: review date passed"
	}
	if opts.Batch <= 0 {
		opts.Batch = 1000
	}
	if log == nil && !opts.DryRun {
		return rep, errors.New("retention: no audit log to record erasures in")
	}

	// Find what is due.
	due := map[string]*RecordErasure{}
	err := b.ScanStatements(ctx, func(s *model.Statement) error {
		if s.ReviewAt.IsZero() || s.ReviewAt.After(now) {
			return nil
		}
		r := due[s.Record]
		if r == nil {
			r = &RecordErasure{Record: s.Record}
			due[s.Record] = r
		}
		r.keys = append(r.keys, store.StatementKey{Record: s.Record, ID: s.ID})
		if !contains(r.Props, s.Prop) {
			r.Props = append(r.Props, s.Prop)
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("retention: scanning statements: %w", err)
	}
	for _, r := range due {
		sort.Strings(r.Props)
		r.Statements = len(r.keys)
		all, err := b.RecordStatements(ctx, r.Record)
		if err != nil {
			return rep, fmt.Errorf("retention: %w", err)
		}
		r.Gone = len(all) <= r.Statements
		ent, err := b.EntityOf(ctx, r.Record)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return rep, fmt.Errorf("retention: %w", err)
		}
		r.Entity = ent
		rep.Records = append(rep.Records, *r)
		rep.Statements += r.Statements
		if r.Gone {
			rep.Gone++
		} else {
			rep.Trimmed++
		}
	}
	sort.Slice(rep.Records, func(i, j int) bool { return rep.Records[i].Record < rep.Records[j].Record })

	// Derived data resting on them.
	changed := map[string]bool{}
	gone := map[string]bool{}
	for _, r := range rep.Records {
		changed[r.Record] = true
		if r.Gone {
			gone[r.Record] = true
		}
	}
	machine := map[[2]string]bool{}
	analyst := map[[2]string]bool{}
	for _, r := range rep.Records {
		js, err := b.RecordJudgements(ctx, r.Record)
		if err != nil {
			return rep, fmt.Errorf("retention: %w", err)
		}
		for _, j := range js {
			p := [2]string{j.A, j.B}
			switch {
			case !j.IsAnalyst():
				machine[p] = true
			case gone[j.A] || gone[j.B]:
				analyst[p] = true
			}
		}
	}
	rep.MachineJudgements = len(machine)
	if opts.DryRun || len(rep.Records) == 0 {
		rep.AnalystLeft = len(analyst)
		return rep, nil
	}

	// Log, then erase, batch by batch.
	for start := 0; start < len(rep.Records); start += opts.Batch {
		batch := rep.Records[start:min(start+opts.Batch, len(rep.Records))]
		if err := logErasures(ctx, log, batch, opts, rep.Now); err != nil {
			return rep, fmt.Errorf("retention: logging erasures: %w", err)
		}
		var keys []store.StatementKey
		for _, r := range batch {
			keys = append(keys, r.keys...)
		}
		if _, err := b.DeleteStatements(ctx, keys); err != nil {
			return rep, fmt.Errorf("retention: erasing statements: %w", err)
		}
	}
	pairs := make([][2]string, 0, len(machine))
	for p := range machine {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0]+"\x00"+pairs[i][1] < pairs[j][0]+"\x00"+pairs[j][1] })
	if err := b.DeleteJudgements(ctx, pairs); err != nil {
		return rep, fmt.Errorf("retention: deleting judgements: %w", err)
	}
	var goneList []string
	for _, r := range rep.Records {
		if r.Gone {
			goneList = append(goneList, r.Record)
		}
	}
	purger, canPurge := b.(RecordPurger)
	if canPurge && len(goneList) > 0 {
		if err := purger.PurgeRecords(ctx, goneList); err != nil {
			return rep, fmt.Errorf("retention: purging erased records: %w", err)
		}
		rep.AnalystPurged = len(analyst)
	} else {
		rep.AnalystLeft = len(analyst)
	}

	rebuild := opts.Rebuild
	if rebuild == nil {
		rebuild = func(ctx context.Context, b store.Backend) error {
			_, err := resolve.Batch(ctx, b, resolve.Config{})
			return err
		}
	}
	if err := rebuild(ctx, b); err != nil {
		return rep, fmt.Errorf("retention: rebuilding derived data: %w", err)
	}
	rep.Rebuilt = true
	for _, rec := range goneList {
		if _, err := b.EntityOf(ctx, rec); err == nil {
			rep.StaleAssignments++
		}
	}

	sum := &Entry{Kind: KindRetention, User: opts.User, Role: "system", Purpose: opts.Purpose,
		Params: map[string]string{"now": rep.Now.Format(time.RFC3339), "records": strconv.Itoa(len(rep.Records)),
			"gone": strconv.Itoa(rep.Gone), "trimmed": strconv.Itoa(rep.Trimmed), "statements": strconv.Itoa(rep.Statements),
			"machine_judgements": strconv.Itoa(rep.MachineJudgements), "analyst_judgements_purged": strconv.Itoa(rep.AnalystPurged),
			"analyst_judgements_left": strconv.Itoa(rep.AnalystLeft)},
		Note: "retention run finished; derived data rebuilt"}
	if err := log.Append(ctx, sum); err != nil {
		return rep, fmt.Errorf("retention: logging the run: %w", err)
	}
	return rep, nil
}

// logErasures appends one entry per record, concurrently so the entries of
// a batch share the log's syncs.
func logErasures(ctx context.Context, log Log, batch []RecordErasure, opts RetentionOptions, now time.Time) error {
	var wg sync.WaitGroup
	errs := make([]error, len(batch))
	sem := make(chan struct{}, 64)
	for i := range batch {
		r := &batch[i]
		what := "trimmed"
		if r.Gone {
			what = "erased"
		}
		e := &Entry{Kind: KindRetention, User: opts.User, Role: "system", Purpose: opts.Purpose,
			Params: map[string]string{"statements": strconv.Itoa(r.Statements), "props": strings.Join(r.Props, ","),
				"review_before": now.Format(time.RFC3339), "record": what},
			Records: []string{r.Record}, Note: "record " + what + ": review date passed"}
		if r.Entity != "" {
			e.Entities = []string{r.Entity}
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			errs[i] = log.Append(ctx, e)
			<-sem
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
