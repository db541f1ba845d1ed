package ingest

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// Options control an ingestion run.
type Options struct {
	// Label, when set, replaces every dataset's label (mosaic ingest --label).
	Label *string
	// RejectsPath is where malformed rows are written (created only when
	// there is one).
	RejectsPath string
	// Progress is called now and then with bytes read and bytes in total.
	Progress func(done, total int64)
	// OnRow sees every mapped row and the records it made (from one
	// goroutine, in no set order). Evaluation uses it to read a truth column that is never
	// mapped and never stored.
	OnRow func(q *Query, line int, get func(col string) []string, records []string)
	// Now stamps first_seen/last_seen (default time.Now).
	Now time.Time
	// Workers map rows in parallel (default GOMAXPROCS).
	Workers int
}

// FileSummary reports one source file.
type FileSummary struct {
	Dataset string
	Path    string
	Rows    int
	Rejects int
}

// Summary reports a run.
type Summary struct {
	Files       []FileSummary
	Rows        int
	Statements  int // new statements written
	Records     int // new records
	Skipped     int // statements already in the store
	Rejects     int
	RejectsPath string
	Duration    time.Duration
}

// Reject is one malformed row.
type Reject struct {
	File   string
	Line   int
	Reason string
}

// Run ingests the mappings' sources into b as one transaction. Every mapping
// and file is checked before anything is read for writing; a problem there
// fails the run and writes nothing. Malformed rows are skipped and reported.
func Run(ctx context.Context, b store.Backend, mappings []*Mapping, o Options) (*Summary, error) {
	start := time.Now()
	if o.Now.IsZero() {
		o.Now = start.UTC().Truncate(time.Second)
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Label != nil {
		if _, err := model.ParseLabel(*o.Label); err != nil {
			return nil, fmt.Errorf("--label: %w", err)
		}
	}
	// Validate every query before writing anything.
	var queries []*compiledQuery
	var total int64
	for _, m := range mappings {
		for _, ds := range m.Datasets {
			for _, q := range ds.Queries {
				if err := checkSource(q); err != nil {
					return nil, err
				}
				fi, _ := os.Stat(q.Path)
				total += fi.Size()
				cq, err := compileQuery(q, o.Label, o.Now)
				if err != nil {
					return nil, err
				}
				queries = append(queries, cq)
			}
		}
	}
	loader, err := b.NewLoader(ctx)
	if err != nil {
		return nil, err
	}
	committed := false
	defer func() {
		if !committed {
			loader.Abort()
		}
	}()
	sum := &Summary{}
	var rejects []Reject
	var read int64
	for _, cq := range queries {
		fs, rj, err := runQuery(ctx, cq, loader, o, &read, total)
		if err != nil {
			return nil, err
		}
		sum.Files = append(sum.Files, fs)
		sum.Rows += fs.Rows
		rejects = append(rejects, rj...)
	}
	if o.Progress != nil {
		o.Progress(total, total)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ws, err := loader.Commit()
	committed = true
	if err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	sum.Statements, sum.Records, sum.Skipped = ws.Statements, ws.Records, ws.Skipped
	sum.Rejects = len(rejects)
	if len(rejects) > 0 && o.RejectsPath != "" {
		if err := writeRejects(o.RejectsPath, rejects); err != nil {
			return sum, fmt.Errorf("writing rejects: %w", err)
		}
		sum.RejectsPath = o.RejectsPath
	}
	sum.Duration = time.Since(start)
	return sum, nil
}

// checkSource opens a query's file and checks the columns the mapping uses.
func checkSource(q *Query) error {
	var n int64
	src, err := openSource(q, &n)
	if err != nil {
		return err
	}
	defer src.close()
	if q.Kind != SourceCSV {
		return nil // JSON keys may be absent from any one record: not an error
	}
	have := map[string]bool{}
	for _, h := range src.header() {
		have[h] = true
	}
	var missing []string
	for _, c := range q.Columns() {
		if !have[c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s: mapping for dataset %s uses columns missing from the header: %s (header: %s)",
			q.Path, q.Dataset.Name, strings.Join(missing, ", "), strings.Join(src.header(), ", "))
	}
	return nil
}

type rowBatch struct {
	rows []*row
}

type mappedBatch struct {
	rows    []*row
	records [][]string
	stmts   []model.Statement
	rejects []Reject
}

// runQuery streams one file: a reader, workers that map rows, and this
// goroutine adding statements to the loader (which is not concurrent).
func runQuery(ctx context.Context, cq *compiledQuery, l store.Loader, o Options, read *int64, total int64) (FileSummary, []Reject, error) {
	q := cq.q
	fs := FileSummary{Dataset: q.Dataset.Name, Path: q.Path}
	var fileRead int64
	src, err := openSource(q, &fileRead)
	if err != nil {
		return fs, nil, err
	}
	defer src.close()
	base := *read

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	in := make(chan rowBatch, 4)
	out := make(chan mappedBatch, 4)
	// Statement buffers go back to the workers once added: a batch's
	// buffer would otherwise be grown afresh, statement by statement.
	free := make(chan []model.Statement, 8+o.Workers)
	var readErr error
	go func() {
		defer close(in)
		const size = 256
		batch := rowBatch{}
		for {
			r, err := src.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				readErr = err
				return
			}
			batch.rows = append(batch.rows, r)
			if len(batch.rows) == size {
				select {
				case in <- batch:
				case <-ctx.Done():
					return
				}
				batch = rowBatch{}
			}
		}
		if len(batch.rows) > 0 {
			select {
			case in <- batch:
			case <-ctx.Done():
			}
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < o.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range in {
				mb := mappedBatch{rows: b.rows, records: make([][]string, len(b.rows))}
				select {
				case mb.stmts = <-free:
				default:
				}
				for i, r := range b.rows {
					var rej *rowError
					mb.stmts, mb.records[i], rej = cq.mapRow(r, mb.stmts)
					if rej != nil {
						mb.rejects = append(mb.rejects, Reject{File: q.Path, Line: rej.line, Reason: rej.reason})
					}
				}
				select {
				case out <- mb:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()

	var rejects []Reject
	var addErr error
	lastProgress := time.Now()
	for mb := range out {
		if addErr != nil {
			continue // drain
		}
		fs.Rows += len(mb.rows)
		fs.Rejects += len(mb.rejects)
		rejects = append(rejects, mb.rejects...)
		for i := range mb.stmts {
			if err := l.Add(&mb.stmts[i]); err != nil {
				addErr = err
				cancel()
				break
			}
		}
		clear(mb.stmts) // let the rows' text go
		select {
		case free <- mb.stmts[:0]:
		default:
		}
		if o.OnRow != nil {
			for i, r := range mb.rows {
				if mb.records[i] != nil {
					o.OnRow(q, r.line, r.get, mb.records[i])
				}
			}
		}
		if o.Progress != nil && time.Since(lastProgress) > 100*time.Millisecond {
			lastProgress = time.Now()
			o.Progress(base+fileRead, total)
		}
	}
	*read = base + fileRead
	if addErr != nil {
		return fs, nil, addErr
	}
	if readErr != nil {
		return fs, nil, readErr
	}
	if err := ctx.Err(); err != nil && !errors.Is(err, context.Canceled) {
		return fs, nil, err
	}
	sort.Slice(rejects, func(i, j int) bool { return rejects[i].Line < rejects[j].Line })
	return fs, rejects, nil
}

func writeRejects(path string, rejects []Reject) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"file", "line", "reason"})
	for _, r := range rejects {
		w.Write([]string{r.File, fmt.Sprint(r.Line), r.Reason})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// String renders the summary as a short table.
func (s *Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-24s %10s %8s  %s\n", "dataset", "rows", "rejects", "file")
	for _, f := range s.Files {
		fmt.Fprintf(&b, "%-24s %10d %8d  %s\n", f.Dataset, f.Rows, f.Rejects, f.Path)
	}
	fmt.Fprintf(&b, "rows read %d, statements written %d (already present %d), new records %d, rejects %d, %.1f s\n",
		s.Rows, s.Statements, s.Skipped, s.Records, s.Rejects, s.Duration.Seconds())
	if s.RejectsPath != "" {
		fmt.Fprintf(&b, "rejected rows written to %s\n", s.RejectsPath)
	}
	return b.String()
}
