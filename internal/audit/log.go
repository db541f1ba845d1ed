package audit

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"
)

// Log is an append-only, hash-chained consultation log.
type Log interface {
	// Append chains e to the log and returns once it is durable. It sets
	// e.Seq, e.Prev, e.Hash (and e.At when zero) and normalises e's text
	// (see Entry). Safe for concurrent use; concurrent Appends share one
	// disk sync. After an error the entry is not in the log.
	Append(ctx context.Context, e *Entry) error
	// Scan calls fn for each entry with Seq ≥ fromSeq, in order. Damage
	// that makes an entry unreadable is returned as a *TamperError.
	Scan(ctx context.Context, fromSeq int64, fn func(Entry) error) error
	Close() error
}

// ErrTampered is matched (errors.Is) by every *TamperError.
var ErrTampered = errors.New("audit log tampered with or damaged")

// TamperError says where a log stops being trustworthy: the first line (file)
// or row (PostgreSQL, ordered by seq) found wrong, and why.
type TamperError struct {
	Unit   string // "line" or "row"; "" when about the log as a whole
	Pos    int64  // 1-based position of the bad line or row
	Seq    int64  // seq written on it; 0 when unreadable
	Reason string
}

func (e *TamperError) Error() string {
	switch {
	case e.Unit == "":
		return "audit log: " + e.Reason
	case e.Seq > 0:
		return fmt.Sprintf("audit log %s %d (seq %d): %s", e.Unit, e.Pos, e.Seq, e.Reason)
	}
	return fmt.Sprintf("audit log %s %d: %s", e.Unit, e.Pos, e.Reason)
}

func (e *TamperError) Is(target error) bool { return target == ErrTampered }

// Report summarises a verified log.
type Report struct {
	Entries     int64
	LastSeq     int64
	LastHash    string    // Genesis for an empty log
	First, Last time.Time // times of the first and last entries
	HeadSeq     int64     // the seq the log's head (its out-of-line record of the last entry) names
	// Live is true when a writer held the log while it was read: entries
	// past the head were then in flight, not suspicious.
	Live bool
}

// String is the one-line summary `mosaic audit verify` prints.
func (r Report) String() string {
	if r.Entries == 0 {
		return "OK: audit log is empty and intact"
	}
	live := ""
	if r.Live {
		live = " (a writer is appending; entries after the head's seq " + fmt.Sprint(r.HeadSeq) + " were in flight)"
	}
	return fmt.Sprintf("OK: %d entries, seq 1..%d, %s .. %s, chain intact, last hash %s%s",
		r.Entries, r.LastSeq, r.First.Format(time.RFC3339), r.Last.Format(time.RFC3339), r.LastHash, live)
}

// head is a log's record, kept outside the chain, of its last entry.
// Without it, removing the last entries (or truncating a file at a line
// boundary) would leave a shorter chain that is perfectly valid.
type head struct {
	Seq  int64
	Hash string
}

// verifiable is what Verify needs beyond Log: positions for messages and a
// head read in the same snapshot as the entries. FileLog and PGLog
// implement it.
type verifiable interface {
	// walk fills info (the head first, so entries appended meanwhile can
	// only make the log longer than its head, never shorter), then calls fn
	// for every entry with its position.
	walk(ctx context.Context, info *walkInfo, fn func(pos int64, e *Entry) error) error
}

type walkInfo struct {
	head head
	live bool   // a writer may be appending meanwhile
	unit string // "line" or "row"
}

// Verify walks the whole chain: each entry's seq must follow the one before
// by exactly 1, its Prev must be the previous entry's Hash (Genesis first),
// its Hash must match its content, and the last entry must be the one the
// log's head names. It returns a *TamperError naming the first bad line or
// row when anything is wrong, another error when the log cannot be read.
func Verify(ctx context.Context, l Log) (Report, error) {
	v, ok := l.(verifiable)
	if !ok {
		return Report{}, fmt.Errorf("audit: %T cannot be verified", l)
	}
	rep := Report{LastHash: Genesis}
	var info walkInfo
	err := v.walk(ctx, &info, func(pos int64, e *Entry) error {
		bad := func(format string, args ...any) error {
			return &TamperError{Unit: info.unit, Pos: pos, Seq: e.Seq, Reason: fmt.Sprintf(format, args...)}
		}
		want := rep.LastSeq + 1
		switch {
		case e.Seq > want:
			return bad("seq %d where %d was expected: %s missing (deleted, or entries reordered)", e.Seq, want, seqRange(want, e.Seq-1))
		case e.Seq < want:
			return bad("seq %d where %d was expected: seq repeated or out of order (entry inserted or reordered)", e.Seq, want)
		case e.Prev != rep.LastHash:
			return bad("prev does not match the hash of the entry before (entry inserted, replaced or reordered)")
		case e.Hash != ComputeHash(e):
			return bad("hash does not match the entry's content (entry or hash altered)")
		case e.Seq == info.head.Seq && e.Hash != info.head.Hash:
			return bad("hash differs from the one the log's head records for this seq (entries rewritten)")
		}
		if rep.Entries == 0 {
			rep.First = e.At
		}
		rep.Entries++
		rep.LastSeq, rep.LastHash, rep.Last = e.Seq, e.Hash, e.At
		return nil
	})
	rep.HeadSeq, rep.Live = info.head.Seq, info.live
	if err != nil {
		return rep, err
	}
	return rep, checkHead(rep, info.head, info.live)
}

// checkHead compares the end of the chain with the head.
func checkHead(rep Report, h head, live bool) error {
	bad := func(format string, args ...any) error {
		return &TamperError{Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case rep.LastSeq < h.Seq:
		return bad("log ends at seq %d but its head records seq %d: last entries (%s) deleted or the log truncated",
			rep.LastSeq, h.Seq, seqRange(rep.LastSeq+1, h.Seq))
	case rep.LastSeq > h.Seq && !live:
		return bad("%d entries after seq %d, the last one the head records: appended outside Mosaic, or the writer crashed before recording them (opening the log for writing rolls the head forward)",
			rep.LastSeq-h.Seq, h.Seq)
	}
	return nil
}

func seqRange(a, b int64) string {
	if a == b {
		return fmt.Sprintf("seq %d", a)
	}
	return fmt.Sprintf("seq %d..%d", a, b)
}

// PathFor is where the consultation log of an embedded store in dataDir
// lives: dataDir/audit/consultations.log, beside the Pebble directory
// (dataDir/pebble) and never inside it, so the store's compactions, loads
// and repairs never touch it and it can be backed up or shipped on its own.
func PathFor(dataDir string) string {
	return filepath.Join(dataDir, "audit", "consultations.log")
}
