// Package geo places names on a map: a small embedded gazetteer of
// airports (by IATA code), border crossing points and cities, with
// approximate public coordinates. It works offline, as agencies do.
package geo

import (
	"bufio"
	"bytes"
	_ "embed"
	"strconv"
	"strings"
	"sync"

	"github.com/mosaichq/mosaic/internal/names"
)

//go:embed data/places.csv
var placesCSV []byte

// Place is a point on the map.
type Place struct {
	Key  string  `json:"key"`
	Name string  `json:"name"`
	Lat  float64 `json:"lat"`
	Lon  float64 `json:"lon"`
	Kind string  `json:"kind"` // airport, crossing, city
}

var (
	once   sync.Once
	byKey  map[string]*Place
	byName map[string]*Place
	cities []*Place
)

func load() {
	byKey, byName = map[string]*Place{}, map[string]*Place{}
	sc := bufio.NewScanner(bytes.NewReader(placesCSV))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "key|") {
			continue
		}
		f := strings.Split(line, "|")
		if len(f) != 5 {
			panic("geo: bad gazetteer line: " + line)
		}
		lat, err1 := strconv.ParseFloat(f[2], 64)
		lon, err2 := strconv.ParseFloat(f[3], 64)
		if err1 != nil || err2 != nil {
			panic("geo: bad coordinates: " + line)
		}
		alias := strings.Split(f[1], ";")
		p := &Place{Key: f[0], Name: alias[0], Lat: lat, Lon: lon, Kind: f[4]}
		byKey[strings.ToUpper(f[0])] = p
		for _, a := range alias {
			byName[names.Fold(a)] = p
		}
		if p.Kind == "city" {
			cities = append(cities, p)
		}
	}
}

// Lookup finds a place by code (AMS), name (Schiphol) or, for addresses,
// a city named within the text ("Dorpsstraat 1, 1501 AB Zaandam").
func Lookup(s string) (*Place, bool) {
	once.Do(load)
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, false
	}
	if p, ok := byKey[strings.ToUpper(s)]; ok {
		return p, true
	}
	f := names.Fold(s)
	if p, ok := byName[f]; ok {
		return p, true
	}
	// A city inside a longer text: the longest city name that appears as
	// whole words wins ("Den Haag" over "Haag").
	var best *Place
	bestLen := 0
	padded := " " + f + " "
	for name, p := range byName {
		if len(name) > bestLen && strings.Contains(padded, " "+name+" ") {
			best, bestLen = p, len(name)
		}
	}
	return best, best != nil
}
