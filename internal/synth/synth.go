// Package synth generates a synthetic multi-agency world with ground truth:
// a population of people from many cultures and scripts, the records that
// eight agencies hold about them (each with its own columns, conventions and
// noise), the FollowTheMoney mapping files to ingest them, and the truth
// needed to measure entity resolution and lead ranking.
//
// Everything is deterministic per seed: the same Options give byte-identical
// files. Criminal networks are planted among people drawn without looking
// at any attribute, so nothing about a person's origin predicts membership.
package synth

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The tables depend on each other (cities are transliterated, cultures name
// countries), so they are built in one explicit order.
func init() {
	initTranslit()
	initPlaces()
	initCultures()
}

// DefaultPeople is the population size when Options.People is zero.
const DefaultPeople = 10_000

// MaxPeople bounds the population (phone and document number spaces, and
// memory, are sized for it).
const MaxPeople = 5_000_000

// Options say what to generate.
type Options struct {
	Out    string // directory to write; created if missing
	People int    // population size; 0 means DefaultPeople
	Seed   int64  // any value, 0 included; the same seed gives the same files
	// Progress, when set, is called from one goroutine with records written
	// so far and the total, a few times a second and once at the end.
	Progress func(done, total int)

	attrSalt uint64 // tests: perturb people's attributes, nothing else
}

// SourceSummary describes one agency's data set.
type SourceSummary struct {
	Dataset       string   // dataset name in the mapping (record ids are "dataset:key")
	Agency        string   // who holds it
	Label         string   // visibility label of its statements
	Files         []string // data files, relative to Out
	Mapping       string   // mapping file, relative to Out
	Records       int      // rows / objects written
	PersonRecords int      // Person records among them (rows of truth.csv)
}

// Summary is what Generate wrote.
type Summary struct {
	Out            string
	People         int
	Households     int
	Seed           int64
	Sources        []SourceSummary
	TruthRecords   int // rows of truth.csv
	Networks       int // planted criminal networks
	NetworkMembers int
	Listed         int // network members on the watchlist or notices
	Groups         int // ordinary look-alike groups
	GroupMembers   int
	Mentions       int // rows of mentions.csv
	Elapsed        time.Duration
}

// Records is the total number of source records written.
func (s *Summary) Records() int {
	n := 0
	for _, src := range s.Sources {
		n += src.Records
	}
	return n
}

// String prints a table of sources and the ground truth.
func (s *Summary) String() string {
	var b strings.Builder
	rows := [][]string{{"dataset", "files", "records", "persons", "label"}}
	for _, src := range s.Sources {
		label := src.Label
		if label == "" {
			label = "(public)"
		}
		rows = append(rows, []string{src.Dataset, strings.Join(src.Files, " "), group(src.Records),
			group(src.PersonRecords), label})
	}
	rows = append(rows, []string{"total", "", group(s.Records()), group(s.TruthRecords), ""})
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			if n := len([]rune(c)); n > widths[i] {
				widths[i] = n
			}
		}
	}
	for ri, r := range rows {
		if ri == len(rows)-1 {
			b.WriteString(strings.Repeat("-", sum(widths)+2*(len(widths)-1)) + "\n")
		}
		for i, c := range r {
			right := i == 2 || i == 3
			padn := widths[i] - len([]rune(c))
			if right {
				b.WriteString(strings.Repeat(" ", padn) + c)
			} else {
				b.WriteString(c)
				if i < len(r)-1 {
					b.WriteString(strings.Repeat(" ", padn))
				}
			}
			if i < len(r)-1 {
				b.WriteString("  ")
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("people " + group(s.People) + " in " + group(s.Households) + " households, seed " +
		itoa(int(s.Seed)) + "\n")
	b.WriteString("planted networks " + itoa(s.Networks) + " (" + itoa(s.NetworkMembers) + " members, " +
		itoa(s.Listed) + " listed); look-alike ordinary groups " + itoa(s.Groups) + " (" + itoa(s.GroupMembers) + " members)\n")
	b.WriteString("ground truth: truth.csv (" + group(s.TruthRecords) + " person records), networks.csv, groups.csv, mentions.csv (" +
		group(s.Mentions) + ")\n")
	b.WriteString("written to " + s.Out + " in " + s.Elapsed.Round(time.Millisecond).String() + "\n")
	return b.String()
}

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

// group writes 1234567 as 1,234,567.
func group(n int) string {
	s := itoa(n)
	if n < 0 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

type sourceDef struct {
	dataset, agency, label string
	files                  []string
	mapping                string
	write                  func(*world, *emitter) error
	expected               func(*plan) int
}

var sourceDefs = []sourceDef{
	{"border_police", "Border police (crossings of the external border)", "BORDER",
		[]string{"border_crossings.csv"}, borderMapping, (*world).writeBorder,
		func(p *plan) int { return len(p.crossings) }},
	{"airline_api", "Airlines via the Passenger Information Unit (API/PNR)", "PIU|BORDER",
		[]string{"api_pnr.csv"}, airlineMapping, (*world).writeAirline,
		func(p *plan) int { return len(p.pax) }},
	{"police_records", "Police (suspects, charges, convictions)", "POLICE",
		[]string{"police_records.csv"}, policeMapping, (*world).writePolice,
		func(p *plan) int { return len(p.charges) }},
	{"telecom", "Telecom operator (subscribers, call detail records)", "TELECOM|POLICE",
		[]string{"telecom_subscribers.csv", "telecom_cdr.csv"}, telecomMapping, (*world).writeTelecom,
		func(p *plan) int { return len(p.subs) + len(p.calls) }},
	{"nl_watchlist", "National watchlist", "",
		[]string{"national_watchlist.csv"}, watchlistMapping, (*world).writeWatchlist,
		func(p *plan) int { return len(p.watch) }},
	{"interpol_red_notices", "International notices (INTERPOL Red Notice shape)", "",
		[]string{"interpol_red_notices.json"}, noticesMapping, (*world).writeNotices,
		func(p *plan) int { return len(p.notices) }},
	{"intel_reports", "Criminal intelligence reports (free text)", "SECRET&NL",
		[]string{"intel_reports.jsonl"}, reportsMapping, (*world).writeReports,
		func(p *plan) int { return len(p.reports) }},
	{"immigration", "Immigration register (native scripts)", "IMMIGRATION",
		[]string{"immigration_register.csv"}, immigrationMapping, (*world).writeImmigration,
		func(p *plan) int { return len(p.immigrants) }},
}

// newWorld draws the population, the networks and the year's events.
func newWorld(opts Options) *world {
	w := &world{seed: uint64(opts.Seed), attrSalt: opts.attrSalt, n: opts.People}
	w.buildPeople()
	w.networks, w.groups = chooseMembers(newRNG(w.seed, "networks"), w.n)
	w.buildPlan()
	return w
}

// Generate writes the world to opts.Out.
func Generate(ctx context.Context, opts Options) (*Summary, error) {
	start := time.Now()
	if opts.Out == "" {
		return nil, errors.New("synth: no output directory")
	}
	if opts.People == 0 {
		opts.People = DefaultPeople
	}
	if opts.People < 1 || opts.People > MaxPeople {
		return nil, errors.New("synth: people must be between 1 and " + itoa(MaxPeople))
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return nil, err
	}
	w := newWorld(opts)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	total := 0
	for _, d := range sourceDefs {
		total += d.expected(w.plan)
	}
	var done atomic.Int64
	stop := make(chan struct{})
	var progWG sync.WaitGroup
	if opts.Progress != nil {
		progWG.Add(1)
		go func() {
			defer progWG.Done()
			t := time.NewTicker(200 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					opts.Progress(int(done.Load()), total)
				}
			}
		}()
	}

	emitters := make([]*emitter, len(sourceDefs))
	errs := make([]error, len(sourceDefs))
	var wg sync.WaitGroup
	for i, d := range sourceDefs {
		e := &emitter{ctx: ctx, dir: opts.Out, dataset: d.dataset, r: newRNG(w.seed, "render/"+d.dataset), progress: &done}
		emitters[i] = e
		wg.Add(1)
		go func() {
			defer wg.Done()
			if errs[i] = e.openTruth(); errs[i] != nil {
				return
			}
			if errs[i] = d.write(w, e); errs[i] == nil {
				errs[i] = e.closeTruth()
			}
			e.flush()
		}()
	}
	wg.Wait()
	close(stop)
	progWG.Wait()
	defer func() {
		for _, e := range emitters {
			e.removeTruth()
		}
	}()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	sum := &Summary{Out: opts.Out, People: w.n, Households: len(w.households), Seed: opts.Seed,
		Networks: len(w.networks), Groups: len(w.groups)}
	var mentions bytes.Buffer
	mentions.WriteString("record,person\n")
	tf, err := os.Create(filepath.Join(opts.Out, "truth.csv"))
	if err != nil {
		return nil, err
	}
	tw := bufio.NewWriterSize(tf, 1<<20)
	tw.WriteString("record,person\n")
	for i, d := range sourceDefs {
		e := emitters[i]
		if err := writeFile(filepath.Join(opts.Out, d.dataset+".yml"), d.mapping); err != nil {
			tf.Close()
			return nil, err
		}
		if _, err := io.Copy(tw, e.truthF); err != nil {
			tf.Close()
			return nil, err
		}
		mentions.Write(e.mentions.Bytes())
		sum.Mentions += bytes.Count(e.mentions.Bytes(), []byte{'\n'})
		sum.TruthRecords += e.persons
		sum.Sources = append(sum.Sources, SourceSummary{Dataset: d.dataset, Agency: d.agency, Label: d.label,
			Files: d.files, Mapping: d.dataset + ".yml", Records: e.records, PersonRecords: e.persons})
	}
	if err := tw.Flush(); err != nil {
		tf.Close()
		return nil, err
	}
	if err := tf.Close(); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(opts.Out, "mentions.csv"), mentions.Bytes(), 0o644); err != nil {
		return nil, err
	}
	var nets bytes.Buffer
	nets.WriteString("person,network,role\n")
	for ni, g := range w.networks {
		ms := slices.Clone(g)
		slices.Sort(ms)
		for _, m := range ms {
			role := "member"
			if w.plan.listedIn[m] != 0 {
				role = "listed"
				sum.Listed++
			}
			nets.WriteString(personID(m) + ",N" + pad(ni+1, 4) + "," + role + "\n")
			sum.NetworkMembers++
		}
	}
	if err := os.WriteFile(filepath.Join(opts.Out, "networks.csv"), nets.Bytes(), 0o644); err != nil {
		return nil, err
	}
	var groups bytes.Buffer
	groups.WriteString("person,group\n")
	for gi, g := range w.groups {
		ms := slices.Clone(g)
		slices.Sort(ms)
		for _, m := range ms {
			groups.WriteString(personID(m) + ",G" + pad(gi+1, 4) + "\n")
			sum.GroupMembers++
		}
	}
	if err := os.WriteFile(filepath.Join(opts.Out, "groups.csv"), groups.Bytes(), 0o644); err != nil {
		return nil, err
	}
	if err := writeFile(filepath.Join(opts.Out, "README.md"), readme(sum)); err != nil {
		return nil, err
	}
	if opts.Progress != nil {
		opts.Progress(total, total)
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}
