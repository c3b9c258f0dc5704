package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/thermosim/thermosim/claims"
	"github.com/thermosim/thermosim/report"
	"github.com/thermosim/thermosim/report/plot"
)

func init() {
	register(&command{name: "claims", summary: "measure every statement of the seed document (1.1-9.3) and give a verdict", run: cmdClaims})
}

// claimsDoc is the content of claims.json.
type claimsDoc struct {
	Version string          `json:"version"`
	Status  string          `json:"status"` // complete | partial
	Seed    uint64          `json:"seed"`
	Options claims.Options  `json:"options"`
	Started string          `json:"started"`
	Seconds float64         `json:"seconds"`
	Claims  []claims.Claim  `json:"claims"`
	Counts  map[string]int  `json:"counts"`
	Dropped []droppedFigure `json:"nonfinite,omitempty"`
}

// droppedFigure records a figure that JSON cannot hold (NaN, +-Inf).
type droppedFigure struct {
	ID, Figure, Value string
}

func cmdClaims(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("claims", flag.ContinueOnError)
	out := fs.String("out", "results", "folder under which OUT/claims/<run id>/ is written")
	asJSON := fs.Bool("json", false, "also print the claims as JSON on stdout")
	only := fs.String("only", "", "comma-separated statement ids to run (default: all), e.g. 2.1,6.2")
	seed := fs.String("seed", "", "seed of the random streams (uint64; default: the reference seed)")
	quiet := fs.Bool("quiet", false, "no progress lines")
	noPlots := fs.Bool("no-plots", false, "write CSV series but no figures")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: thermosim claims [--out DIR] [--json] [--only ID,...] [--seed S]\n\nRuns one experiment per statement of the seed document, prints a table\n(statement, dynamics, measured, verdict) and writes claims.md, claims.json,\nseries/*.csv and plots/ under OUT/claims/<run id>/.\n\nflags:")
		fs.PrintDefaults()
	}
	pos, code, ok := parse(fs, args, stderr)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "thermosim claims: unexpected argument %q\n", pos[0])
		return exitUsage
	}
	o := claims.DefaultOptions()
	if *seed != "" {
		s, err := strconv.ParseUint(*seed, 10, 64)
		if err != nil || s == 0 {
			fmt.Fprintf(stderr, "thermosim claims: --seed must be a positive unsigned 64-bit integer, got %q\n", *seed)
			return exitUsage
		}
		o.Seed = s
	}
	var ids []string
	if *only != "" {
		ids = strings.Split(*only, ",")
	}
	exps, err := claims.Select(ids)
	if err != nil {
		fmt.Fprintf(stderr, "thermosim claims: --only: %v\n", err)
		return exitUsage
	}
	start := time.Now()
	done := func(c claims.Claim) {
		if !*quiet {
			fmt.Fprintf(stderr, "  %-4s %-22s (%.2fs)\n", c.ID, c.Verdict, c.Seconds)
		}
	}
	cs, runErr := claims.RunAll(ctx, exps, o, done)
	status := "complete"
	if runErr != nil {
		if errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded) {
			status = "partial"
		} else {
			fmt.Fprintf(stderr, "thermosim claims: %v\n", runErr)
			return exitFailed
		}
	}
	fmt.Fprintln(stderr)
	if err := claims.WriteTable(stderr, cs); err != nil {
		return exitFailed
	}
	resolved, _ := json.Marshal(struct {
		IDs     []string
		Options claims.Options
	}{ids, o})
	dir, _, err := report.NewRunDir(*out, "claims", resolved, start)
	if err != nil {
		fmt.Fprintf(stderr, "thermosim claims: %v\n", err)
		return exitUsage
	}
	doc := claimsDoc{Version: Version, Status: status, Seed: o.Seed, Options: o, Started: start.UTC().Format(time.RFC3339),
		Seconds: time.Since(start).Seconds(), Counts: map[string]int{}}
	for _, c := range cs {
		doc.Counts[c.Verdict]++
		c2 := c
		c2.Figures = map[string]float64{}
		for k, v := range c.Figures {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				doc.Dropped = append(doc.Dropped, droppedFigure{c.ID, k, fmt.Sprint(v)})
				continue
			}
			c2.Figures[k] = v
		}
		c2.Series = nil
		for _, s := range c.Series {
			c2.Series = append(c2.Series, finiteSeries(s, false, false))
		}
		doc.Claims = append(doc.Claims, c2)
	}
	if err := writeClaims(dir, doc, !*noPlots); err != nil {
		fmt.Fprintf(stderr, "thermosim claims: %v\n", err)
		return exitFailed
	}
	if *asJSON {
		b, _ := json.MarshalIndent(doc, "", "  ")
		fmt.Fprintf(stdout, "%s\n", b)
	}
	fmt.Fprintf(stderr, "thermosim claims: wrote %s (%.1fs)\n", dir, time.Since(start).Seconds())
	if status == "partial" {
		fmt.Fprintln(stderr, "thermosim claims: interrupted; the results folder holds the statements that finished (status partial)")
		return exitInterrupted
	}
	return exitOK
}

// finiteSeries drops the points that are not finite (or not positive on a
// log axis).
func finiteSeries(s claims.Series, logX, logY bool) claims.Series {
	out := s
	out.X, out.Y = nil, nil
	for i := range s.X {
		x, y := s.X[i], s.Y[i]
		if math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0) || (logX && x <= 0) || (logY && y <= 0) {
			continue
		}
		out.X, out.Y = append(out.X, x), append(out.Y, y)
	}
	return out
}

// writeClaims writes claims.md, claims.json, one CSV per series and, if
// plots, one figure per claim and axis kind.
func writeClaims(dir string, doc claimsDoc, plots bool) error {
	var md strings.Builder
	fmt.Fprintf(&md, "# thermosim claims: the seed's statements, measured\n\nthermosim %s, seed %d, %s, status %s. Regenerate with `thermosim claims`.\n\n", doc.Version, doc.Seed, doc.Started, doc.Status)
	fmt.Fprintf(&md, "%d statements: %d hold, %d hold under conditions, %d fail.\n\n", len(doc.Claims), doc.Counts[claims.Holds], doc.Counts[claims.HoldsUnderConditions], doc.Counts[claims.Fails])
	if err := claims.WriteMarkdown(&md, doc.Claims); err != nil {
		return err
	}
	if err := report.WriteFileAtomic(filepath.Join(dir, "claims.md"), []byte(md.String())); err != nil {
		return err
	}
	if err := report.WriteJSON(filepath.Join(dir, "claims.json"), doc); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "series"), 0o755); err != nil {
		return err
	}
	for _, c := range doc.Claims {
		type group struct {
			key    string
			series []claims.Series
		}
		var groups []*group
		for k, s := range c.Series {
			name := fmt.Sprintf("%s-%d.csv", c.ID, k+1)
			if err := report.WriteColumns(filepath.Join(dir, "series", name), []string{s.XLabel, s.YLabel}, s.X, s.Y); err != nil {
				return err
			}
			key := fmt.Sprint(s.XLabel, "|", s.YLabel, "|", s.LogX, "|", s.LogY)
			var gr *group
			for _, x := range groups {
				if x.key == key {
					gr = x
				}
			}
			if gr == nil {
				gr = &group{key: key}
				groups = append(groups, gr)
			}
			gr.series = append(gr.series, s)
		}
		if !plots {
			continue
		}
		for gi, gr := range groups {
			s0 := gr.series[0]
			opts := plot.Options{Title: "statement " + c.ID, XLabel: s0.XLabel, YLabel: s0.YLabel, LogX: s0.LogX, LogY: s0.LogY}
			var ps []plot.Series
			for _, s := range gr.series {
				f := finiteSeries(s, s.LogX, s.LogY)
				if len(f.X) == 0 {
					continue
				}
				st := plot.Line
				if len(f.X) < 12 {
					st = plot.LinePoints
				}
				ps = append(ps, plot.Series{Label: s.Name, X: f.X, Y: f.Y, Style: st})
			}
			if len(ps) == 0 {
				continue
			}
			base := c.ID
			if len(groups) > 1 {
				base = fmt.Sprintf("%s-%d", c.ID, gi+1)
			}
			if err := os.MkdirAll(filepath.Join(dir, "plots"), 0o755); err != nil {
				return err
			}
			if err := plot.Lines(filepath.Join(dir, "plots", base), opts, ps...); err != nil {
				return err
			}
		}
	}
	return nil
}
