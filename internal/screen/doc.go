// Package screen screens people and organisations against watchlists: a
// query (names in any script, structured name parts, dates of birth,
// nationality, identifiers) against the subjects of the UN, OFAC, EU,
// INTERPOL or FtM lists loaded into an Index, returning ranked candidates
// with a calibrated score, a match decision and a per-feature explanation.
// It also serves the same over HTTP in the shapes of OpenSanctions yente's
// POST /match/{dataset} and the OpenRefine reconciliation API (Service).
//
// # Index
//
// Every name of a subject (name, alias, previous name, weak alias with its
// own feature, structured first/middle/last name, names in original script)
// is parsed once by package names and indexed under keys of its parts:
// consonant skeletons and variant groups (spelling and cross-script
// variants meet there), the folded spelling with its one-letter deletions
// (a typo, dropped, doubled or swapped letter leaves one deletion in
// common), pairs of parts, and identifiers. A query walks the postings of
// its keys into a per-name accumulator; each distinct query part counts
// once per name with the weight of the most specific key that found it, so
// a short skeleton shared by thousands of names adds little. Keys shared by
// more than max(1000, names/200) names are not walked (their pair keys
// are), which keeps a very common given name from exploding the candidate
// set. The best 120 names by accumulated weight (those within 30% of the
// best) are compared in full.
//
// # Score
//
// The score is a logistic model (model.go) over the evidence of the best
// name alignment (names.Compare level, score and coverage; the share of
// parts only close in spelling; whether every part found a partner; weak
// alias; and the surprisal of a coincidental match — minus log2 of the
// number of namesakes a random person would be expected to have on the
// list, from the matched parts' frequencies on the list smoothed toward
// 1e-4 and the list's size), the birth dates at the precision each side
// gives (exact, same year where one side gives only the year, typo or
// swapped day and month, same year otherwise, within two years, conflict),
// nationality (same, different, matching only a residence or birth
// country) and identifiers (same, one character apart, different).
// Gender is not read; nationality is, only to tell people apart.
//
// The weight of the surprisal is not fitted but fixed at ln 2 per bit:
// under a simple model of coincidence, the odds that a name match is the
// listed person fall in proportion to the expected number of namesakes.
// Each matched part contributes its bits in proportion to how well it
// matched (all for an exact or variant spelling, 0.8 for a typo or a
// transliteration, 0.4 for a weak likeness, 0.2 for an initial), so a rare
// name matched loosely is not taken for a rare coincidence.
//
// The other coefficients are fitted (TestFitModel, go test -run FitModel
// -screen.fit -v) by Newton's method with an L2 penalty on synthetic
// screening cases: lists of 3,000, 20,000 and 80,000 made-up names from
// ten naming cultures with Zipf-skewed name pools (so namesakes occur as
// they do), queried by half listed subjects seen through data-entry noise
// (typos, dropped letters, reordering, missing parts, other scripts,
// partial or mistyped dates, missing or other nationalities, identifiers)
// and half unlisted people from the same pools. Every candidate the index
// proposes is a labelled example. Features that may only count against a
// match and come out positive are dropped and the model refitted. The
// score therefore reads: the probability that a candidate with this
// evidence is the person queried, when half of the people screened are
// listed. Real screening has far fewer listed people, so a score is an
// upper bound on that probability in practice, but scores order and
// compare correctly. TestCalibration checks it on another seed and list
// size: the expected calibration error is about 0.003 and no score band
// with 100 or more pairs may be off by more than 0.15.
//
// A strong conflict pulls the score down: a birth date years apart costs
// several units of log-odds (see the weights in model.go: dob_far,
// country_different, id_different). A name-only match on a common name (Mohammed Ali on a
// list with many Mohammeds and Alis) scores far below the same name with a
// matching date of birth and passport.
//
// DefaultThreshold is 0.5: a match is reported when it is more likely than
// not under that even prior. It was chosen on the shared data: no person of
// the 2,000 in ../shared/data/negatives reaches even 0.3 against UN + OFAC
// SDN + the EU fixture, while recall of altered UN persons rises as the
// threshold falls (0.969 at 0.7, 0.971 at 0.5, 0.974 at 0.3). DefaultFloor
// (0.05) is the least score listed, so near misses stay visible.
//
// # Name pairs
//
// PairScore scores two bare names with a name-only logistic model over the
// same name features (no list, so no rarity), fitted (TestFitPairs) on
// this package's development pairs and package names' development pairs;
// PairThreshold is 0.5.
//
// # Figures
//
// Measured on the 2-core machine of the house plan while other sessions
// shared it (load average about 8); see the final report of the screening
// work for the commands. UN persons with two alterations to the name and a
// mistyped date: recall 0.971 at the default threshold (issue 5 asks
// 0.98; the slow test holds 0.96). Negatives flagged: 0 of 2,000. Name
// pairs: F1 0.984 on held-out pairs of this package, 0.981 on package
// names' hold-out pairs. Cross-script pairs of ../shared/data/names: 15 of
// 22 reach their stated minimum (Han, kana and Thai are not transliterated
// by package names).
package screen
