package names

import (
	"bufio"
	"embed"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

//go:embed data/*.txt
var dataFS embed.FS

// lexicon holds the curated data files, folded the same way as names are,
// so lookups are plain map hits at parse time.
type lexicon struct {
	groups     map[string][]uint16    // canonical token text -> variant group ids
	groupNames []string               // group id -> first member, for explanations
	titles     map[string][]titleInfo // by folded text; one entry per script (Latin "mr", Hebrew "מר")
	maxTitle   int                    // longest title in tokens
	legal      map[string]string      // folded form (space-joined tokens) -> symbol
	maxLegal   int
	orgTerms   map[string]bool
	// Japanese names (see cjk.go).
	ja map[string]jaName
	// Words found inside unspaced CJK organisation names: legal forms
	// (kept as written) and generic words (replaced by English ones).
	cjkWords map[string]string
	cjkMax   int // longest word in runes
}

type titleInfo struct {
	script   Script // titles match only tokens written in their own script
	soft     bool   // also a given name: drop only when two tokens remain
	trailing bool   // stands after the name
	anywhere bool   // a passenger title, dropped wherever it stands (PRIYA MRS DESAI)
}

// title finds the entry for a folded title written as tok.
func (l *lexicon) title(key, tok string) (titleInfo, bool) {
	for _, ti := range l.titles[key] {
		if sameScript(ti.script, tok) {
			return ti, true
		}
	}
	return titleInfo{}, false
}

var (
	lexOnce sync.Once
	lex     *lexicon
)

func getLexicon() *lexicon {
	lexOnce.Do(func() {
		l, err := loadLexicon()
		if err != nil {
			panic(err) // embedded data is part of the build; a bad file is a programming error
		}
		lex = l
	})
	return lex
}

func readLines(name string, fn func(line string, lineNo int) error) error {
	f, err := dataFS.Open("data/" + name)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(line, n); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	return sc.Err()
}

// foldedSeq folds an entry into its token sequence joined by spaces,
// without compound handling (titles and legal forms are matched on the
// plain folded tokens).
func foldedSeq(s string) string {
	raw := splitRaw(norm.NFKC.String(s))
	parts := make([]string, 0, len(raw))
	for _, r := range raw {
		if f := foldToken(r.text); f != "" {
			parts = append(parts, f)
		}
	}
	return strings.Join(parts, " ")
}

func loadLexicon() (*lexicon, error) {
	l := &lexicon{
		groups:   map[string][]uint16{},
		titles:   map[string][]titleInfo{},
		legal:    map[string]string{},
		orgTerms: map[string]bool{},
		ja:       map[string]jaName{},
		cjkWords: map[string]string{},
	}
	err := readLines("ja_names.txt", func(line string, _ int) error {
		f := strings.Fields(line)
		if len(f) != 3 || (f[2] != "s" && f[2] != "g") {
			return fmt.Errorf("want: kanji reading s|g")
		}
		rom := translitKana(f[1])
		if old, ok := l.ja[f[0]]; ok && old.surname {
			return nil
		}
		l.ja[f[0]] = jaName{romaji: rom, surname: f[2] == "s"}
		return nil
	})
	if err != nil {
		return nil, err
	}
	l.groupNames = append(l.groupNames, "") // id 0 means none
	err = readLines("variants.txt", func(line string, _ int) error {
		id := uint16(len(l.groupNames))
		if int(id) != len(l.groupNames) {
			return fmt.Errorf("too many variant groups")
		}
		first := ""
		for _, e := range strings.Split(line, ",") {
			key := canonicalEntry(e)
			if key == "" {
				continue
			}
			if first == "" {
				first = key
			}
			have := l.groups[key]
			dup := false
			for _, g := range have {
				dup = dup || g == id
			}
			if !dup && len(have) < maxGroups {
				l.groups[key] = append(have, id)
			}
		}
		if first == "" {
			return fmt.Errorf("empty group")
		}
		l.groupNames = append(l.groupNames, first)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readLines("titles.txt", func(line string, _ int) error {
		var ti titleInfo
		if strings.HasPrefix(line, "~") {
			ti.soft = true
			line = line[1:]
		}
		if strings.HasPrefix(line, "*") {
			ti.anywhere = true
			line = line[1:]
		}
		if strings.HasSuffix(line, "$") {
			ti.trailing = true
			line = strings.TrimSuffix(line, "$")
		}
		key := foldedSeq(line)
		if key == "" {
			return fmt.Errorf("empty title")
		}
		ti.script = DetectScript(line)
		// Two spellings may fold alike (Latin "mr", Hebrew "מר"): each
		// keeps its own script; the same title twice merges its marks.
		merged := false
		for i, old := range l.titles[key] {
			if old.script == ti.script {
				old.trailing = old.trailing || ti.trailing
				old.anywhere = old.anywhere || ti.anywhere
				old.soft = old.soft && ti.soft
				l.titles[key][i] = old
				merged = true
			}
		}
		if !merged {
			l.titles[key] = append(l.titles[key], ti)
		}
		if n := strings.Count(key, " ") + 1; n > l.maxTitle {
			l.maxTitle = n
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readLines("legal_forms.txt", func(line string, _ int) error {
		sym, forms, ok := strings.Cut(line, ":")
		if !ok {
			return fmt.Errorf("want SYMBOL: forms")
		}
		sym = strings.TrimSpace(sym)
		for _, f := range strings.Split(forms, ",") {
			if f = strings.TrimSpace(f); isCJK(f) {
				l.addCJKWord(f, f)
			}
			key := foldedSeq(f)
			if key == "" {
				continue
			}
			l.legal[key] = sym
			if n := strings.Count(key, " ") + 1; n > l.maxLegal {
				l.maxLegal = n
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readLines("cjk_terms.txt", func(line string, _ int) error {
		word, en, ok := strings.Cut(line, " ")
		if !ok {
			return fmt.Errorf("want: word english")
		}
		l.addCJKWord(word, strings.TrimSpace(en))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readLines("org_terms.txt", func(line string, _ int) error {
		for _, f := range strings.Split(line, ",") {
			for _, w := range strings.Fields(foldedSeq(f)) {
				l.orgTerms[w] = true
			}
		}
		return nil
	})
	return l, err
}

func (l *lexicon) addCJKWord(word, repl string) {
	l.cjkWords[word] = repl
	if n := utf8.RuneCountInString(word); n > l.cjkMax {
		l.cjkMax = n
	}
}

// hanData holds the readings of Han characters. It loads on its own
// (folding any text with Han characters needs it, the lexicon's own files
// among them).
type hanData struct {
	chars    map[rune]hanChar
	compound map[string]bool // two-character family names
}

var (
	hanOnce sync.Once
	han     *hanData
)

func getHan() *hanData {
	hanOnce.Do(func() {
		h := &hanData{chars: map[rune]hanChar{}, compound: map[string]bool{}}
		err := readLines("han.txt", func(line string, _ int) error {
			f := strings.Fields(line)
			if f[0] == "=" {
				for _, c := range f[1:] {
					h.compound[c] = true
				}
				return nil
			}
			r, n := utf8.DecodeRuneInString(f[0])
			if n != len(f[0]) || len(f) < 3 {
				return fmt.Errorf("want: character pinyin hangul [surname]")
			}
			c := hanChar{pinyin: f[1]}
			if f[2] != "-" {
				c.hangul = f[2]
			}
			if len(f) > 3 {
				c.surname = f[3]
			}
			h.chars[r] = c
			return nil
		})
		if err != nil {
			panic(err)
		}
		han = h
	})
	return han
}

// canonicalEntry runs a variant entry through the person-name token
// canonicalisation (articles, Abd/Abu compounds) and returns its single
// token text, or "" if it is not a single name part.
func canonicalEntry(e string) string {
	e = strings.TrimSpace(e)
	if e == "" {
		return ""
	}
	toks := canonicalTokens(splitRaw(norm.NFKC.String(e)), Person, nil)
	if len(toks) != 1 {
		return ""
	}
	return toks[0].Text
}

// VariantGroups returns, for diagnostics and tests, the canonical group
// names a token belongs to.
func VariantGroups(token string) []string {
	l := getLexicon()
	var out []string
	for _, g := range l.groups[canonicalEntry(token)] {
		out = append(out, l.groupNames[g])
	}
	sort.Strings(out)
	return out
}
