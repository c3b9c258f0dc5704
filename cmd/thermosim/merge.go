package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/thermosim/thermosim/experiment"
	"github.com/thermosim/thermosim/scenarios"
)

func init() {
	register(&command{name: "merge", summary: "merge the shards of one run into one results folder", run: cmdMerge})
}

func cmdMerge(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	var f runFlags
	fs.StringVar(&f.out, "out", "results", "folder under which the merged results folder is written")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress output")
	fs.Usage = func() { fmt.Fprintln(stderr, "usage: thermosim merge [--out DIR] SHARD_DIR...") }
	dirs, code, ok := parse(fs, args, stderr)
	if !ok {
		return code
	}
	if len(dirs) == 0 {
		fs.Usage()
		return exitUsage
	}
	var s *scenarios.Scenario
	var resolved []byte
	var merged []*experiment.Blocks
	count := -1
	seen := map[int]string{}
	for _, d := range dirs {
		sc, err := loadResolved(d)
		if err != nil {
			printErr(stderr, err)
			return exitUsage
		}
		res, _ := scenarios.Marshal(sc)
		if s == nil {
			s, resolved = sc, res
		}
		blocks, si, sn, err := experiment.LoadPartial(d, resolved, Version)
		if err != nil {
			fmt.Fprintln(stderr, "thermosim merge:", err)
			return exitUsage
		}
		if sn == 0 {
			fmt.Fprintf(stderr, "thermosim merge: %s is not a shard (an interrupted run? complete it with thermosim run --resume %s)\n", d, d)
			return exitUsage
		}
		if count >= 0 && sn != count {
			fmt.Fprintf(stderr, "thermosim merge: %s is shard %d/%d, others are of %d shards\n", d, si+1, sn, count)
			return exitUsage
		}
		count = sn
		if prev, dup := seen[si]; dup {
			fmt.Fprintf(stderr, "thermosim merge: shard %d/%d given twice (%s and %s)\n", si+1, sn, prev, d)
			return exitUsage
		}
		seen[si] = d
		if merged == nil {
			merged = blocks
			continue
		}
		for i, pb := range blocks {
			if pb == nil {
				continue
			}
			if merged[i] == nil {
				merged[i] = pb
				continue
			}
			for b, o := range pb.Forward {
				if o != nil {
					merged[i].Forward[b] = o
				}
			}
			for b, o := range pb.Reverse {
				if o != nil {
					merged[i].Reverse[b] = o
				}
			}
		}
	}
	var missing []int
	for i := 0; i < count; i++ {
		if _, ok := seen[i]; !ok {
			missing = append(missing, i+1)
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(stderr, "thermosim merge: shards %v of %d are missing\n", missing, count)
		return exitUsage
	}
	f.quiet = true
	r, dir, err := runScenario(ctx, s, merged, "", f, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "thermosim merge:", err)
		return exitUsage
	}
	if r.Status() != "complete" {
		fmt.Fprintf(stderr, "thermosim merge: the shards do not cover the run (status %s)\n", r.Status())
		return exitUsage
	}
	fmt.Fprintf(stderr, "%s: merged %d shards -> %s\n", s.Name, count, dir)
	return exitOK
}
