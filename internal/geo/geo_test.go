package geo

import "testing"

func TestLookup(t *testing.T) {
	tests := []struct{ in, key string }{
		{"AMS", "AMS"}, {"Schiphol", "AMS"}, {"SPL", "AMS"}, {"ist", "IST"},
		{"Prinses Irenestraat 286-1, 3038 TB Rotterdam", "CITY-ROTTERDAM"},
		{"Dorpsstraat 198 1501 JJ Zaandam", "CITY-ZAANDAM"},
		{"Laan van Meerdervoort 5, Den Haag", "CITY-DENHAAG"},
		{"Москва", "CITY-MOSCOW"},
	}
	for _, tc := range tests {
		p, ok := Lookup(tc.in)
		if !ok || p.Key != tc.key {
			t.Errorf("Lookup(%q) = %+v, %v; want %s", tc.in, p, ok, tc.key)
		}
	}
	if _, ok := Lookup("Nowhere Special"); ok {
		t.Error("found a place that is not in the gazetteer")
	}
	for _, p := range byKey {
		if p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180 {
			t.Errorf("%s: coordinates out of range", p.Key)
		}
	}
}
