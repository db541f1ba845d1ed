package names

import "testing"

var benchPairs = [][2]string{
	{"Mohammed Hassan Ali", "Muhammad Hasan Aly"},
	{"Vladimir Vladimirovich Putin", "PUTIN, Vladimir"},
	{"John Smith", "Jon Smyth"},
	{"Abd al-Rahman al-Masri", "عبد الرحمن المصري"},
	{"Maria Garcia Lopez", "Ivan Petrov"},
	{"Sergei Ivanov", "Сергей Иванов"},
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		p := benchPairs[i%len(benchPairs)]
		Parse(p[i&1], Person)
	}
}

// BenchmarkCompare measures the per-pair cost the resolver pays: both names
// parsed beforehand, as they would be once per record.
func BenchmarkCompare(b *testing.B) {
	var parsed [][2]Name
	for _, p := range benchPairs {
		parsed = append(parsed, [2]Name{Parse(p[0], Person), Parse(p[1], Person)})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := &parsed[i%len(parsed)]
		Compare(&p[0], &p[1])
	}
}

func BenchmarkCompareNonMatch(b *testing.B) {
	x, y := Parse("Maria Garcia Lopez", Person), Parse("Ivan Sergeyevich Petrov", Person)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Compare(&x, &y)
	}
}

func BenchmarkMatch(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		p := benchPairs[i%len(benchPairs)]
		Match(p[0], p[1], Person)
	}
}

func TestCompareDoesNotAllocate(t *testing.T) {
	x, y := Parse("Mohammed Hassan Ali", Person), Parse("Muhammad Hasan Aly", Person)
	if n := testing.AllocsPerRun(100, func() { Compare(&x, &y) }); n != 0 {
		t.Errorf("Compare allocates %.1f times per call", n)
	}
}
