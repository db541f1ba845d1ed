package main

import "testing"

func TestParseCPULine(t *testing.T) {
	tests := []struct {
		line         string
		steal, total uint64
		ok           bool
	}{
		{"cpu  100 0 50 800 10 0 5 35 0 0", 35, 1000, true},
		{"cpu  100 0 50 800 10 0 5 35", 35, 1000, true},
		{"cpu  100 0 50 800 10 0 5 35 70 0", 35, 1000, true}, // guest is part of user
		{"cpu0 100 0 50 800 10 0 5 35 0 0", 0, 0, false},
		{"cpu  100 0 50 800 10 0 5", 0, 0, false},
		{"cpu  100 0 50 800 10 0 5 x 0 0", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tc := range tests {
		steal, total, ok := parseCPULine(tc.line)
		if steal != tc.steal || total != tc.total || ok != tc.ok {
			t.Errorf("parseCPULine(%q) = %d, %d, %v; want %d, %d, %v", tc.line, steal, total, ok, tc.steal, tc.total, tc.ok)
		}
	}
}

func FuzzParseCPULine(f *testing.F) {
	f.Add("cpu  100 0 50 800 10 0 5 35 0 0")
	f.Add("cpu 18446744073709551615 1 1 1 1 1 1 1")
	f.Fuzz(func(t *testing.T, line string) {
		steal, total, ok := parseCPULine(line)
		if !ok && (steal != 0 || total != 0) {
			t.Errorf("%q: not ok but %d, %d", line, steal, total)
		}
	})
}
