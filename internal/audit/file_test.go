package audit

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var ctx = context.Background()

// sample builds the i-th synthetic consultation.
func sample(i int) *Entry {
	return &Entry{
		User: fmt.Sprintf("analyst%d", i%3), Role: "analyst", Purpose: fmt.Sprintf("CASE-2026-%04d", i),
		Kind: KindHTTP, Method: "GET", Route: "GET /api/v1/entities/{id}",
		Params: map[string]string{"id": fmt.Sprintf("e-%d", i), "q": "Ivan <Petrov> & co"},
		Status: 200, Entities: []string{fmt.Sprintf("e-%d", i), "e-common"}, Records: []string{"police:" + strconv.Itoa(i)},
	}
}

// newFileLog writes n entries to a fresh log, closes it and returns its path.
func newFileLog(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "audit", "consultations.log")
	l, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		e := sample(i)
		if err := l.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
		if e.Seq != int64(i) {
			t.Fatalf("Append gave seq %d, want %d", e.Seq, i)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func verifyFile(t *testing.T, path string) (Report, error) {
	t.Helper()
	l, err := OpenFileReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return Verify(ctx, l)
}

func readLines(t *testing.T, path string) [][]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.SplitAfter(b, []byte("\n"))[:bytes.Count(b, []byte("\n"))]
}

func writeLines(t *testing.T, path string, lines [][]byte) {
	t.Helper()
	if err := os.WriteFile(path, bytes.Join(lines, nil), 0o600); err != nil {
		t.Fatal(err)
	}
}

// forge builds a line an attacker who knows the format would write: a
// well-formed entry whose hash matches its content and chains on prev.
func forge(t *testing.T, seq int64, prev string) []byte {
	e := &Entry{Seq: seq, At: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), User: "mallory", Kind: KindHTTP, Prev: prev}
	e.Hash = ComputeHash(e)
	b, err := marshalLine(e)
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func lineEntry(t *testing.T, line []byte) Entry {
	e, err := parseLine(bytes.TrimSuffix(line, []byte("\n")))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestFileAppendScanVerify(t *testing.T) {
	path := newFileLog(t, 5)
	rep, err := verifyFile(t, path)
	if err != nil {
		t.Fatalf("Verify of an untouched log: %v", err)
	}
	if rep.Entries != 5 || rep.LastSeq != 5 || rep.HeadSeq != 5 || rep.Live {
		t.Errorf("report = %+v", rep)
	}
	if !strings.HasPrefix(rep.String(), "OK: 5 entries") {
		t.Errorf("summary = %q", rep.String())
	}
	l, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var got []Entry
	if err := l.Scan(ctx, 3, func(e Entry) error { got = append(got, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Seq != 3 || got[2].Seq != 5 {
		t.Fatalf("Scan from 3 = %d entries", len(got))
	}
	want := sample(4)
	if g := got[1]; g.User != want.User || g.Purpose != want.Purpose || g.Params["q"] != want.Params["q"] ||
		g.Status != 200 || len(g.Entities) != 2 || g.Records[0] != "police:4" || g.At.Location() != time.UTC {
		t.Errorf("entry 4 read back as %+v", g)
	}
	// Reopened, the chain goes on where it stopped.
	e := sample(6)
	if err := l.Append(ctx, e); err != nil || e.Seq != 6 || e.Prev != got[2].Hash {
		t.Fatalf("append after reopen: seq %d prev %s err %v", e.Seq, e.Prev, err)
	}
	if rep, err := Verify(ctx, l); err != nil || rep.LastSeq != 6 || !rep.Live {
		t.Fatalf("Verify by the writer = %+v, %v", rep, err)
	}
}

func TestFileEmptyLog(t *testing.T) {
	path := newFileLog(t, 0)
	rep, err := verifyFile(t, path)
	if err != nil || rep.Entries != 0 || rep.LastHash != Genesis {
		t.Fatalf("empty log: %+v, %v", rep, err)
	}
	if _, err := OpenFileReadOnly(filepath.Join(t.TempDir(), "none.log")); err == nil {
		t.Fatal("read-only open of a missing log succeeded")
	}
}

func TestAppendNormalises(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.log")
	l, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.Append(ctx, &Entry{User: "x"}); err == nil {
		t.Error("entry without kind accepted")
	}
	params := map[string]string{"q": "bad\xffutf8", "nul": "a\x00b"}
	e := &Entry{Kind: KindCLI, User: "u\x00", Params: params, At: time.Date(2026, 1, 1, 0, 0, 0, 123456789, time.FixedZone("CET", 3600))}
	if err := l.Append(ctx, e); err != nil {
		t.Fatal(err)
	}
	if params["nul"] != "a\x00b" {
		t.Error("Append changed the caller's params map")
	}
	if e.At.Location() != time.UTC || e.At.Nanosecond() != 123456000 || e.User != "u\uFFFD" || e.Params["q"] != "bad\uFFFDutf8" {
		t.Errorf("normalised entry = %+v", e)
	}
	if _, err := Verify(ctx, l); err != nil {
		t.Fatal(err)
	}
}

func TestFileConcurrentAppend(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.log")
	l, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const workers, each = 64, 40
	var wg sync.WaitGroup
	seqs := make([][]int64, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				e := sample(w*each + i)
				if err := l.Append(ctx, e); err != nil {
					t.Error(err)
					return
				}
				seqs[w] = append(seqs[w], e.Seq)
			}
		}()
	}
	wg.Wait()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for _, s := range seqs {
		for _, q := range s {
			if seen[q] {
				t.Fatalf("seq %d handed out twice", q)
			}
			seen[q] = true
		}
	}
	rep, err := verifyFile(t, path)
	if err != nil || rep.Entries != workers*each || len(seen) != workers*each {
		t.Fatalf("after concurrent appends: %+v, %v (%d acknowledged)", rep, err, len(seen))
	}
	if err := l.Append(ctx, sample(0)); !errors.Is(err, ErrClosed) {
		t.Errorf("Append after Close = %v, want ErrClosed", err)
	}
}

func TestFileSecondWriterRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.log")
	l, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if l2, err := OpenFile(path); err == nil {
		l2.Close()
		t.Fatal("a second writer opened the same log")
	}
	if err := l.Append(ctx, sample(1)); err != nil {
		t.Fatal(err)
	}
	// A reader meanwhile sees a live log.
	rep, err := verifyFile(t, path)
	if err != nil || !rep.Live || rep.Entries != 1 {
		t.Fatalf("reader of a live log: %+v, %v", rep, err)
	}
}

// TestFileTamper alters a real log the ways an intruder or a broken disk
// would and checks Verify names the first bad line, and that OpenFile
// refuses to write on after damage it must not paper over.
func TestFileTamper(t *testing.T) {
	const n = 5
	cases := []struct {
		name   string
		tamper func(t *testing.T, path string, lines [][]byte)
		pos    int64  // line Verify must name; 0: the log as a whole
		seq    int64  // seq on that line
		reason string // part of the message
		// OpenFile refuses it too. OpenFile checks only the head's entry and
		// what follows it (a full check would make every start O(log size));
		// damage further back is for Verify to find.
		open bool
	}{
		{"delete first line", func(t *testing.T, p string, ls [][]byte) { writeLines(t, p, ls[1:]) },
			1, 2, "seq 1 missing", true},
		{"delete middle line", func(t *testing.T, p string, ls [][]byte) { writeLines(t, p, append(ls[:2:2], ls[3:]...)) },
			3, 4, "seq 3 missing", true},
		{"delete last line", func(t *testing.T, p string, ls [][]byte) { writeLines(t, p, ls[:n-1]) },
			0, 0, "log ends at seq 4 but its head records seq 5", true},
		{"delete two last lines", func(t *testing.T, p string, ls [][]byte) { writeLines(t, p, ls[:n-2]) },
			0, 0, "seq 4..5", true},
		{"reorder a pair", func(t *testing.T, p string, ls [][]byte) {
			writeLines(t, p, [][]byte{ls[0], ls[2], ls[1], ls[3], ls[4]})
		}, 2, 3, "where 2 was expected", false},
		{"insert forged entry mid-chain", func(t *testing.T, p string, ls [][]byte) {
			f := forge(t, 3, lineEntry(t, ls[1]).Hash)
			writeLines(t, p, [][]byte{ls[0], ls[1], f, ls[2], ls[3], ls[4]})
		}, 4, 3, "seq repeated", true},
		{"append forged entry", func(t *testing.T, p string, ls [][]byte) {
			writeLines(t, p, append(ls, forge(t, n+1, lineEntry(t, ls[n-1]).Hash)))
		}, 0, 0, "1 entries after seq 5", false},
		{"replace entry with forged one", func(t *testing.T, p string, ls [][]byte) {
			ls[2] = forge(t, 3, lineEntry(t, ls[1]).Hash)
			writeLines(t, p, ls)
		}, 4, 4, "prev does not match", true},
		{"modify hash", func(t *testing.T, p string, ls [][]byte) {
			e := lineEntry(t, ls[2])
			ls[2] = bytes.Replace(ls[2], []byte(e.Hash), []byte(strings.Repeat("ab", 32)), 1)
			writeLines(t, p, ls)
		}, 3, 3, "hash does not match", false},
		{"rewrite the chain after an edit", func(t *testing.T, p string, ls [][]byte) {
			prev := lineEntry(t, ls[0]).Hash
			for i := 1; i < n; i++ {
				e := lineEntry(t, ls[i])
				if i == 1 {
					e.Purpose = "nothing to see"
				}
				e.Prev = prev
				e.Hash = ComputeHash(&e)
				prev = e.Hash
				b, _ := marshalLine(&e)
				ls[i] = append(b, '\n')
			}
			writeLines(t, p, ls)
		}, 5, 5, "differs from the one the log's head records", true},
		{"truncate mid-line", func(t *testing.T, p string, ls [][]byte) {
			b := bytes.Join(ls, nil)
			os.WriteFile(p, b[:len(b)-40], 0o600)
		}, 5, 0, "incomplete last line", true},
		{"truncate at a line boundary", func(t *testing.T, p string, ls [][]byte) { writeLines(t, p, ls[:2]) },
			0, 0, "log ends at seq 2", true},
		{"truncate to nothing", func(t *testing.T, p string, ls [][]byte) { writeLines(t, p, nil) },
			0, 0, "log ends at seq 0", true},
		{"add a space", func(t *testing.T, p string, ls [][]byte) {
			ls[1] = bytes.Replace(ls[1], []byte(`"user":`), []byte(`"user": `), 1)
			writeLines(t, p, ls)
		}, 2, 2, "canonical", true},
		{"rename a key's case", func(t *testing.T, p string, ls [][]byte) {
			ls[1] = bytes.Replace(ls[1], []byte(`"purpose":`), []byte(`"Purpose":`), 1)
			writeLines(t, p, ls)
		}, 2, 2, "canonical", false},
		{"delete the head", func(t *testing.T, p string, ls [][]byte) { os.Remove(p + ".head") },
			0, 0, "head file", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := newFileLog(t, n)
			tc.tamper(t, path, readLines(t, path))
			_, err := verifyFile(t, path)
			var te *TamperError
			if !errors.As(err, &te) || !errors.Is(err, ErrTampered) {
				t.Fatalf("Verify = %v, want a *TamperError", err)
			}
			if te.Pos != tc.pos || (tc.seq != 0 && te.Seq != tc.seq) || !strings.Contains(te.Error(), tc.reason) {
				t.Fatalf("Verify said %q (pos %d seq %d), want pos %d seq %d and %q", te, te.Pos, te.Seq, tc.pos, tc.seq, tc.reason)
			}
			if tc.pos > 0 && !strings.Contains(te.Error(), fmt.Sprintf("line %d", tc.pos)) {
				t.Errorf("message %q does not name line %d", te, tc.pos)
			}
			if tc.open {
				if l, err := OpenFile(path); err == nil {
					l.Close()
					// A torn tail is the one thing OpenFile may repair.
					if !strings.Contains(tc.name, "mid-line") {
						t.Errorf("OpenFile accepted the tampered log")
					}
				}
			}
		})
	}
}

// TestFileFlipBytes flips every 7th byte of a log (and every byte of its
// head's current slot) and checks Verify always fails and names the line
// holding that byte. flipEveryByte (slow tests) does every byte three ways.
func TestFileFlipBytes(t *testing.T) { flipBytes(t, 7, []byte{0x01}) }

func flipBytes(t *testing.T, step int, masks []byte) {
	path := newFileLog(t, 3)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lineOf := func(off int) int64 { return int64(bytes.Count(orig[:off], []byte("\n"))) + 1 }
	for off := 0; off < len(orig); off += step {
		for _, mask := range masks {
			b := bytes.Clone(orig)
			b[off] ^= mask
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := verifyFile(t, path)
			var te *TamperError
			if !errors.As(err, &te) {
				t.Fatalf("byte %d ^ %#x (%q): Verify = %v", off, mask, orig[off], err)
			}
			if te.Pos != lineOf(off) {
				t.Fatalf("byte %d ^ %#x: Verify named %q, want line %d", off, mask, te, lineOf(off))
			}
		}
	}
	// The head's current slot is checked too: a flipped byte there either
	// breaks its checksum (and the older slot no longer matches the log)
	// or changes what it records.
	os.WriteFile(path, orig, 0o600)
	hb, _ := os.ReadFile(path + ".head")
	hf, _ := os.Open(path + ".head")
	_, _, slot, err := readHead(hf)
	hf.Close()
	if err != nil {
		t.Fatal(err)
	}
	start := slot * headStride
	end := start + bytes.IndexByte(hb[start:], '\n') + 1
	for off := start; off < end; off++ {
		b := bytes.Clone(hb)
		b[off] ^= 0x01
		os.WriteFile(path+".head", b, 0o600)
		if _, err := verifyFile(t, path); !errors.Is(err, ErrTampered) {
			t.Fatalf("head byte %d flipped: Verify = %v", off, err)
		}
	}
}

func TestFileTornTailRecovered(t *testing.T) {
	path := newFileLog(t, 3)
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"seq":4,"at":"2026-`)
	f.Close()
	if _, err := verifyFile(t, path); !errors.Is(err, ErrTampered) || !strings.Contains(err.Error(), "line 4") {
		t.Fatalf("Verify of a torn log = %v", err)
	}
	l, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(l.Recovered(), "20 bytes") {
		t.Errorf("Recovered() = %q", l.Recovered())
	}
	if err := l.Append(ctx, sample(5)); err != nil {
		t.Fatal(err)
	}
	l.Close()
	rep, err := verifyFile(t, path)
	if err != nil || rep.LastSeq != 5 {
		t.Fatalf("after recovery: %+v, %v", rep, err)
	}
	var kinds []string
	r, _ := OpenFileReadOnly(path)
	r.Scan(ctx, 0, func(e Entry) error { kinds = append(kinds, e.Kind); return nil })
	if kinds[3] != KindRecovery || kinds[4] != KindHTTP {
		t.Errorf("kinds = %v, want a recovery entry at seq 4", kinds)
	}
	torn, _ := filepath.Glob(path + ".torn-*")
	if len(torn) != 1 {
		t.Fatalf("torn tail kept in %v", torn)
	}
	if b, _ := os.ReadFile(torn[0]); string(b) != `{"seq":4,"at":"2026-` {
		t.Errorf("kept torn bytes %q", b)
	}
}

// A crash between the log's fsync and the head's leaves whole entries past
// the head: a reader reports them, the next writer rolls the head forward.
func TestFileHeadLagRolledForward(t *testing.T) {
	path := newFileLog(t, 2)
	saved, _ := os.ReadFile(path + ".head")
	l, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	l.Append(ctx, sample(3))
	l.Close()
	os.WriteFile(path+".head", saved, 0o600)
	if _, err := verifyFile(t, path); !errors.Is(err, ErrTampered) || !strings.Contains(err.Error(), "1 entries after seq 2") {
		t.Fatalf("Verify with a lagging head = %v", err)
	}
	l, err = OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	if rep, err := verifyFile(t, path); err != nil || rep.HeadSeq != 3 {
		t.Fatalf("after roll-forward: %+v, %v", rep, err)
	}
}

// Under load the head is fsynced only now and then, but it is written after
// every group and made durable when the log goes idle or closes: a log
// that stops names its last entry in its head, with no roll-forward.
func TestFileHeadCurrentWhenIdle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	l, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := l.Append(ctx, sample(i)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// The head follows each acknowledged group shortly after.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		hf, err := os.Open(path + ".head")
		if err != nil {
			t.Fatal(err)
		}
		h, _, _, err := readHead(hf)
		hf.Close()
		if err != nil {
			t.Fatal(err)
		}
		if h.Seq == 40 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("head while open after 40 appends: seq %d", h.Seq)
		}
	}
	l.Close()
	if rep, err := verifyFile(t, path); err != nil || rep.HeadSeq != 40 || rep.Entries != 40 {
		t.Fatalf("after close: %+v, %v", rep, err)
	}
}

// A failed write must not leave the entry in the log, nor let later entries
// chain on it.
func TestFileWriteFailure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.log")
	l, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Append(ctx, sample(1)); err != nil {
		t.Fatal(err)
	}
	l.f.Close() // every write now fails
	e := sample(2)
	if err := l.Append(ctx, e); err == nil || e.Seq != 0 {
		t.Fatalf("Append on a broken file = %v (seq %d)", err, e.Seq)
	}
	if err := l.Append(ctx, sample(3)); err == nil {
		t.Fatal("Append went on after a failure it could not clean up")
	}
	l.Close()
	if rep, err := verifyFile(t, path); err != nil || rep.LastSeq != 1 {
		t.Fatalf("after failure: %+v, %v", rep, err)
	}
}

// TestFileKill9 kills a process appending from many goroutines, then checks
// every acknowledged entry is in the log, unchanged, and the log verifies
// after reopening.
func TestFileKill9(t *testing.T) {
	if os.Getenv("MOSAIC_AUDIT_KILL_CHILD") != "" {
		killChild()
		return
	}
	path := filepath.Join(t.TempDir(), "k.log")
	for round := 0; round < 3; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestFileKill9$")
		cmd.Env = append(os.Environ(), "MOSAIC_AUDIT_KILL_CHILD="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		acked := map[int64]string{}
		sc := bufio.NewScanner(out)
		target := 300 + 400*round
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) != 2 {
				continue
			}
			seq, _ := strconv.ParseInt(f[0], 10, 64)
			acked[seq] = f[1]
			if len(acked) >= target {
				cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) == 2 {
				seq, _ := strconv.ParseInt(f[0], 10, 64)
				acked[seq] = f[1]
			}
		}
		cmd.Wait()
		if len(acked) < target {
			t.Fatalf("round %d: child acknowledged only %d entries", round, len(acked))
		}
		l, err := OpenFile(path)
		if err != nil {
			t.Fatalf("round %d: reopening after kill -9: %v", round, err)
		}
		found := 0
		if err := l.Scan(ctx, 0, func(e Entry) error {
			if u, ok := acked[e.Seq]; ok {
				if u != e.User {
					return fmt.Errorf("seq %d: user %s, acknowledged as %s", e.Seq, e.User, u)
				}
				found++
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := Verify(ctx, l); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		l.Close()
		if found != len(acked) {
			t.Fatalf("round %d: %d of %d acknowledged entries in the log", round, found, len(acked))
		}
	}
}

func killChild() {
	l, err := OpenFile(os.Getenv("MOSAIC_AUDIT_KILL_CHILD"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var mu sync.Mutex
	w := bufio.NewWriter(os.Stdout)
	for g := 0; g < 32; g++ {
		go func() {
			for i := 0; ; i++ {
				e := sample(i)
				e.User = fmt.Sprintf("g%d-%d", g, i)
				if err := l.Append(ctx, e); err != nil {
					continue
				}
				mu.Lock()
				fmt.Fprintf(w, "%d %s\n", e.Seq, e.User)
				w.Flush()
				mu.Unlock()
			}
		}()
	}
	select {}
}

// Heads written between fsyncs go to one slot; the other keeps the last
// durable head, so a power cut that tears the slot being rewritten leaves
// a head to roll forward from.
func TestFileHeadTornWhileDirty(t *testing.T) {
	hf, err := os.Create(filepath.Join(t.TempDir(), "log.head"))
	if err != nil {
		t.Fatal(err)
	}
	defer hf.Close()
	l := &FileLog{hf: hf}
	hash := func(i int) string { return ComputeHash(sample(i)) }
	seqOf := func() int64 {
		t.Helper()
		h, _, _, err := readHead(hf)
		if err != nil {
			t.Fatal(err)
		}
		return h.Seq
	}
	tear := func(slot int) {
		t.Helper()
		if _, err := hf.WriteAt(bytes.Repeat([]byte{'#'}, 40), int64(slot)*headStride+10); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.writeHead(head{1, hash(1)}, 10, true); err != nil { // durable, slot 0
		t.Fatal(err)
	}
	dirty := l.slot
	for i := 2; i <= 3; i++ {
		if err := l.writeHead(head{int64(i), hash(i)}, int64(10*i), false); err != nil {
			t.Fatal(err)
		}
		if l.slot != dirty {
			t.Fatalf("an unsynced head moved to slot %d", l.slot)
		}
	}
	if got := seqOf(); got != 3 {
		t.Fatalf("head reads seq %d, want 3", got)
	}
	tear(dirty)
	if got := seqOf(); got != 1 {
		t.Fatalf("with the dirty slot torn the head reads seq %d, want the durable 1", got)
	}
	if err := l.writeHead(head{3, hash(3)}, 30, false); err != nil {
		t.Fatal(err)
	}
	l.syncHead()
	if l.headDirty || l.slot == dirty {
		t.Fatalf("after syncHead: dirty %v, slot %d", l.headDirty, l.slot)
	}
	if err := l.writeHead(head{4, hash(4)}, 40, false); err != nil {
		t.Fatal(err)
	}
	tear(l.slot)
	if got := seqOf(); got != 3 {
		t.Fatalf("after a sync, a torn rewrite reads seq %d, want the synced 3", got)
	}
}
