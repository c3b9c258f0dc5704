package scenarios

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite generated files (docs/bad-input.md, schema/scenario.schema.json)")

// badInputs are scenario files with one mistake each and the exact message
// (file:line:col: key: msg) that Decode reports. docs/bad-input.md is
// generated from this table (go test ./scenarios -run TestBadInput -update).
var badInputs = []struct {
	what string
	yaml string
	want string
}{
	{"malformed YAML", "name: x\nmodel: [kind: harmonic\n", "bad01.yaml:1: invalid YAML: did not find expected ',' or ']'"},
	{"tab indentation", "name: x\nmodel:\n\tkind: harmonic\n", "bad02.yaml:3: invalid YAML: found character that cannot start any token"},
	{"empty file", "", "bad03.yaml: empty file; expected a scenario (a mapping with name, model, dynamics, ...)"},
	{"not a mapping", "- a\n- b\n", "bad04.yaml:1:1: expected a mapping of keys (name, model, dynamics, ...), got a list"},
	{"two documents", "name: x\n---\nname: y\n", "bad05.yaml:2:1: a second YAML document (---); a file holds one scenario or suite"},
	{"unknown top-level key", base + "colour: blue\n", "bad06.yaml:18:1: colour: unknown key; expected one of: name, description, seed, model, protocol, dynamics, initial, ensemble, record, measure, expect, sweep"},
	{"misspelt key (suggestion)", strings.Replace(base, "dt: 0.01", "dtt: 0.01", 1), "bad07.yaml:12:3: dynamics.dt: missing required key (the time step, > 0)\nbad07.yaml:13:3: dynamics.dtt: unknown key; expected one of: kind, integrator, dt, steps, temperature, friction, mass, learning_rate, batch_size, sampling, momentum, damping, noise; did you mean dt?"},
	{"duplicate key", base + "seed: 3\n", "bad08.yaml:18:1: seed: duplicate key (first at line 2)"},
	{"missing name", strings.Replace(base, "name: ok\n", "", 1), "bad09.yaml:1:1: name: missing required key (the scenario's name, [a-z0-9-]+)"},
	{"bad name", strings.Replace(base, "name: ok", "name: My Run", 1), "bad10.yaml:1:7: name: must match [a-z0-9-]+ (lower-case letters, digits and dashes, at most 100), got \"My Run\""},
	{"negative seed", strings.Replace(base, "seed: 2", "seed: -2", 1), "bad11.yaml:2:7: seed: expected an unsigned integer (0 to 2^64-1), got the number -2"},
	{"missing model kind", strings.Replace(base, "  kind: harmonic\n", "", 1), "bad12.yaml:4:3: model.kind: missing required key; known kinds: {kinds}"},
	{"unknown model kind", strings.Replace(base, "kind: harmonic", "kind: harmonica", 1), "bad13.yaml:4:9: model.kind: unknown model kind \"harmonica\"; known kinds: {kinds}"},
	{"unknown parameter", strings.Replace(base, "stiffness: 2.0", "stifness: 2.0", 1), "bad14.yaml:6:12: model.params.stifness: unknown parameter of model kind harmonic; expected one of: stiffness, center; did you mean stiffness?"},
	{"parameter out of range", strings.Replace(base, "stiffness: 2.0", "stiffness: -1", 1), "bad15.yaml:6:23: model.params.stiffness: stiffness must be > 0, got -1"},
	{"wrong type", strings.Replace(base, "stiffness: 2.0", "stiffness: stiff", 1), "bad16.yaml:6:23: model.params.stiffness: expected a number, got \"stiff\""},
	{"dim for a kind without dim", "name: q\nmodel:\n  kind: quadratic\n  dim: 2\n  params: {curvatures: [1, 2]}\ndynamics: {kind: overdamped, dt: 0.01, steps: 10}\n", "bad17.yaml:4:3: model.dim: model kind quadratic takes no dim: its dimension follows from its parameters"},
	{"missing required parameter", "name: q\nmodel:\n  kind: quadratic\ndynamics: {kind: overdamped, dt: 0.01, steps: 10}\n", "bad18.yaml:3:3: model.params.curvatures: missing required parameter of model kind quadratic (a_i > 0, one per dimension)"},
	{"negative dt", strings.Replace(base, "dt: 0.01", "dt: -0.01", 1), "bad19.yaml:13:7: dynamics.dt: must be > 0, got -0.01"},
	{"missing dt", strings.Replace(base, "  dt: 0.01\n", "", 1), "bad20.yaml:12:3: dynamics.dt: missing required key (the time step, > 0)"},
	{"non-finite number", strings.Replace(base, "dt: 0.01", "dt: .inf", 1), "bad21.yaml:13:7: dynamics.dt: expected a finite number, got .inf"},
	{"unknown dynamics kind", strings.Replace(base, "kind: overdamped", "kind: overdamp", 1), "bad22.yaml:12:9: dynamics.kind: unknown value \"overdamp\"; expected one of: overdamped, underdamped, mala, gd, sgd, sgld, natural-gradient; did you mean overdamped?"},
	{"integrator of another kind", strings.Replace(base, "kind: overdamped", "kind: overdamped\n  integrator: baoab", 1), "bad23.yaml:13:15: dynamics.integrator: unknown value \"baoab\"; expected one of: euler-maruyama, heun"},
	{"key of another dynamics kind", strings.Replace(base, "kind: overdamped", "kind: overdamped\n  learning_rate: 0.1", 1), "bad24.yaml:13:3: dynamics.learning_rate: not a key of overdamped dynamics (it is for gd, sgd, sgld, natural-gradient)"},
	{"leapfrog with friction", strings.Replace(base, "kind: overdamped", "kind: underdamped\n  integrator: leapfrog\n  friction: 0.5", 1), "bad25.yaml:14:3: dynamics.friction: leapfrog integrates Hamiltonian dynamics without a bath: friction must be 0 (or omitted), got 0.5; use baoab for friction > 0"},
	{"negative temperature", strings.Replace(base, "dt: 0.01", "dt: 0.01\n  temperature: -1", 1), "bad26.yaml:14:16: dynamics.temperature: must be >= 0, got -1"},
	{"steps disagree with duration", strings.Replace(base, "dt: 0.01", "dt: 0.01\n  steps: 50", 1), "bad27.yaml:14:10: dynamics.steps: 50 steps of dt 0.01 do not make protocol.duration 1 (that would be 100 steps); give one of steps and duration"},
	{"duration not a whole number of steps", strings.Replace(base, "duration: 1.0", "duration: 1.005", 1), "bad28.yaml:8:13: protocol.duration: must be a whole number (>= 1) of steps of dt 0.01; duration/dt = 100.5"},
	{"neither steps nor duration", strings.Replace(strings.Replace(base, "  duration: 1.0\n", "", 1), "protocol:\n  schedule:\n    center: {from: 0.0, to: 1.0}\n", "", 1), "bad29.yaml:8:3: dynamics.steps: missing: give dynamics.steps or protocol.duration (steps = duration/dt)"},
	{"unschedulable key", strings.Replace(base, "center: {from: 0.0, to: 1.0}", "mass: {from: 1.0, to: 2.0}", 1), "bad30.yaml:10:5: protocol.schedule.mass: unknown schedulable key for model kind harmonic with overdamped dynamics; expected one of: stiffness, center, temperature"},
	{"unknown shape", strings.Replace(base, "to: 1.0}", "to: 1.0, shape: ramp}", 1), "bad31.yaml:10:41: protocol.schedule.center.shape: unknown value \"ramp\"; expected one of: linear, step, cosine, table"},
	{"schedule value the model cannot take", strings.Replace(base, "center: {from: 0.0, to: 1.0}", "stiffness: {from: 1.0, to: -1.0}", 1), "bad32.yaml:10:16: protocol.schedule.stiffness: the schedule takes a value the model cannot have: stiffness must be > 0, got -1"},
	{"table times not increasing", strings.Replace(base, "center: {from: 0.0, to: 1.0}", "center: {table: [[0, 0], [0.5, 1], [0.4, 2]]}", 1), "bad33.yaml:10:40: protocol.schedule.center.table[2]: times must increase strictly: 0.4 after 0.5"},
	{"step schedule with mala", strings.Replace(strings.Replace(base, "kind: overdamped", "kind: mala", 1), "to: 1.0}", "to: 1.0, shape: step}", 1), "bad34.yaml:10:41: protocol.schedule.center.shape: a step schedule jumps in time, which mala (a Metropolis-corrected sampler) cannot follow; use linear, cosine or table"},
	{"point of the wrong length", base + "initial: {kind: point, point: [1, 2]}\n", "bad35.yaml:18:31: initial.point: needs 1 value (the model dimension), got 2"},
	{"key of another initial kind", base + "initial: {kind: point, mean: [0]}\n", "bad36.yaml:18:10: initial.point: missing required key for initial kind point (a list of 1 value, one per dimension)\nbad36.yaml:18:24: initial.mean: only for initial kind gaussian (this one is point)"},
	{"covariance not symmetric", strings.Replace(strings.Replace(base, "dim: 1", "dim: 2", 1), "ensemble:", "initial: {kind: gaussian, cov: [[1, 0.5], [0.4, 1]]}\nensemble:", 1), "bad37.yaml:14:32: initial.cov: the covariance must be symmetric: cov[1][0] = 0.4 but cov[0][1] = 0.5"},
	{"covariance not positive definite", strings.Replace(strings.Replace(base, "dim: 1", "dim: 2", 1), "ensemble:", "initial: {kind: gaussian, cov: [[1, 2], [2, 1]]}\nensemble:", 1), "bad38.yaml:14:32: initial.cov: the covariance must be positive definite (its Cholesky factorisation fails)"},
	{"covariance not square", strings.Replace(strings.Replace(base, "dim: 1", "dim: 2", 1), "ensemble:", "initial: {kind: gaussian, cov: [[1, 0], [0]]}\nensemble:", 1), "bad39.yaml:14:41: initial.cov[1]: the covariance must be square: row 1 has 1 numbers, there are 2 rows"},
	{"no trajectories", strings.Replace(base, "trajectories: 100", "trajectories: 0", 1), "bad40.yaml:15:17: ensemble.trajectories: must be >= 1, got 0"},
	{"fractional integer", strings.Replace(base, "trajectories: 100", "trajectories: 10.5", 1), "bad41.yaml:15:17: ensemble.trajectories: expected an integer (at most 2^53 in size), got the number 10.5"},
	{"unknown measure", base + "  - entropie\n", "bad42.yaml:18:5: measure[1]: unknown measure \"entropie\"; known measures: work, heat, entropy, ift, jarzynski, crooks, bar, balance, free-energy, sgd, invariants; did you mean entropy?"},
	{"measure listed twice", base + "  - work\n", "bad43.yaml:18:5: measure[1]: measure work is listed twice (first at line 17)"},
	{"unknown measure option", base + "  - balance: {bins: 10, range: [-2, 2], lags: 1}\n", "bad44.yaml:18:41: measure[1].balance.lags: unknown option of measure balance; expected one of: bins, range, lag, edges; did you mean lag?"},
	{"measure option out of range", base + "  - balance: {bins: 1, range: [-2, 2]}\n", "bad45.yaml:18:21: measure[1].balance.bins: must be >= 2, got 1"},
	{"balance without range", base + "  - balance: {bins: 10}\n", "bad46.yaml:18:14: measure[1].balance.range: missing: give range [lo, hi] (with bins) or edges"},
	{"crooks without reverse", strings.Replace(base, "trajectories: 100", "trajectories: 100\n  reverse: false", 1) + "  - crooks\n", "bad47.yaml:19:5: measure[1]: crooks needs the reverse protocol, but ensemble.reverse is false (line 16)"},
	{"exact density for a non-Gaussian model", strings.Replace(strings.Replace(strings.Replace(base, "kind: harmonic", "kind: double-well", 1), "params: {stiffness: 2.0}", "params: {height: 2.0}", 1), "center:", "tilt:", 1) + "  - entropy: {density: exact}\n", "bad48.yaml:18:24: measure[1].entropy.density: exact needs a Gaussian (quadratic) model or one with a known steady state; double-well has neither: use histogram or kde"},
	{"expectation on a metric not measured", base + "expect:\n  - {metric: ift.mean, equals: 1.0, within: 4se}\n", "bad49.yaml:19:14: expect[0].metric: metric ift.mean needs measure ift in the measure list"},
	{"equals without within", base + "expect:\n  - {metric: work.mean, equals: 1.0}\n", "bad50.yaml:19:25: expect[0].within: missing: equals needs within (a bound like 0.01 or 4se)"},
	{"bad within", base + "expect:\n  - {metric: work.mean, equals: 1.0, within: 4 sigma}\n", "bad51.yaml:19:46: expect[0].within: expected a number (an absolute bound) or k standard errors written like 4se, got \"4 sigma\""},
	{"sgd without data", strings.Replace(base, "kind: overdamped", "kind: sgd\n  learning_rate: 0.1\n  batch_size: 8", 1), "bad52.yaml:12:9: dynamics.kind: sgd dynamics draws minibatches from data, but model kind harmonic has no data (use a learning model: {datakinds})"},
	{"batch size above the data", "name: s\nmodel:\n  kind: linear-regression\n  params:\n    data: {synthetic: linear, n: 100, features: 3}\ndynamics: {kind: sgd, dt: 0.01, steps: 10, learning_rate: 0.1, batch_size: 500}\n", "bad53.yaml:6:76: dynamics.batch_size: batch_size 500 exceeds the 100 examples of the data set (sampling without-replacement)"},
	{"data both synthetic and file", "name: s\nmodel:\n  kind: linear-regression\n  params:\n    data: {synthetic: linear, n: 100, features: 3, file: x.csv}\ndynamics: {kind: gd, dt: 0.01, steps: 10, learning_rate: 0.1}\n", "bad54.yaml:5:52: model.params.data.file: a data set is either synthetic or read from a file, not both"},
	{"memory estimate too large", strings.Replace(base, "trajectories: 100", "trajectories: 100000000", 1) + "  - free-energy\n", "bad55.yaml:15:3: ensemble.trajectories: the run would keep about 81.2 GiB of samples in memory (limit 8.0 GiB): lower ensemble.trajectories or record.paths, raise record.every, or split the run into shards"},
	{"sweep zip of unequal lengths", base + "sweep:\n  zip:\n    dynamics.dt: [0.01, 0.02]\n    ensemble.trajectories: [10, 20, 30]\n", "bad56.yaml:21:28: sweep.zip.ensemble.trajectories: zip lists must have equal lengths: 3 values here, 2 for dynamics.dt"},
	{"sweep value out of range", base + "sweep:\n  grid:\n    dynamics.temperature: [1.0, -0.5]\n", "bad57.yaml:20:33: sweep.grid.dynamics.temperature[1]: dynamics.temperature = -0.5: must be >= 0, got -0.5"},
	{"sweep value the model rejects", base + "sweep:\n  grid:\n    model.params.stiffness: [1.0, 0.0]\n", "bad58.yaml:20:35: sweep.grid.model.params.stiffness[1]: model.params.stiffness = 0: stiffness must be > 0, got 0"},
	{"sweep value breaking another key", base + "sweep:\n  grid:\n    dynamics.dt: [0.01, 0.03]\n", "bad59.yaml:8:13: protocol.duration: at sweep point 1 (dynamics.dt=0.03): must be a whole number (>= 1) of steps of dt 0.03; duration/dt = 33.3333"},
	{"sweep of an unknown key", base + "sweep:\n  grid:\n    dynamics.temprature: [1.0, 2.0]\n", "bad60.yaml:20:5: sweep.grid.dynamics.temprature: unknown key; expected one of: kind, integrator, dt, steps, temperature, friction, mass, learning_rate, batch_size, sampling, momentum, damping, noise; did you mean temperature?"},
	{"sweep of the seed", base + "sweep:\n  grid:\n    seed: [1, 2]\n", "bad61.yaml:20:5: sweep.grid.seed: seed cannot be swept (each point's seed is derived from the scenario's)"},
	{"merge keys", strings.Replace(base, "dynamics:\n  kind: overdamped", "dynamics:\n  <<: {kind: overdamped}", 1), "bad62.yaml:12:3: dynamics: merge keys (<<) are not supported; write the keys out\nbad62.yaml:12:3: dynamics.kind: missing required key; one of: overdamped, underdamped, mala, gd, sgd, sgld, natural-gradient"},
	{"alias of the wrong type", strings.Replace(base, "seed: 2", "seed: &s [2]", 1) + "description: *s\n", "bad63.yaml:2:7: seed: expected an unsigned integer (0 to 2^64-1), got a list\nbad63.yaml:18:14: description: expected a string, got a list"},
}

// base is a valid scenario that the bad inputs alter.
const base = `name: ok
seed: 2
model:
  kind: harmonic
  dim: 1
  params: {stiffness: 2.0}
protocol:
  duration: 1.0
  schedule:
    center: {from: 0.0, to: 1.0}
dynamics:
  kind: overdamped
  dt: 0.01
ensemble:
  trajectories: 100
measure:
  - work
`

func TestBaseIsValid(t *testing.T) {
	if _, err := Decode("base.yaml", []byte(base)); err != nil {
		t.Fatal(err)
	}
}

func TestBadInput(t *testing.T) {
	var doc bytes.Buffer
	doc.WriteString(badInputHeader)
	for i, c := range badInputs {
		file := fmt.Sprintf("bad%02d.yaml", i+1)
		_, err := Decode(file, []byte(c.yaml))
		if err == nil {
			t.Errorf("%s: no error", c.what)
			continue
		}
		var el ErrorList
		if !errors.As(err, &el) {
			t.Errorf("%s: error is %T, not an ErrorList", c.what, err)
		}
		got := err.Error()
		// Lists of model kinds grow as kinds are registered.
		want := strings.NewReplacer("{kinds}", strings.Join(kindNames(), ", "), "{datakinds}", strings.Join(dataKinds(), ", ")).Replace(c.want)
		if got != want {
			t.Errorf("%s:\n got: %s\nwant: %s", c.what, got, want)
		}
		fmt.Fprintf(&doc, "| %d | %s | <pre>%s</pre> | <code>%s</code> |\n", i+1, c.what, mdEscape(change(base, c.yaml)), mdEscape(got))
	}
	checkGenerated(t, filepath.Join("..", "docs", "bad-input.md"), doc.Bytes())
}

const badInputHeader = `# Bad input and what thermosim says about it

Generated by ` + "`go test ./scenarios -run TestBadInput -update`" + ` from the table in
scenarios/badinput_test.go, which asserts every message exactly: do not edit by
hand. Each case is a small scenario file with one mistake, mostly the base
scenario below with a change (lines removed with -, added with +); the message
is what ` + "`thermosim validate`" + ` prints (exit code 2). Messages have the form
` + "`file:line:col: key: what was expected`" + `; every problem in a file is reported,
sorted by position.

The base scenario:

` + "```yaml\n" + base + "```" + `

| # | mistake | file | message |
| --- | --- | --- | --- |
`

// change describes input as an edit of base: the lines removed (-) and added
// (+) between their common first and last lines (after line n of base), or
// the whole input when it shares nothing with base.
func change(base, input string) string {
	a := strings.Split(strings.TrimRight(base, "\n"), "\n")
	b := strings.Split(strings.TrimRight(input, "\n"), "\n")
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	q := 0
	for q < len(a)-p && q < len(b)-p && a[len(a)-1-q] == b[len(b)-1-q] {
		q++
	}
	if p == 0 && q == 0 {
		return input
	}
	var out strings.Builder
	fmt.Fprintf(&out, "base, after line %d:\n", p)
	for _, l := range a[p : len(a)-q] {
		out.WriteString("- " + l + "\n")
	}
	for _, l := range b[p : len(b)-q] {
		out.WriteString("+ " + l + "\n")
	}
	return out.String()
}

func mdEscape(s string) string {
	s = strings.ReplaceAll(s, "&", "&amp;")
	s = strings.ReplaceAll(s, "<", "&lt;")
	s = strings.ReplaceAll(s, ">", "&gt;")
	s = strings.ReplaceAll(s, "|", "&#124;")
	s = strings.ReplaceAll(s, "\t", "&#9;")
	s = strings.ReplaceAll(s, "`", "&#96;")
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "<br>")
}

// checkGenerated compares a generated file with its committed copy, or
// rewrites it with -update (or THERMOSIM_UPDATE=1).
func checkGenerated(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update || os.Getenv("THERMOSIM_UPDATE") == "1" {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./scenarios -update to generate it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date: run go test ./scenarios -update", path)
	}
}
