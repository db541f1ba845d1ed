// Package names analyses person and organisation names across scripts so
// that records written by different agencies, in different alphabets and
// spelling traditions, can be compared cheaply and explained.
//
// The pipeline is parse once, compare many times:
//
//	a := names.Parse("Khalid bin Walid Al Harbi", names.Person)
//	b := names.Parse("خالد بن وليد الحربي", names.Person)
//	c := names.Compare(&a, &b)      // allocation-free, rich result
//	fmt.Println(c.Score, c.Level, c.Explain(&a, &b))
//
// Parse folds Unicode (NFKC, case, diacritics), detects the script of each
// token, transliterates Arabic (with Persian and Urdu letters), Cyrillic,
// Greek, Hebrew and Hangul to Latin, removes titles in title positions,
// handles Arabic articles, kunya/servant compounds (Abu X, Abd al-X) and
// nasab chains (bin/ibn/bint), tags name parts, looks tokens up in curated
// variant groups (data/variants.txt) and computes consonant skeletons that
// survive transliteration. Organisation legal forms are reduced to a
// canonical symbol (data/legal_forms.txt).
//
// Compare aligns tokens tolerating reordering, merged or split tokens,
// initials, missing middle names and typos. Match wraps Parse and Compare
// for screening and returns a score in [0,1] with DefaultThreshold.
package names
