package main

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

const (
	smallYAML = "testdata/scenarios/small.yaml" // 2000 trajectories, 50 steps, expectations that hold
	failYAML  = "testdata/scenarios/fail.yaml"  // the same run with two expectations that fail
	sweepYAML = "testdata/scenarios/sweep.yaml" // two sweep points of 1000 trajectories
)

// goldenCommands are the commands whose line of the top-level usage is in
// the golden file; the lines of commands added later are left out of the
// comparison (TestDocsCoverCommandsAndFlags checks that docs/cli.md
// describes every command).
var goldenCommands = map[string]bool{
	"estimate": true, "merge": true, "models": true, "plot": true, "run": true,
	"validate": true, "verify": true, "version": true,
}

var reCommandLine = regexp.MustCompile(`^  ([a-z]+) +`)

func dropNewCommands(s string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if m := reCommandLine.FindStringSubmatch(l); m != nil && !goldenCommands[m[1]] {
			if _, ok := commands[m[1]]; ok {
				continue
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// TestUsageGolden checks the usage texts and the exit codes of help (0) and
// of usage errors (2).
func TestUsageGolden(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"usage_none", nil, exitUsage},
		{"usage_help", []string{"help"}, exitOK},
		{"usage_dash_h", []string{"-h"}, exitOK},
		{"usage_unknown_command", []string{"frob"}, exitUsage},
		{"run_help", []string{"run", "-h"}, exitOK},
		{"run_no_files", []string{"run"}, exitUsage},
		{"run_unknown_flag", []string{"run", "--bogus", smallYAML}, exitUsage},
		{"verify_help", []string{"verify", "--help"}, exitOK},
		{"validate_help", []string{"validate", "-h"}, exitOK},
		{"validate_no_files", []string{"validate"}, exitUsage},
		{"merge_help", []string{"merge", "-h"}, exitOK},
		{"merge_no_dirs", []string{"merge"}, exitUsage},
		{"plot_help", []string{"plot", "-h"}, exitOK},
		{"plot_no_dirs", []string{"plot"}, exitUsage},
		{"models_help", []string{"models", "-h"}, exitOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, c.args...)
			r.wantCode(t, c.code)
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing (usage goes to stderr)", r.stdout)
			}
			golden(t, c.name+".stderr", dropNewCommands(r.stderr))
		})
	}
}

// TestVersionGolden checks the version line; the toolchain, the platform and
// the VCS revision are masked.
func TestVersionGolden(t *testing.T) {
	r := runCLI(t, "version")
	r.wantCode(t, exitOK)
	re := regexp.MustCompile(`^thermosim ` + regexp.QuoteMeta(Version) + `( \([0-9a-f]{12}\))? ` +
		regexp.QuoteMeta(runtime.GOOS+"/"+runtime.GOARCH+" "+runtime.Version()) + "\n$")
	if !re.MatchString(r.stdout) {
		t.Fatalf("version printed %q, want a match of %s", r.stdout, re)
	}
	got := regexp.MustCompile(` \([0-9a-f]{12}\)`).ReplaceAllString(r.stdout, " (REV)")
	got = strings.Replace(got, runtime.GOOS+"/"+runtime.GOARCH+" "+runtime.Version(), "OS/ARCH GOVERSION", 1)
	golden(t, "version.stdout", got)
	if r.stderr != "" {
		t.Errorf("stderr = %q, want nothing", r.stderr)
	}
}

func TestModelsGolden(t *testing.T) {
	r := runCLI(t, "models")
	r.wantCode(t, exitOK)
	golden(t, "models.stdout", r.stdout)
	if r.stderr != "" {
		t.Errorf("stderr = %q, want nothing", r.stderr)
	}
}

func TestValidateGolden(t *testing.T) {
	r := runCLI(t, "validate", smallYAML, failYAML, sweepYAML, "testdata/bad/base.yaml")
	r.wantCode(t, exitOK)
	golden(t, "validate.stdout", r.stdout)
	if r.stderr != "" {
		t.Errorf("stderr = %q, want nothing", r.stderr)
	}
}

// TestVerifyGolden checks the pass/fail table and the exit codes of verify:
// 0 when every expectation holds, 1 when one fails.
func TestVerifyGolden(t *testing.T) {
	t.Run("pass", func(t *testing.T) {
		out := t.TempDir()
		r := runCLI(t, "verify", "--quiet", "--out", out, smallYAML)
		r.wantCode(t, exitOK)
		golden(t, "verify_pass.stderr", mask(r.stderr, map[string]string{out: "OUT"}))
		if len(runDirs(t, out)) != 1 {
			t.Errorf("verify wrote %d results folders, want 1", len(runDirs(t, out)))
		}
	})
	t.Run("fail", func(t *testing.T) {
		out := t.TempDir()
		r := runCLI(t, "verify", "--quiet", "--out", out, smallYAML, failYAML)
		r.wantCode(t, exitFailed)
		golden(t, "verify_fail.stderr", mask(r.stderr, map[string]string{out: "OUT"}))
		for _, want := range []string{"FAIL (off by", "FAIL (above -1)", "verify: 2 expectation(s) failed"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("verify output lacks %q", want)
			}
		}
		// summary.json says which expectation failed.
		var sum struct {
			Passed *bool `json:"passed"`
		}
		for _, d := range runDirs(t, out) {
			readJSON(t, filepath.Join(d, "summary.json"), &sum)
			want := !strings.Contains(d, "small-fail")
			if sum.Passed == nil || *sum.Passed != want {
				t.Errorf("%s: summary.json passed = %v, want %v", d, sum.Passed, want)
			}
		}
	})
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRunGolden runs the small scenario and checks what run prints (with
// and without --quiet) and the results folder it writes: its layout, the
// resolved scenario, summary.json, metrics.csv and timeseries.csv against
// golden files, the samples and the figures.
func TestRunGolden(t *testing.T) {
	out := t.TempDir()
	r := runCLI(t, "run", "--out", out, smallYAML)
	r.wantCode(t, exitOK)
	if r.stdout != "" {
		t.Errorf("stdout = %q, want nothing (run writes files)", r.stdout)
	}
	golden(t, "run.stderr", mask(r.stderr, map[string]string{out: "OUT"}))
	dir := oneRunDir(t, out)
	if got, want := filepath.Base(filepath.Dir(dir)), "small-trap"; got != want {
		t.Errorf("results folder under %s, want under the scenario name %s", filepath.Dir(dir), want)
	}
	golden(t, "run_layout.txt", strings.Join(tree(t, dir), "\n")+"\n")
	golden(t, "run_scenario.yaml", readFile(t, filepath.Join(dir, "scenario.yaml")))
	golden(t, "run_summary.json", maskSummary(readFile(t, filepath.Join(dir, "summary.json"))))
	golden(t, "run_metrics.csv", readFile(t, filepath.Join(dir, "metrics.csv")))
	golden(t, "run_timeseries.csv", readFile(t, filepath.Join(dir, "timeseries.csv")))

	var sum struct {
		Status  string `json:"status"`
		Seed    uint64 `json:"seed"`
		Version string `json:"version"`
		Points  []struct {
			Trajs int `json:"trajectories_done"`
		} `json:"points"`
	}
	readJSON(t, filepath.Join(dir, "summary.json"), &sum)
	if sum.Status != "complete" || sum.Seed != 7 || sum.Version != Version || len(sum.Points) != 1 || sum.Points[0].Trajs != 2000 {
		t.Errorf("summary.json: status %q seed %d version %q points %+v; want complete, 7, %q, one point of 2000 trajectories", sum.Status, sum.Seed, sum.Version, sum.Points, Version)
	}
	if _, err := os.Stat(filepath.Join(dir, "partial.gob")); err == nil {
		t.Error("a complete run left partial.gob")
	}
	// One sample per trajectory in each samples file.
	samples, _ := filepath.Glob(filepath.Join(dir, "samples", "*.csv"))
	if len(samples) == 0 {
		t.Error("no samples/*.csv")
	}
	for _, s := range samples {
		lines := strings.Count(readFile(t, s), "\n")
		if filepath.Base(s) == "paths.csv" {
			// record.paths whole paths in long form: one row per path and
			// recorded time
			continue
		}
		if lines != 2001 {
			t.Errorf("%s: %d lines, want a header and 2000 samples", filepath.Base(s), lines)
		}
	}
	// Every figure as SVG and PNG.
	svgs, _ := filepath.Glob(filepath.Join(dir, "plots", "*.svg"))
	if len(svgs) == 0 {
		t.Error("no plots/*.svg")
	}
	for _, s := range svgs {
		if b := readFile(t, s); !strings.Contains(b[:min(len(b), 200)], "<svg") {
			t.Errorf("%s is not an SVG file", filepath.Base(s))
		}
		png := readFile(t, strings.TrimSuffix(s, ".svg")+".png")
		if !strings.HasPrefix(png, "\x89PNG\r\n\x1a\n") {
			t.Errorf("%s.png is not a PNG file", strings.TrimSuffix(filepath.Base(s), ".svg"))
		}
	}

	// The same run with --quiet prints nothing and never overwrites the
	// first folder: it gets a new one.
	r = runCLI(t, "run", "--quiet", "--out", out, smallYAML)
	r.wantCode(t, exitOK)
	if r.stderr != "" || r.stdout != "" {
		t.Errorf("run --quiet printed stdout %q stderr %q, want nothing", r.stdout, r.stderr)
	}
	if ds := runDirs(t, out); len(ds) != 2 {
		t.Errorf("two runs made %d results folders, want 2: %v", len(ds), ds)
	}
}

// TestRunWorkMean checks the physics the golden run measures: for a trap
// U = k/2 (x - vt)^2 dragged at speed v from equilibrium (overdamped,
// friction gamma, relaxation time tau = gamma/k), the mean work is
// <W>(t) = gamma v^2 (t - tau (1 - exp(-t/tau))) (Mazonka & Jarzynski 1999;
// van Zon & Cohen 2003). Here k = gamma = T = 1, v = 2, t = 0.5. The
// Euler–Maruyama bias at dt = 0.01 is O(dt) relative, ~0.004, far below
// the standard error (~0.02).
func TestRunWorkMean(t *testing.T) {
	out := t.TempDir()
	runCLI(t, "run", "--quiet", "--out", out, smallYAML).wantCode(t, exitOK)
	var sum struct {
		Points []struct {
			Metrics map[string]struct {
				Value  float64 `json:"value"`
				StdErr float64 `json:"stderr"`
			} `json:"metrics"`
		} `json:"points"`
	}
	readJSON(t, filepath.Join(oneRunDir(t, out), "summary.json"), &sum)
	m := sum.Points[0].Metrics["work.mean"]
	const v, tEnd = 2.0, 0.5
	want := v * v * (tEnd - (1 - math.Exp(-tEnd)))
	if z := (m.Value - want) / m.StdErr; z > 4 || z < -4 || m.StdErr <= 0 {
		t.Errorf("work.mean = %g ± %g, closed form %g (z = %.2f)", m.Value, m.StdErr, want, z)
	}
	t.Logf("work.mean = %.5f ± %.5f, closed form %.5f", m.Value, m.StdErr, want)
}

// TestProgressOnPipe checks the progress output when stderr is a pipe (not
// a terminal): plain lines, no bar, no carriage returns or escape codes.
func TestProgressOnPipe(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan string)
	go func() {
		b, _ := io.ReadAll(pr)
		got <- string(b)
	}()
	out := t.TempDir()
	var stdout bytes.Buffer
	code := run(t.Context(), []string{"run", "--out", out, smallYAML}, &stdout, pw)
	pw.Close()
	s := <-got
	pr.Close()
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, s)
	}
	if strings.ContainsAny(s, "\r\x1b") {
		t.Errorf("progress on a pipe has carriage returns or escape codes: %q", s)
	}
	line := regexp.MustCompile(`^(small-trap \[(forward|reverse)\]: \d+/2000 trajectories \(\d+%\), [0-9.]+/s(, ETA \S+)?(, done in \S+)?|small-trap: complete -> .+)$`)
	n := 0
	for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if !line.MatchString(l) {
			t.Errorf("unexpected progress line %q", l)
		}
		n++
	}
	if n < 3 {
		t.Errorf("%d lines on the pipe, want at least the forward, reverse and final lines:\n%s", n, s)
	}
}
