package resolve

import (
	"fmt"
	"github.com/mosaichq/mosaic/internal/names"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
)

// Model is a Fellegi-Sunter model: for each feature and level, the
// probability of that level among matching pairs (m) and among non-matching
// candidate pairs (u), and the share of candidate pairs that match (Lambda).
// A pair's match weight is log2 of its Bayes factor; its probability is
// calibrated for candidate pairs. It is estimated without labels by EM over
// the comparison vectors of all candidate pairs (fastLink's approach on
// blocked pairs), initialised from random pairs so the classes cannot swap,
// and optionally refined with analysts' judgements.
type Model struct {
	M      [numFeatures][]float64 `json:"m"`
	U      [numFeatures][]float64 `json:"u"`
	Lambda float64                `json:"lambda"`
	// URand is, per feature, the chance that two random records agree
	// exactly: the baseline a value's own frequency is compared with.
	URand      [numFeatures]float64 `json:"u_rand"`
	Iterations int                  `json:"iterations"`
	Pairs      int64                `json:"pairs"`
	Labelled   int                  `json:"labelled"`
}

// tfFeatures are the features whose exact agreement is adjusted by the
// frequency of the agreed value.
var tfFeatures = [...]int{fFamily, fDate, fID, fPhone, fEmail, fAddress}

// termFreqs counts values per feature over all records.
type termFreqs struct {
	n      int
	counts [numFeatures]map[string]int32
	// table holds tfBits for the common small counts under the model's
	// chances of agreeing (see prepare): a logarithm per agreeing feature
	// of every candidate pair was 2 % of comparing.
	table atomic.Pointer[tfTable]
}

// tfTable is tfBits by count, for one set of chances of agreeing.
type tfTable struct {
	uRand [numFeatures]float64
	bits  [numFeatures][]float64
}

// tfTableSize bounds the counts tabled. Pairs that agree on a common
// name part alone are many, and a synthetic million has parts held by
// tens of thousands of records; a table of a thousand missed them.
const tfTableSize = 1 << 16

// prepare tables tfBits for the chances of agreeing in uRand. Lookups
// under other chances compute, so a table is never wrong, only unused;
// it is replaced whole, so scorers running meanwhile read one or the
// other.
func (tf *termFreqs) prepare(uRand [numFeatures]float64) {
	if t := tf.table.Load(); t != nil && t.uRand == uRand {
		return
	}
	// A count is at most about the number of records (larger ones are
	// computed), so a small store, or a test's, tables little.
	size := min(tfTableSize, tf.n+1)
	t := &tfTable{uRand: uRand}
	for _, f := range tfFeatures { // the name features share fFamily's counts
		t.bits[f] = make([]float64, size)
		for c := range t.bits[f] {
			t.bits[f][c] = tfBits(uRand[f], int32(c), tf.n)
		}
	}
	tf.table.Store(t)
}

// bits is tfBits(uRand, count, tf.n) for feature f.
func (tf *termFreqs) bits(f int, uRand float64, count int32) float64 {
	if t := tf.table.Load(); t != nil && count >= 0 && int(count) < len(t.bits[f]) && t.uRand[f] == uRand {
		return t.bits[f][count]
	}
	return tfBits(uRand, count, tf.n)
}

func newTermFreqs(recs []*Record) *termFreqs {
	tf := &termFreqs{n: len(recs)}
	for _, f := range tfFeatures {
		tf.counts[f] = map[string]int32{}
	}
	for _, r := range recs {
		tf.add(r)
	}
	return tf
}

func (tf *termFreqs) add(r *Record) {
	c := tf.counts
	// Name parts are counted once per record, whatever their role: the
	// same table serves both name features.
	seen := map[string]bool{}
	for i := range r.Names {
		for t := range r.Names[i].Tokens {
			k := names.TokenKey(&r.Names[i].Tokens[t])
			if !seen[k] {
				seen[k] = true
				c[fFamily][k]++
			}
		}
	}
	for _, d := range r.Dates {
		if d.d > 0 {
			c[fDate][d.String()]++
		}
	}
	for _, id := range r.IDs {
		c[fID][id.value]++
	}
	for _, p := range r.Phones {
		c[fPhone][p]++
	}
	for _, e := range r.Emails {
		c[fEmail][e]++
	}
	for _, a := range r.Addresses {
		c[fAddress][a.full]++
	}
}

// uRand estimates, per feature, the chance that two random records share
// a value: the sum of squared value frequencies.
func (tf *termFreqs) uRand() [numFeatures]float64 {
	var out [numFeatures]float64
	for _, f := range tfFeatures {
		var total, sq float64
		for _, k := range tf.counts[f] {
			total += float64(k)
		}
		if total == 0 {
			continue
		}
		// The expected frequency, among records, of the value a random
		// record holds: for one value per record it is the chance two
		// random records agree; name parts (several per record) use the
		// same scale.
		for _, k := range tf.counts[f] {
			sq += float64(k) * float64(k)
		}
		out[f] = sq / (float64(tf.n) * total)
	}
	return out
}

// adjust returns the term-frequency adjustment (in bits) for the values a
// pair agreed on: log2(average chance of agreeing / this value's chance).
// It is bounded so that one value cannot outweigh all other evidence.
func (m *Model) adjust(tf *termFreqs, ag agreement) float64 {
	if tf == nil || tf.n == 0 {
		return 0
	}
	total := 0.0
	for f := 0; f < numFeatures; f++ {
		bits, _, _ := m.featureBits(tf, &ag, f)
		total += bits
	}
	return total
}

// featureBits is one feature's term-frequency adjustment and how many
// records hold the value it rests on; ok is false when the feature is not
// adjusted. The scorer (adjust) and the explanation both read it, so the
// waterfall adds up to the score. tf must hold records. It does not
// allocate: it runs for every candidate pair.
func (m *Model) featureBits(tf *termFreqs, ag *agreement, f int) (bits float64, count int32, ok bool) {
	if parts := ag.names(f); parts != nil {
		// A name feature is adjusted by its rarest matched part.
		if parts.n == 0 || m.URand[fFamily] == 0 {
			return 0, 0, false
		}
		_, count = tf.rarestName(parts)
		bits = tf.bits(fFamily, m.URand[fFamily], count)
		if bits == 0 {
			return 0, 0, false
		}
		return bits, count, true
	}
	if m.URand[f] == 0 {
		return 0, 0, false
	}
	var buf [64]byte
	key, ok := ag.key(f, buf[:0])
	if !ok {
		return 0, 0, false
	}
	count = tf.counts[f][string(key)]
	return tf.bits(f, m.URand[f], count), count, true
}

// rarestName returns the rarest of the matched parts and its count.
func (tf *termFreqs) rarestName(parts *partSet) (*names.Token, int32) {
	var best *names.Token
	var cnt int32 = math.MaxInt32
	var buf [64]byte
	for _, t := range parts.parts() {
		if c := tf.counts[fFamily][string(names.AppendTokenKey(buf[:0], t))]; c < cnt {
			best, cnt = t, c
		}
	}
	return best, cnt
}

// names is the matched parts behind a name feature's agreement, or nil
// for the other features.
func (ag *agreement) names(f int) *partSet {
	switch f {
	case fGiven:
		return &ag.given
	case fFamily:
		return &ag.family
	}
	return nil
}

// key appends the single value the pair agreed on for feature f, as it is
// counted in the term frequencies; ok is false when there is none.
func (ag *agreement) key(f int, dst []byte) ([]byte, bool) {
	var s string
	switch f {
	case fDate:
		if !ag.dated {
			return dst, false
		}
		return ag.date.append(dst), true
	case fID:
		s = ag.id
	case fPhone:
		s = ag.phone
	case fEmail:
		s = ag.email
	case fAddress:
		s = ag.addr
	}
	return append(dst, s...), s != ""
}

// value names what feature f agreed on, for explanations.
func (ag *agreement) value(tf *termFreqs, f int) string {
	if parts := ag.names(f); parts != nil {
		t, _ := tf.rarestName(parts)
		if t == nil {
			return ""
		}
		return names.TokenKey(t)
	}
	key, _ := ag.key(f, nil)
	return string(key)
}

func tfBits(uRand float64, count int32, n int) float64 {
	freq := math.Max(float64(count), 1) / float64(n)
	return math.Max(-10, math.Min(10, math.Log2(uRand/freq)))
}

// weights returns the match weight of each level of each feature.
func (m *Model) weights() [numFeatures][]float64 {
	var w [numFeatures][]float64
	for f := 0; f < numFeatures; f++ {
		w[f] = make([]float64, numLevels(f))
		for l := 1; l < numLevels(f); l++ {
			w[f][l] = math.Log2(m.M[f][l] / m.U[f][l])
		}
	}
	return w
}

// prior is the log2 odds of a match before any evidence.
func (m *Model) prior() float64 { return math.Log2(m.Lambda / (1 - m.Lambda)) }

// Probability turns a match weight into a probability.
func Probability(weight float64) float64 { return 1 / (1 + math.Exp2(-weight)) }

// defaultModel seeds EM: agreement is likely for matches, and for random
// pairs the levels are as often as uniform (replaced by sampling).
func defaultModel() *Model {
	m := &Model{Lambda: 0.05}
	for f := 0; f < numFeatures; f++ {
		n := numLevels(f)
		m.M[f] = make([]float64, n)
		m.U[f] = make([]float64, n)
		for l := 1; l < n; l++ {
			// Geometric decay from the strongest level; disagreement rare.
			m.M[f][l] = math.Pow(0.35, float64(l-1))
			m.U[f][l] = 1
		}
		m.M[f][n-1] = 0.02
		m.U[f][n-1] = float64(n) * 4
		normalize(m.M[f])
		normalize(m.U[f])
	}
	return m
}

func normalize(p []float64) {
	s := 0.0
	for l := 1; l < len(p); l++ {
		s += p[l]
	}
	if s == 0 {
		return
	}
	for l := 1; l < len(p); l++ {
		p[l] /= s
	}
}

// sampleU estimates u from random record pairs: the levels two unrelated
// records reach by chance. It seeds EM's non-match class.
func sampleU(recs []*Record, m *Model, samples int, seed uint64, workers int) {
	n := len(recs)
	if n < 2 {
		return
	}
	total := int64(n) * int64(n-1) / 2
	if int64(samples) > total {
		samples = int(total)
	}
	// The pairs are drawn in sequence and compared on the workers; the
	// counts are sums, so the result does not depend on the schedule.
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pairs := make([]uint64, samples)
	for s := range pairs {
		i := rng.IntN(n)
		j := rng.IntN(n - 1)
		if j >= i {
			j++
		}
		pairs[s] = uint64(i)<<32 | uint64(j)
	}
	// In order of the first record, and touched a few pairs ahead, as
	// Batch compares its candidates: random pairs read both records from
	// anywhere in memory, and the counts do not depend on the order.
	slices.Sort(pairs)
	const chunk = 8192
	nChunks := (samples + chunk - 1) / chunk
	partial := make([][numFeatures][16]int64, nChunks)
	runOn(max(workers, 1), nChunks, func(c int) {
		part := pairs[c*chunk : min(samples, (c+1)*chunk)]
		for k, p := range part {
			if k%touchAhead == 0 {
				runtime.KeepAlive(touchPairs(recs, part[k:min(k+touchAhead, len(part))]))
			}
			v, _ := comparePair(recs[p>>32], recs[uint32(p)])
			for f := 0; f < numFeatures; f++ {
				partial[c][f][v.get(f)]++
			}
		}
	})
	var counts [numFeatures][]float64
	for f := range counts {
		counts[f] = make([]float64, numLevels(f))
		for c := range partial {
			for l := range counts[f] {
				counts[f][l] += float64(partial[c][f][l])
			}
		}
	}
	for f := 0; f < numFeatures; f++ {
		nl := numLevels(f)
		seen := 0.0
		for l := 1; l < nl; l++ {
			seen += counts[f][l]
		}
		for l := 1; l < nl; l++ {
			// Add-half smoothing keeps unseen agreement levels possible but rare.
			m.U[f][l] = (counts[f][l] + 0.5) / (seen + 0.5*float64(nl-1))
		}
	}
}

// pattern is a distinct comparison vector and how many pairs have it.
type pattern struct {
	v Levels
	n float64
}

// emOptions select what one EM run estimates.
type emOptions struct {
	// fixU keeps u as given (from random pairs) and estimates only m and
	// lambda.
	fixU bool
	// exclude leaves out features the run's pairs were blocked on: their
	// agreement there is an effect of blocking, not of matching.
	exclude [numFeatures]bool
}

// em estimates m (and u unless fixed) and lambda from pattern counts.
func (m *Model) em(pats []pattern, maxIter int, o emOptions) {
	for it := 0; it < maxIter; it++ {
		var mc, uc [numFeatures][]float64
		for f := 0; f < numFeatures; f++ {
			mc[f] = make([]float64, numLevels(f))
			uc[f] = make([]float64, numLevels(f))
		}
		var sumP, sumN float64
		for _, p := range pats {
			lm, lu := math.Log(m.Lambda), math.Log(1-m.Lambda)
			for f := 0; f < numFeatures; f++ {
				l := p.v.get(f)
				if l == 0 || o.exclude[f] {
					continue
				}
				lm += math.Log(m.M[f][l])
				lu += math.Log(m.U[f][l])
			}
			pm := 1 / (1 + math.Exp(lu-lm))
			sumP += pm * p.n
			sumN += p.n
			for f := 0; f < numFeatures; f++ {
				l := p.v.get(f)
				if l == 0 || o.exclude[f] {
					continue
				}
				mc[f][l] += pm * p.n
				uc[f][l] += (1 - pm) * p.n
			}
		}
		if sumN == 0 {
			return
		}
		change := 0.0
		newLambda := clamp(sumP/sumN, 1e-6, 1-1e-6)
		change = math.Max(change, math.Abs(newLambda-m.Lambda))
		m.Lambda = newLambda
		for f := 0; f < numFeatures; f++ {
			if o.exclude[f] {
				continue
			}
			nl := numLevels(f)
			var tm, tu float64
			for l := 1; l < nl; l++ {
				tm += mc[f][l]
				tu += uc[f][l]
			}
			if tm == 0 || tu == 0 {
				continue // feature never present: keep the seed
			}
			nm := make([]float64, nl)
			for l := 1; l < nl; l++ {
				// A pseudo-count keeps every level possible in both classes.
				nm[l] = (mc[f][l] + 1e-3) / (tm + 1e-3*float64(nl-1))
				if !o.fixU {
					nu := (uc[f][l] + 1e-3) / (tu + 1e-3*float64(nl-1))
					change = math.Max(change, math.Abs(nu-m.U[f][l]))
					m.U[f][l] = nu
				}
			}
			monotone(nm, m.U[f], mc[f], uc[f])
			for l := 1; l < nl; l++ {
				change = math.Max(change, math.Abs(nm[l]-m.M[f][l]))
				m.M[f][l] = nm[l]
			}
		}
		m.Iterations = it + 1
		if change < 1e-6 {
			break
		}
	}
	m.sanitize()
}

// sanitize keeps the model's weights pointing the right way: the strongest
// agreement of a feature can only support a match and outright
// disagreement can only speak against it. EM on noisy data occasionally
// inverts a rare level; evidence must not read backwards.
func (m *Model) sanitize() {
	for f := 0; f < numFeatures; f++ {
		nl := numLevels(f)
		if m.M[f][1] < m.U[f][1] {
			m.M[f][1] = m.U[f][1]
		}
		if m.M[f][nl-1] > m.U[f][nl-1] {
			m.M[f][nl-1] = m.U[f][nl-1]
		}
	}
}

// monotone projects m so that the likelihood ratio m/u never increases
// from a feature's strongest level to its weakest: a closer agreement can
// never count as less evidence than a looser one. Small or noisy data sets
// otherwise let EM rank, say, a transliteration variant below a typo. It
// is pool-adjacent-violators on the ratios, weighted by how many pairs sit
// at each level, followed by renormalisation (which scales all ratios alike
// and so keeps the order).
func monotone(m, u, mc, uc []float64) {
	type block struct {
		ratio, weight float64
		n             int
	}
	var blocks []block
	for l := 1; l < len(m); l++ {
		b := block{ratio: m[l] / u[l], weight: mc[l] + uc[l] + 1e-9, n: 1}
		blocks = append(blocks, b)
		for len(blocks) > 1 && blocks[len(blocks)-2].ratio < blocks[len(blocks)-1].ratio {
			x, y := blocks[len(blocks)-2], blocks[len(blocks)-1]
			w := x.weight + y.weight
			blocks = blocks[:len(blocks)-2]
			blocks = append(blocks, block{ratio: (x.ratio*x.weight + y.ratio*y.weight) / w, weight: w, n: x.n + y.n})
		}
	}
	l := 1
	for _, b := range blocks {
		for k := 0; k < b.n; k++ {
			m[l] = b.ratio * u[l]
			l++
		}
	}
	normalize(m)
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// learnFromJudgements blends the counts of analysts' labelled pairs into m
// (from pairs judged the same) and u (from pairs judged different), each
// labelled pair counting as much as `strength` unlabelled ones.
func (m *Model) learnFromJudgements(pos, neg []Levels, strength float64) {
	blend := func(p []float64, obs []Levels, f int) {
		nl := numLevels(f)
		counts := make([]float64, nl)
		seen := 0.0
		for _, v := range obs {
			if l := v.get(f); l > 0 {
				counts[l]++
				seen++
			}
		}
		if seen == 0 {
			return
		}
		prior := strength * 10
		for l := 1; l < nl; l++ {
			p[l] = (p[l]*prior + counts[l]*strength) / (prior + seen*strength)
		}
	}
	for f := 0; f < numFeatures; f++ {
		blend(m.M[f], pos, f)
		blend(m.U[f], neg, f)
	}
	m.Labelled = len(pos) + len(neg)
	m.sanitize()
}

// Contribution is one line of a match explanation.
type Contribution struct {
	Feature string  `json:"feature"`
	Level   string  `json:"level"`
	M       float64 `json:"m,omitempty"`
	U       float64 `json:"u,omitempty"`
	Weight  float64 `json:"weight"` // bits
	Note    string  `json:"note,omitempty"`
}

// Explanation is why a pair scores what it scores: a waterfall from the
// prior, through each feature, to the probability.
type Explanation struct {
	A, B          string         `json:"-"`
	Prior         float64        `json:"prior"`
	Contributions []Contribution `json:"contributions"`
	Weight        float64        `json:"weight"`
	Probability   float64        `json:"probability"`
}

func (m *Model) explain(v Levels, ag agreement, tf *termFreqs) Explanation {
	w := m.weights()
	ex := Explanation{Prior: m.prior()}
	total := ex.Prior
	for f := 0; f < numFeatures; f++ {
		l := v.get(f)
		c := Contribution{Feature: featureNames[f], Level: levelNames[f][l]}
		if l > 0 {
			c.M, c.U, c.Weight = m.M[f][l], m.U[f][l], w[f][l]
			if tf != nil && tf.n > 0 {
				if adj, cnt, ok := m.featureBits(tf, &ag, f); ok {
					c.Weight += adj
					c.Note = fmt.Sprintf("%q held by %d record(s): %+.1f bits for its rarity", ag.value(tf, f), cnt, adj)
				}
			}
		} else {
			c.Note = "missing on one side: no evidence either way"
		}
		total += c.Weight
		ex.Contributions = append(ex.Contributions, c)
	}
	ex.Weight = total
	ex.Probability = Probability(total)
	return ex
}

// String draws the explanation as a waterfall table.
func (ex Explanation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-12s %-28s %8s  %s\n", "feature", "level", "bits", "")
	bar := func(w float64) string {
		n := int(math.Round(math.Abs(w)))
		if n > 20 {
			n = 20
		}
		if w < 0 {
			return strings.Repeat("-", n)
		}
		return strings.Repeat("+", n)
	}
	fmt.Fprintf(&b, "%-12s %-28s %+8.2f  %s\n", "prior", "share of candidates matching", ex.Prior, bar(ex.Prior))
	cs := append([]Contribution(nil), ex.Contributions...)
	sort.SliceStable(cs, func(i, j int) bool { return math.Abs(cs[i].Weight) > math.Abs(cs[j].Weight) })
	for _, c := range cs {
		line := fmt.Sprintf("%-12s %-28s %+8.2f  %s", c.Feature, c.Level, c.Weight, bar(c.Weight))
		if c.Note != "" {
			line += "  (" + c.Note + ")"
		}
		b.WriteString(line + "\n")
	}
	fmt.Fprintf(&b, "%-12s %-28s %+8.2f  → match probability %.4f\n", "total", "", ex.Weight, ex.Probability)
	return b.String()
}

func (m *Model) clone() *Model {
	c := *m
	for f := 0; f < numFeatures; f++ {
		c.M[f] = append([]float64(nil), m.M[f]...)
		c.U[f] = append([]float64(nil), m.U[f]...)
	}
	return &c
}
