package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/leads"
)

func init() {
	register(&command{
		name:    "leads",
		summary: "people to review, ranked only by facts linked to criminal activity, evidence first",
		usage:   "[--data DIR] [--auths A,B] [--policy FILE] [--limit N] | review ENTITY escalate|dismiss|needs-more --reason TEXT",
		help: `Scores every person from the rules of a versioned policy (default: built in;
see docs/leads.md): listings and notices, charges and convictions, and
documented relations (calls, family, associates, co-travel, shared
identifiers, co-mentions) to people who carry them, damped by distance, age
and source grading. Religion, ethnicity, nationality, language, name origin,
gender and network position alone are refused by the policy loader.

Each lead prints the facts first, with source record, grading and date, then
the score. Alerts are raised when a person rises over the threshold or a new
record joins a listed person (mosaic alerts).

  mosaic leads review ENTITY escalate|dismiss|needs-more --reason TEXT
      records an analyst's decision; it is kept and shown with the lead.`,
		run: runLeads,
	})
	register(&command{
		name:    "alerts",
		summary: "alerts raised when new data lifts a person over the threshold or links to a listed person",
		usage:   "[--data DIR] [--limit N]",
		run:     runAlerts,
	})
}

func runLeads(ctx context.Context, e *env, args []string) error {
	c := commands["leads"]
	if len(args) > 0 && args[0] == "review" {
		return runLeadsReview(ctx, e, args[1:])
	}
	fs := newFlags(e, c)
	sf := addStoreFlags(fs).addReaderFlags(fs)
	policyPath := fs.String("policy", "", "policy file (default: the built-in policy)")
	limit := fs.Int("limit", 20, "how many leads to print")
	if _, err := parseFlags(e, c, fs, args); err != nil {
		return err
	}
	pol := leads.DefaultPolicy()
	if *policyPath != "" {
		p, err := leads.LoadPolicy(*policyPath)
		if err != nil {
			return err
		}
		pol = p
	}
	eg, links, b, err := loadLinks(ctx, e, sf)
	if err != nil {
		return err
	}
	defer b.Close()
	v := sf.viewer()
	now := time.Now().UTC()
	all := leads.Score(leads.Inputs{Graph: eg, Facts: leads.VisibleFacts(links.Facts, v), Now: now}, pol)
	records := map[string]int{}
	for i, n := range eg.Nodes {
		records[n.ID] = eg.MemberCount(int32(i))
	}
	alerts, err := leads.RaiseAlerts(ctx, b, v.Auths.String(), all, records, pol, now)
	if err != nil {
		return err
	}
	reviews, err := leads.LatestReviews(ctx, b)
	if err != nil {
		return err
	}
	over := 0
	for _, l := range all {
		if l.Score >= pol.Threshold {
			over++
		}
	}
	fmt.Fprintf(e.stdout, "policy %s v%d: %d people with evidence, %d at or above %.2f; %d new alert(s)\n\n",
		pol.Name, pol.Version, len(all), over, pol.Threshold, len(alerts))
	for i, l := range all {
		if i >= *limit || l.Score < pol.Threshold {
			break
		}
		fmt.Fprintf(e.stdout, "%d. %s (%s)\n", i+1, l.Caption, l.Entity)
		for _, p := range l.Evidence {
			switch p.Kind {
			case "fact":
				fmt.Fprintf(e.stdout, "   %-9s %s — %s %s (%s, graded %s)  %+.1f\n", p.Fact, p.Summary, p.Record, p.Date, p.Source, p.Reliability, p.Points)
			default:
				fmt.Fprintf(e.stdout, "   relation  %s to %s who is %s (%s) via %s  %+.1f\n", strings.Join(p.Links, "+"),
					p.Related, p.Fact, p.Record, strings.Join(p.Via, " → "), p.Points)
				for j, r := range p.Relations {
					if j >= 2 {
						break
					}
					fmt.Fprintf(e.stdout, "             %s %s %s %s\n", r.Date, r.Type, r.Detail, r.Record)
				}
			}
		}
		fmt.Fprintf(e.stdout, "   score %.2f (%.1f points)", l.Score, l.Points)
		if r, ok := reviews[l.Entity]; ok {
			fmt.Fprintf(e.stdout, " — reviewed: %s by %s on %s: %s", r.Decision, r.By, r.At.Format("2006-01-02"), r.Reason)
		}
		fmt.Fprintln(e.stdout)
	}
	return nil
}

func runLeadsReview(ctx context.Context, e *env, args []string) error {
	c := &command{name: "leads review", usage: "ENTITY escalate|dismiss|needs-more --reason TEXT"}
	fs := newFlags(e, c)
	sf := addStoreFlags(fs)
	reason := fs.String("reason", "", "why (required)")
	user := fs.String("user", "local", "who decides")
	args, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if len(args) != 2 {
		return usagef("give ENTITY and a decision")
	}
	b, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer b.Close()
	if err := leads.AddReview(ctx, b, leads.Review{Entity: args[0], Decision: args[1], Reason: *reason, By: *user}); err != nil {
		return usagef("%v", err)
	}
	fmt.Fprintf(e.stdout, "recorded: %s %s by %s: %s\n", args[0], args[1], *user, *reason)
	return nil
}

func runAlerts(ctx context.Context, e *env, args []string) error {
	c := commands["alerts"]
	fs := newFlags(e, c)
	sf := addStoreFlags(fs)
	limit := fs.Int("limit", 50, "how many to print")
	if _, err := parseFlags(e, c, fs, args); err != nil {
		return err
	}
	b, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer b.Close()
	as, err := leads.Alerts(ctx, b)
	if err != nil {
		return err
	}
	if len(as) == 0 {
		fmt.Fprintln(e.stdout, "no alerts (alerts are raised by mosaic leads when new data changes a lead)")
	}
	for i, a := range as {
		if i >= *limit {
			break
		}
		fmt.Fprintf(e.stdout, "%s  %-14s %s (%s) score %.2f — %s\n", a.At.Format("2006-01-02 15:04"), a.Kind, a.Caption, a.Entity, a.Score, a.Detail)
	}
	return nil
}
