package compare

import (
	"testing"
	"unicode/utf8"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" = error
	}{
		{"1979-05-17", "1979-05-17"},
		{"1979-5-7", "1979-05-07"},
		{"1979/05/17", "1979-05-17"},
		{"19790517", "1979-05-17"},
		{"17.05.1979", "1979-05-17"},
		{"17/05/1979", "1979-05-17"},
		{"05/17/1979", "1979-05-17"}, // day-first impossible, read month-first
		{"05/07/1979", "1979-07-05"}, // ambiguous: day first
		{"17 May 1979", "1979-05-17"},
		{"May 17, 1979", "1979-05-17"},
		{"17-MAY-1979", "1979-05-17"},
		{"17 mai 1979", "1979-05-17"},
		{"1979-05", "1979-05"},
		{"05/1979", "1979-05"},
		{"May 1979", "1979-05"},
		{"197905", "1979-05"},
		{"1979", "1979"},
		{"circa 1979", "1979"},
		{"1979-00-00", "1979"},
		{"1979-05-00", "1979-05"},
		{"1979-05-17T10:00:00Z", "1979-05-17"},
		{"2000-02-29", "2000-02-29"},
		{"1900-02-29", ""},
		{"1979-13-01", ""},
		{"1979-04-31", ""},
		{"79", ""},
		{"", ""},
		{"yesterday", ""},
		{"0999-01-01", ""},
		{"1 2 3 4", ""},
	} {
		d, err := ParseDate(tc.in)
		got := ""
		if err == nil {
			got = d.String()
		}
		if got != tc.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestCompareDates(t *testing.T) {
	p := func(s string) Date {
		if s == "" {
			return Date{}
		}
		d, err := ParseDate(s)
		if err != nil {
			t.Fatal(s, err)
		}
		return d
	}
	for _, tc := range []struct {
		a, b  string
		want  DateLevel
		years int
	}{
		{"1979-05-17", "1979-05-17", DateExact, 0},
		{"1979-05-17", "", DateMissing, 0},
		{"1979-05-17", "1979-05-18", DateTypo, 0},
		{"1979-05-17", "1979-05-28", DateYearMonth, 0},
		{"1979-05-07", "1979-07-05", DateSwapped, 0},
		{"1979-05-17", "1978-05-17", DateTypo, 1},
		{"1979-05-17", "1997-05-17", DateTypo, 18}, // 79 -> 97 swapped digits
		{"1979-05-17", "1979-11-02", DateYear, 0},
		{"1979-05-17", "1981-01-02", DateNear, 2},
		{"1979-05-17", "1990-01-02", DateFar, 11},
		{"1979", "1979-05-17", DateYear, 0},
		{"1979", "1979", DateExact, 0},
		{"1979-05", "1979-05-17", DateYearMonth, 0},
		{"1979-05", "1979-05", DateExact, 0},
		{"1979", "1980", DateNear, 1},
	} {
		l, y := CompareDates(p(tc.a), p(tc.b))
		if l != tc.want || y != tc.years {
			t.Errorf("CompareDates(%s, %s) = %v, %d; want %v, %d", tc.a, tc.b, l, y, tc.want, tc.years)
		}
		if l2, _ := CompareDates(p(tc.b), p(tc.a)); l2 != l {
			t.Errorf("CompareDates not symmetric for %s, %s: %v vs %v", tc.a, tc.b, l, l2)
		}
	}
}

func TestIdentifiers(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"ab-123 456", "AB123456"},
		{" C01X00T47 ", "C01X00T47"},
		{"Ａ１２３４５", "A12345"}, // full-width
		{"№ 12/34.56", "NO123456"},
		{"é123", "E123"},
		{"٤٥٦", "456"}, // Arabic-Indic digits
		{"", ""},
	} {
		if got := NormalizeIdentifier(tc.in); got != tc.want {
			t.Errorf("NormalizeIdentifier(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct {
		a, b string
		want IDLevel
	}{
		{"AB123456", "AB123456", IDExact},
		{"AB123456", "", IDMissing},
		{"AB1O3456", "AB103456", IDConfusable},
		{"AB123456", "AB123457", IDOneEdit},
		{"AB123456", "AB12356", IDOneEdit},
		{"AB123456", "AB124356", IDOneEdit},
		{"AB123456", "XY987654", IDDifferent},
		{"12345", "12346", IDDifferent}, // too short for typo tolerance
	} {
		if got := CompareIdentifiers(tc.a, tc.b); got != tc.want {
			t.Errorf("CompareIdentifiers(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
	if got := CompareIssued("AB123456", "FR", "AB123456", "de"); got != IDCountryConflict {
		t.Errorf("CompareIssued conflict = %v", got)
	}
	if got := CompareIssued("AB123456", "FR", "AB123456", ""); got != IDExact {
		t.Errorf("CompareIssued unknown country = %v", got)
	}
}

func TestPhones(t *testing.T) {
	for _, tc := range []struct {
		raw, region, want string
		ok                bool
	}{
		{"+41 44 668 18 00", "", "+41446681800", true},
		{"044 668 18 00", "CH", "+41446681800", true},
		{"0041 44 668 18 00", "DE", "+41446681800", true},
		{"(202) 555-0143", "US", "+12025550143", true},
		{"030 1234567", "DE", "+49301234567", true},
		{"+39 06 1234 5678", "", "+390612345678", true},
		{"hello", "US", "", false},
		{"12", "US", "", false},
		{"", "US", "", false},
	} {
		got, ok := NormalizePhone(tc.raw, tc.region)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalizePhone(%q, %q) = %q, %v; want %q, %v", tc.raw, tc.region, got, ok, tc.want, tc.ok)
		}
	}
	for _, tc := range []struct {
		a, b string
		want PhoneLevel
	}{
		{"+41446681800", "+41446681800", PhoneExact},
		{"+41446681800", "", PhoneMissing},
		{"+41446681800", "+49446681800", PhoneNationalMatch},
		{"+41446681800", "+41436681800", PhoneLast7},
		{"+41446681800", "+12025550143", PhoneDifferent},
		{"+390612345678", "+330612345678", PhoneNationalMatch},
	} {
		if got := ComparePhones(tc.a, tc.b); got != tc.want {
			t.Errorf("ComparePhones(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestEmails(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"John.Smith+news@GMail.com", "johnsmith@gmail.com", true},
		{"j.o.h.n@googlemail.com", "john@gmail.com", true},
		{"John.Smith+x@example.org", "john.smith@example.org", true},
		{"mailto:a.b@example.org", "a.b@example.org", true},
		{"John <john@example.org>", "john@example.org", true},
		{"not an email", "", false},
		{"@example.org", "", false},
		{"a@b", "", false},
		{"+tag@example.org", "", false},
	} {
		got, ok := NormalizeEmail(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	for _, tc := range []struct {
		a, b string
		want EmailLevel
	}{
		{"johnsmith@gmail.com", "johnsmith@gmail.com", EmailExact},
		{"johnsmith@gmail.com", "", EmailMissing},
		{"johnsmith@gmail.com", "johnsmith@yahoo.com", EmailLocalPart},
		{"info@a.com", "info@b.com", EmailDifferent},
		{"joe@a.com", "joe@b.com", EmailDifferent},
		{"johnsmith@gmail.com", "jsmith@gmail.com", EmailDifferent},
	} {
		if got := CompareEmails(tc.a, tc.b); got != tc.want {
			t.Errorf("CompareEmails(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestAddresses(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want AddressLevel
	}{
		{"12 High St, London", "12 High Street London", AddressExact},
		{"Hauptstr. 5, Berlin", "Haupt Strasse 5 Berlin", AddressExact},
		{"Hauptstraße 5, 10115 Berlin", "Hauptstrasse 5 Berlin", AddressStrong},
		{"12 High Street London", "14 High Street London", AddressNumberConflict},
		{"12 High Street London", "12 High Street", AddressStrong},
		{"12 High Street London", "12 High Street, Leeds", AddressPartial},
		{"12 High Street London", "Flat 3, 12 High Road, Leeds", AddressDifferent},
		{"12 High Street London", "7 Rue de Rivoli Paris", AddressDifferent},
		{"ул. Тверская 7, Москва", "ulitsa Tverskaya 7 Moskva", AddressExact},
		{"", "12 High Street", AddressMissing},
	} {
		l, s := CompareAddresses(ParseAddress(tc.a), ParseAddress(tc.b), nil)
		if l != tc.want {
			t.Errorf("CompareAddresses(%q, %q) = %v (%.2f), want %v", tc.a, tc.b, l, s, tc.want)
		}
	}
	// A weight hook that discounts the city turns a strong match into a
	// partial one when only the city is shared.
	w := func(s string) float64 {
		if s == "london" {
			return 0.1
		}
		return 1
	}
	if l, _ := CompareAddresses(ParseAddress("1 Baker Street London"), ParseAddress("9 Oxford Road London"), w); l != AddressDifferent {
		t.Errorf("weighted city-only overlap = %v", l)
	}
}

func TestCountries(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want CountryLevel
	}{
		{"FR", "fr", CountrySame},
		{"FR", "DE", CountryDifferent},
		{"FR", "", CountryMissing},
		{"France", "FR", CountryMissing},
		{"F1", "FR", CountryMissing},
	} {
		if got := CompareCountries(tc.a, tc.b); got != tc.want {
			t.Errorf("CompareCountries(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
	if got := CompareCountrySets([]string{"FR", "DZ"}, []string{"dz"}); got != CountrySame {
		t.Errorf("sets sharing a code = %v", got)
	}
	if got := CompareCountrySets([]string{"FR"}, []string{"DE", "IT"}); got != CountryDifferent {
		t.Errorf("disjoint sets = %v", got)
	}
	if got := CompareCountrySets([]string{"FR"}, []string{"xx1"}); got != CountryMissing {
		t.Errorf("no valid code = %v", got)
	}
}

func TestLevelStrings(t *testing.T) {
	if DateSwapped.String() != "day/month swapped" || IDOneEdit.String() != "one edit apart" || PhoneLast7.String() != "same last 7 digits" ||
		EmailLocalPart.String() == "invalid" || AddressNumberConflict.String() == "invalid" || CountryDifferent.String() != "different" {
		t.Error("level names")
	}
	if DateLevel(99).String() != "invalid" {
		t.Error("out of range level")
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1979-05-17", "17.05.1979", "May 17, 1979", "1979", "19790517", "05/1979", "17-MAY-1979", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.Year < 1000 || d.Year > 2200 || d.Month > 12 || (d.Month == 0 && d.Day != 0) || (d.Month > 0 && int(d.Day) > daysIn(int(d.Year), int(d.Month))) {
			t.Fatalf("ParseDate(%q) = %+v: out of range", s, d)
		}
		// The ISO rendering parses back to the same date.
		d2, err := ParseDate(d.String())
		if err != nil || d2 != d {
			t.Fatalf("round trip %q -> %q -> %+v, %v", s, d.String(), d2, err)
		}
		if l, _ := CompareDates(d, d); l != DateExact {
			t.Fatalf("date not exact with itself: %v", l)
		}
	})
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"+41 44 668 18 00", "044 668 18 00", "(202) 555-0143", "0041446681800", "++1", "tel:+1-202"} {
		f.Add(s, "CH")
	}
	f.Fuzz(func(t *testing.T, raw, region string) {
		e, ok := NormalizePhone(raw, region)
		if !ok {
			if e != "" {
				t.Fatalf("not ok but %q", e)
			}
			return
		}
		if len(e) < 3 || e[0] != '+' {
			t.Fatalf("NormalizePhone(%q) = %q: not E.164", raw, e)
		}
		for _, c := range e[1:] {
			if c < '0' || c > '9' {
				t.Fatalf("NormalizePhone(%q) = %q: not E.164", raw, e)
			}
		}
		// E.164 is a fixed point.
		if e2, ok := NormalizePhone(e, ""); !ok || e2 != e {
			t.Fatalf("E.164 %q not stable: %q %v", e, e2, ok)
		}
		if ComparePhones(e, e) != PhoneExact {
			t.Fatal("phone not exact with itself")
		}
	})
}

func FuzzNormalizeIdentifier(f *testing.F) {
	for _, s := range []string{"ab-123 456", "Ａ１２３", "٤٥٦", "№ 12/34", "Ω-9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeIdentifier(s)
		if !utf8.ValidString(n) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		if NormalizeIdentifier(n) != n {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, n, NormalizeIdentifier(n))
		}
		for _, r := range n {
			if r == ' ' || r == '-' || r == '.' || r == '/' || (r >= 'a' && r <= 'z') {
				t.Fatalf("NormalizeIdentifier(%q) = %q keeps %q", s, n, r)
			}
		}
		if n != "" && CompareIdentifiers(n, n) != IDExact {
			t.Fatal("identifier not exact with itself")
		}
	})
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"John.Smith+news@GMail.com", "a@b.c", "mailto:x@y.z", "<@>", "a@@b.c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, ok := NormalizeEmail(s)
		if !ok {
			return
		}
		if e2, ok2 := NormalizeEmail(e); !ok2 || e2 != e {
			t.Fatalf("not idempotent: %q -> %q -> %q %v", s, e, e2, ok2)
		}
	})
}

func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"12 High St, London", "Hauptstr. 5", "ул. Тверская 7", "شارع 5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := ParseAddress(s)
		if a.IsZero() {
			return
		}
		if l, _ := CompareAddresses(a, a, nil); l != AddressExact {
			t.Fatalf("address %q not exact with itself: %v", s, l)
		}
	})
}

func BenchmarkCompareDates(b *testing.B) {
	x, _ := ParseDate("1979-05-17")
	y, _ := ParseDate("1979-07-05")
	for i := 0; i < b.N; i++ {
		CompareDates(x, y)
	}
}

func BenchmarkComparePhones(b *testing.B) {
	for i := 0; i < b.N; i++ {
		ComparePhones("+41446681800", "+49446681800")
	}
}

func BenchmarkNormalizePhone(b *testing.B) {
	for i := 0; i < b.N; i++ {
		NormalizePhone("044 668 18 00", "CH")
	}
}

func BenchmarkParseDate(b *testing.B) {
	for i := 0; i < b.N; i++ {
		ParseDate("17 May 1979")
	}
}
