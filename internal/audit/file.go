package audit

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// FileLog is a Log kept in a file of JSON lines, one entry per line, for
// embedded deployments (see PathFor). Beside it, PATH.head records the seq,
// hash and byte size of the last durable entry.
//
// Writes: one goroutine writes each group of pending entries with one
// write(2) to the file opened O_APPEND, fsyncs it, acknowledges the group,
// then rewrites the head (two checksummed slots that take turns at each
// fsync of the head, so a torn head write leaves the other slot readable),
// which it fsyncs every headSyncEvery at most and whenever the log goes
// idle. Appends that arrive
// while a group is being synced form the next group: many concurrent
// Appends share one fsync. An exclusive flock keeps a second writer (another
// process, or a second OpenFile in this one) out.
//
// Crashes: after kill -9 or a power cut the file ends, at worst, with part of
// a group that was never acknowledged. OpenFile then checks that the file
// still holds the entry its head names, checks every complete line after it,
// moves a torn last line aside to PATH.torn-UNIXNANO, truncates it off, rolls
// the head forward and appends a KindRecovery entry saying so. A read-only
// open (and so Verify) reports the torn line instead. A file that is shorter
// than its head, or whose lines after the head do not chain, is not repaired:
// OpenFile refuses it with a *TamperError.
type FileLog struct {
	path, headPath string
	ro             bool
	f              *os.File  // the log, O_APPEND (writer only)
	hf             *os.File  // the head (writer only)
	slot           int       // head slot the next head write goes to (flusher only)
	headDirty      bool      // a head was written and not yet fsynced (flusher only)
	headSynced     time.Time // when the head was last fsynced (flusher only)
	recovered      string

	mu     sync.Mutex
	seq    int64  // last entry handed out (maybe not yet durable)
	prev   string // its hash
	dseq   int64  // last durable entry
	dhash  string
	size   int64  // durable bytes in the log
	cur    *group // entries waiting for the next write
	err    error  // sticky: closed, or a failure that makes more writes unsafe
	closed bool

	kick chan struct{}
	done chan struct{}
}

type group struct {
	buf      []byte
	lastSeq  int64
	lastHash string
	done     chan struct{}
	err      error
}

// ErrClosed is returned by Append after Close.
var ErrClosed = errors.New("audit: log closed")

var errReadOnly = errors.New("audit: log opened read-only")

// OpenFile opens (creating it and its directory if needed) the log at path
// for appending; see FileLog for what it checks and repairs.
func OpenFile(path string) (*FileLog, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	l := &FileLog{path: path, headPath: path + ".head", prev: Genesis, dhash: Genesis,
		kick: make(chan struct{}, 1), done: make(chan struct{})}
	_, statErr := os.Stat(path)
	created := errors.Is(statErr, fs.ErrNotExist)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("audit: log %s is in use by another writer (is mosaic serve running?): %w", path, err)
	}
	l.f = f
	if err := l.openHead(created); err != nil {
		if created {
			os.Remove(path)
		}
		f.Close()
		return nil, err
	}
	torn, err := l.recover()
	if err != nil {
		l.hf.Close()
		f.Close()
		return nil, err
	}
	go l.flusher()
	if torn != "" {
		e := &Entry{Kind: KindRecovery, User: "mosaic", Note: torn}
		if err := l.Append(context.Background(), e); err != nil {
			l.Close()
			return nil, err
		}
		l.recovered = torn
	}
	return l, nil
}

// OpenFileReadOnly opens an existing log for Scan and Verify only. It takes
// no lock, so it can read a log a running server is appending to.
func OpenFileReadOnly(path string) (*FileLog, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("audit: no audit log at %s: %w", path, err)
		}
		return nil, fmt.Errorf("audit: %w", err)
	}
	return &FileLog{path: path, headPath: path + ".head", ro: true}, nil
}

// Path is the log's file.
func (l *FileLog) Path() string { return l.path }

// Recovered describes the torn tail OpenFile removed, "" when there was
// none. Callers should show it to an operator.
func (l *FileLog) Recovered() string { return l.recovered }

// openHead reads the head, or writes the first one for a new, empty log.
func (l *FileLog) openHead(created bool) error {
	st, err := l.f.Stat()
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	hf, err := os.OpenFile(l.headPath, os.O_RDWR, 0o600)
	if errors.Is(err, fs.ErrNotExist) {
		if st.Size() > 0 {
			return &TamperError{Reason: fmt.Sprintf("head file %s is missing but the log holds %d bytes", l.headPath, st.Size())}
		}
		if hf, err = os.OpenFile(l.headPath, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		l.hf = hf
		if err := l.writeHead(head{0, Genesis}, 0, true); err != nil {
			hf.Close()
			return err
		}
		return syncDir(filepath.Dir(l.path))
	}
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	h, size, slot, err := readHead(hf)
	if err != nil {
		hf.Close()
		return err
	}
	if created && h.Seq > 0 {
		hf.Close()
		return &TamperError{Reason: fmt.Sprintf("log file %s is missing but its head records %d entries", l.path, h.Seq)}
	}
	l.hf, l.slot = hf, 1-slot
	l.dseq, l.dhash, l.size = h.Seq, h.Hash, size
	if created {
		return syncDir(filepath.Dir(l.path))
	}
	return nil
}

// recover checks the end of the log against the head and removes a torn
// last line; it returns a note describing that removal, if any.
func (l *FileLog) recover() (string, error) {
	st, err := l.f.Stat()
	if err != nil {
		return "", fmt.Errorf("audit: %w", err)
	}
	n := st.Size()
	if n < l.size {
		return "", &TamperError{Reason: fmt.Sprintf("log is %d bytes but its head records seq %d ending at byte %d: entries deleted or the log truncated", n, l.dseq, l.size)}
	}
	if l.dseq > 0 {
		line, err := lineEndingAt(l.f, l.size)
		if err != nil {
			return "", err
		}
		e, err := parseLine(line)
		if err != nil || e.Seq != l.dseq || e.Hash != l.dhash || ComputeHash(&e) != e.Hash {
			return "", &TamperError{Reason: fmt.Sprintf("the entry ending at byte %d is not seq %d with the hash the head records: log rewritten", l.size, l.dseq)}
		}
	}
	// Entries written after the head's: whole lines must chain on; only a
	// torn last line is removed.
	tail := make([]byte, n-l.size)
	if _, err := l.f.ReadAt(tail, l.size); err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("audit: %w", err)
	}
	seq, hash, end := l.dseq, l.dhash, l.size
	headSeq := l.dseq
	for len(tail) > 0 {
		i := bytes.IndexByte(tail, '\n')
		if i < 0 {
			break
		}
		e, err := parseLine(tail[:i])
		if err != nil || e.Seq != seq+1 || e.Prev != hash || ComputeHash(&e) != e.Hash {
			reason := "does not continue the chain"
			if err != nil {
				reason = err.Error()
			}
			return "", &TamperError{Reason: fmt.Sprintf("entry at byte %d, after the last one the head records (seq %d): %s", end, l.dseq, reason)}
		}
		seq, hash, end = e.Seq, e.Hash, end+int64(i)+1
		tail = tail[i+1:]
	}
	note := ""
	if len(tail) > 0 {
		keep := fmt.Sprintf("%s.torn-%d", l.path, time.Now().UnixNano())
		if err := writeFileSync(keep, tail); err != nil {
			return "", fmt.Errorf("audit: saving torn tail: %w", err)
		}
		if err := l.f.Truncate(end); err != nil {
			return "", fmt.Errorf("audit: %w", err)
		}
		if err := l.f.Sync(); err != nil {
			return "", fmt.Errorf("audit: %w", err)
		}
		if err := syncDir(filepath.Dir(l.path)); err != nil {
			return "", err
		}
		note = fmt.Sprintf("incomplete last line (%d bytes at byte %d, never acknowledged: a crash during a write) removed after seq %d; its bytes are kept in %s",
			len(tail), end, seq, filepath.Base(keep))
	}
	l.seq, l.prev, l.dseq, l.dhash, l.size = seq, hash, seq, hash, end
	if seq > headSeq {
		// Roll the head forward over entries a crash left unrecorded.
		if err := l.writeHead(head{seq, hash}, end, true); err != nil {
			return "", err
		}
	}
	return note, nil
}

// lineEndingAt returns the line (without newline) whose newline is the byte
// before end.
func lineEndingAt(f *os.File, end int64) ([]byte, error) {
	var buf []byte
	chunk := int64(4096)
	for {
		start := max(0, end-chunk)
		buf = make([]byte, end-start)
		if _, err := f.ReadAt(buf, start); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("audit: %w", err)
		}
		if len(buf) == 0 || buf[len(buf)-1] != '\n' {
			return nil, &TamperError{Reason: fmt.Sprintf("no line ends at byte %d where the head says the last entry ends: log rewritten", end)}
		}
		if i := bytes.LastIndexByte(buf[:len(buf)-1], '\n'); i >= 0 {
			return buf[i+1 : len(buf)-1], nil
		}
		if start == 0 {
			return buf[:len(buf)-1], nil
		}
		chunk *= 4
	}
}

// Append implements Log.
func (l *FileLog) Append(ctx context.Context, e *Entry) error {
	if l.ro {
		return errReadOnly
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := prepare(e, time.Now()); err != nil {
		return err
	}
	l.mu.Lock()
	if l.err != nil {
		l.mu.Unlock()
		return l.err
	}
	e.Seq, e.Prev = l.seq+1, l.prev
	e.Hash = ComputeHash(e)
	line, err := marshalLine(e)
	if err != nil {
		l.mu.Unlock()
		e.Seq, e.Prev, e.Hash = 0, "", ""
		return fmt.Errorf("audit: %w", err)
	}
	g := l.cur
	if g == nil {
		g = &group{done: make(chan struct{})}
		l.cur = g
	}
	g.buf = append(append(g.buf, line...), '\n')
	g.lastSeq, g.lastHash = e.Seq, e.Hash
	l.seq, l.prev = e.Seq, e.Hash
	l.mu.Unlock()
	select {
	case l.kick <- struct{}{}:
	default:
	}
	// No ctx here: the entry is already in the chain; giving up on it would
	// tell the caller it is absent when it may well be on disk.
	<-g.done
	if g.err != nil {
		e.Seq, e.Prev, e.Hash = 0, "", ""
		return g.err
	}
	return nil
}

// When the log is busy — the last write ended less than busyWindow ago —
// the flusher waits commitDelay before taking the next group, so that one
// fsync covers the entries of many requests instead of one or two
// (PostgreSQL's commit_delay). An idle log writes at once.
//
// The head is rewritten after every group but fsynced at most every
// headSyncEvery while the log is busy, and as soon as it goes idle: a head
// that a crash leaves behind the log is rolled forward over the entries
// that chain on from it when the log is next opened, so syncing it with
// every group would only double the fsyncs each request waits behind.
const (
	commitDelay   = 2 * time.Millisecond
	busyWindow    = 10 * time.Millisecond
	headSyncEvery = 100 * time.Millisecond
)

func (l *FileLog) flusher() {
	defer close(l.done)
	var last time.Time
	for range l.kick {
		for {
			if time.Since(last) < busyWindow {
				time.Sleep(commitDelay)
			}
			l.mu.Lock()
			g, closed := l.cur, l.closed
			l.cur = nil
			l.mu.Unlock()
			if g == nil {
				l.syncHead()
				if closed {
					return
				}
				break
			}
			l.flush(g)
			last = time.Now()
			if last.Sub(l.headSynced) >= headSyncEvery {
				l.syncHead()
			}
		}
	}
}

// syncHead makes the last head written durable (flusher only); a failure
// makes the log refuse further appends.
func (l *FileLog) syncHead() {
	if !l.headDirty {
		return
	}
	if err := l.fsyncHead(); err != nil {
		l.mu.Lock()
		if l.err == nil {
			l.err = err
		}
		l.mu.Unlock()
	}
}

// fsyncHead fsyncs the head file and, once it is durable, moves later
// head writes to the other slot (see writeHead).
func (l *FileLog) fsyncHead() error {
	l.headDirty = false
	l.headSynced = time.Now()
	if err := l.hf.Sync(); err != nil {
		return fmt.Errorf("audit: writing head: %w", err)
	}
	l.slot = 1 - l.slot
	return nil
}

// flush writes one group. A failed write is cut off again and fails the
// group and everything chained after it; a failed fsync makes the log
// refuse further appends, since after one the kernel may have dropped the
// data it could not write (retrying fsync is not reliable).
func (l *FileLog) flush(g *group) {
	_, werr := l.f.Write(g.buf)
	var serr error
	if werr == nil {
		serr = l.f.Sync()
	}
	l.mu.Lock()
	if werr != nil || serr != nil {
		err := werr
		if err == nil {
			err = serr
		}
		err = fmt.Errorf("audit: writing %s: %w", l.path, err)
		g.err = err
		if c := l.cur; c != nil {
			c.err = err
			l.cur = nil
			close(c.done)
		}
		l.seq, l.prev = l.dseq, l.dhash
		if serr != nil {
			l.err = err
		} else if terr := l.f.Truncate(l.size); terr != nil {
			l.err = fmt.Errorf("%w; cutting off the partial write failed too (%v): reopen the log to recover", err, terr)
		}
		l.mu.Unlock()
		close(g.done)
		return
	}
	l.size += int64(len(g.buf))
	l.dseq, l.dhash = g.lastSeq, g.lastHash
	h, size := head{l.dseq, l.dhash}, l.size
	l.mu.Unlock()
	close(g.done)
	if err := l.writeHead(h, size, false); err != nil {
		l.mu.Lock()
		if l.err == nil {
			l.err = err
		}
		l.mu.Unlock()
	}
}

// Close flushes pending entries and closes the log.
func (l *FileLog) Close() error {
	if l.ro {
		return nil
	}
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	werr := l.err
	if l.err == nil {
		l.err = ErrClosed
	}
	l.mu.Unlock()
	select {
	case l.kick <- struct{}{}:
	default:
	}
	<-l.done
	err := errors.Join(l.hf.Close(), l.f.Close())
	if werr != nil && !errors.Is(werr, ErrClosed) {
		return werr
	}
	return err
}

// ---- head ----

// The head file holds two slots, each one line:
//
//	mosaic-audit-head/1 SEQ SIZE HASH CRC
//
// with SEQ and SIZE as 19 decimal digits, HASH the last durable entry's hash
// and CRC the CRC-32C of what precedes it, in hex. Writes alternate between
// the slots, 4 KiB apart so no one sector holds both; a reader takes the
// valid slot with the higher seq.
const (
	headTag    = "mosaic-audit-head/1"
	headStride = 4096
	headMax    = 256
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func encodeHead(h head, size int64) []byte {
	body := fmt.Sprintf("%s %019d %019d %s", headTag, h.Seq, size, h.Hash)
	return fmt.Appendf(nil, "%s %08x\n", body, crc32.Checksum([]byte(body), castagnoli))
}

func decodeHead(b []byte) (head, int64, bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return head{}, 0, false
	}
	f := bytes.Fields(b[:i])
	if len(f) != 5 || string(f[0]) != headTag || !validHash(string(f[3])) {
		return head{}, 0, false
	}
	body := b[:bytes.LastIndexByte(b[:i], ' ')]
	crc, err := strconv.ParseUint(string(f[4]), 16, 32)
	if err != nil || uint32(crc) != crc32.Checksum(body, castagnoli) {
		return head{}, 0, false
	}
	seq, err1 := strconv.ParseInt(string(f[1]), 10, 64)
	size, err2 := strconv.ParseInt(string(f[2]), 10, 64)
	if err1 != nil || err2 != nil || seq < 0 || size < 0 {
		return head{}, 0, false
	}
	return head{Seq: seq, Hash: string(f[3])}, size, true
}

// readHead returns the newest valid slot and which slot it was.
func readHead(hf *os.File) (head, int64, int, error) {
	best, bestSize, bestSlot, found := head{}, int64(0), 0, false
	for slot := 0; slot < 2; slot++ {
		buf := make([]byte, headMax)
		n, err := hf.ReadAt(buf, int64(slot)*headStride)
		if err != nil && !errors.Is(err, io.EOF) {
			return head{}, 0, 0, fmt.Errorf("audit: reading head: %w", err)
		}
		h, size, ok := decodeHead(buf[:n])
		if ok && (!found || h.Seq > best.Seq) {
			best, bestSize, bestSlot, found = h, size, slot, true
		}
	}
	if !found {
		return head{}, 0, 0, &TamperError{Reason: fmt.Sprintf("head file %s holds no valid record", hf.Name())}
	}
	return best, bestSize, bestSlot, nil
}

// writeHead is called by OpenFile and then only by the flusher; unless
// sync, the head is left for syncHead to make durable.
//
// Heads written between two fsyncs all go to the same slot, and the slots
// change only after an fsync: the other slot then always holds the last
// durable head, so a power cut can tear at most the slot being rewritten
// (the reader takes the newest valid slot and rolls forward from it).
func (l *FileLog) writeHead(h head, size int64, sync bool) error {
	if _, err := l.hf.WriteAt(encodeHead(h, size), int64(l.slot)*headStride); err != nil {
		return fmt.Errorf("audit: writing head: %w", err)
	}
	l.headDirty = true
	if !sync {
		return nil
	}
	return l.fsyncHead()
}

// ---- reading ----

// Scan implements Log.
func (l *FileLog) Scan(ctx context.Context, fromSeq int64, fn func(Entry) error) error {
	limit, live := l.readLimit()
	return l.lines(ctx, limit, live, func(pos int64, e *Entry) error {
		if e.Seq < fromSeq {
			return nil
		}
		return fn(*e)
	})
}

// readLimit is how much of the file a reader may trust to be whole: all
// that is durable for the writer itself; the whole file for anyone else,
// whose reader then tolerates an incomplete last line only while a writer
// holds the lock.
func (l *FileLog) readLimit() (int64, bool) {
	if !l.ro {
		l.mu.Lock()
		defer l.mu.Unlock()
		return l.size, true
	}
	return -1, isLocked(l.path)
}

func (l *FileLog) walk(ctx context.Context, info *walkInfo, fn func(pos int64, e *Entry) error) error {
	info.unit = "line"
	var hf *os.File
	var err error
	if l.ro {
		hf, err = os.Open(l.headPath)
	} else {
		hf, err = os.Open(l.hf.Name())
	}
	limit, live := l.readLimit()
	switch {
	case errors.Is(err, fs.ErrNotExist):
		st, serr := os.Stat(l.path)
		if serr != nil {
			return fmt.Errorf("audit: %w", serr)
		}
		if st.Size() > 0 {
			return &TamperError{Reason: fmt.Sprintf("head file %s is missing", l.headPath)}
		}
		info.head = head{0, Genesis}
	case err != nil:
		return fmt.Errorf("audit: %w", err)
	default:
		h, _, _, err := readHead(hf)
		hf.Close()
		if err != nil {
			return err
		}
		info.head = h
	}
	info.live = live
	return l.lines(ctx, limit, live, fn)
}

// lines reads the log's lines up to limit bytes (-1: to the end). Damage is
// a *TamperError; an incomplete last line is damage unless live (a writer
// may be in the middle of it).
func (l *FileLog) lines(ctx context.Context, limit int64, live bool, fn func(pos int64, e *Entry) error) error {
	f, err := os.Open(l.path)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	defer f.Close()
	var src io.Reader = f
	if limit >= 0 {
		src = io.LimitReader(f, limit)
	}
	r := bufio.NewReaderSize(src, 256<<10)
	var long []byte
	for pos := int64(1); ; pos++ {
		if pos&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		line, err := r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long[:0], line...)
			for errors.Is(err, bufio.ErrBufferFull) {
				line, err = r.ReadSlice('\n')
				long = append(long, line...)
			}
			line = long
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("audit: reading %s: %w", l.path, err)
		}
		if len(line) == 0 {
			return nil
		}
		if line[len(line)-1] != '\n' {
			if live && l.ro {
				return nil
			}
			return &TamperError{Unit: "line", Pos: pos, Reason: fmt.Sprintf("incomplete last line (%d bytes, no newline): torn write or truncated file", len(line))}
		}
		e, perr := parseLine(line[:len(line)-1])
		if perr != nil {
			return &TamperError{Unit: "line", Pos: pos, Seq: e.Seq, Reason: perr.Error()}
		}
		if err := fn(pos, &e); err != nil {
			return err
		}
	}
}

func writeFileSync(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("audit: syncing %s: %w", dir, err)
	}
	return nil
}
