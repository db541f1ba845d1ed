package lists

import (
	"strings"
	"testing"

	"github.com/mosaichq/mosaic/internal/model"
)

func TestDiff(t *testing.T) {
	mk := func(id, schema string, props map[string][]string) *model.Entity {
		return &model.Entity{ID: id, Schema: schema, Properties: props}
	}
	old := &List{Entities: []*model.Entity{
		mk("a", "Person", map[string][]string{"name": {"A"}, "birthDate": {"1960", "1961"}}),
		mk("b", "Person", map[string][]string{"name": {"B"}}),
		mk("c", "Organization", map[string][]string{"name": {"C"}}),
		mk("d", "Person", map[string][]string{"name": {"D"}}),
	}}
	new := &List{Entities: []*model.Entity{
		mk("a", "Person", map[string][]string{"name": {"A"}, "birthDate": {"1961", "1960"}}), // order only
		mk("b", "Person", map[string][]string{"name": {"B", "Bee"}, "gender": {"female"}}),
		mk("c", "Company", map[string][]string{"name": {"C"}}),
		mk("e", "Person", map[string][]string{"name": {"E"}}),
	}}
	d := Diff(old, new)
	if strings.Join(d.Added, ",") != "e" || strings.Join(d.Removed, ",") != "d" || len(d.Changed) != 2 {
		t.Fatalf("diff %+v", d)
	}
	b := d.Changed[0]
	if b.ID != "b" || strings.Join(b.PropsAdded["name"], ",") != "Bee" || strings.Join(b.PropsAdded["gender"], ",") != "female" || len(b.PropsGone) != 0 {
		t.Errorf("change b %+v", b)
	}
	if c := d.Changed[1]; c.ID != "c" || c.OldSchema != "Organization" || c.NewSchema != "Company" {
		t.Errorf("change c %+v", c)
	}
	if !Diff(new, new).Empty() || Diff(nil, nil).Added != nil {
		t.Error("a list differs from itself")
	}
	back := Diff(new, old)
	if strings.Join(back.Added, ",") != "d" || strings.Join(back.Changed[0].PropsGone["name"], ",") != "Bee" {
		t.Errorf("reverse diff %+v", back)
	}
}

// The 2019 and 2021 OFAC SDN files are two real versions of one list.
func TestDiffOFAC2019To2021(t *testing.T) {
	old, err := LoadOFAC(sharedData(t, "watchlists/ofac_sdn_full"))
	if err != nil {
		t.Fatal(err)
	}
	new, err := LoadOFAC(sharedData(t, "watchlists/ofac_sdn_2021"))
	if err != nil {
		t.Fatal(err)
	}
	all := Diff(old, new)
	subjects := Diff(&List{Entities: old.Subjects()}, &List{Entities: new.Subjects()})
	t.Logf("all entities: %d added, %d removed, %d changed", len(all.Added), len(all.Removed), len(all.Changed))
	t.Logf("listed subjects: %d added, %d removed, %d changed", len(subjects.Added), len(subjects.Removed), len(subjects.Changed))
	props := map[string]int{}
	for _, c := range subjects.Changed {
		for p := range c.PropsAdded {
			props["+"+p]++
		}
		for p := range c.PropsGone {
			props["-"+p]++
		}
	}
	t.Logf("changed properties: %v", props)
	// 7,379 entries became 8,976: at least the difference was added, and
	// the list's churn is a minority of it.
	if len(subjects.Added)-len(subjects.Removed) != 8976-7379 {
		t.Errorf("added %d - removed %d != %d", len(subjects.Added), len(subjects.Removed), 8976-7379)
	}
	if len(subjects.Changed) == 0 || len(subjects.Changed) > 7379/2 {
		t.Errorf("%d changed subjects: implausible", len(subjects.Changed))
	}
	for _, id := range subjects.Added {
		if !strings.HasPrefix(id, "ofac-") || ListID(&model.Entity{ID: id}) == id {
			t.Fatalf("added id %q is not an OFAC id", id)
		}
	}
}
