package names

import (
	"strings"
	"testing"
)

func TestTranslitKana(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"すずき", "suzuki"},
		{"いちろう", "ichiro"}, // long vowels unmarked, as in passports
		{"サトウ", "sato"},
		{"きょうこ", "kyoko"},
		{"しゅん", "shun"},
		{"はっとり", "hattori"}, // small tsu doubles the consonant
		{"まっちゃ", "matcha"},  // and is t before ch
		{"いのうえ", "inoue"},   // o-u-e are three syllables
		{"おおの", "ono"},
		{"ジェームズ", "jemuzu"},
		{"ティファニー", "tifani"},
		{"ヴァレンティン", "varentin"},
	} {
		if got := translitKana(tc.in); got != tc.want {
			t.Errorf("translitKana(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTranslitThai(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"สมชาย", "somchai"},   // inherent o in a closed syllable, ย final i
		{"สมศักดิ์", "somsak"}, // a cancelled letter is silent with its vowel
		{"วิชัย", "wichai"},
		{"ศรีสุข", "srisuk"},
		{"ใจดี", "chaidi"},       // leading vowel written after its consonant
		{"ประยุทธ์", "prayut"},   // initial cluster pr
		{"จันทร์", "chan"},       // two silent letters
		{"อภิสิทธิ์", "aphisit"}, // inherent a in an open syllable
		{"นภา", "napha"},
		{"สุวรรณ", "suwan"},  // รร is an
		{"เจริญ", "charoen"}, // จร is not a cluster
		{"กรุงเทพ", "krungthep"},
		{"แก้ว", "kaeo"},
	} {
		if got := translitThai(tc.in); got != tc.want {
			t.Errorf("translitThai(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHanNames(t *testing.T) {
	join := func(ts []Token) string {
		var s []string
		for _, t := range ts {
			s = append(s, t.Text)
		}
		return strings.Join(s, " ")
	}
	for _, tc := range []struct {
		in, want, alt string
	}{
		{"习近平", "xi jinping", ""},              // 习 is no Korean family name: no Korean reading
		{"金正恩", "jin zhengen", "kim jeongeun"}, // Korean reading as the alternate
		{"李明", "li ming", ""},                  // a two-character given name only gets a Korean reading
		{"李明浩", "li minghao", "lee myeongho"},
		{"欧阳修", "ouyang xiu", ""},    // compound family name
		{"曾国强", "zeng guoqiang", ""}, // surname reading of 曾
		{"山田太郎", "yamada taro", "shantian tailang"},
		{"田中 花子", "tanaka hanako", "tianzhong huazi"},
		{"鈴木 一郎", "suzuki ichiro", "lingmu yilang"},
		{"陳水扁", "chen shuibian", ""},
		{"王 伟", "wang wei", ""},
	} {
		n := Parse(tc.in, Person)
		if got := join(n.Tokens); got != tc.want {
			t.Errorf("Parse(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := join(n.AltTokens()); got != tc.alt {
			t.Errorf("Parse(%q) alternate reading = %q, want %q", tc.in, got, tc.alt)
		}
	}
	// Organisation names in Han characters are cut at legal forms and
	// generic words.
	o := Parse("华为技术有限公司", Organization)
	if got := join(o.Tokens); got != "huawei technology" || o.Legal != "CORP" {
		t.Errorf("华为技术有限公司: %q legal %q", got, o.Legal)
	}
	k := Parse("株式会社ホシノ", Organization)
	if got := join(k.Tokens); got != "hoshino" || k.Legal != "CORP" {
		t.Errorf("株式会社ホシノ: %q legal %q", got, k.Legal)
	}
}
