package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mosaichq/mosaic/internal/ingest/lists"
	"github.com/mosaichq/mosaic/internal/screen"
)

func init() {
	register(&command{
		name:    "screen",
		summary: "screen people and organisations against watchlists",
		usage:   "--watchlist FILE [--watchlist FILE ...] --input queries.csv --out results.csv [--threshold T] [--limit K]\n       mosaic screen pairs FILE.csv [--out FILE]",
		help: `Screens each row of a CSV file against one or more watchlists (UN, OFAC
directory, EU FSF XML, INTERPOL JSON, FtM JSON lines; the format is detected).

queries.csv has a header; its columns are full_name, first_name, middle_name,
last_name, gender, date_of_birth, place_of_birth, nationality, in any order,
any of them empty; other columns are ignored (passport_number and id_number
are used when present). gender is never used for scoring.

results.csv gets one row per query and candidate:
  row,list,list_id,caption,score,match
row is the query's 1-based data row, list the dataset name, list_id the
list's own id (UN DATAID, OFAC ent_num, INTERPOL entity_id), score a
calibrated score in [0,1] (the probability that the candidate is the person
queried when half of the people screened are listed) and match whether it
reaches --threshold (default 0.5). Candidates down to --floor (default
0.05) are written so that near misses are visible; a query with none gets
no row. --explain adds a column saying why.

mosaic screen pairs FILE.csv reads name1,name2[,schema] (schema Person by
default; Organization, Company, LegalEntity compare as organisations) and
writes the same rows with score,match appended (match at 0.5).

Example:
  mosaic screen --watchlist ../shared/data/watchlists/un/UN_consolidated.xml \
      --input people.csv --out hits.csv`,
		run: runScreen,
	})
}

// watchlistFlag collects repeated --watchlist flags (kept apart from other
// commands' repeatable flags so each file stays self-contained).
type watchlistFlag []string

func (m *watchlistFlag) String() string     { return strings.Join(*m, ",") }
func (m *watchlistFlag) Set(v string) error { *m = append(*m, v); return nil }

func runScreen(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "pairs" {
		return runScreenPairs(ctx, e, args[1:])
	}
	c := commands["screen"]
	fs := newFlags(e, c)
	var watch watchlistFlag
	fs.Var(&watch, "watchlist", "watchlist file or directory (repeatable)")
	input := fs.String("input", "", "queries CSV file (- for standard input)")
	out := fs.String("out", "", "results CSV file (standard output when empty)")
	threshold := fs.Float64("threshold", screen.DefaultThreshold, "score at or above which a candidate is a match")
	limit := fs.Int("limit", 5, "most candidates per query")
	floor := fs.Float64("floor", screen.DefaultFloor, "least score for a candidate to be written")
	explain := fs.Bool("explain", false, "add an explanation column")
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if len(watch) == 0 {
		return usagef("at least one --watchlist is required")
	}
	if *input == "" {
		return usagef("--input is required")
	}
	if *threshold <= 0 || *threshold > 1 {
		return usagef("--threshold must be in (0,1]")
	}
	if *limit <= 0 {
		return usagef("--limit must be positive")
	}
	if *floor < 0 || *floor > 1 {
		return usagef("--floor must be in [0,1]")
	}
	start := time.Now()
	var ls []*lists.List
	for _, w := range watch {
		l, err := lists.Load(w)
		if err != nil {
			return err
		}
		ls = append(ls, l)
	}
	ix := screen.FromLists(ls...)
	subjects, nameCount := ix.Len()
	fmt.Fprintf(e.stderr, "indexed %d subjects (%d names) from %d list(s) in %.1fs\n", subjects, nameCount, len(ls), time.Since(start).Seconds())

	var in io.Reader = e.stdin
	if *input != "-" {
		f, err := os.Open(*input)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	qr, err := screen.NewQueryReader(in, *input)
	if err != nil {
		return err
	}
	type job struct {
		row int
		q   screen.Query
		res []screen.Result
	}
	var jobs []*job
	for {
		q, row, err := qr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		jobs = append(jobs, &job{row: row, q: q})
	}

	var w io.Writer = e.stdout
	var outFile *os.File
	if *out != "" {
		outFile, err = os.Create(*out)
		if err != nil {
			return err
		}
		defer outFile.Close()
		w = outFile
	}

	t0 := time.Now()
	p := newProgress(e, "screening", "")
	opts := screen.Options{Limit: *limit, Threshold: *threshold, Floor: *floor}
	if *floor == 0 {
		opts.Floor = -1
	}
	var wg sync.WaitGroup
	next := make(chan *job)
	var done int64
	var mu sync.Mutex
	for i := 0; i < runtime.GOMAXPROCS(0); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				j.res = ix.Screen(j.q, opts)
				mu.Lock()
				done++
				p.update(done, int64(len(jobs)))
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
	p.done()
	if err := ctx.Err(); err != nil {
		return err
	}

	cw := csv.NewWriter(w)
	head := []string{"row", "list", "list_id", "caption", "score", "match"}
	if *explain {
		head = append(head, "explanation")
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	matchedQueries, matchRows, rows := 0, 0, 0
	for _, j := range jobs {
		any := false
		for _, r := range j.res {
			rec := []string{strconv.Itoa(j.row), r.List, r.ListID, r.Caption, strconv.FormatFloat(r.Score, 'f', 3, 64), strconv.FormatBool(r.Match)}
			if *explain {
				rec = append(rec, screen.Describe(r.Features))
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
			rows++
			if r.Match {
				matchRows++
				any = true
			}
		}
		if any {
			matchedQueries++
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if outFile != nil {
		if err := outFile.Close(); err != nil {
			return err
		}
	}
	secs := time.Since(t0).Seconds()
	fmt.Fprintf(e.stderr, "screened %d queries in %.2fs (%.0f/s): %d with a match (%d match rows), %d rows written\n",
		len(jobs), secs, float64(len(jobs))/max(secs, 1e-9), matchedQueries, matchRows, rows)
	return nil
}

func runScreenPairs(ctx context.Context, e *env, args []string) error {
	c := &command{name: "screen pairs", summary: "score name pairs", usage: "FILE.csv [--out FILE]",
		help: "Reads name1,name2[,schema] with a header and writes the rows with score,match appended."}
	fs := newFlags(e, c)
	out := fs.String("out", "", "output CSV file (standard output when empty)")
	threshold := fs.Float64("threshold", screen.PairThreshold, "score at or above which a pair is a match")
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("screen pairs needs one input file")
	}
	var in io.Reader = e.stdin
	if pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	head, pairs, err := screen.ReadPairs(in, pos[0])
	if err != nil {
		return err
	}
	var w io.Writer = e.stdout
	var outFile *os.File
	if *out != "" {
		outFile, err = os.Create(*out)
		if err != nil {
			return err
		}
		defer outFile.Close()
		w = outFile
	}
	t0 := time.Now()
	cw := csv.NewWriter(w)
	if err := cw.Write(append(append([]string{}, head...), "score", "match")); err != nil {
		return err
	}
	matches := 0
	for i, p := range pairs {
		if i%1000 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		s, _ := screen.PairScore(p.Name1, p.Name2, screen.PairKind(p.Schema))
		m := s >= *threshold
		if m {
			matches++
		}
		if err := cw.Write(append(append([]string{}, p.Row...), strconv.FormatFloat(s, 'f', 3, 64), strconv.FormatBool(m))); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if outFile != nil {
		if err := outFile.Close(); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "scored %d pairs in %.2fs: %d match\n", len(pairs), time.Since(t0).Seconds(), matches)
	}
	return nil
}
