package model

import (
	"fmt"
	"sort"
	"strings"
)

// A Label is a visibility expression in the Accumulo grammar:
//
//	expr   := term | '(' expr ')' | expr '&' expr | expr '|' expr
//	term   := [A-Za-z0-9_.:/-]+ | '"' (any char, with \" and \\ escaped) '"'
//
// As in Accumulo, '&' and '|' may not be mixed at one level without
// parentheses ("A&B|C" is an error), so every label has exactly one reading.
// The empty label is visible to everyone.
type Label struct {
	src  string
	root *labelNode // nil for the empty label
}

type labelOp uint8

const (
	opTerm labelOp = iota
	opAnd
	opOr
)

type labelNode struct {
	op   labelOp
	term string
	kids []*labelNode
}

// LabelError reports where a label expression is malformed.
type LabelError struct {
	Label  string
	Offset int
	Reason string
}

func (e *LabelError) Error() string {
	return fmt.Sprintf("bad label %q at offset %d: %s", e.Label, e.Offset, e.Reason)
}

// ParseLabel parses and validates a visibility expression.
func ParseLabel(s string) (Label, error) {
	if strings.TrimSpace(s) == "" {
		return Label{}, nil
	}
	p := labelParser{src: s}
	n, err := p.expr()
	if err != nil {
		return Label{}, err
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		return Label{}, p.fail("unexpected %q", p.src[p.pos])
	}
	return Label{src: s, root: n}, nil
}

// MustLabel parses s and panics if it is malformed. For literals in code and tests.
func MustLabel(s string) Label {
	l, err := ParseLabel(s)
	if err != nil {
		panic(err)
	}
	return l
}

// String returns the label as written.
func (l Label) String() string { return l.src }

// IsEmpty reports whether the label is visible to everyone.
func (l Label) IsEmpty() bool { return l.root == nil }

// Terms returns the distinct authorisation terms the label mentions, sorted.
func (l Label) Terms() []string {
	seen := map[string]bool{}
	var walk func(n *labelNode)
	walk = func(n *labelNode) {
		if n == nil {
			return
		}
		if n.op == opTerm {
			seen[n.term] = true
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(l.root)
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Satisfied reports whether a holder of auths may see data carrying this label.
func (l Label) Satisfied(auths Auths) bool {
	if l.root == nil || auths.all {
		return true
	}
	return l.root.eval(auths.set)
}

func (n *labelNode) eval(set map[string]struct{}) bool {
	switch n.op {
	case opTerm:
		_, ok := set[n.term]
		return ok
	case opAnd:
		for _, k := range n.kids {
			if !k.eval(set) {
				return false
			}
		}
		return true
	default:
		for _, k := range n.kids {
			if k.eval(set) {
				return true
			}
		}
		return false
	}
}

type labelParser struct {
	src string
	pos int
}

func (p *labelParser) fail(format string, args ...any) error {
	return &LabelError{Label: p.src, Offset: p.pos, Reason: fmt.Sprintf(format, args...)}
}

func (p *labelParser) skipSpace() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

// expr parses a sequence of operands joined by one kind of operator.
func (p *labelParser) expr() (*labelNode, error) {
	first, err := p.operand()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos >= len(p.src) || (p.src[p.pos] != '&' && p.src[p.pos] != '|') {
		return first, nil
	}
	opChar := p.src[p.pos]
	op := opAnd
	if opChar == '|' {
		op = opOr
	}
	node := &labelNode{op: op, kids: []*labelNode{first}}
	for {
		p.skipSpace()
		if p.pos >= len(p.src) {
			return node, nil
		}
		c := p.src[p.pos]
		if c == ')' {
			return node, nil
		}
		if c != '&' && c != '|' {
			return nil, p.fail("expected & or |, found %q", c)
		}
		if c != opChar {
			return nil, p.fail("cannot mix & and | without parentheses")
		}
		p.pos++
		k, err := p.operand()
		if err != nil {
			return nil, err
		}
		node.kids = append(node.kids, k)
	}
}

func (p *labelParser) operand() (*labelNode, error) {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return nil, p.fail("expression ends where a term was expected")
	}
	switch c := p.src[p.pos]; {
	case c == '(':
		p.pos++
		n, err := p.expr()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ')' {
			return nil, p.fail("missing )")
		}
		p.pos++
		return n, nil
	case c == '"':
		return p.quoted()
	case isTermByte(c):
		start := p.pos
		for p.pos < len(p.src) && isTermByte(p.src[p.pos]) {
			p.pos++
		}
		return &labelNode{op: opTerm, term: p.src[start:p.pos]}, nil
	default:
		return nil, p.fail("unexpected %q where a term was expected", c)
	}
}

func (p *labelParser) quoted() (*labelNode, error) {
	start := p.pos
	p.pos++ // opening quote
	var b strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch c {
		case '\\':
			if p.pos+1 >= len(p.src) || (p.src[p.pos+1] != '"' && p.src[p.pos+1] != '\\') {
				return nil, p.fail("bad escape in quoted term (only \\\" and \\\\ are allowed)")
			}
			b.WriteByte(p.src[p.pos+1])
			p.pos += 2
		case '"':
			p.pos++
			if b.Len() == 0 {
				p.pos = start
				return nil, p.fail("empty quoted term")
			}
			return &labelNode{op: opTerm, term: b.String()}, nil
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
	p.pos = start
	return nil, p.fail("unterminated quoted term")
}

func isTermByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '-' || c == '.' || c == ':' || c == '/'
}

// Auths is a viewer's set of authorisations. The zero value holds none:
// it sees only unlabelled data.
type Auths struct {
	all bool
	set map[string]struct{}
}

// AllAuths satisfies every label: the local single user of an embedded store.
func AllAuths() Auths { return Auths{all: true} }

// NewAuths builds an authorisation set from terms.
func NewAuths(terms ...string) Auths {
	a := Auths{set: make(map[string]struct{}, len(terms))}
	for _, t := range terms {
		t = strings.TrimSpace(t)
		if t != "" {
			a.set[t] = struct{}{}
		}
	}
	return a
}

// ParseAuths reads a comma-separated list such as "SECRET,FR". "*" means all.
func ParseAuths(s string) Auths {
	if strings.TrimSpace(s) == "*" {
		return AllAuths()
	}
	return NewAuths(strings.Split(s, ",")...)
}

// All reports whether these auths satisfy every label.
func (a Auths) All() bool { return a.all }

// Has reports whether the set holds term t.
func (a Auths) Has(t string) bool {
	if a.all {
		return true
	}
	_, ok := a.set[t]
	return ok
}

// Terms lists the authorisations, sorted ("*" for all).
func (a Auths) Terms() []string {
	if a.all {
		return []string{"*"}
	}
	out := make([]string, 0, len(a.set))
	for t := range a.set {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

func (a Auths) String() string { return strings.Join(a.Terms(), ",") }
