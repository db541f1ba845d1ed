package resolve

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mosaichq/mosaic/internal/ingest"
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
	"github.com/mosaichq/mosaic/internal/store/storetest"
	"github.com/mosaichq/mosaic/internal/synth"
)

func openStore(t testing.TB) store.Backend {
	t.Helper()
	b, err := embedded.Open(t.TempDir(), embedded.Options{NoSync: true, CacheBytes: 16 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// world writes a small synthetic world once per test binary.
func world(t testing.TB, people int) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), synth.Options{Out: dir, People: people, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func ingestFiles(t testing.TB, b store.Backend, paths ...string) {
	t.Helper()
	var maps []*ingest.Mapping
	for _, p := range paths {
		m, err := ingest.LoadMapping(p)
		if err != nil {
			t.Fatal(err)
		}
		maps = append(maps, m)
	}
	if _, err := ingest.Run(context.Background(), b, maps, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
}

// partition returns the clusters of a store as sorted lists of records.
func partition(t testing.TB, b store.Backend) [][]string {
	t.Helper()
	byEntity := map[string][]string{}
	if err := b.ScanAssignments(context.Background(), func(a store.Assignment) error {
		byEntity[a.Entity] = append(byEntity[a.Entity], a.Record)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, rs := range byEntity {
		sort.Strings(rs)
		out = append(out, rs)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// TestIncrementalEqualsBatch: with the model and term frequencies fixed,
// resolving part of the data in batch and the rest incrementally gives the
// same clusters as one batch run over everything.
func TestIncrementalEqualsBatch(t *testing.T) {
	dir := world(t, 800)
	all, _ := filepath.Glob(filepath.Join(dir, "*.yml"))
	var first, second []string
	for _, p := range all {
		if strings.Contains(p, "airline") || strings.Contains(p, "police") {
			second = append(second, p)
		} else {
			first = append(first, p)
		}
	}
	ctx := context.Background()
	cfg := Config{MaxBlock: 1 << 30, NameBlock: 1 << 30, Workers: 2}

	full := openStore(t)
	ingestFiles(t, full, all...)
	res, err := Batch(ctx, full, cfg)
	if err != nil {
		t.Fatal(err)
	}
	recsAll, err := loadRecords(ctx, full, newNameTable(), 2, func(string, int64, int64) {})
	if err != nil {
		t.Fatal(err)
	}
	tf := newTermFreqs(recsAll)
	fixed := cfg
	fixed.Model, fixed.tf = res.Model, tf
	if _, err := Batch(ctx, full, fixed); err != nil {
		t.Fatal(err)
	}
	want := partition(t, full)
	fresh1 := openStore(t)
	ingestFiles(t, fresh1, all...)
	if _, err := Batch(ctx, fresh1, fixed); err != nil {
		t.Fatal(err)
	}
	if w2 := partition(t, fresh1); !reflect.DeepEqual(w2, want) {
		t.Errorf("a re-run batch and a first batch disagree: %d vs %d clusters", len(want), len(w2))
	}

	// Whole components are reclustered up to ReclusterLimit records: the
	// default keeps every component of this world whole, and the result
	// is exactly batch's. A limit of one reclusters only the clusters each
	// new record links into: not identical, but nearly.
	// A warmed memo (a server's state) must change nothing either.
	for _, run := range []struct {
		limit int
		warm  bool
	}{{0, false}, {0, true}, {1, false}} {
		limit := run.limit
		t.Run(fmt.Sprintf("limit=%d,warm=%v", limit, run.warm), func(t *testing.T) {
			cfg := fixed
			cfg.ReclusterLimit = limit
			cfg.WarmMemo = run.warm
			got, added := incrementalPartition(t, cfg, res.Model, tf, first, second)
			if limit == 1 {
				if f := pairwiseF1(got, want); f < 0.97 {
					t.Errorf("local reclustering agrees with batch on pairs with F1 %.3f, want >= 0.97", f)
				} else {
					t.Logf("local reclustering: pairwise F1 against batch %.4f", f)
				}
				return
			}
			if !reflect.DeepEqual(got, want) {
				wantSet := map[string]bool{}
				for _, c := range want {
					wantSet[strings.Join(c, " ")] = true
				}
				var only [][]string
				for _, c := range got {
					if !wantSet[strings.Join(c, " ")] {
						only = append(only, c)
					}
				}
				t.Errorf("incremental clusters differ from batch: %d vs %d clusters; %d only incremental, e.g. %v",
					len(got), len(want), len(only), only[:min(2, len(only))])
			}
			t.Logf("%d added incrementally, %d clusters", added, len(got))
		})
	}
}

// incrementalPartition resolves the first files in batch and the second
// incrementally, with a fixed model, and returns the partition.
func incrementalPartition(t *testing.T, fixed Config, m *Model, tf *termFreqs, first, second []string) ([][]string, int) {
	ctx := context.Background()
	part := openStore(t)
	ingestFiles(t, part, first...)
	if _, err := Batch(ctx, part, fixed); err != nil {
		t.Fatal(err)
	}
	before := map[string]bool{}
	part.ScanRecords(ctx, func(ri store.RecordInfo) error { before[ri.ID] = true; return nil })
	ingestFiles(t, part, second...)
	var fresh []string
	part.ScanRecords(ctx, func(ri store.RecordInfo) error {
		if !before[ri.ID] {
			fresh = append(fresh, ri.ID)
		}
		return nil
	})
	ntA := newNameTable()
	recsA, err := loadRecords(ctx, part, ntA, 2, func(string, int64, int64) {})
	if err != nil {
		t.Fatal(err)
	}
	// The state holds only the first part's records.
	var old []*Record
	for _, r := range recsA {
		if before[r.ID] {
			old = append(old, r)
		}
	}
	st, err := newState(ctx, part, fixed, old, ntA, m, tf)
	if err != nil {
		t.Fatal(err)
	}
	ar, err := st.Add(ctx, fresh)
	if err != nil {
		t.Fatal(err)
	}
	if ar.Records == 0 {
		t.Fatal("no records resolved incrementally")
	}
	return partition(t, part), ar.Records
}

// pairwiseF1 compares two partitions by the pairs of records they put
// together.
func pairwiseF1(got, want [][]string) float64 {
	pairs := func(p [][]string) map[[2]string]bool {
		out := map[[2]string]bool{}
		for _, c := range p {
			for i := range c {
				for j := i + 1; j < len(c); j++ {
					out[[2]string{c[i], c[j]}] = true
				}
			}
		}
		return out
	}
	g, w := pairs(got), pairs(want)
	both := 0
	for p := range g {
		if w[p] {
			both++
		}
	}
	if len(g)+len(w) == 0 {
		return 1
	}
	return 2 * float64(both) / float64(len(g)+len(w))
}

// TestAnalystJudgementsSurvive: "different" splits a cluster, "same" joins
// records, and neither is undone by a later batch run.
func TestAnalystJudgementsSurvive(t *testing.T) {
	ctx := context.Background()
	b := openStore(t)
	var ss []model.Statement
	add := func(rec, name, dob, pass string) {
		ss = append(ss, storetest.Stmt(rec, "Person", "name", name, ""), storetest.Stmt(rec, "Person", "birthDate", dob, ""))
		if pass != "" {
			ss = append(ss, storetest.Stmt(rec, "Person", "passportNumber", pass, ""))
		}
	}
	add("a:1", "Ivan Petrov", "1980-01-02", "X1234567")
	add("b:1", "Ivan Petrov", "1980-01-02", "X1234567")
	add("c:1", "Olga Smirnova", "1975-05-05", "")
	add("d:1", "Olga Smirnowa", "1975-05-05", "")
	for i := 0; i < 40; i++ { // background so the model has something to learn from
		add("z:"+string(rune('A'+i%26))+string(rune('a'+i/26)), "Person "+string(rune('A'+i%26))+" Name"+string(rune('a'+i/26)), "1990-01-01", "")
	}
	if _, err := b.WriteStatements(ctx, ss); err != nil {
		t.Fatal(err)
	}
	if _, err := Batch(ctx, b, Config{}); err != nil {
		t.Fatal(err)
	}
	ea, _ := b.EntityOf(ctx, "a:1")
	eb, _ := b.EntityOf(ctx, "b:1")
	if ea != eb {
		t.Fatalf("identical records with the same passport not merged")
	}
	st, err := LoadState(ctx, b, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Judge(ctx, store.Judgement{A: "a:1", B: "b:1", Verdict: store.Negative, By: "alice", Reason: "different fathers", At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	ea, _ = b.EntityOf(ctx, "a:1")
	eb, _ = b.EntityOf(ctx, "b:1")
	if ea == eb {
		t.Fatal("a 'different' judgement did not split the cluster")
	}
	if _, err := Batch(ctx, b, Config{}); err != nil {
		t.Fatal(err)
	}
	ea2, _ := b.EntityOf(ctx, "a:1")
	eb2, _ := b.EntityOf(ctx, "b:1")
	if ea2 == eb2 {
		t.Fatal("a batch run undid the analyst's judgement")
	}
	if ea2 != ea {
		t.Errorf("entity id of a:1 changed across a run that changed nothing for it: %s → %s", ea, ea2)
	}
	h, _ := b.History(ctx, ea)
	found := false
	for _, ev := range h {
		found = found || strings.Contains(ev.Reason, "alice")
	}
	if !found {
		t.Errorf("history does not record the analyst's split: %+v", h)
	}
}

func TestAssignIDs(t *testing.T) {
	created := func(rec string) time.Time {
		return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rec[len(rec)-1]-'0') * time.Hour)
	}
	now := time.Now()
	e := store.EntityID
	tests := []struct {
		name     string
		clusters [][]string
		prev     map[string]string
		want     map[string]string
		kinds    []string
	}{
		{"new cluster takes its oldest record's birth id",
			[][]string{{"x:2", "x:1"}}, nil,
			map[string]string{"x:1": e("x:1"), "x:2": e("x:1")}, []string{"created"}},
		{"merge keeps the older entity's id",
			[][]string{{"x:1", "x:2", "x:3", "x:4"}},
			map[string]string{"x:1": e("x:1"), "x:2": e("x:1"), "x:3": e("x:3"), "x:4": e("x:3")},
			map[string]string{"x:3": e("x:1"), "x:4": e("x:1")}, []string{"merged", "merged into"}},
		{"split: the part with the anchor keeps the id",
			[][]string{{"x:1"}, {"x:2", "x:3"}},
			map[string]string{"x:1": e("x:1"), "x:2": e("x:1"), "x:3": e("x:1")},
			map[string]string{"x:2": e("x:2"), "x:3": e("x:2")}, []string{"created", "merged", "split"}},
		{"nothing changes, nothing is written",
			[][]string{{"x:1", "x:2"}}, map[string]string{"x:1": e("x:1"), "x:2": e("x:1")},
			map[string]string{}, nil},
	}
	for _, tc := range tests {
		assigns, events := assignIDs(tc.clusters, tc.prev, created, "machine", now)
		got := map[string]string{}
		for _, a := range assigns {
			got[a.Record] = a.Entity
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: assignments %v, want %v", tc.name, got, tc.want)
		}
		var kinds []string
		for _, ev := range events {
			kinds = append(kinds, ev.Kind)
		}
		sort.Strings(kinds)
		if !reflect.DeepEqual(kinds, tc.kinds) {
			t.Errorf("%s: events %v, want %v", tc.name, kinds, tc.kinds)
		}
	}
}

// TestCoherenceStopsChaining: one strong link between two groups that
// disagree everywhere else must not merge them.
func TestCoherenceStopsChaining(t *testing.T) {
	// Records 0,1 are one person, 2,3 another; 1–2 is a spurious strong link.
	probs := map[uint64]float64{
		pairKey(0, 1): 0.99, pairKey(2, 3): 0.99, pairKey(1, 2): 0.95,
		pairKey(0, 2): 0.01, pairKey(0, 3): 0.01, pairKey(1, 3): 0.02,
	}
	score := func(a, b int32) pairScore {
		p := probs[pairKey(a, b)]
		return pairScore{p: p, conflict: p < 0.05}
	}
	w := func(p float64) float32 { return float32(weightOfProbability(p)) }
	links := []link{{a: 0, b: 1, weight: w(0.99)}, {a: 2, b: 3, weight: w(0.99)}, {a: 1, b: 2, weight: w(0.95)}}
	cons := &constraints{same: map[uint64]bool{}, different: map[uint64]bool{}}
	id := func(i int32) string { return string(rune('a' + i)) }
	got := clusterComponent([]int32{0, 1, 2, 3}, links, cons, score, 0.5, 0.8, id)
	want := [][]int32{{0, 1}, {2, 3}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("clusters = %v, want %v", got, want)
	}
	// An analyst's "same" overrides coherence for that pair; "different"
	// forbids.
	cons.same[pairKey(1, 2)] = true
	cons.addSame(1, 2)
	got = clusterComponent([]int32{0, 1, 2, 3}, links, cons, score, 0.5, 0.8, id)
	together := false
	for _, c := range got {
		together = together || reflect.DeepEqual(c[:min(2, len(c))], []int32{1, 2}) || slices.Contains(c, 1) && slices.Contains(c, 2)
	}
	if !together {
		t.Errorf("analyst same ignored: %v", got)
	}
	cons.different[pairKey(0, 3)] = true
	got = clusterComponent([]int32{0, 1, 2, 3}, links, cons, score, 0.5, 0.8, id)
	for _, c := range got {
		has0, has3 := false, false
		for _, x := range c {
			has0 = has0 || x == 0
			has3 = has3 || x == 3
		}
		if has0 && has3 {
			t.Errorf("records judged different share a cluster: %v", got)
		}
	}
}

// TestCoherenceIgnoresMissingEvidence: a record linked strongly to one
// member of a group joins it although it compares poorly, for want of
// shared fields, with another member; the same low pair with a
// contradiction keeps it out.
func TestCoherenceIgnoresMissingEvidence(t *testing.T) {
	// 0,1 one person (name, date, passport); 2 a phone-book entry that
	// shares a phone with 1 and only a common name with 0.
	for _, tc := range []struct {
		conflict bool
		want     [][]int32
	}{
		{false, [][]int32{{0, 1, 2}}},
		{true, [][]int32{{0, 1}, {2}}},
	} {
		probs := map[uint64]pairScore{
			pairKey(0, 1): {p: 0.9999}, pairKey(1, 2): {p: 0.97},
			pairKey(0, 2): {p: 0.05, conflict: tc.conflict},
		}
		score := func(a, b int32) pairScore { return probs[pairKey(a, b)] }
		w := func(p float64) float32 { return float32(weightOfProbability(p)) }
		links := []link{{a: 0, b: 1, weight: w(0.9999)}, {a: 1, b: 2, weight: w(0.97)}}
		cons := &constraints{same: map[uint64]bool{}, different: map[uint64]bool{}}
		id := func(i int32) string { return string(rune('a' + i)) }
		got := clusterComponent([]int32{0, 1, 2}, links, cons, score, 0.6, 0.8, id)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("conflict=%v: clusters = %v, want %v", tc.conflict, got, tc.want)
		}
	}
}

// TestAmbiguousRecordStaysAlone: a record that fits two people equally
// well joins neither; one whose evidence favours one of them joins it.
func TestAmbiguousRecordStaysAlone(t *testing.T) {
	// 0,1 one person and 2,3 a namesake (their records contradict);
	// 4 carries only the name.
	for _, tc := range []struct {
		to1, to3 float64
		want     [][]int32
	}{
		{0.95, 0.95, [][]int32{{0, 1}, {2, 3}, {4}}},
		{0.99999, 0.9, [][]int32{{0, 1, 4}, {2, 3}}},
	} {
		probs := map[uint64]pairScore{
			pairKey(0, 1): {p: 0.9999}, pairKey(2, 3): {p: 0.9999},
			pairKey(1, 4): {p: tc.to1}, pairKey(3, 4): {p: tc.to3},
			pairKey(0, 4): {p: 0.9}, pairKey(2, 4): {p: 0.9},
		}
		for _, a := range []int32{0, 1} {
			for _, b := range []int32{2, 3} {
				probs[pairKey(a, b)] = pairScore{p: 0.001, conflict: true}
			}
		}
		score := func(a, b int32) pairScore { return probs[pairKey(a, b)] }
		w := func(p float64) float32 { return float32(weightOfProbability(p)) }
		var links []link
		for k, s := range probs {
			if s.p >= 0.8 {
				a, b := splitPair(k)
				links = append(links, link{a: a, b: b, weight: w(s.p)})
			}
		}
		cons := &constraints{same: map[uint64]bool{}, different: map[uint64]bool{}}
		id := func(i int32) string { return string(rune('a' + i)) }
		got := clusterComponent([]int32{0, 1, 2, 3, 4}, links, cons, score, 0.5, 0.8, id)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("links %.5f / %.5f: clusters = %v, want %v", tc.to1, tc.to3, got, tc.want)
		}
	}
}

// TestBatchRetractsStaleLinks: a batch run replaces the machine's
// judgements. One it no longer makes is deleted, whether the store held
// machine judgements before (second run) or not (first run); analysts'
// judgements and the run's own links stay.
func TestBatchRetractsStaleLinks(t *testing.T) {
	ctx := context.Background()
	b := openStore(t)
	var ss []model.Statement
	add := func(rec, name, dob string) {
		ss = append(ss, storetest.Stmt(rec, "Person", "name", name, ""), storetest.Stmt(rec, "Person", "birthDate", dob, ""))
	}
	add("a:1", "Ivan Petrov", "1980-01-02")
	add("b:1", "Ivan Petrov", "1980-01-02")
	add("c:1", "Olga Smirnova", "1975-05-05")
	add("d:1", "Pablo Ortega", "1961-11-30")
	for i := 0; i < 40; i++ {
		add(fmt.Sprintf("z:%02d", i), fmt.Sprintf("Person%c Name%c", 'A'+i%26, 'a'+i/26), "1990-01-01")
	}
	if _, err := b.WriteStatements(ctx, ss); err != nil {
		t.Fatal(err)
	}
	machine := func() map[[2]string]bool {
		out := map[[2]string]bool{}
		if err := b.ScanJudgements(ctx, func(j *store.Judgement) error {
			if !j.IsAnalyst() {
				out[[2]string{j.A, j.B}] = true
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	fake := store.Judgement{A: "c:1", B: "d:1", Verdict: store.Positive, Score: 0.99, By: store.Machine, At: time.Now()}
	analyst := store.Judgement{A: "a:1", B: "c:1", Verdict: store.Negative, By: "alice", Reason: "checked", At: time.Now()}
	for run := 0; run < 2; run++ {
		if err := b.PutJudgements(ctx, []store.Judgement{fake, analyst}); err != nil {
			t.Fatal(err)
		}
		if _, err := Batch(ctx, b, Config{}); err != nil {
			t.Fatal(err)
		}
		got := machine()
		if got[[2]string{"c:1", "d:1"}] {
			t.Errorf("run %d: a machine link the run did not make survived it", run)
		}
		if !got[[2]string{"a:1", "b:1"}] {
			t.Errorf("run %d: the run's own link is missing: %v", run, got)
		}
		js, err := b.RecordJudgements(ctx, "a:1")
		if err != nil {
			t.Fatal(err)
		}
		kept := false
		for _, j := range js {
			kept = kept || j.By == "alice"
		}
		if !kept {
			t.Errorf("run %d: the analyst's judgement is gone", run)
		}
	}
}
