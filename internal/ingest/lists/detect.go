package lists

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Detect guesses the format of a list from its path and first record: a
// directory (or file) with sdn.csv or cons_prim.csv is OFAC; XML rooted at
// CONSOLIDATED_LIST is UN, at export or sanctionEntity EU; JSON with
// _embedded.notices or entity_id is INTERPOL; JSON whose records have
// schema and properties is FtM.
func Detect(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if st.IsDir() {
		for _, lay := range ofacLayouts {
			if _, err := os.Stat(filepath.Join(path, lay.main)); err == nil {
				return FormatOFAC, nil
			}
		}
		return "", fmt.Errorf("%s: a directory without sdn.csv or cons_prim.csv", path)
	}
	base := strings.ToLower(filepath.Base(path))
	for _, lay := range ofacLayouts {
		if base == lay.main {
			return FormatOFAC, nil
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	format, err := sniff(bufio.NewReader(f))
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return format, nil
}

func sniff(r *bufio.Reader) (string, error) {
	head, _ := r.Peek(4096)
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) == 0 {
		return "", errors.New("empty file")
	}
	switch t[0] {
	case '<':
		dec := xml.NewDecoder(r)
		dec.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
		for {
			tok, err := dec.Token()
			if err != nil {
				return "", fmt.Errorf("XML without a root element: %w", err)
			}
			if se, ok := tok.(xml.StartElement); ok {
				switch se.Name.Local {
				case "CONSOLIDATED_LIST":
					return FormatUN, nil
				case "export", "sanctionEntity":
					return FormatEU, nil
				}
				return "", fmt.Errorf("unknown XML list with root %s", se.Name.Local)
			}
		}
	case '{', '[':
		dec := json.NewDecoder(r)
		if t[0] == '[' {
			if _, err := dec.Token(); err != nil {
				return "", err
			}
		}
		var first map[string]json.RawMessage
		if err := dec.Decode(&first); err != nil {
			return "", fmt.Errorf("JSON: %w", err)
		}
		if inner, ok := first["entity"]; ok && first["op"] != nil {
			_ = json.Unmarshal(inner, &first) // an FtM delta line
		}
		switch {
		case first["_embedded"] != nil, first["entity_id"] != nil:
			return FormatInterpol, nil
		case first["schema"] != nil && first["properties"] != nil:
			return FormatFtM, nil
		}
		return "", errors.New("JSON that is neither INTERPOL notices nor FtM entities")
	}
	return "", errors.New("neither XML nor JSON, and not an OFAC CSV file name")
}

// Load detects the format of path and imports it.
func Load(path string) (*List, error) {
	format, err := Detect(path)
	if err != nil {
		return nil, err
	}
	switch format {
	case FormatUN:
		return LoadUN(path)
	case FormatOFAC:
		return LoadOFAC(path)
	case FormatEU:
		return LoadEU(path)
	case FormatInterpol:
		return LoadInterpol(path)
	default:
		return LoadFtM(path)
	}
}
