package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/thermosim/thermosim/internal/rng"
)

// The flag has its own name so that other commands' golden tests in this package
// can define theirs: go test ./cmd/thermosim -run Estimate -update-estimate.
var updateEstimate = flag.Bool("update-estimate", false, "rewrite the estimate golden files and inputs in testdata/estimate")

const estDir = "testdata/estimate"

// writeEstimateInputs writes the sample files of the estimate tests, drawn
// with internal/rng from exact distributions: an instantaneous jump c of
// the centre of the trap U = k (x - c)^2/2 (Gaussian work, mean k c^2/2,
// variance k c^2 T, Delta F = 0), and Gaussian entropy production s ~ N(m,
// 2m), which satisfies <exp(-s)> = 1.
func writeEstimateInputs(t *testing.T) {
	src := rng.Stream(2026, "estimate-testdata", 0)
	jump := func(n int, c float64) (f, r []float64) {
		for i := 0; i < n; i++ {
			x := src.Norm()
			f = append(f, c*c/2-c*x)
			y := c + src.Norm()
			r = append(r, c*y-c*c/2)
		}
		return f, r
	}
	lines := func(head string, xs []float64) string {
		var b strings.Builder
		b.WriteString(head)
		for _, x := range xs {
			b.WriteString(strconv.FormatFloat(x, 'g', 10, 64) + "\n")
		}
		return b.String()
	}
	f, r := jump(200, 1)
	pf, pr := jump(100, 5)
	var csv strings.Builder
	csv.WriteString("cycle,W_F,W_R\n")
	for i := range f {
		fmt.Fprintf(&csv, "%d,%s,%s\n", i, strconv.FormatFloat(f[i], 'g', 10, 64), strconv.FormatFloat(r[i], 'g', 10, 64))
	}
	var ent []float64
	for i := 0; i < 300; i++ {
		ent = append(ent, 1+math.Sqrt(2)*src.Norm())
	}
	files := map[string]string{
		"fwd.txt":      lines("# forward work, trap centre jump 0 -> 1, k = T = 1 (Delta F = 0)\n", f),
		"rev.txt":      lines("# reverse work, trap centre jump 1 -> 0, k = T = 1\n", r),
		"work.csv":     csv.String(),
		"poor_fwd.txt": lines("# forward work, jump 0 -> 5: sigma_W = 5 T, poor overlap\n", pf),
		"poor_rev.txt": lines("# reverse work, jump 5 -> 0\n", pr),
		"entropy.txt":  lines("# entropy production s ~ N(1, 2): <exp(-s)> = 1\n", ent),
		"empty.txt":    "# nothing here\n\n",
		"nonnum.txt":   "1.5\n2.5\nabc\n3\n",
		"nan.txt":      "0.5\nNaN\n",
		"single.txt":   "# one\n4.2\n",
		"multi.txt":    "1.0,2.0\n3.0,4.0\n",
		"inf.csv":      "W\n1\n2\n+Inf\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(estDir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func d(name string) string { return estDir + "/" + name }

var estimateCases = []struct {
	name string
	args []string
}{
	{"exp_forward", []string{"exp", d("fwd.txt")}},
	{"exp_both_json", []string{"exp", "--forward", d("fwd.txt"), "--reverse", d("rev.txt"), "--json"}},
	{"exp_bootstrap", []string{"exp", d("fwd.txt"), "--bootstrap", "200", "--seed", "3", "--temperature=1"}},
	{"bar", []string{"bar", "--forward", d("fwd.txt"), "--reverse", d("rev.txt")}},
	{"bar_json", []string{"bar", "--forward", d("fwd.txt"), "--reverse", d("rev.txt"), "--json"}},
	{"bar_csv_paired", []string{"bar", "--forward", d("work.csv"), "--column", "W_F", "--reverse", d("work.csv"), "--reverse-column", "W_R", "--bootstrap", "200", "--paired"}},
	{"bar_poor", []string{"bar", "--forward", d("poor_fwd.txt"), "--reverse", d("poor_rev.txt")}},
	{"exp_poor", []string{"exp", d("poor_fwd.txt")}},
	{"crooks", []string{"crooks", "--forward", d("fwd.txt"), "--reverse", d("rev.txt")}},
	{"crooks_json", []string{"crooks", "--forward", d("fwd.txt"), "--reverse", d("rev.txt"), "--json", "--bootstrap", "100", "--seed", "7"}},
	{"ift", []string{"ift", d("entropy.txt")}},
	{"ift_json", []string{"ift", d("entropy.txt"), "--json"}},
	// bad input and usage: exit 2 with a message naming the file and line
	{"err_empty", []string{"exp", d("empty.txt")}},
	{"err_nonnumber", []string{"exp", d("nonnum.txt")}},
	{"err_nan", []string{"exp", d("nan.txt")}},
	{"err_single", []string{"exp", d("single.txt")}},
	{"err_missing_file", []string{"exp", d("no-such-file.txt")}},
	{"err_multi_column", []string{"exp", d("multi.txt")}},
	{"err_inf_csv", []string{"exp", d("inf.csv"), "--column", "W"}},
	{"err_no_column", []string{"bar", "--forward", d("work.csv"), "--column", "W", "--reverse", d("work.csv")}},
	{"err_unknown_method", []string{"mbar", d("fwd.txt")}},
	{"err_bar_no_reverse", []string{"bar", "--forward", d("fwd.txt")}},
	{"err_temperature", []string{"exp", d("fwd.txt"), "--temperature", "-1"}},
	{"err_no_method", []string{}},
	{"help", []string{"-h"}},
}

func TestEstimateGolden(t *testing.T) {
	if *updateEstimate {
		writeEstimateInputs(t)
	}
	for _, c := range estimateCases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"estimate"}, c.args...), &stdout, &stderr)
			got := fmt.Sprintf("$ thermosim estimate %s\nexit %d\n-- stdout --\n%s-- stderr --\n%s", strings.Join(c.args, " "), code, stdout.String(), stderr.String())
			golden := filepath.Join(estDir, c.name+".golden")
			if *updateEstimate {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run Estimate -update-estimate)", err)
			}
			if !sameOutput(got, string(want), strings.HasSuffix(c.name, "_json")) {
				t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", golden, got, want)
			}
			if strings.HasPrefix(c.name, "err_") && code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if strings.HasSuffix(c.name, "_json") {
				var v map[string]any
				if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
					t.Errorf("stdout is not JSON: %v", err)
				}
			}
		})
	}
}

// sameOutput compares a run's output with its golden text: exactly, except
// that the JSON on stdout of a --json run is compared as values, numbers to
// 1e-9 relative (design rule 4: golden values are not bit-for-bit across
// architectures and last-ulp changes of the arithmetic).
func sameOutput(got, want string, isJSON bool) bool {
	if got == want {
		return true
	}
	if !isJSON {
		return false
	}
	split := func(s string) (head, out, errs string, ok bool) {
		head, rest, ok1 := strings.Cut(s, "-- stdout --\n")
		out, errs, ok2 := strings.Cut(rest, "-- stderr --\n")
		return head, out, errs, ok1 && ok2
	}
	gh, gout, gerr, ok1 := split(got)
	wh, wout, werr, ok2 := split(want)
	if !ok1 || !ok2 || gh != wh || gerr != werr {
		return false
	}
	var gv, wv any
	if json.Unmarshal([]byte(gout), &gv) != nil || json.Unmarshal([]byte(wout), &wv) != nil {
		return false
	}
	return jsonClose(gv, wv)
}

func jsonClose(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && math.Abs(x-y) <= 1e-9*math.Max(math.Abs(x), math.Abs(y))
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jsonClose(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !jsonClose(v, w) {
				return false
			}
		}
		return true
	default:
		return a == b
	}
}

// The estimate on the committed samples agrees with the closed form: the
// inputs are a trap-centre jump with Delta F = 0 exactly, so the BAR value
// printed lies within 4 of its standard errors of 0.
func TestEstimateBARWithinErrorOfExact(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"estimate", "bar", "--forward", d("fwd.txt"), "--reverse", d("rev.txt"), "--json"}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var v struct {
		Metrics map[string]struct {
			Value, StdErr float64
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	m := v.Metrics["bar.delta_f"]
	if m.StdErr <= 0 || math.Abs(m.Value) > 4*m.StdErr {
		t.Fatalf("bar.delta_f = %v +- %v, exact 0", m.Value, m.StdErr)
	}
}
