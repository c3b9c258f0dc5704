package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/thermosim/thermosim/experiment"
	"github.com/thermosim/thermosim/report"
	"github.com/thermosim/thermosim/scenarios"
)

func init() {
	register(&command{name: "verify", summary: "run scenarios and check their expect: blocks (no FILE: the built-in suite)", run: cmdVerify})
}

func cmdVerify(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	var f runFlags
	f.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: thermosim verify [flags] [FILE|DIR...]\n\nWith no FILE, runs the built-in verification suite embedded in the binary.\n\nflags:")
		fs.PrintDefaults()
	}
	files, code, ok := parse(fs, args, stderr)
	if !ok {
		return code
	}
	if err := f.check(); err != nil {
		fmt.Fprintln(stderr, "thermosim verify:", err)
		return exitUsage
	}
	if f.shardCnt > 0 {
		fmt.Fprintln(stderr, "thermosim verify: --shard is for run; verify needs whole runs (merge shards, then check)")
		return exitUsage
	}
	var ss []*scenarios.Scenario
	var err error
	if len(files) == 0 {
		ss, err = scenarios.Builtin()
	} else {
		ss, err = scenarios.LoadAll(files)
	}
	if err != nil {
		printErr(stderr, err)
		return exitUsage
	}
	runs, code := runAll(ctx, ss, f, stderr)
	failed := printVerifyTable(stderr, runs)
	if code != exitOK {
		return code
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "verify: %d expectation(s) failed\n", failed)
		return exitFailed
	}
	fmt.Fprintln(stderr, "verify: all expectations hold")
	return exitOK
}

// printVerifyTable prints one row per expectation and returns the number of
// failures.
func printVerifyTable(w io.Writer, runs []*experiment.Run) int {
	t := report.Table{Header: []string{"scenario", "point", "metric", "measured", "bound", "result"}}
	failed := 0
	for _, r := range runs {
		for _, p := range r.Points {
			if p == nil || p.Outcome == nil {
				continue
			}
			point := "-"
			if len(p.Point.Params) > 0 {
				point = ""
				for i, kv := range p.Point.Params {
					if i > 0 {
						point += " "
					}
					point += fmt.Sprintf("%s=%v", kv.Key, kv.Value)
				}
			}
			for _, e := range p.Expect {
				res := "pass"
				if !e.Pass {
					res = "FAIL"
					if e.Reason != "" {
						res += " (" + e.Reason + ")"
					}
					failed++
				}
				t.Rows = append(t.Rows, []string{r.Scenario.Name, point, e.Metric, valueSE(e.Value, e.StdErr), e.Bound, res})
			}
		}
	}
	if len(t.Rows) > 0 {
		t.Render(w)
	}
	return failed
}

func valueSE(v, se float64) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	s := strconv.FormatFloat(v, 'g', 6, 64)
	if !math.IsNaN(se) && !math.IsInf(se, 0) {
		s += " ± " + strconv.FormatFloat(se, 'g', 2, 64)
	}
	return s
}
