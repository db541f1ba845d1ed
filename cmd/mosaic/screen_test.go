package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A made-up FtM watchlist of three subjects.
const screenTestList = `{"id":"wl-1","schema":"Person","properties":{"name":["Rashid Obeidi Khaldoun"],"birthDate":["1971-03-14"],"nationality":["jo"]}}
{"id":"wl-2","schema":"Person","properties":{"name":["Andrei Vinogradov"],"alias":["Андрей Виноградов"],"birthDate":["1965"]}}
{"id":"wl-3","schema":"Company","properties":{"name":["Golden Falcon Shipping LLC"]}}
`

func TestScreenCommand(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "testlist.ftm.json")
	if err := os.WriteFile(list, []byte(screenTestList), 0o644); err != nil {
		t.Fatal(err)
	}
	// Columns out of order, an extra column, empty cells.
	queries := "nationality,last_name,first_name,full_name,date_of_birth,extra,gender,middle_name,place_of_birth\n" +
		"Jordan,,,Rashid Obeidi Khaldun,1971-03-14,x,male,,Amman\n" +
		",Vinogradov,Andrey,,1965-06-01,,,,\n" +
		",,,Nobody Unlisted Atall,1990-01-01,,,,\n"
	in := filepath.Join(dir, "q.csv")
	if err := os.WriteFile(in, []byte(queries), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "r.csv")
	code, _, stderr := run(t, "screen", "--watchlist", list, "--input", in, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "screened 3 queries") {
		t.Errorf("no summary: %q", stderr)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "row,list,list_id,caption,score,match" {
		t.Fatalf("header %v", rows[0])
	}
	top := map[string][]string{}
	for _, r := range rows[1:] {
		if _, seen := top[r[0]]; !seen {
			top[r[0]] = r
		}
	}
	for row, id := range map[string]string{"1": "wl-1", "2": "wl-2"} {
		r := top[row]
		if r == nil || r[2] != id || r[5] != "true" || r[1] != "testlist.ftm" && r[1] != "testlist" {
			t.Errorf("row %s: %v, want a match with %s", row, r, id)
		}
	}
	if r := top["3"]; r != nil && r[5] == "true" {
		t.Errorf("unlisted person matched: %v", r)
	}
}

func TestScreenCommandUsage(t *testing.T) {
	for _, args := range [][]string{
		{"screen", "--input", "q.csv"},
		{"screen", "--watchlist", "x"},
		{"screen", "--watchlist", "x", "--input", "q.csv", "--threshold", "2"},
		{"screen", "pairs"},
	} {
		if code, _, _ := run(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestScreenPairsCommand(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "pairs.csv")
	data := "name1,name2,schema,note\n" +
		"Vladimir Putin,Владимир Путин,,a\n" +
		"Rashid Obeidi,Rashid Khoury,Person,b\n" +
		"Golden Falcon Shipping LLC,Golden Falcon Shipping Limited Liability Company,Company,c\n" +
		"Golden Falcon Shipping LLC,Silver Eagle Mining JSC,Organization,d\n"
	if err := os.WriteFile(in, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "screen", "pairs", in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "name1,name2,schema,note,score,match" {
		t.Fatalf("header %v", rows[0])
	}
	want := []string{"true", "false", "true", "false"}
	for i, w := range want {
		if rows[i+1][5] != w || rows[i+1][3] == "" {
			t.Errorf("row %d: %v, want match=%s", i+1, rows[i+1], w)
		}
	}
	out := filepath.Join(dir, "out.csv")
	if code, _, stderr := run(t, "screen", "pairs", in, "--out", out); code != 0 {
		t.Fatalf("--out: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(out); err != nil || !strings.HasPrefix(string(b), "name1,name2,schema,note,score,match") {
		t.Errorf("--out file: %v %q", err, b)
	}
}

func TestBenchScreenCommand(t *testing.T) {
	code, stdout, stderr := run(t, "bench", "screen", "--names", "3000", "--queries", "200")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	last := lines[len(lines)-1]
	if !regexp.MustCompile(`^names=\d+ queries=200 qps=\d+ p99_ms=[0-9.]+$`).MatchString(last) {
		t.Errorf("last line %q", last)
	}
	if !strings.Contains(stdout, "per core") || !strings.Contains(stdout, "build:") {
		t.Errorf("no per-core or build figure:\n%s", stdout)
	}
}
