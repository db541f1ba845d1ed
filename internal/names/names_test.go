package names

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDetectScript(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Script
	}{
		{"Vladimir Putin", ScriptLatin},
		{"Владимир Путин", ScriptCyrillic},
		{"Βλαντίμιρ Πούτιν", ScriptGreek},
		{"محمد علي", ScriptArabic},
		{"ولادیمیر پوتین", ScriptArabic}, // Persian letters
		{"ولادیمیر پوٹن", ScriptArabic},  // Urdu letters
		{"ולדימיר פוטין", ScriptHebrew},
		{"习近平", ScriptHan},
		{"ウラジーミル", ScriptKana},
		{"김정은", ScriptHangul},
		{"ვლადიმერ", ScriptOther},
		{"123 -", ScriptUnknown},
	} {
		if got := DetectScript(tc.in); got != tc.want {
			t.Errorf("DetectScript(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Vladímír  Pútín", "vladimir putin"},
		{"MÜLLER-Lüdenscheidt", "muller ludenscheidt"},
		{"Straße", "strasse"},
		{"Łukasz Żółć", "lukasz zolc"}, {"Dvořák Škoda", "dvorak shkoda"},
		{"Владимир Путин", "vladimir putin"},
		{"Влади́мир ПУ́ТИН", "vladimir putin"},
		{"Володимир Путін", "volodymyr putin"},
		{"Олександр Гончаренко", "oleksandr goncharenko"}, // no Ukrainian-only letter: read as Russian
		{"Гончаренко Олексій", "honcharenko oleksiy"},
		{"Νικόλαος", "nikolaos"},
		{"Βλαντίμιρ Πούτιν", "vlandimir poutin"},
		{"محمد", "mhmd"},
		{"يوسف", "yusf"},
		{"داود", "dawd"},
		{"پرویز", "prwiz"},
		{"گل", "gl"},
		{"ג'ורג' וושינגטון", "jorj vshington"},
		{"משה", "msha"},
		{"김정은", "gimjeongeun"},
		{"ＡＢＣ", "abc"},
		{"O'Brien", "obrien"},
		{"習近平", "xijinping"},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Skeletons must agree across transliterations of one name and differ for
// different names: the property the blocking keys rest on.
func TestSkeletons(t *testing.T) {
	same := [][]string{
		{"Mohammed", "Muhammad", "Mohamad", "Mehmet", "محمد"},
		{"Youssef", "Yusuf", "Yousef", "يوسف"},
		{"Khaled", "Khalid", "Chaled", "Halid", "خالد"},
		{"Vladimir", "Wladimir", "Владимир", "فلاديمير", "ולדימיר"},
		{"Putin", "Poutine", "Путин", "بوتين", "פוטין", "Πούτιν"},
		{"Hussein", "Husain", "Hüseyin", "حسين"},
		{"Smith", "Smyth", "سميث", "Смит"},
		{"Qaddafi", "Gaddafi", "Kadafi"},
		{"Vladimirovich", "Władimirowicz", "Wladimirowitsch", "Vladimirovitch", "Владимирович"},
	}
	key := func(s string) (string, string) {
		n := Parse(s, Person)
		if len(n.Tokens) != 1 {
			t.Fatalf("%q parsed into %d tokens", s, len(n.Tokens))
		}
		return n.Tokens[0].Skel, n.Tokens[0].Skel2
	}
	for _, group := range same {
		k0, a0 := key(group[0])
		for _, s := range group[1:] {
			k, a := key(s)
			if k != k0 && k != a0 && a != k0 && (a == "" || a != a0) {
				t.Errorf("skeleton(%q) = %s/%s, skeleton(%q) = %s/%s", group[0], k0, a0, s, k, a)
			}
		}
	}
	for _, pair := range [][2]string{{"Ahmed", "Mahmoud"}, {"Melli", "Mellat"}, {"Ali", "Omar"}, {"Putin", "Patel"}} {
		a, _ := key(pair[0])
		b, _ := key(pair[1])
		if a == b {
			t.Errorf("skeleton(%q) = skeleton(%q) = %s", pair[0], pair[1], a)
		}
	}
}

func TestParse(t *testing.T) {
	type tok struct {
		text string
		role Role
	}
	for _, tc := range []struct {
		in     string
		kind   Kind
		want   []tok
		legal  string
		titles string
	}{
		{"Muhammad bin Salman", Person, []tok{{"muhammad", RoleGiven}, {"salman", RolePatronymic}}, "", ""},
		{"Abd al-Rahman al-Masri", Person, []tok{{"abdrahman", RoleGiven}, {"masri", RoleFamily}}, "", ""},
		{"Abdulrahman", Person, []tok{{"abdrahman", RoleUnknown}}, "", ""},
		{"Abdel Rahman", Person, []tok{{"abdrahman", RoleUnknown}}, "", ""},
		{"Abdelrahman", Person, []tok{{"abdrahman", RoleUnknown}}, "", ""},
		{"عبد الرحمن", Person, []tok{{"abdrhmn", RoleUnknown}}, "", ""},
		{"Abu Bakr", Person, []tok{{"abubakr", RoleUnknown}}, "", ""},
		{"Salah ad-Din", Person, []tok{{"salahdin", RoleUnknown}}, "", ""},
		{"Salahuddin", Person, []tok{{"salahdin", RoleUnknown}}, "", ""},
		{"PUTIN, Vladimir Vladimirovich", Person, []tok{{"putin", RoleFamily}, {"vladimir", RoleGiven}, {"vladimirovich", RolePatronymic}}, "", ""},
		{"PUTIN Vladimir", Person, []tok{{"putin", RoleFamily}, {"vladimir", RoleGiven}}, "", ""},
		{"Путин Владимир Владимирович", Person, []tok{{"putin", RoleFamily}, {"vladimir", RoleGiven}, {"vladimirovich", RolePatronymic}}, "", ""},
		{"Dr. John Smith", Person, []tok{{"john", RoleGiven}, {"smith", RoleFamily}}, "", "dr"},
		{"Sheikh Ahmed", Person, []tok{{"ahmed", RoleUnknown}}, "", "sheikh"},
		{"Sheikh", Person, []tok{{"sheikh", RoleUnknown}}, "", ""}, // a title alone is kept
		{"Adbul Haq", Person, []tok{{"abdhaq", RoleUnknown}}, "", ""},
		{"Abdou Karim", Person, []tok{{"abdou", RoleGiven}, {"karim", RoleFamily}}, "", ""},
		{"Abul Kalam", Person, []tok{{"abul", RoleGiven}, {"kalam", RoleFamily}}, "", ""}, // not a mistyped Abdul
		{"Putyin elnök", Person, []tok{{"putyin", RoleUnknown}}, "", "elnok"},
		{"Syed Ali", Person, []tok{{"syed", RoleGiven}, {"ali", RoleFamily}}, "", ""},            // soft title needs two names after it
		{"Mr Rahul Singh", Person, []tok{{"rahul", RoleGiven}, {"singh", RoleFamily}}, "", "mr"}, // Latin "mr" and Hebrew "מר" fold alike; each keeps its script
		{"מר דוד כהן", Person, []tok{{"dod", RoleGiven}, {"khn", RoleFamily}}, "", "mr"},
		{"PRIYA MRS DESAI", Person, []tok{{"priya", RoleGiven}, {"desai", RoleFamily}}, "", "mrs"}, // a passenger title appended to the given name
		{"Priya Mrs", Person, []tok{{"priya", RoleGiven}, {"mrs", RoleFamily}}, "", ""},            // but never down to one token
		{"Dhr. Stijn de Jong", Person, []tok{{"stijn", RoleGiven}, {"de", RoleParticle}, {"jong", RoleFamily}}, "", "dhr"},
		{"Pieter van der Berg", Person, []tok{{"pieter", RoleGiven}, {"van", RoleParticle}, {"der", RoleParticle}, {"berg", RoleFamily}}, "", ""},
		{"Inter Tobacco LLC", Organization, []tok{{"inter", RoleUnknown}, {"tobacco", RoleUnknown}}, "LLC", ""},
		{"ООО Интер Тобако", Organization, []tok{{"inter", RoleUnknown}, {"tobako", RoleUnknown}}, "LLC", ""},
		{"Limited Liability Company Inter Tobacco", Organization, []tok{{"inter", RoleUnknown}, {"tobacco", RoleUnknown}}, "LLC", ""},
		{"Gazprom PJSC", Organization, []tok{{"gazprom", RoleUnknown}}, "JSC", ""},
		{"김정은", Person, []tok{{"kim", RoleFamily}, {"jeongeun", RoleGiven}}, "", ""},
	} {
		n := Parse(tc.in, tc.kind)
		var got []tok
		for _, t := range n.Tokens {
			got = append(got, tok{t.Text, t.Role})
		}
		if len(got) != len(tc.want) {
			t.Errorf("Parse(%q) = %v, want %v", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("Parse(%q) = %v, want %v", tc.in, got, tc.want)
				break
			}
		}
		if n.Legal != tc.legal {
			t.Errorf("Parse(%q).Legal = %q, want %q", tc.in, n.Legal, tc.legal)
		}
		if strings.Join(n.Titles, ",") != tc.titles {
			t.Errorf("Parse(%q).Titles = %q, want %q", tc.in, n.Titles, tc.titles)
		}
	}
}

func TestParseKeepTitles(t *testing.T) {
	n := ParseKeepTitles("Maulana Fazlullah", Person)
	if len(n.Tokens) != 2 || n.Tokens[0].Text != "maulana" || len(n.Titles) != 0 {
		t.Errorf("ParseKeepTitles: %+v titles %v", n.Tokens, n.Titles)
	}
	if m := Parse("Maulana Fazlullah", Person); len(m.Tokens) != 1 || len(m.Titles) != 1 {
		t.Errorf("Parse: %+v titles %v", m.Tokens, m.Titles)
	}
}

func TestParseParts(t *testing.T) {
	n := ParseParts(Parts{First: "Vladimir", Patronymic: "Vladimirovich", Last: "Putin"}, Person)
	want := []Role{RoleGiven, RolePatronymic, RoleFamily}
	if len(n.Tokens) != 3 {
		t.Fatalf("tokens %v", n.Tokens)
	}
	for i, r := range want {
		if n.Tokens[i].Role != r {
			t.Errorf("token %d role %v, want %v", i, n.Tokens[i].Role, r)
		}
	}
	if n.Raw != "Vladimir Vladimirovich Putin" {
		t.Errorf("Raw = %q", n.Raw)
	}
	m := ParseParts(Parts{First: "Abdul", Last: "Rahman Khan"}, Person)
	if m.Tokens[0].Text != "abdrahman" || m.Tokens[0].Role != RoleGiven || m.Tokens[1].Role != RoleFamily {
		t.Errorf("compound across parts: %+v", m.Tokens)
	}
}

func TestVariantGroups(t *testing.T) {
	for _, pair := range [][2]string{{"Mohammed", "Mehmet"}, {"Yusuf", "Joseph"}, {"Hüseyin", "Hossein"}, {"Sasha", "Oleksandr"}, {"Bill", "Guillaume"}, {"Bob", "Robert"}, {"Liz", "Elizabeth"}, {"Katya", "Ekaterina"}, {"Dima", "Dmitry"}, {"محمد", "Mohamed"}, {"Abdulrahman", "عبد الرحمن"}} {
		ga, gb := VariantGroups(pair[0]), VariantGroups(pair[1])
		shared := false
		for _, x := range ga {
			for _, y := range gb {
				shared = shared || x == y
			}
		}
		if !shared {
			t.Errorf("%q %v and %q %v share no variant group", pair[0], ga, pair[1], gb)
		}
	}
	for _, pair := range [][2]string{{"Ahmed", "Mahmoud"}, {"Hassan", "Hussein"}, {"Ivan", "Ivana"}, {"Jamal", "Jamil"}} {
		ga, gb := VariantGroups(pair[0]), VariantGroups(pair[1])
		for _, x := range ga {
			for _, y := range gb {
				if x == y {
					t.Errorf("%q and %q share group %q", pair[0], pair[1], x)
				}
			}
		}
	}
}

func TestMatchCases(t *testing.T) {
	P, O := Person, Organization
	for _, tc := range []struct {
		a, b  string
		kind  Kind
		match bool
	}{
		// Same person.
		{"Muhammad bin Salman", "محمد بن سلمان", P, true},
		{"Abd al-Rahman al-Masri", "Abdulrahman Elmasri", P, true},
		{"Abdul Rahman Masri", "عبد الرحمن المصري", P, true},
		{"Vladimir Putin", "PUTIN, Vladimir Vladimirovich", P, true},
		{"Vladimir Putin", "Путин Владимир Владимирович", P, true},
		{"Vladimir Putin", "Βλαντίμιρ Πούτιν", P, true},
		{"Vladimir Putin", "ולדימיר פוטין", P, true},
		{"Vladimir Putin", "ولادیمیر پوتین", P, true},
		{"Vladimir Putin", "Putin Volodymyr Volodymyrovych", P, true},
		{"J. Smith", "John Smith", P, true},
		{"Jon Smith", "John Smith", P, true},
		{"Pieter van der Berg", "Pieter Vanderberg", P, true},
		{"Hüseyin Çelik", "Hussein Celik", P, true},
		{"Ahmed Hassan", "أحمد حسن", P, true},
		{"Alexander Petrov", "Александр Петров", P, true},
		{"Kim Jong Un", "김정은", P, true},
		{"Jean-Pierre Dubois", "Jean Pierre DUBOIS", P, true},
		// Han characters, kana and Thai.
		{"金正恩", "Kim Jong Un", P, true},
		{"金正恩", "김정은", P, true},
		{"习近平", "Xi Jinping", P, true},
		{"李明", "Li Ming", P, true},
		{"山田太郎", "Yamada Taro", P, true},
		{"すずき いちろう", "Ichiro Suzuki", P, true},
		{"สมชาย ใจดี", "Somchai Jaidee", P, true},
		{"华为技术有限公司", "Huawei Technologies Co., Ltd.", O, true},
		{"株式会社ホシノ", "Hoshino KK", O, true},
		// Organisations by their acronyms.
		{"IRISL", "Islamic Republic of Iran Shipping Lines", O, true},
		{"NIOC", "National Iranian Oil Company", O, true},
		{"PDVSA", "Petróleos de Venezuela S.A.", O, true},
		{"I.R.I.S.L.", "Islamic Republic of Iran Shipping Lines", O, true},
		{"NIOC", "National Iranian Gas Company", O, false},
		// A family name moved to the front is not a father's name.
		{"Mehdi ben Mohamed ben Mohamed Kammoun", "Kammoun Mehdi ben Mohamed ben Mohamed", P, true},
		{"Muhammad bin Salman Al Saud", "Saud Muhammad bin Salman", P, true},
		// A mistyped Abdul keeps its compound.
		{"Adbul Haq", "Abdul Haq", P, true},
		{"Aqbdul Rahman Yasin", "Abdulrahman Yasin", P, true},
		// Different people.
		{"Muhammad bin Salman", "Salman bin Muhammad", P, false},
		{"Khalid bin al-Walid", "Walid bin Khalid", P, false},
		{"Muhammad bin Salman bin Abdulaziz", "Salman bin Muhammad bin Abdulaziz", P, false},
		{"Abdou Diouf", "Abdul Diouf", P, false}, // Abdou stands alone
		{"李克强", "Li Qiang", P, false},            // a syllable more is another name
		{"Zhang Dejiang", "Zhang Jiang", P, false},
		{"金正恩", "Kim Jong Nam", P, false},
		{"王伟", "Wang Lei", P, false},
		{"สมชาย ใจดี", "Somsak Jaidee", P, false},
		{"Abu Bakr al-Baghdadi", "Abd Bakr al-Baghdadi", P, false},
		{"John Smith", "John Brown", P, false},
		{"John Smith Jr", "John Smith Sr", P, false},
		{"Ahmed Hassan", "Mahmoud Hassan", P, false},
		{"Ivan Petrov", "Ivana Petrov", P, false},
		{"Putin", "Vladimir Putin", P, false}, // a surname alone is not enough
		// Companies.
		{"Inter Tobacco LLC", "ООО Интер Тобако", O, true},
		{"Inter Tobacco LLC", "Limited Liability Company Inter Tobacco", O, true},
		{"Bank Melli Iran", "Bank Melli", O, true},
		{"Bank Melli", "Bank Mellat", O, false},
		{"Alpha Shipping LLC", "Alpha Mining LLC", O, false},
		{"Caspian Trading GmbH", "Baltic Trading GmbH", O, false},
	} {
		s, expl := Match(tc.a, tc.b, tc.kind)
		if (s >= DefaultThreshold) != tc.match {
			t.Errorf("Match(%q, %q) = %.3f (%s), want match=%v", tc.a, tc.b, s, expl, tc.match)
		}
		if s2, _ := Match(tc.b, tc.a, tc.kind); (s2 >= DefaultThreshold) != (s >= DefaultThreshold) {
			t.Errorf("Match not symmetric for %q, %q: %.3f vs %.3f", tc.a, tc.b, s, s2)
		}
	}
}

func TestComparisonDetail(t *testing.T) {
	a, b := Parse("Mohammed al-Masri Hassan", Person), Parse("Muhammad Elmasri", Person)
	c := Compare(&a, &b)
	expl := c.Explain(&a, &b)
	for _, want := range []string{"mohammed≈muhammad (variant)", "masri≈elmasri (article)", "unmatched: hassan"} {
		if !strings.Contains(expl, want) {
			t.Errorf("explanation %q lacks %q", expl, want)
		}
	}
	if c.Level != LevelStrong || len(c.Matched()) != 2 || len(c.UnmatchedA()) != 1 || len(c.UnmatchedB()) != 0 {
		t.Errorf("level %v pairs %v unmatched %v %v", c.Level, c.Matched(), c.UnmatchedA(), c.UnmatchedB())
	}
	x, y := Parse("Muhammad bin Salman", Person), Parse("Salman bin Muhammad", Person)
	if c := Compare(&x, &y); c.Flags&FlagChainConflict == 0 || !strings.Contains(c.Explain(&x, &y), "nasab") {
		t.Errorf("chain conflict not reported: %v", c.Explain(&x, &y))
	}
	e1, e2 := Parse("John Smith", Person), Parse("John Smith", Person)
	if c := Compare(&e1, &e2); c.Level != LevelExact || c.Score != 1 {
		t.Errorf("identical names: %v %.3f", c.Level, c.Score)
	}
	n1, n2 := Parse("John Smith", Person), Parse("Maria Lopez", Person)
	if c := Compare(&n1, &n2); c.Level != LevelNone || c.Score != 0 {
		t.Errorf("unrelated names: %v %.3f", c.Level, c.Score)
	}
}

// Reweight lets a caller discount common tokens: a shared very common
// given name then counts for less than a shared rare family name.
func TestReweight(t *testing.T) {
	a, b := Parse("Mohammed Ali", Person), Parse("Mohammed Khan", Person)
	before := Compare(&a, &b).Score
	common := func(t *Token) float64 {
		if TokenKey(t) == TokenKey(&a.Tokens[0]) {
			return 0.2
		}
		return 1
	}
	a.Reweight(common)
	b.Reweight(common)
	after := Compare(&a, &b).Score
	if after >= before {
		t.Errorf("down-weighting the shared common name did not lower the score: %.3f -> %.3f", before, after)
	}
}

func TestKeys(t *testing.T) {
	share := func(x, y []string) bool {
		for _, a := range x {
			for _, b := range y {
				if a == b && !strings.HasPrefix(a, "f:") {
					return true
				}
			}
		}
		return false
	}
	for _, pair := range [][2]string{{"Mohammed Ali", "محمد علي"}, {"Vladimir Putin", "Путин В.В."}, {"Youssef Haddad", "Yusuf Hadad"}, {"Chaled Nasser", "Khalid Nasir"}} {
		a, b := Parse(pair[0], Person), Parse(pair[1], Person)
		if !share(Keys(&a), Keys(&b)) {
			t.Errorf("no shared blocking key: %v %v", Keys(&a), Keys(&b))
		}
	}
	n := Parse("J. van Smith", Person)
	for _, k := range Keys(&n) {
		if k == "s:J" || k == "s:PN" {
			t.Errorf("initial or particle gave key %q", k)
		}
	}
	x, y := Parse("Smith John", Person), Parse("John Smith", Person)
	kx, ky := Keys(&x), Keys(&y)
	if kx[len(kx)-1] != ky[len(ky)-1] {
		t.Errorf("fingerprints differ: %v %v", kx, ky)
	}
}

func TestLexiconLoads(t *testing.T) {
	l := getLexicon()
	if len(l.groupNames) < 300 {
		t.Errorf("only %d variant groups", len(l.groupNames))
	}
	if len(l.legal) < 100 || len(l.titles) < 100 {
		t.Errorf("legal forms %d, titles %d", len(l.legal), len(l.titles))
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"Muhammad bin Salman", "PUTIN, Vladimir", "عبد الرحمن", "Abu", "al-", "bin bin bin", "김정은", "ООО", "J.", "Jr", "׳'", "a-b-c-d-e-f-g-h-i-j", "PRIYA MRS DESAI", "mr mrs miss", "מר מר"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range []Kind{Person, Organization} {
			n := Parse(s, k)
			if len(n.Tokens) > MaxTokens {
				t.Fatalf("%d tokens", len(n.Tokens))
			}
			for _, tok := range n.Tokens {
				if tok.Text == "" || !utf8.ValidString(tok.Text) {
					t.Fatalf("Parse(%q): bad token %q", s, tok.Text)
				}
			}
			c := Compare(&n, &n)
			if c.Score < 0 || c.Score > 1 {
				t.Fatalf("score %f", c.Score)
			}
			if len(n.Tokens) > 0 && c.Score < 0.99 {
				t.Fatalf("Parse(%q) not equal to itself: %.3f %s", s, c.Score, c.Explain(&n, &n))
			}
			_ = Keys(&n)
		}
	})
}

// TestParsePartsControl: parts may carry any character, NUL included
// (found by fuzzing: a NUL inside a part once split it into more parts
// than it had roles and panicked).
func TestParsePartsControl(t *testing.T) {
	for _, p := range []Parts{
		{First: "A\x00B", Last: "C"},
		{First: "\x00", Last: "\x00\x00"},
		{First: "Ivan", Middle: " \x00 ", Last: "Petrov"},
		{Patronymic: "\x00Ivanovich\x00", Last: "Petrov\x01"},
	} {
		n := ParseParts(p, Person)
		for _, tok := range n.Tokens {
			if tok.Text == "" || strings.ContainsRune(tok.Text, 0) {
				t.Errorf("ParseParts(%q): bad token %q", p, tok.Text)
			}
		}
	}
	n := ParseParts(Parts{First: "Ivan\x00Ilyich", Last: "Petrov"}, Person)
	want := []Role{RoleGiven, RoleGiven, RoleFamily}
	if len(n.Tokens) != len(want) {
		t.Fatalf("tokens %+v", n.Tokens)
	}
	for i, r := range want {
		if n.Tokens[i].Role != r {
			t.Errorf("token %d %q role %v, want %v", i, n.Tokens[i].Text, n.Tokens[i].Role, r)
		}
	}
}

func FuzzParseParts(f *testing.F) {
	f.Add("Vladimir", "", "Vladimirovich", "Putin")
	f.Add("Abdul", "", "", "Rahman Khan")
	f.Add("A\x00B", "", "", "C")
	f.Add("\x00", "\x00", "\x00", "\x00")
	f.Fuzz(func(t *testing.T, first, middle, patronymic, last string) {
		n := ParseParts(Parts{First: first, Middle: middle, Patronymic: patronymic, Last: last}, Person)
		if len(n.Tokens) > MaxTokens {
			t.Fatalf("%d tokens", len(n.Tokens))
		}
		for _, tok := range n.Tokens {
			if tok.Text == "" || !utf8.ValidString(tok.Text) {
				t.Fatalf("bad token %q", tok.Text)
			}
		}
		if c := Compare(&n, &n); len(n.Tokens) > 0 && c.Score < 0.99 {
			t.Fatalf("not equal to itself: %.3f %s", c.Score, c.Explain(&n, &n))
		}
	})
}
