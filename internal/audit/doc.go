// Package audit keeps the consultation log — who looked at or changed data
// about people, when, for what purpose, through which route, with what
// outcome, and which entities and records it returned or changed (Law
// Enforcement Directive Art. 25, AI Act Art. 12) — and runs retention.
//
// The log is kept apart from operational data: beside an embedded store in
// its own file (PathFor: DATA/audit/consultations.log, outside the Pebble
// directory DATA/pebble), or in PostgreSQL in a schema of its own
// (OpenPostgres). It is append-only and hash-chained, so that Verify finds
// any change made behind its back.
//
// # Chain
//
// Every entry carries Seq (1, 2, 3, … with no gap), Prev (the previous
// entry's Hash; Genesis, 64 zeros, for the first) and Hash = hex SHA-256 of
// the canonical encoding:
//
//	"mosaic-audit/1\n"
//	Seq, At as Unix microseconds          8-byte big-endian each
//	User, Role, Purpose, Kind, Method, Route   uvarint length + bytes each
//	len(Params) as 4 bytes, then for each key in sorted order: key, value
//	Status                                8-byte big-endian
//	len(Entities) as 4 bytes, each entity; the same for Records
//	Note, Prev
//
// Length prefixes make the encoding unambiguous whatever the strings hold;
// the tag keeps a later encoding from ever colliding with this one. Append
// normalises text first (valid UTF-8, no NUL, times in UTC to the
// microsecond) so that the file's JSON and PostgreSQL's columns hold exactly
// what was hashed.
//
// A chain alone cannot show that its last entries were removed, so each log
// also keeps a head — the seq and hash of its last entry — outside the
// chain: a second file (PATH.head), or a one-row table. Verify checks both.
// Someone able to rewrite the log and its head together, recomputing every
// hash, is not caught by the chain (SHA-256 is unkeyed); copying the one-line
// summary of `mosaic audit verify` (last seq and hash) somewhere else now and
// then pins the history up to that point.
//
// # File format
//
// One entry per line, as JSON with the fields of Entry in order and empty
// optional fields left out, exactly as encoding/json writes it:
//
//	{"seq":1,"at":"2026-03-01T09:15:02.123456Z","user":"alice","role":"analyst","purpose":"CASE-2026-0042","kind":"http","method":"GET","route":"GET /api/v1/entities/{id}","params":{"id":"E3f2a"},"status":200,"entities":["E3f2a"],"prev":"0000…","hash":"9c1e…"}
//
// A reader accepts a line only if re-encoding the entry it holds gives the
// same bytes, so no byte of the file can change unseen, not even one that
// JSON decoding would forgive (a key's case, a space, an escape).
// `mosaic audit export` writes the same lines.
//
// # Crashes
//
// Append returns after the entry is on disk (fsync; concurrent Appends
// share one). See FileLog for what OpenFile checks and repairs after kill -9
// or a power cut, and PGLog for PostgreSQL, where a group and the head move
// in one transaction.
//
// # Retention
//
// RunRetention erases statements whose review date has passed, logs each
// record erased or trimmed, removes the judgements built on them and
// reruns resolution.
package audit
