package graph

import (
	"bufio"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
)

// PowerLawEdges generates a Chung–Lu random graph for benchmarks: node i
// has expected degree ∝ (i+1)^(-1/(exponent-1)), giving a power-law degree
// distribution with the given exponent (2 < exponent; 2.5 is typical of
// social graphs). It returns m distinct undirected edges without
// self-loops, in random order and orientation, plus one extra edge for each
// node the sampling left isolated, so all n nodes appear. Deterministic for
// a seed.
func PowerLawEdges(n, m int, exponent float64, seed uint64) (src, dst []int32) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	cum := make([]float64, n)
	var total float64
	for i := 0; i < n; i++ {
		total += math.Pow(float64(i+1), -1/(exponent-1))
		cum[i] = total
	}
	pick := func() int32 {
		x := r.Float64() * total
		i, _ := slices.BinarySearch(cum, x)
		return int32(min(i, n-1))
	}
	keys := make([]uint64, 0, m+m/8)
	for len(keys) < m {
		for need := m - len(keys) + m/50 + 16; need > 0; need-- {
			u, v := pick(), pick()
			if u == v {
				continue
			}
			if u > v {
				u, v = v, u
			}
			keys = append(keys, uint64(u)<<32|uint64(v))
		}
		slices.Sort(keys)
		keys = slices.Compact(keys)
	}
	// Keep a random m of the distinct edges.
	r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	keys = keys[:m]
	deg := make([]bool, n)
	src = make([]int32, 0, m+n/10)
	dst = make([]int32, 0, m+n/10)
	for _, k := range keys {
		u, v := int32(k>>32), int32(uint32(k))
		if r.IntN(2) == 0 {
			u, v = v, u
		}
		deg[u], deg[v] = true, true
		src = append(src, u)
		dst = append(dst, v)
	}
	for i := 0; i < n; i++ {
		if !deg[i] {
			j := pick()
			for j == int32(i) {
				j = pick()
			}
			src = append(src, int32(i))
			dst = append(dst, j)
		}
	}
	return src, dst
}

// WriteEdgeCSV writes edges as a from,to CSV with nodes named by their
// integer index, which igraph can read by index too.
func WriteEdgeCSV(w io.Writer, src, dst []int32) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("from,to\n")
	buf := make([]byte, 0, 32)
	for i := range src {
		buf = strconv.AppendInt(buf[:0], int64(src[i]), 10)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(dst[i]), 10)
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}
