package scenarios

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/thermosim/thermosim/internal/rng"
	"github.com/thermosim/thermosim/models"
)

func mustDecode(t *testing.T, src string) *Scenario {
	t.Helper()
	s, err := Decode("test.yaml", []byte(src))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return s
}

// TestDefaults checks every default that a minimal file leaves to the decoder.
func TestDefaults(t *testing.T) {
	s := mustDecode(t, `
name: minimal
model: {kind: harmonic}
dynamics: {kind: overdamped, dt: 0.001, steps: 2500}
measure: [work, entropy, free-energy, balance: {range: [-3, 3]}, sgd, invariants, crooks]
`)
	want := &Scenario{
		Name:  "minimal",
		Seed:  1,
		Model: Model{Kind: "harmonic", Dim: 1, Params: models.Values{"stiffness": 1.0, "center": 0.0}},
		Dynamics: Dynamics{Kind: Overdamped, Integrator: "euler-maruyama", Dt: 0.001, Steps: 2500,
			Temperature: 1, Friction: 1},
		Initial:  Initial{Kind: InitialEquilibrium},
		Ensemble: Ensemble{Trajectories: 1000, Workers: 0, Reverse: true}, // crooks needs the reverse protocol
		Record:   Record{Every: 25, Paths: 0},                             // ceil(2500/100)
		Measure: []Measure{
			{Name: "work", Options: map[string]any{}},
			{Name: "entropy", Options: map[string]any{"density": "exact", "bins": 50}}, // harmonic is Gaussian
			{Name: "free-energy", Options: map[string]any{"entropy": "gaussian", "bins": 100, "k": 5}},
			{Name: "balance", Options: map[string]any{"bins": []int{20}, "range": []float64{-3, 3}, "lag": 1}},
			{Name: "sgd", Options: map[string]any{"burn_in": 0.5}},
			{Name: "invariants", Options: map[string]any{"quantities": []string{"energy"}}},
			{Name: "crooks", Options: map[string]any{}},
		},
		File: "test.yaml",
	}
	if diff := compare(s, want); diff != "" {
		t.Error(diff)
	}

	// Defaults of the other dynamics kinds.
	for _, c := range []struct {
		src  string
		want Dynamics
	}{
		{"{kind: underdamped, dt: 0.01, steps: 10}", Dynamics{Kind: Underdamped, Integrator: "baoab", Dt: 0.01, Steps: 10, Temperature: 1, Friction: 1, Mass: 1}},
		{"{kind: underdamped, integrator: leapfrog, dt: 0.01, steps: 10}", Dynamics{Kind: Underdamped, Integrator: "leapfrog", Dt: 0.01, Steps: 10, Temperature: 1, Friction: 0, Mass: 1}},
		{"{kind: mala, dt: 0.01, steps: 10}", Dynamics{Kind: MALA, Dt: 0.01, Steps: 10, Temperature: 1, Friction: 1}},
	} {
		s := mustDecode(t, "name: d\nmodel: {kind: double-well}\ndynamics: "+c.src+"\n")
		if !reflect.DeepEqual(s.Dynamics, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.src, s.Dynamics, c.want)
		}
	}
	s = mustDecode(t, `
name: learn
model: {kind: linear-regression, params: {data: {synthetic: linear, n: 200, features: 3}}}
dynamics: {kind: sgld, dt: 0.01, steps: 10, learning_rate: 0.01, batch_size: 20}
initial: {kind: gaussian}
`)
	wantDyn := Dynamics{Kind: SGLD, Dt: 0.01, Steps: 10, Temperature: 1, LearningRate: 0.01, BatchSize: 20, Sampling: "without-replacement"}
	if !reflect.DeepEqual(s.Dynamics, wantDyn) {
		t.Errorf("sgld:\n got %+v\nwant %+v", s.Dynamics, wantDyn)
	}
	if s.Model.Dim != 3 {
		t.Errorf("linear-regression dim = %d, want 3 (the features)", s.Model.Dim)
	}
	wantIn := Initial{Kind: InitialGaussian, Mean: []float64{0, 0, 0}, Cov: identity(3)}
	if !reflect.DeepEqual(s.Initial, wantIn) {
		t.Errorf("initial gaussian: got %+v, want %+v", s.Initial, wantIn)
	}
}

// compare reports the difference between two scenarios, ignoring what only
// says where they came from (file positions, the source tree).
func compare(got, want *Scenario) string {
	g, w := *got, *want
	for _, s := range []*Scenario{&g, &w} {
		s.src, s.resolved, s.dataPath = nil, nil, nil
		s.Expect = append([]Expectation(nil), s.Expect...)
		for i := range s.Expect {
			s.Expect[i].Pos = Position{}
		}
	}
	if reflect.DeepEqual(g, w) {
		return ""
	}
	gj, _ := json.MarshalIndent(g, "", " ")
	wj, _ := json.MarshalIndent(w, "", " ")
	return "scenarios differ:\n got " + string(gj) + "\nwant " + string(wj)
}

// roundTrips are scenarios that exercise every key.
var roundTrips = map[string]string{
	"spec": "testdata/dragged-trap.yaml",
	"table": `
name: table
description: stiffness ramp by table, temperature by cosine
seed: 18446744073709551615
model: {kind: harmonic, dim: 2, params: {stiffness: 1, center: 0.5}}
protocol:
  duration: 0.5
  schedule:
    stiffness: {table: [[0, 1], [0.25, 2.5], [0.5, 4]]}
    temperature: {from: 1, to: 0.5, shape: cosine}
dynamics: {kind: underdamped, dt: 0.005, temperature: 2, friction: 0.3, mass: 2, noise: [1, 0.5]}
initial: {kind: gaussian, mean: [0.1, -0.1], cov: [[1, 0.2], [0.2, 0.5]]}
ensemble: {trajectories: 500, workers: 3, reverse: false}
record: {every: 5, paths: 10}
measure:
  - entropy: {density: histogram, bins: 30}
  - balance: {edges: [-2, -1, 0, 1, 2], lag: 2}
  - invariants: {quantities: [energy, eta-trace-g]}
expect:
  - {metric: entropy.total.mean, at_least: 0, at_most: 10}
  - {metric: balance.chi2, equals: 1.5, within: 2.5se}
`,
	"sweep": `
name: sgd-sweep
model:
  kind: linear-regression
  params: {data: {synthetic: linear, n: 256, features: 4, noise: 0.1, seed: 7}}
dynamics: {kind: sgd, dt: 0.01, steps: 1000, learning_rate: 0.01, batch_size: 8, sampling: reshuffle, momentum: 0.5}
initial: {kind: point, point: [0, 0, 0, 0]}
measure: [sgd: {burn_in: 0.25}]
sweep:
  grid:
    dynamics.batch_size: [8, 16, 32]
    dynamics.learning_rate: [0.005, 0.01]
`,
	"zip-dt": `
name: zip-dt
model: {kind: double-well, dim: 3, params: {height: 2, tilt: 0.1}}
protocol:
  duration: 1
  schedule:
    tilt: {from: 0, to: 1, shape: step}
dynamics: {kind: overdamped, integrator: heun, dt: 0.01}
measure: [work, jarzynski, bar]
sweep:
  zip:
    dynamics.dt: [0.01, 0.02, 0.05]
    model.params.height: [1, 2, 3]
`,
	"natural": `
name: natural
model: {kind: logistic-regression, params: {data: {synthetic: logistic, n: 100, features: 2}, l2: 0.1}}
dynamics: {kind: natural-gradient, dt: 0.1, steps: 10, learning_rate: 0.1, temperature: 0.5, damping: 0.01}
initial: {kind: point, point: [0, 0]}
`,
}

func TestRoundTrip(t *testing.T) {
	for name, src := range roundTrips {
		t.Run(name, func(t *testing.T) {
			data := []byte(src)
			if strings.HasPrefix(src, "testdata/") {
				var err error
				if data, err = os.ReadFile(src); err != nil {
					t.Fatal(err)
				}
			}
			s, err := Decode(name+".yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			out, err := Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			s2, err := Decode(name+".yaml", out)
			if err != nil {
				t.Fatalf("resolved scenario does not decode: %v\n%s", err, out)
			}
			if diff := compare(s2, s); diff != "" {
				t.Errorf("%s\nresolved:\n%s", diff, out)
			}
			out2, _ := Marshal(s2)
			if string(out2) != string(out) {
				t.Errorf("Marshal is not idempotent:\n%s\n---\n%s", out, out2)
			}
			// The points of the re-decoded scenario equal the original's.
			p1, err1 := s.Expand()
			p2, err2 := s2.Expand()
			if err1 != nil || err2 != nil || len(p1) != len(p2) {
				t.Fatalf("expand: %v, %v, %d vs %d points", err1, err2, len(p1), len(p2))
			}
			for i := range p1 {
				if diff := compare(p1[i].Scenario, p2[i].Scenario); diff != "" {
					t.Errorf("point %d: %s", i, diff)
				}
			}
		})
	}
}

// TestScheduleAt checks the shapes against their formulas (exact).
func TestScheduleAt(t *testing.T) {
	const tau = 2.0
	lin := Schedule{From: 1, To: 3, Shape: ShapeLinear}
	step := Schedule{From: 1, To: 3, Shape: ShapeStep}
	cos := Schedule{From: 1, To: 3, Shape: ShapeCosine}
	tab := Schedule{Shape: ShapeTable, Table: [][2]float64{{0.5, 1}, {1, 2}, {1.5, 0}}}
	for _, c := range []struct {
		s    Schedule
		t    float64
		want float64
	}{
		{lin, 0, 1}, {lin, 0.5, 1.5}, {lin, 2, 3}, {lin, -1, 1}, {lin, 5, 3},
		{step, 0, 1}, {step, 1e-9, 3}, {step, 2, 3},
		{cos, 0, 1}, {cos, 1, 2}, {cos, 2, 3}, {cos, 0.5, 1 + (1 - math.Cos(math.Pi/4))},
		{tab, 0, 1}, {tab, 0.5, 1}, {tab, 0.75, 1.5}, {tab, 1, 2}, {tab, 1.25, 1}, {tab, 1.5, 0}, {tab, 2, 0},
	} {
		if got := c.s.At(c.t, tau); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("%s At(%g, %g) = %.17g, want %.17g", c.s.Shape, c.t, tau, got, c.want)
		}
	}
}

func TestExpandGrid(t *testing.T) {
	s := mustDecode(t, roundTrips["sweep"])
	pts, err := s.Expand()
	if err != nil {
		t.Fatal(err)
	}
	// Nested loops in the file's key order, the last key fastest.
	want := [][2]float64{{8, 0.005}, {8, 0.01}, {16, 0.005}, {16, 0.01}, {32, 0.005}, {32, 0.01}}
	if len(pts) != len(want) {
		t.Fatalf("%d points, want %d", len(pts), len(want))
	}
	for i, p := range pts {
		sc := p.Scenario
		if p.Index != i || float64(sc.Dynamics.BatchSize) != want[i][0] || sc.Dynamics.LearningRate != want[i][1] {
			t.Errorf("point %d: index %d, batch %d, eta %g; want %v", i, p.Index, sc.Dynamics.BatchSize, sc.Dynamics.LearningRate, want[i])
		}
		if p.Params[0].Key != "dynamics.batch_size" || p.Params[0].Value != int(want[i][0]) || p.Params[1].Value != want[i][1] {
			t.Errorf("point %d params %v", i, p.Params)
		}
		if sc.Seed != rng.Derive(s.Seed, "sweep", uint64(i)) {
			t.Errorf("point %d seed %d, want rng.Derive(%d, sweep, %d)", i, sc.Seed, s.Seed, i)
		}
		if sc.Sweep != nil || sc.Name != s.Name || sc.Dynamics.Momentum != 0.5 {
			t.Errorf("point %d: %+v", i, sc)
		}
	}
	// Points are deep copies.
	pts[0].Scenario.Model.Params["data"] = nil
	pts[0].Scenario.Initial.Point[0] = 99
	if s.Initial.Point[0] != 0 || pts[1].Scenario.Initial.Point[0] != 0 || s.Model.Params["data"] == nil {
		t.Error("points share memory with the scenario or each other")
	}
}

func TestExpandZipRecomputesSteps(t *testing.T) {
	s := mustDecode(t, roundTrips["zip-dt"])
	pts, err := s.Expand()
	if err != nil {
		t.Fatal(err)
	}
	wantSteps := []int{100, 50, 20} // duration 1 / dt
	wantEvery := []int{1, 1, 1}
	for i, p := range pts {
		sc := p.Scenario
		if sc.Dynamics.Steps != wantSteps[i] || sc.Record.Every != wantEvery[i] || sc.Model.Params.Float("height") != float64(i+1) {
			t.Errorf("point %d: steps %d every %d height %g", i, sc.Dynamics.Steps, sc.Record.Every, sc.Model.Params.Float("height"))
		}
		if !sc.Ensemble.Reverse {
			t.Errorf("point %d: bar needs reverse", i)
		}
	}
}

func TestExpandNoSweep(t *testing.T) {
	s := mustDecode(t, base)
	pts, err := s.Expand()
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 1 || pts[0].Index != 0 || pts[0].Params != nil || pts[0].Scenario.Seed != s.Seed {
		t.Fatalf("points %+v", pts)
	}
	if diff := compare(pts[0].Scenario, s); diff != "" {
		t.Error(diff)
	}
	if pts[0].Scenario == s {
		t.Error("the point is the scenario itself, not a copy")
	}
}

// TestExpandSeesChanges: fields changed after decoding (command-line
// overrides) reach the points.
func TestExpandSeesChanges(t *testing.T) {
	s := mustDecode(t, roundTrips["sweep"])
	s.Ensemble.Trajectories = 7
	s.Seed = 99
	pts, err := s.Expand()
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range pts {
		if p.Scenario.Ensemble.Trajectories != 7 || p.Scenario.Seed != rng.Derive(99, "sweep", uint64(i)) {
			t.Errorf("point %d: trajectories %d seed %d", i, p.Scenario.Ensemble.Trajectories, p.Scenario.Seed)
		}
	}
	// A sweep built in Go.
	s.Sweep = &Sweep{Mode: SweepZip, Params: []SweepParam{{Key: "ensemble.trajectories", Values: []any{1, 2}}}}
	pts, err = s.Expand()
	if err != nil || len(pts) != 2 || pts[1].Scenario.Ensemble.Trajectories != 2 {
		t.Fatalf("Go-built sweep: %v %v", err, pts)
	}
	s.Sweep.Params[0].Values = []any{1, -2}
	_, err = s.Expand()
	want := "test.yaml:10:3: sweep.zip.ensemble.trajectories[1]: ensemble.trajectories = -2: must be >= 1, got -2"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// TestMemoryEstimate checks the formula of MemoryEstimate.
func TestMemoryEstimate(t *testing.T) {
	s := mustDecode(t, `
name: mem
model: {kind: harmonic, dim: 3}
dynamics: {kind: overdamped, dt: 0.01, steps: 1000}
ensemble: {trajectories: 1000, reverse: true}
record: {every: 10, paths: 5}
measure: [balance: {range: [-1, 1]}]
`)
	times := int64(1000/10 + 1)
	want := 2*1000*8*8 + 2*1000*times*3*8 + 5*times*3*8
	if got := s.MemoryEstimate(); got != want {
		t.Errorf("MemoryEstimate = %d, want %d", got, want)
	}
}

func TestDataPathRelative(t *testing.T) {
	f, err := Load("testdata/suites/sub/regression.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.Abs("testdata/suites/data/tiny.csv")
	ds := f.Scenario.Model.Params["data"].(models.DataSpec)
	if ds.File != want || ds.Target != "y" || f.Scenario.Model.Dim != 2 {
		t.Errorf("data %+v dim %d, want file %s", ds, f.Scenario.Model.Dim, want)
	}
}

func TestSuites(t *testing.T) {
	f, err := Load("testdata/suites/all.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if f.Suite == nil || f.Suite.Name != "all" || len(f.Suite.Files) != 3 {
		t.Fatalf("suite %+v", f.Suite)
	}
	var got []string
	for _, s := range f.Scenarios() {
		got = append(got, s.Name)
	}
	// Each file once, in the suite's order; the folder's files sorted.
	want := []string{"trap", "regression", "folder-a", "folder-b"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("scenarios %v, want %v", got, want)
	}

	all, err := LoadAll([]string{"testdata/suites/folder", "testdata/suites/sub/trap.yaml", "testdata/suites/inner.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, s := range all {
		got = append(got, s.Name)
	}
	want = []string{"folder-a", "folder-b", "trap", "regression"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LoadAll: %v, want %v", got, want)
	}

	for _, c := range []struct{ path, want string }{
		{"testdata/suites/cycle/a.yaml", "testdata/suites/cycle/b.yaml:4:5: scenarios[1]: suites include each other in a cycle: " +
			abs(t, "testdata/suites/cycle/a.yaml") + " -> " + abs(t, "testdata/suites/cycle/b.yaml") + " -> " + abs(t, "testdata/suites/cycle/a.yaml")},
		{"testdata/suites/missing.yaml", "testdata/suites/missing.yaml:4:5: scenarios[1]: cannot read testdata/suites/sub/nope.yaml: no such file or directory"},
		{"testdata/nope.yaml", "testdata/nope.yaml: cannot read testdata/nope.yaml: no such file or directory"},
	} {
		_, err := Load(c.path)
		if err == nil || err.Error() != c.want {
			t.Errorf("Load(%s):\n got %v\nwant %s", c.path, err, c.want)
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Load(%s): no *Error in %T", c.path, err)
		}
	}
	if _, err := Decode("s.yaml", []byte("suite: x\nscenarios: [a.yaml]\n")); err == nil || err.Error() != "s.yaml:1:1: this is a suite file, not a scenario; load it with Load or LoadAll" {
		t.Errorf("Decode of a suite: %v", err)
	}
}

func abs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestBuiltin(t *testing.T) {
	ss, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) == 0 {
		t.Fatal("no built-in scenarios")
	}
	for _, s := range ss {
		if !strings.HasPrefix(s.File, "builtin/") || len(s.Expect) == 0 {
			t.Errorf("%s (%s): built-in scenarios carry expect: blocks", s.Name, s.File)
		}
	}
	if _, err := BuiltinFS().Open("verify.yaml"); err != nil {
		t.Error(err)
	}
}

// TestExamples: every file under examples/ and builtin/ loads.
func TestExamples(t *testing.T) {
	for _, dir := range []string{"examples", "builtin"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, f := range files {
			if _, err := Load(f); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestSchemaUpToDate(t *testing.T) {
	got := JSONSchema()
	var v map[string]any
	if err := json.Unmarshal(got, &v); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	for _, want := range []string{`"harmonic"`, `"overdamped"`, `"euler-maruyama"`, `"baoab"`, `"free-energy"`, `"cosine"`, `"reshuffle"`} {
		if !strings.Contains(string(got), want) {
			t.Errorf("schema lacks %s", want)
		}
	}
	checkGenerated(t, filepath.Join("..", "schema", "scenario.schema.json"), got)
}

// TestErrorFormat checks the forms of Error.Error.
func TestErrorFormat(t *testing.T) {
	for _, c := range []struct {
		e    Error
		want string
	}{
		{Error{File: "a.yaml", Line: 3, Col: 5, Key: "dynamics.dt", Msg: "must be > 0"}, "a.yaml:3:5: dynamics.dt: must be > 0"},
		{Error{File: "a.yaml", Line: 3, Msg: "invalid YAML"}, "a.yaml:3: invalid YAML"},
		{Error{Key: "name", Msg: "missing"}, "<input>: name: missing"},
	} {
		if got := c.e.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
