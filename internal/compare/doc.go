// Package compare holds the comparators for the non-name features of a
// record: dates, identifiers, phone numbers, e-mail addresses, postal
// addresses and countries. (Names live in package names.)
//
// Each feature has a normaliser that ingestion runs once per value
// (ParseDate, NormalizeIdentifier, NormalizePhone, NormalizeEmail,
// ParseAddress) and a pure comparison of normalised values that returns a
// small level type with named constants and a String method, ready to be a
// Fellegi-Sunter comparison level and to be printed in an explanation.
// Level 0 of every type means that one side is missing.
package compare
