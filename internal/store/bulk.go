package store

import (
	"bytes"
	"context"
	"iter"

	"github.com/mosaichq/mosaic/internal/model"
)

// SortedJudgementWriter is implemented by a backend that writes a whole
// run of judgements faster when it is given them at once and in key order
// (the embedded store writes them as tables of its own and skips its log).
type SortedJudgementWriter interface {
	// PutSortedJudgements writes what seq yields, as PutJudgements would
	// (an analyst's judgement is never replaced by the machine's), and
	// atomically. Each pair comes once, ordered (A < B), in increasing
	// order of A then B; anything else is an error and writes nothing.
	// The judgement seq yields may be reused once the loop moves on.
	PutSortedJudgements(ctx context.Context, seq iter.Seq[*Judgement]) error
}

// sortedChunk bounds what a backend without SortedJudgementWriter holds
// in memory: a batch run at a million records writes millions.
const sortedChunk = 50_000

// PutSortedJudgements writes judgements given in key order (see
// SortedJudgementWriter) in one piece when b takes them so, or else in
// chunks through PutJudgements, each chunk atomic on its own.
func PutSortedJudgements(ctx context.Context, b Backend, seq iter.Seq[*Judgement]) error {
	if w, ok := b.(SortedJudgementWriter); ok {
		return w.PutSortedJudgements(ctx, seq)
	}
	js := make([]Judgement, 0, sortedChunk)
	for j := range seq {
		c := *j
		c.Features = bytes.Clone(j.Features) // the caller may reuse it
		js = append(js, c)
		if len(js) == sortedChunk {
			if err := b.PutJudgements(ctx, js); err != nil {
				return err
			}
			js = js[:0]
		}
	}
	if len(js) == 0 {
		return nil
	}
	return b.PutJudgements(ctx, js)
}

// LeanScanner is implemented by a backend that scans statements faster
// when the caller needs neither their ids nor their original texts
// (resolution reads every statement of the store and neither of these).
type LeanScanner interface {
	// ScanStatementsLean is ScanStatements with ID and Original left
	// empty.
	ScanStatementsLean(ctx context.Context, fn func(*model.Statement) error) error
}

// ScanStatementsLean scans b's statements as ScanStatements does, except
// that ID and Original may be left empty.
func ScanStatementsLean(ctx context.Context, b Backend, fn func(*model.Statement) error) error {
	if l, ok := b.(LeanScanner); ok {
		return l.ScanStatementsLean(ctx, fn)
	}
	return b.ScanStatements(ctx, fn)
}
