package synth

import "math"

// rng is SplitMix64 with a few helpers. The package owns the algorithm (not
// math/rand), so a seed keeps giving byte-identical worlds whatever Go
// release builds it, and each stream is cheap enough to make one per source.
type rng struct{ s uint64 }

// mix64 is SplitMix64's finaliser: a bijective, well-mixing hash of a word.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// strHash is FNV-1a; it names streams so that adding one never shifts another.
func strHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// newRNG derives an independent stream from the world seed and a name.
func newRNG(seed uint64, stream string) *rng {
	return &rng{s: mix64(seed^0x5851f42d4c957f2d) ^ mix64(strHash(stream))}
}

// derive makes a sub-stream keyed by a number (a person, a network), so that
// the draws for one item do not depend on how many came before it.
func (r *rng) derive(k uint64) rng { return rng{s: mix64(r.s ^ mix64(k+0x632be59bd9b4e019))} }

func (r *rng) u64() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

// intn returns a value in [0,n). Lemire's multiply-shift without the
// rejection step: the bias (n/2^32) is irrelevant at the sizes used here.
func (r *rng) intn(n int) int {
	if n <= 1 {
		return 0
	}
	return int((uint64(uint32(r.u64()>>32)) * uint64(n)) >> 32)
}

// float returns a value in [0,1).
func (r *rng) float() float64 { return float64(r.u64()>>11) / (1 << 53) }

// chance is true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

// between returns a value in [lo,hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// pick returns a random element of a non-empty slice.
func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// weights is a cumulative table for weighted choice.
type weights []float64

func newWeights(ws ...float64) weights {
	c := make(weights, len(ws))
	t := 0.0
	for i, w := range ws {
		t += w
		c[i] = t
	}
	return c
}

// zipf gives n weights falling as 1/(i+1)^s: a few very common names and a
// long tail, as real name frequencies do.
func zipf(n int, s float64) weights {
	ws := make([]float64, n)
	for i := range ws {
		ws[i] = 1 / math.Pow(float64(i+1), s)
	}
	return newWeights(ws...)
}

func (w weights) pick(r *rng) int { return w.at(r.float()) }

// at maps u in [0,1) to an index, by binary search.
func (w weights) at(u float64) int {
	x := u * w[len(w)-1]
	lo, hi := 0, len(w)-1
	for lo < hi {
		m := (lo + hi) / 2
		if w[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// shuffle permutes xs in place (Fisher–Yates).
func shuffle[T any](r *rng, xs []T) {
	for i := len(xs) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		xs[i], xs[j] = xs[j], xs[i]
	}
}
