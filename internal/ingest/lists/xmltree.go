package lists

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// node is one element of a record read out of a streaming XML decoder:
// lists are large, records small, so each record is held whole while the
// file streams past.
type node struct {
	name  string // local name: namespaces are ignored, prefixed or not
	attrs []xml.Attr
	text  strings.Builder
	kids  []*node
	line  int
}

func (n *node) attr(name string) string {
	for _, a := range n.attrs {
		if a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// child returns the first child called name, or nil.
func (n *node) child(name string) *node {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// all returns the children called name.
func (n *node) all(name string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// value returns the cleaned text of the first child called name.
func (n *node) value(name string) string {
	if k := n.child(name); k != nil {
		return clean(k.text.String())
	}
	return ""
}

// values returns the cleaned, non-empty texts of name/VALUE children, the
// UN list's way of writing repeated values.
func (n *node) values(name, item string) []string {
	var out []string
	for _, k := range n.all(name) {
		for _, v := range k.all(item) {
			if t := clean(v.text.String()); t != "" {
				out = append(out, t)
			}
		}
	}
	return out
}

// xmlReader wraps a decoder with the element path, so errors can say where
// they happened.
type xmlReader struct {
	dec  *xml.Decoder
	file string
	path []string
}

func newXMLReader(r io.Reader, file string) *xmlReader {
	d := xml.NewDecoder(r)
	d.Strict = true
	// Lists declare UTF-8; anything else is refused with a clear error.
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return in, nil
		}
		return nil, errors.New("unsupported encoding " + label)
	}
	return &xmlReader{dec: d, file: file}
}

func (x *xmlReader) line() int {
	l, _ := x.dec.InputPos()
	return l
}

func (x *xmlReader) where() string { return strings.Join(x.path, "/") }

// fail wraps a decoder error with the file, line and element path.
func (x *xmlReader) fail(err error) error {
	var se *xml.SyntaxError
	line := x.line()
	if errors.As(err, &se) {
		line = se.Line
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		err = errors.New("unexpected end of file")
	}
	var pe *ParseError
	if errors.As(err, &pe) {
		return err
	}
	return &ParseError{File: x.file, Line: line, Element: x.where(), Err: err}
}

// next returns the next start or end element, skipping everything else;
// the path follows along.
func (x *xmlReader) next() (xml.Token, error) {
	for {
		tok, err := x.dec.Token()
		if err != nil {
			if err == io.EOF && len(x.path) == 0 {
				return nil, io.EOF
			}
			return nil, x.fail(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			x.path = append(x.path, t.Name.Local)
			return t, nil
		case xml.EndElement:
			x.path = x.path[:len(x.path)-1]
			return t, nil
		case xml.CharData:
			if len(x.path) == 0 && len(strings.TrimSpace(string(t))) > 0 {
				return nil, x.fail(errors.New("text outside the root element"))
			}
		}
	}
}

// readNode reads the element just started (and already on the path) into
// a tree, up to and including its end tag.
func (x *xmlReader) readNode(start xml.StartElement) (*node, error) {
	root := &node{name: start.Name.Local, attrs: start.Attr, line: x.line()}
	stack := []*node{root}
	for {
		tok, err := x.dec.Token()
		if err != nil {
			return nil, x.fail(err)
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			x.path = append(x.path, t.Name.Local)
			k := &node{name: t.Name.Local, attrs: t.Attr, line: x.line()}
			top.kids = append(top.kids, k)
			stack = append(stack, k)
		case xml.EndElement:
			x.path = x.path[:len(x.path)-1]
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return root, nil
			}
		case xml.CharData:
			top.text.Write(t)
		}
	}
}

// drain reads to the end of the document so that junk after the last
// record is refused rather than ignored.
func (x *xmlReader) drain() error {
	for {
		tok, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if _, ok := tok.(xml.StartElement); ok {
			return x.fail(errors.New("a second root element"))
		}
	}
}
