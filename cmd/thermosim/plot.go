package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/thermosim/thermosim/experiment"
)

func init() {
	register(&command{name: "plot", summary: "(re)draw the plots of a results folder from its saved data", run: cmdPlot})
}

func cmdPlot(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plot", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprintln(stderr, "usage: thermosim plot RESULTS_DIR...") }
	dirs, code, ok := parse(fs, args, stderr)
	if !ok {
		return code
	}
	if len(dirs) == 0 {
		fs.Usage()
		return exitUsage
	}
	for _, d := range dirs {
		figs, err := experiment.LoadFigures(d)
		if err != nil {
			fmt.Fprintf(stderr, "thermosim plot: %s: no plot data (%v)\n", d, err)
			return exitUsage
		}
		if err := experiment.DrawFigures(filepath.Join(d, "plots"), figs); err != nil {
			fmt.Fprintf(stderr, "thermosim plot: %s: %v\n", d, err)
			return exitUsage
		}
		fmt.Fprintf(stdout, "%s: %d figure(s) drawn in %s\n", d, len(figs), filepath.Join(d, "plots"))
	}
	return exitOK
}
