package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// runFlags are the flags common to run and verify (spec/cli.md).
type runFlags struct {
	out          string
	workers      int
	trajectories int
	seed         string
	shard        string
	quiet        bool
	noSamples    bool
	resume       string
	shardIdx     int
	shardCnt     int
}

func (f *runFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.out, "out", "results", "folder under which results folders are written")
	fs.IntVar(&f.workers, "workers", 0, "parallel workers (0: the scenario's ensemble.workers, else one per core)")
	fs.IntVar(&f.trajectories, "trajectories", 0, "override ensemble.trajectories")
	fs.StringVar(&f.seed, "seed", "", "override the scenario's seed (uint64)")
	fs.StringVar(&f.shard, "shard", "", "run only shard I of N (1-based, e.g. 2/8), for cluster array jobs")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress output")
	fs.BoolVar(&f.noSamples, "no-samples", false, "do not write the per-trajectory samples (samples/*.csv)")
}

// check validates flag values after parsing.
func (f *runFlags) check() error {
	if f.workers < 0 {
		return fmt.Errorf("--workers must be >= 0, got %d", f.workers)
	}
	if f.trajectories < 0 {
		return fmt.Errorf("--trajectories must be >= 1, got %d", f.trajectories)
	}
	if f.seed != "" {
		if _, err := strconv.ParseUint(f.seed, 10, 64); err != nil {
			return fmt.Errorf("--seed must be an unsigned 64-bit integer, got %q", f.seed)
		}
	}
	if f.shard != "" {
		i, n, ok := strings.Cut(f.shard, "/")
		a, err1 := strconv.Atoi(i)
		b, err2 := strconv.Atoi(n)
		if !ok || err1 != nil || err2 != nil || b < 1 || a < 1 || a > b {
			return fmt.Errorf("--shard must be I/N with 1 <= I <= N, got %q", f.shard)
		}
		f.shardIdx, f.shardCnt = a-1, b
	}
	return nil
}

// parse parses flags that may come before or after the positional arguments.
func parse(fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, int, bool) {
	fs.SetOutput(stderr)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			pos = append(pos, args[1:]...)
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	return pos, 0, true
}
