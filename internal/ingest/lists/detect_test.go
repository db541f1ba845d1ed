package lists

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDetect(t *testing.T) {
	tmp := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		path, want string
	}{
		{"testdata/un_sample.xml", FormatUN},
		{"testdata/ofac", FormatOFAC},
		{"testdata/ofac/sdn.csv", FormatOFAC},
		{"testdata/eu_fsf_sample.xml", FormatEU},
		{"testdata/interpol_detail.json", FormatInterpol},
		{"testdata/interpol_details.jsonl", FormatInterpol},
		{"testdata/ftm_sample.ftm.json", FormatFtM},
		{write("page.json", `{"total":1,"_embedded":{"notices":[]}}`), FormatInterpol},
		{write("array.json", ` [{"entity_id":"2020/1"}]`), FormatInterpol},
		{write("delta.json", `{"op":"ADD","entity":{"id":"a","schema":"Person","properties":{}}}`), FormatFtM},
		{write("bom.xml", "\ufeff<?xml version=\"1.0\"?>\n<!-- x --><CONSOLIDATED_LIST/>"), FormatUN},
		{write("fsd.xml", `<fsd:export xmlns:fsd="http://eu.europa.ec/fpi/fsd/export"/>`), FormatEU},
	}
	for _, c := range cases {
		got, err := Detect(c.path)
		if err != nil || got != c.want {
			t.Errorf("Detect(%s) = %q, %v; want %q", c.path, got, err, c.want)
		}
	}
	for _, bad := range []string{
		tmp, // a directory without OFAC files
		write("empty.json", ""),
		write("other.xml", "<rss/>"),
		write("other.json", `{"hello": 1}`),
		write("list.csv", "a,b\n1,2\n"),
		filepath.Join(tmp, "missing.xml"),
	} {
		if got, err := Detect(bad); err == nil {
			t.Errorf("Detect(%s) = %q, want an error", bad, got)
		}
	}
	for _, c := range cases[:7] {
		l, err := Load(c.path)
		if err != nil {
			t.Errorf("Load(%s): %v", c.path, err)
			continue
		}
		if l.Format != c.want {
			t.Errorf("Load(%s) format %q", c.path, l.Format)
		}
	}
}
