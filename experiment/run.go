package experiment

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/mc"
	"github.com/thermosim/thermosim/scenarios"
	"github.com/thermosim/thermosim/sim"
)

// Options are the run-time choices that do not change results (workers,
// progress) and the shard to run.
type Options struct {
	Workers int // 0: the scenario's ensemble.workers, else one per core
	// Shard runs only blocks of shard ShardIndex of ShardCount (0-based
	// index; ShardCount 0 = the whole run).
	ShardIndex, ShardCount int
	// Progress, if non-nil, is called once per run phase with a label and
	// the number of trajectories, and returns the function to call with
	// each finished block's size.
	Progress func(label string, total int) func(n int)
}

// Blocks are the block outputs of one point: forward and reverse, indexed by
// block number, nil where a block has not run (yet).
type Blocks struct {
	Forward, Reverse []*sim.BlockOut
}

// complete reports whether every block has run.
func (b *Blocks) complete(rev bool) bool {
	for _, o := range b.Forward {
		if o == nil {
			return false
		}
	}
	if rev {
		for _, o := range b.Reverse {
			if o == nil {
				return false
			}
		}
	}
	return true
}

// Done counts the trajectories run.
func (b *Blocks) Done() int {
	n := 0
	for _, o := range b.Forward {
		if o != nil {
			n += o.Block.Len()
		}
	}
	return n
}

// PointResult is what one sweep point produced.
type PointResult struct {
	Point   scenarios.Point
	Status  string // complete | partial (interrupted) | shard
	Outcome *Outcome
	Expect  []ExpectResult
	Blocks  *Blocks
	Elapsed time.Duration
}

// RunPoint runs one sweep point, completing prev (a partial or shard result
// of the same point) when it is non-nil. On cancellation it returns the
// partial result together with ctx.Err().
func RunPoint(ctx context.Context, pt scenarios.Point, prev *Blocks, opt Options) (*PointResult, error) {
	start := time.Now()
	s := pt.Scenario
	cfg, err := Build(s)
	if err != nil {
		return nil, err
	}
	rev := needsReverse(s)
	var rcfg *sim.Config
	if rev {
		rcfg = cfg.Reversed()
		if err := rcfg.Validate(); err != nil {
			return nil, fmt.Errorf("reverse run: %v", err)
		}
	}
	all := mc.Blocks(cfg.Trajectories, sim.BlockSize)
	bl := prev
	if bl == nil {
		bl = &Blocks{Forward: make([]*sim.BlockOut, len(all))}
		if rev {
			bl.Reverse = make([]*sim.BlockOut, len(all))
		}
	}
	if len(bl.Forward) != len(all) || (rev && len(bl.Reverse) != len(all)) {
		return nil, fmt.Errorf("the saved blocks do not match this scenario (%d blocks saved, %d expected)", len(bl.Forward), len(all))
	}
	mine := all
	if opt.ShardCount > 0 {
		mine = mc.Shard(all, opt.ShardIndex, opt.ShardCount)
	}
	workers := opt.Workers
	if workers == 0 {
		workers = s.Ensemble.Workers
	}
	res := &PointResult{Point: pt, Blocks: bl}
	phase := func(label string, c *sim.Config, outs []*sim.BlockOut) error {
		var todo []mc.Block
		n := 0
		for _, b := range mine {
			if outs[b.Index] == nil {
				todo = append(todo, b)
				n += b.Len()
			}
		}
		if len(todo) == 0 {
			return nil
		}
		var prog func(int)
		if opt.Progress != nil {
			prog = opt.Progress(fmt.Sprintf("%s [%s]", s.Name, label), n)
		}
		got, done, err := sim.Run(ctx, c, label, todo, workers, prog)
		for i, b := range todo {
			if done[i] {
				outs[b.Index] = got[i]
			}
		}
		return err
	}
	if err := phase("forward", cfg, bl.Forward); err != nil {
		res.Status = "partial"
		res.Elapsed = time.Since(start)
		return res, err
	}
	if rev {
		if err := phase("reverse", rcfg, bl.Reverse); err != nil {
			res.Status = "partial"
			res.Elapsed = time.Since(start)
			return res, err
		}
	}
	res.Elapsed = time.Since(start)
	if !bl.complete(rev) {
		res.Status = "shard"
		return res, nil
	}
	res.Status = "complete"
	fw, err := sim.Collect(cfg, bl.Forward)
	if err != nil {
		return nil, err
	}
	var rv *sim.Samples
	if rev {
		if rv, err = sim.Collect(rcfg, bl.Reverse); err != nil {
			return nil, err
		}
	}
	out, err := measure(s, cfg, rcfg, fw, rv)
	if err != nil {
		return nil, err
	}
	res.Outcome = out
	res.Expect = CheckExpectations(s.Expect, &out.Metrics)
	return res, nil
}

// ExpectResult is the outcome of one expectation.
type ExpectResult struct {
	Metric   string
	Bound    string // human-readable bound, e.g. "= 1 ± 4se", ">= 0"
	Value    float64
	StdErr   float64
	Pass     bool
	Reason   string // why it failed, if it did
	Position scenarios.Position
}

// CheckExpectations evaluates a scenario's expect block against metrics.
func CheckExpectations(exps []scenarios.Expectation, ms *Metrics) []ExpectResult {
	var out []ExpectResult
	for _, e := range exps {
		r := ExpectResult{Metric: e.Metric, Position: e.Pos, Value: nan, StdErr: nan}
		m, ok := ms.Get(e.Metric)
		var parts []string
		if e.Equals != nil {
			if e.WithinSE {
				parts = append(parts, fmt.Sprintf("= %s ± %sse", fmtNum(*e.Equals), fmtNum(e.Within)))
			} else {
				parts = append(parts, fmt.Sprintf("= %s ± %s", fmtNum(*e.Equals), fmtNum(e.Within)))
			}
		}
		if e.AtLeast != nil {
			parts = append(parts, ">= "+fmtNum(*e.AtLeast))
		}
		if e.AtMost != nil {
			parts = append(parts, "<= "+fmtNum(*e.AtMost))
		}
		for i, p := range parts {
			if i > 0 {
				r.Bound += ", "
			}
			r.Bound += p
		}
		if !ok {
			r.Reason = "metric not measured (add its measure to the scenario)"
			out = append(out, r)
			continue
		}
		r.Value, r.StdErr = m.Value, m.StdErr
		r.Pass = true
		switch {
		case math.IsNaN(m.Value):
			r.Pass, r.Reason = false, "value is NaN"
		case e.Equals != nil:
			tol := e.Within
			if e.WithinSE {
				if !m.HasError() {
					r.Pass, r.Reason = false, "no standard error for a bound in standard errors"
					break
				}
				tol = e.Within * m.StdErr
			}
			if d := math.Abs(m.Value - *e.Equals); d > tol {
				r.Pass = false
				if m.HasError() && m.StdErr > 0 {
					r.Reason = fmt.Sprintf("off by %.3g (%.1f se)", d, d/m.StdErr)
				} else {
					r.Reason = fmt.Sprintf("off by %.3g", d)
				}
			}
		}
		if r.Pass && e.AtLeast != nil && !(m.Value >= *e.AtLeast) {
			r.Pass, r.Reason = false, fmt.Sprintf("below %s", fmtNum(*e.AtLeast))
		}
		if r.Pass && e.AtMost != nil && !(m.Value <= *e.AtMost) {
			r.Pass, r.Reason = false, fmt.Sprintf("above %s", fmtNum(*e.AtMost))
		}
		out = append(out, r)
	}
	return out
}

func fmtNum(v float64) string { return fmt.Sprintf("%g", v) }

// IsInterrupt reports whether err is a cancellation.
func IsInterrupt(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

var _ = estimate.Z95
