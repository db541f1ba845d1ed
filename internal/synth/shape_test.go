package synth

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestNoticesHaveInterpolShape compares the notices file with the shared
// sample of INTERPOL's public Red Notice list, key for key, and checks the
// value formats.
func TestNoticesHaveInterpolShape(t *testing.T) {
	dir, _ := sharedWorld(t)
	var ours map[string]any
	data, err := os.ReadFile(filepath.Join(dir, "interpol_red_notices.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &ours); err != nil {
		t.Fatal(err)
	}
	notices := ours["_embedded"].(map[string]any)["notices"].([]any)
	if len(notices) == 0 {
		t.Fatal("no notices")
	}
	if int(ours["total"].(float64)) != len(notices) {
		t.Errorf("total %v, %d notices", ours["total"], len(notices))
	}
	dob := regexp.MustCompile(`^\d{4}/\d{2}/\d{2}$`)
	eid := regexp.MustCompile(`^\d{4}/\d{5}$`)
	iso2 := regexp.MustCompile(`^[A-Z]{2}$`)
	seen := map[string]bool{}
	for _, el := range notices {
		n := el.(map[string]any)
		id, _ := n["entity_id"].(string)
		if !eid.MatchString(id) || seen[id] {
			t.Errorf("entity_id %q bad or repeated", id)
		}
		seen[id] = true
		if d, _ := n["date_of_birth"].(string); !dob.MatchString(d) {
			t.Errorf("date_of_birth %q", d)
		}
		for _, f := range []string{"forename", "name"} {
			s, _ := n[f].(string)
			if s == "" || s != strings.ToUpper(s) {
				t.Errorf("%s %q: want upper case, non-empty", f, s)
			}
		}
		nats, _ := n["nationalities"].([]any)
		if len(nats) == 0 {
			t.Error("no nationalities")
		}
		for _, c := range nats {
			if s, _ := c.(string); !iso2.MatchString(s) {
				t.Errorf("nationality %q", s)
			}
		}
		self := n["_links"].(map[string]any)["self"].(map[string]any)["href"].(string)
		if want := noticeBase + "/" + strings.Replace(id, "/", "-", 1); self != want {
			t.Errorf("self link %s, want %s", self, want)
		}
	}

	sample := filepath.Join(repoRoot(t), "..", "shared", "data", "watchlists", "interpol", "red_notices_list_page1_2021-12-11.json")
	sdata, err := os.ReadFile(sample)
	if err != nil {
		t.Skipf("shared INTERPOL sample not available (%v); formats checked, shape comparison skipped", err)
	}
	var theirs map[string]any
	if err := json.Unmarshal(sdata, &theirs); err != nil {
		t.Fatal(err)
	}
	same := func(what string, a, b map[string]any) {
		if ka, kb := keysOf(a), keysOf(b); strings.Join(ka, ",") != strings.Join(kb, ",") {
			t.Errorf("%s keys %v, sample has %v", what, ka, kb)
		}
	}
	same("top-level", ours, theirs)
	same("query", ours["query"].(map[string]any), theirs["query"].(map[string]any))
	same("_embedded", ours["_embedded"].(map[string]any), theirs["_embedded"].(map[string]any))
	// The list holds every notice on one page, so there is no "next" page.
	theirLinks := theirs["_links"].(map[string]any)
	delete(theirLinks, "next")
	same("_links", ours["_links"].(map[string]any), theirLinks)
	ref := theirs["_embedded"].(map[string]any)["notices"].([]any)[0].(map[string]any)
	for _, el := range notices {
		n := el.(map[string]any)
		same("notice", n, ref)
		for k, v := range ref {
			if tv, ok := n[k]; ok && typeName(tv) != typeName(v) {
				t.Errorf("notice field %s is %s, sample has %s", k, typeName(tv), typeName(v))
			}
		}
		links := n["_links"].(map[string]any)
		for k := range links {
			if _, ok := ref["_links"].(map[string]any)[k]; !ok {
				t.Errorf("link %s not in the sample", k)
			}
		}
	}
	// The sample's own values match the formats we write.
	for _, el := range theirs["_embedded"].(map[string]any)["notices"].([]any) {
		n := el.(map[string]any)
		if !eid.MatchString(n["entity_id"].(string)) {
			t.Errorf("sample entity_id %v does not match our format", n["entity_id"])
		}
	}
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case nil:
		return "null"
	}
	return "other"
}
