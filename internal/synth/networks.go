package synth

// Planted networks and look-alike ordinary groups.
//
// Membership is drawn by chooseMembers, which is given only the population
// size and its own random stream: it cannot see anyone's name, nationality,
// sex, age or anything else. So members follow exactly the population's
// distribution of every attribute; the fairness tests check both this
// independence and the resulting distributions.

// NetworkShare is the share of people planted in criminal networks.
const NetworkShare = 0.005

// chooseMembers picks disjoint sets of person indexes: criminal networks of
// 3–12 members totalling about NetworkShare of n people, and as many
// ordinary groups of the same sizes (colleagues, friends, a sports team)
// that call and travel together just as densely but involve no crime.
func chooseMembers(r *rng, n int) (networks, groups [][]int32) {
	target := int(float64(n) * NetworkShare)
	if target < 3 && n >= 30 {
		target = 3
	}
	taken := make(map[int32]bool, 2*target+16)
	draw := func(size int) []int32 {
		out := make([]int32, 0, size)
		for len(out) < size {
			i := int32(r.intn(n))
			if !taken[i] {
				taken[i] = true
				out = append(out, i)
			}
		}
		return out
	}
	var sizes []int
	for total := 0; total < target; {
		s := r.between(3, 12)
		if rest := target - total; s > rest {
			s = rest
			if s < 3 {
				s = 3
			}
		}
		sizes = append(sizes, s)
		total += s
	}
	if 2*len(sizes)*12 > n/2 { // tiny worlds: keep most people ordinary
		sizes = sizes[:0]
	}
	for _, s := range sizes {
		networks = append(networks, draw(s))
	}
	for _, s := range sizes {
		groups = append(groups, draw(s))
	}
	return networks, groups
}
