package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/thermosim/thermosim/scenarios"
)

func init() {
	register(&command{name: "validate", summary: "check scenario files (every sweep point expanded); run nothing", run: cmdValidate})
}

func cmdValidate(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprintln(stderr, "usage: thermosim validate FILE|DIR...") }
	files, code, ok := parse(fs, args, stderr)
	if !ok {
		return code
	}
	if len(files) == 0 {
		fs.Usage()
		return exitUsage
	}
	ss, err := scenarios.LoadAll(files)
	if err != nil {
		printErr(stderr, err)
		return exitUsage
	}
	if err := applyOverrides(ss, runFlags{}); err != nil {
		printErr(stderr, err)
		return exitUsage
	}
	for _, s := range ss {
		pts, _ := s.Expand()
		fmt.Fprintf(stdout, "%s: ok (%d point(s), %d trajectories, %d steps)\n", displayName(s), len(pts), s.Ensemble.Trajectories, s.Dynamics.Steps)
	}
	return exitOK
}

func displayName(s *scenarios.Scenario) string {
	if s.File != "" {
		return s.File
	}
	return s.Name
}
