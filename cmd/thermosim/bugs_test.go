package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Tests of bugs found in code outside cmd/thermosim's tests. Each skips,
// naming the bug, while the bug stands (it checks the buggy behaviour
// exactly), and runs in full once it is fixed. The partial.gob bug is in
// invariance_test.go.

// TestSweepWithZeroMetric runs a sweep whose metric jarzynski.exact_delta_f
// is 0 at every point (a dragged trap: Delta F = 0 exactly) with its
// stderr undefined. Bug (experiment/sweepfig.go or report/plot): drawing
// the sweep figure of that metric fails with "series ... has no finite
// point to draw", so the run exits 2 after writing summary.json "complete"
// and part of the figures. Reproducer:
//
//	thermosim run cmd/thermosim/testdata/scenarios/sweep-jarzynski.yaml
func TestSweepWithZeroMetric(t *testing.T) {
	out := t.TempDir()
	r := runCLI(t, "run", "--quiet", "--out", out, "testdata/scenarios/sweep-jarzynski.yaml")
	if r.code == exitUsage && strings.Contains(r.stderr, "has no finite point to draw") {
		t.Skip("bug: a sweep figure of a metric without a finite stderr fails the run: " + strings.TrimSpace(r.stderr))
	}
	r.wantCode(t, exitOK)
	dir := oneRunDir(t, out)
	for _, f := range []string{"metrics.csv", "timeseries.csv", "plots/sweep-work_mean.svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}

// TestDivergingRunLeavesNothing runs a scenario whose dynamics diverge: the
// message names the trajectory and the step (exit 2). Bug (cmd/thermosim
// run.go, runScenario): the results folder is removed but the scenario
// folder OUT/<name>/ created for it stays, empty. Reproducer:
//
//	thermosim run --out /tmp/x cmd/thermosim/testdata/scenarios/diverges.yaml; ls /tmp/x
func TestDivergingRunLeavesNothing(t *testing.T) {
	out := t.TempDir()
	r := runCLI(t, "run", "--quiet", "--out", out, "testdata/scenarios/diverges.yaml")
	r.wantCode(t, exitUsage)
	want := "thermosim: diverges: trajectory 0: non-finite energy (+Inf) at step "
	if !strings.HasPrefix(r.stderr, want) || !strings.Contains(r.stderr, "reduce dt") {
		t.Errorf("stderr %q, want %q... reduce dt ...", r.stderr, want)
	}
	if ds := runDirs(t, out); len(ds) != 0 {
		t.Fatalf("a failed run left results folders %v", ds)
	}
	ents, _ := os.ReadDir(out)
	if len(ents) == 1 && ents[0].Name() == "diverges" {
		t.Skip("bug: a run that fails at run time leaves the empty folder OUT/diverges/ (run.go removes only the run folder)")
	}
	emptyDir(t, out)
}
