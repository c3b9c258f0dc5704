package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// The tests of this package call run(ctx, args, stdout, stderr) directly and
// compare what it prints and writes with golden files in testdata/golden.
// Rewrite them after an intended change with
//
//	go test ./cmd/thermosim -update
//
// (the estimate tests have their own flag, -update-estimate). -update also
// regenerates the bad-input table of docs/cli.md.
var update = flag.Bool("update", false, "rewrite testdata/golden and the generated table of docs/cli.md")

// envAsMain makes the test binary behave as the thermosim command (see
// TestMain): the deployment tests run the cluster scripts against it.
const envAsMain = "THERMOSIM_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envAsMain) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// cliResult is what one call of run returned and printed.
type cliResult struct {
	code           int
	stdout, stderr string
}

// runCLI calls run with args and a background context.
func runCLI(t *testing.T, args ...string) cliResult {
	t.Helper()
	return runCtx(t, context.Background(), args...)
}

func runCtx(t *testing.T, ctx context.Context, args ...string) cliResult {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(ctx, args, &out, &errb)
	return cliResult{code, out.String(), errb.String()}
}

// wantCode fails the test when r.code is not code, printing the output.
func (r cliResult) wantCode(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

var (
	// A run id: UTC time, a dash, 8 hex digits of the scenario hash, and
	// the -2, -3, ... suffix of a taken id.
	reRunID = regexp.MustCompile(`\d{8}T\d{6}Z-[0-9a-f]{8}(-\d+)?`)
	// Plain progress lines: rate, elapsed time, time left.
	reRate = regexp.MustCompile(`\d+(\.\d+)?/s\b`)
	reDur  = regexp.MustCompile(`(done in|stopped after|ETA) \d+(\.\d+)?[hms](\d+[ms])?`)
	// summary.json fields that depend on the clock, the machine or the
	// toolchain.
	reSummary = regexp.MustCompile(`(?m)^(\s*"(?:started|elapsed_seconds|workers|go|goarch)": ).*?(,?)$`)
)

// mask replaces what changes from run to run (run ids, rates, durations,
// temporary folders) with fixed words, so that outputs can be compared with
// golden files. dirs maps folder paths to the words that replace them.
func mask(s string, dirs map[string]string) string {
	// Longest paths first, so that a folder inside another is replaced
	// by its own word.
	keys := make([]string, 0, len(dirs))
	for k := range dirs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	for _, k := range keys {
		s = strings.ReplaceAll(s, k, dirs[k])
	}
	s = reRunID.ReplaceAllString(s, "RUNID")
	s = reRate.ReplaceAllString(s, "RATE/s")
	s = reDur.ReplaceAllString(s, "$1 TIME")
	return s
}

// maskSummary masks the clock, machine and toolchain fields of summary.json.
func maskSummary(s string) string {
	return reSummary.ReplaceAllString(s, `${1}"MASKED"$2`)
}

// golden compares got with testdata/golden/name (or rewrites it under
// -update). Numbers are compared with a tolerance (see sameText): the
// goldens are regression values, not bit patterns, since floating-point
// results may differ across architectures (design.md, rule 4).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/thermosim -update to create it)", err)
	}
	if msg := sameText(got, string(want)); msg != "" {
		t.Errorf("%s differs from the golden file (go test ./cmd/thermosim -update rewrites it after an intended change): %s\ngot:\n%s", path, msg, got)
	}
}

var reNumber = regexp.MustCompile(`[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?`)

// sameText reports how got differs from want ("" if it does not). Text
// must be equal; numbers may differ by one unit in the last digit printed
// in want, or by a relative 1e-9, whichever is larger.
func sameText(got, want string) string {
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	if len(gl) != len(wl) {
		return fmt.Sprintf("%d lines, want %d", len(gl), len(wl))
	}
	for i := range gl {
		if gl[i] == wl[i] {
			continue
		}
		gt, gn := splitNumbers(gl[i])
		wt, wn := splitNumbers(wl[i])
		if strings.Join(gt, "#") != strings.Join(wt, "#") || len(gn) != len(wn) {
			return fmt.Sprintf("line %d:\n got  %q\n want %q", i+1, gl[i], wl[i])
		}
		for j := range gn {
			g, err1 := strconv.ParseFloat(gn[j], 64)
			w, err2 := strconv.ParseFloat(wn[j], 64)
			if err1 != nil || err2 != nil || math.Abs(g-w) > max(lastDigit(wn[j]), 1e-9*math.Abs(w)) {
				return fmt.Sprintf("line %d: number %s, want %s:\n got  %q\n want %q", i+1, gn[j], wn[j], gl[i], wl[i])
			}
		}
	}
	return ""
}

// splitNumbers splits s into its text between numbers and its numbers.
func splitNumbers(s string) (text, nums []string) {
	last := 0
	for _, m := range reNumber.FindAllStringIndex(s, -1) {
		text = append(text, s[last:m[0]])
		nums = append(nums, s[m[0]:m[1]])
		last = m[1]
	}
	return append(text, s[last:]), nums
}

// lastDigit returns the value of one unit in the last digit of the decimal
// number s (1e-5 for "1.00988", 1e-19 for "1.5e-17").
func lastDigit(s string) float64 {
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		exp, _ = strconv.Atoi(s[i+1:])
	}
	dec := 0
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		dec = len(mant) - i - 1
	}
	return math.Pow(10, float64(exp-dec))
}

// emptyDir fails the test if dir holds anything.
func emptyDir(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		t.Errorf("%s: %s was written, want nothing", dir, e.Name())
	}
}

// runDirs returns the results folders OUT/<scenario>/<run id> under out,
// sorted.
func runDirs(t *testing.T, out string) []string {
	t.Helper()
	ds, err := filepath.Glob(filepath.Join(out, "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(ds)
	return ds
}

// oneRunDir returns the only results folder under out.
func oneRunDir(t *testing.T, out string) string {
	t.Helper()
	ds := runDirs(t, out)
	if len(ds) != 1 {
		t.Fatalf("%s holds %d results folders, want 1: %v", out, len(ds), ds)
	}
	return ds[0]
}

// tree lists the files under dir (relative, slash-separated, sorted) with
// their sizes masked: the layout of a results folder.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}
