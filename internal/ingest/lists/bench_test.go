package lists

import "testing"

// Run with: go test -run XXX -bench . ./internal/ingest/lists/
func BenchmarkLoadUN(b *testing.B) {
	path := sharedData(b, "watchlists/un/UN_consolidated.xml")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadUN(path); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadOFAC2021(b *testing.B) {
	path := sharedData(b, "watchlists/ofac_sdn_2021")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadOFAC(path); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDiffOFAC(b *testing.B) {
	old, err := LoadOFAC(sharedData(b, "watchlists/ofac_sdn_full"))
	if err != nil {
		b.Fatal(err)
	}
	new, err := LoadOFAC(sharedData(b, "watchlists/ofac_sdn_2021"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Diff(old, new)
	}
}
