package compare

import (
	"strings"
)

// Providers that ignore dots in the local part.
var dotlessProviders = map[string]bool{"gmail.com": true, "googlemail.com": true}

// NormalizeEmail lowercases an address, strips a mailto: prefix and angle
// brackets, removes a +tag from the local part, removes dots from the local
// part at providers that ignore them, and maps googlemail.com to gmail.com.
// ok is false when the text is not an address.
func NormalizeEmail(s string) (string, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	s = strings.TrimPrefix(s, "mailto:")
	if i := strings.LastIndexByte(s, '<'); i >= 0 {
		s = strings.TrimSuffix(s[i+1:], ">")
	}
	s = strings.TrimSpace(s)
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.ContainsAny(s, " \t\r\n,;") {
		return "", false
	}
	local, domain := s[:at], strings.TrimSuffix(s[at+1:], ".")
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return "", false
	}
	for _, l := range labels {
		if l == "" {
			return "", false
		}
	}
	if i := strings.IndexByte(local, '+'); i >= 0 {
		local = local[:i]
	}
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	if dotlessProviders[domain] {
		local = strings.ReplaceAll(local, ".", "")
	}
	if local == "" {
		return "", false
	}
	return local + "@" + domain, true
}

// EmailLevel is the result of comparing two addresses, strongest first.
type EmailLevel uint8

// E-mail comparison levels.
const (
	EmailMissing   EmailLevel = iota // one side has no address
	EmailExact                       // same normalised address
	EmailLocalPart                   // same local part at another domain
	EmailDifferent                   // different addresses
)

var emailLevelNames = [...]string{"missing", "exact", "same local part, other domain", "different"}

func (l EmailLevel) String() string {
	if int(l) < len(emailLevelNames) {
		return emailLevelNames[l]
	}
	return "invalid"
}

// genericLocal parts say nothing about a person.
var genericLocal = map[string]bool{"info": true, "contact": true, "admin": true, "office": true, "mail": true, "sales": true, "support": true, "hello": true, "noreply": true, "no-reply": true, "webmaster": true, "postmaster": true}

// CompareEmails compares two addresses from NormalizeEmail. A shared local
// part counts only when it is not a generic mailbox name (info@, admin@)
// and is at least four characters long.
func CompareEmails(a, b string) EmailLevel {
	if a == "" || b == "" {
		return EmailMissing
	}
	if a == b {
		return EmailExact
	}
	la, _, _ := strings.Cut(a, "@")
	lb, _, _ := strings.Cut(b, "@")
	if la == lb && len(la) >= 4 && !genericLocal[la] {
		return EmailLocalPart
	}
	return EmailDifferent
}
