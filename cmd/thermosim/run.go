package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/thermosim/thermosim/experiment"
	"github.com/thermosim/thermosim/mc"
	"github.com/thermosim/thermosim/report"
	"github.com/thermosim/thermosim/report/progress"
	"github.com/thermosim/thermosim/scenarios"
)

func init() {
	register(&command{name: "run", summary: "run scenarios or suites; write a results folder per scenario", run: cmdRun})
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var f runFlags
	f.register(fs)
	fs.StringVar(&f.resume, "resume", "", "complete the partial (interrupted) run in this results folder")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: thermosim run [flags] FILE|DIR...\n       thermosim run --resume RESULTS_DIR\n\nflags:")
		fs.PrintDefaults()
	}
	files, code, ok := parse(fs, args, stderr)
	if !ok {
		return code
	}
	if err := f.check(); err != nil {
		fmt.Fprintln(stderr, "thermosim run:", err)
		return exitUsage
	}
	if f.resume != "" {
		if len(files) > 0 {
			fmt.Fprintln(stderr, "thermosim run: --resume takes no scenario files")
			return exitUsage
		}
		return resume(ctx, f, stderr)
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
	runs, code := runAll(ctx, ss, f, stderr)
	_ = runs
	return code
}

func printErr(w io.Writer, err error) {
	if el, ok := err.(scenarios.ErrorList); ok {
		for _, e := range el {
			fmt.Fprintln(w, e)
		}
		return
	}
	fmt.Fprintln(w, "thermosim:", err)
}

// applyOverrides sets --seed and --trajectories into the scenarios and
// validates every sweep point before anything runs.
func applyOverrides(ss []*scenarios.Scenario, f runFlags) error {
	for _, s := range ss {
		if f.seed != "" {
			v, _ := strconv.ParseUint(f.seed, 10, 64)
			s.Seed = v
		}
		if f.trajectories > 0 {
			s.Ensemble.Trajectories = f.trajectories
		}
		pts, err := s.Expand()
		if err != nil {
			return err
		}
		for _, p := range pts {
			if _, err := experiment.Build(p.Scenario); err != nil {
				where := s.File
				if where == "" {
					where = s.Name
				}
				return fmt.Errorf("%s: point %d: %v", where, p.Index, err)
			}
		}
	}
	return nil
}

// runAll runs scenarios one after the other, each into its results folder.
func runAll(ctx context.Context, ss []*scenarios.Scenario, f runFlags, stderr io.Writer) ([]*experiment.Run, int) {
	if err := applyOverrides(ss, f); err != nil {
		printErr(stderr, err)
		return nil, exitUsage
	}
	var runs []*experiment.Run
	for _, s := range ss {
		r, dir, err := runScenario(ctx, s, nil, "", f, stderr)
		if r != nil {
			runs = append(runs, r)
		}
		if err != nil {
			if experiment.IsInterrupt(err) {
				fmt.Fprintf(stderr, "thermosim: interrupted; partial results in %s (resume with: thermosim run --resume %s)\n", dir, dir)
				return runs, exitInterrupted
			}
			fmt.Fprintf(stderr, "thermosim: %s: %v\n", s.Name, err)
			return runs, exitUsage
		}
		if !f.quiet {
			fmt.Fprintf(stderr, "%s: %s -> %s\n", s.Name, r.Status(), dir)
		}
	}
	return runs, exitOK
}

// runScenario runs every point of s (completing prev when resuming) and
// writes the results folder (dir, or a new one under f.out).
func runScenario(ctx context.Context, s *scenarios.Scenario, prev []*experiment.Blocks, dir string, f runFlags, stderr io.Writer) (*experiment.Run, string, error) {
	resolved, err := scenarios.Marshal(s)
	if err != nil {
		return nil, "", err
	}
	pts, err := s.Expand()
	if err != nil {
		return nil, "", err
	}
	workers := mc.Workers(f.workers)
	if f.workers == 0 && s.Ensemble.Workers > 0 {
		workers = s.Ensemble.Workers
	}
	run := &experiment.Run{Scenario: s, Resolved: resolved, NoSamples: f.noSamples, Meta: experiment.Meta{
		Version: Version, GoArch: runtime.GOARCH, GoVersion: runtime.Version(), Workers: workers,
		Started: time.Now(), ShardIdx: f.shardIdx, ShardCnt: f.shardCnt}}
	if dir == "" {
		dir, _, err = report.NewRunDir(f.out, s.Name, resolved, run.Meta.Started)
		if err != nil {
			return nil, "", err
		}
	}
	opt := experiment.Options{Workers: workers, ShardIndex: f.shardIdx, ShardCount: f.shardCnt}
	var bars []*progress.Reporter
	var mu sync.Mutex
	if !f.quiet {
		opt.Progress = func(label string, total int) func(int) {
			r := progress.New(stderr, label, total, progress.Options{})
			mu.Lock()
			bars = append(bars, r)
			mu.Unlock()
			return r.Add
		}
	}
	var runErr error
	for i, p := range pts {
		var pb *experiment.Blocks
		if prev != nil && i < len(prev) {
			pb = prev[i]
		}
		res, err := experiment.RunPoint(ctx, p, pb, opt)
		if res != nil {
			run.Points = append(run.Points, res)
		}
		if err != nil {
			runErr = err
			break
		}
	}
	for _, b := range bars {
		b.Finish()
	}
	run.Meta.Elapsed = time.Since(run.Meta.Started)
	if runErr != nil && !experiment.IsInterrupt(runErr) {
		// nothing useful: do not leave a half folder (nor its parent, if
		// this run created it)
		os.RemoveAll(dir)
		os.Remove(filepath.Dir(dir))
		return run, dir, runErr
	}
	if err := run.Write(dir); err != nil {
		return run, dir, err
	}
	if run.FigureErr != nil {
		fmt.Fprintf(stderr, "thermosim: %s: warning: %v (the results are complete)\n", s.Name, run.FigureErr)
	}
	return run, dir, runErr
}

// resume completes the partial run in f.resume.
func resume(ctx context.Context, f runFlags, stderr io.Writer) int {
	dir := f.resume
	s, err := loadResolved(dir)
	if err != nil {
		printErr(stderr, err)
		return exitUsage
	}
	resolved, _ := scenarios.Marshal(s)
	blocks, si, sn, err := experiment.LoadPartial(dir, resolved, Version)
	if err != nil {
		fmt.Fprintln(stderr, "thermosim run:", err)
		return exitUsage
	}
	f.shardIdx, f.shardCnt = si, sn
	r, _, err := runScenario(ctx, s, blocks, dir, f, stderr)
	if err != nil {
		if experiment.IsInterrupt(err) {
			fmt.Fprintf(stderr, "thermosim: interrupted again; resume with: thermosim run --resume %s\n", dir)
			return exitInterrupted
		}
		fmt.Fprintln(stderr, "thermosim run:", err)
		return exitUsage
	}
	if !f.quiet {
		fmt.Fprintf(stderr, "%s: %s -> %s\n", s.Name, r.Status(), dir)
	}
	return exitOK
}

func loadResolved(dir string) (*scenarios.Scenario, error) {
	p := filepath.Join(dir, report.ScenarioFile)
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("%s: not a results folder (%v)", dir, err)
	}
	return scenarios.Decode(p, b)
}
