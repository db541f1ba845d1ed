package resolve

import (
	"sort"
	"time"

	"github.com/mosaichq/mosaic/internal/store"
)

// Canonical ids. Every entity id is the birth id (store.EntityID) of one of
// its records, its anchor. The rules:
//
//   - a new cluster takes the birth id of its oldest record;
//   - a merge keeps the id of the oldest entity merged (its anchor's record
//     is the oldest), so the id an analyst has noted stays valid;
//   - a split leaves the id with the part that holds the anchor record, and
//     each other part takes the birth id of its own oldest record.
//
// Ids move only when membership changes, and the history records why.

// assignIDs gives each cluster its id and returns the assignments that
// changed and the history events that explain them. prev maps record ids
// to their current entity; created gives each record's first-seen time.
func assignIDs(clusters [][]string, prev map[string]string, created func(rec string) time.Time, by string, now time.Time) ([]store.Assignment, []store.HistoryEvent) {
	older := func(a, b string) bool {
		ta, tb := created(a), created(b)
		if !ta.Equal(tb) {
			return ta.Before(tb)
		}
		return a < b
	}
	size := map[string]int{}
	for _, e := range prev {
		size[e]++
	}
	var assigns []store.Assignment
	var events []store.HistoryEvent
	for _, c := range clusters {
		// Entity ids this cluster may keep: those whose anchor is a member.
		var keep []string // anchor records of previous entities in the cluster
		for _, r := range c {
			if e, ok := prev[r]; ok && store.EntityID(r) == e {
				keep = append(keep, r)
			}
		}
		var id string
		if len(keep) > 0 {
			sort.Slice(keep, func(i, j int) bool { return older(keep[i], keep[j]) })
			id = store.EntityID(keep[0])
		} else {
			oldest := c[0]
			for _, r := range c[1:] {
				if older(r, oldest) {
					oldest = r
				}
			}
			id = store.EntityID(oldest)
		}
		// Group members by where they were before.
		from := map[string][]string{}
		var fresh []string
		for _, r := range c {
			e, ok := prev[r]
			switch {
			case !ok:
				fresh = append(fresh, r)
			case e != id:
				from[e] = append(from[e], r)
			}
			if !ok || e != id {
				assigns = append(assigns, store.Assignment{Record: r, Entity: id})
			}
		}
		hadID := false
		for _, r := range c {
			if prev[r] == id {
				hadID = true
				break
			}
		}
		if !hadID {
			reason := "new records"
			if len(from) > 0 {
				reason = "split off or formed from other entities"
			}
			events = append(events, store.HistoryEvent{Entity: id, Kind: "created", Records: c, By: by, At: now, Reason: reason})
		} else if len(fresh) > 0 {
			events = append(events, store.HistoryEvent{Entity: id, Kind: "joined", Records: fresh, By: by, At: now,
				Reason: "new records matched this entity"})
		}
		olds := make([]string, 0, len(from))
		for e := range from {
			olds = append(olds, e)
		}
		sort.Strings(olds)
		for _, e := range olds {
			moved := from[e]
			sort.Strings(moved)
			events = append(events, store.HistoryEvent{Entity: id, Kind: "merged", Records: moved, Other: e, By: by, At: now,
				Reason: "records of " + e + " matched this entity"})
			kind, reason := "split", "records moved to "+id
			if len(moved) == size[e] {
				kind, reason = "merged into", "all records now belong to "+id
			}
			events = append(events, store.HistoryEvent{Entity: e, Kind: kind, Records: moved, Other: id, By: by, At: now,
				Reason: reason})
		}
	}
	return assigns, events
}
