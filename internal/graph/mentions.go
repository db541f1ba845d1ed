package graph

import (
	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/search"
)

// SearchMentions resolves names mentioned in reports with the search
// index: a name counts for the records it clearly names (score ≥ 0.9),
// and for none when more than three records qualify — an ambiguous
// mention links no one.
func SearchMentions(ix *search.Index) func(string) []Mention {
	everyone := model.Everyone()
	return func(name string) []Mention {
		hits := ix.Search(name, everyone, search.Options{Limit: 5, Schema: "LegalEntity"})
		var out []Mention
		for _, h := range hits {
			if h.Score >= 0.9 {
				out = append(out, Mention{Record: h.Record, Label: h.Label})
			}
		}
		if len(out) > 3 {
			return nil
		}
		return out
	}
}
