package scenarios

import (
	"go.yaml.in/yaml/v3"

	"github.com/thermosim/thermosim/models"
)

// Scenario is one experiment, decoded, validated and with every default
// applied (spec/scenarios.md). Other packages read it; they should not need
// to apply any default of their own.
type Scenario struct {
	Name        string // [a-z0-9-]+; names the results folder
	Description string
	Seed        uint64 // default 1

	Model    Model
	Protocol *Protocol // nil when the file has no protocol block
	Dynamics Dynamics
	Initial  Initial
	Ensemble Ensemble
	Record   Record
	Measure  []Measure
	Expect   []Expectation
	Sweep    *Sweep // nil when there is no sweep

	// File is the path the scenario was read from ("" for in-memory input).
	File string

	// src is the decoded YAML document, kept for the positions of errors
	// found later (sweep points). Nil for scenarios built in Go.
	src *yaml.Node
	// resolved is Marshal's output at decoding, to tell whether s changed.
	resolved []byte
	// dataPath resolves data file paths of src (relative to File).
	dataPath func(string) string
}

// Model is the loss or potential L(theta; lambda).
type Model struct {
	Kind string
	// Dim is the dimension of a state. It is read from model.dim for kinds
	// that take one (default 1) and from the built model for the others
	// (quadratic: len(curvatures); learning models: from their data).
	Dim int
	// Params are the kind's parameters with defaults applied: float64 for
	// numbers, int for integer parameters, []float64 for lists and
	// models.DataSpec for data (a data File is absolute).
	Params models.Values
}

// Protocol says how control parameters change in time.
type Protocol struct {
	// Duration is the total time of the protocol; Dynamics.Steps*Dynamics.Dt
	// equals it (when the file gives only steps, Duration is filled in).
	Duration float64
	// Schedule maps a schedulable key (a control parameter of the model
	// kind, or temperature, learning_rate, batch_size) to its schedule.
	Schedule map[string]Schedule
}

// Shapes of a Schedule.
const (
	ShapeLinear = "linear"
	ShapeStep   = "step"
	ShapeCosine = "cosine"
	ShapeTable  = "table"
)

// Dynamics kinds.
const (
	Overdamped      = "overdamped"
	Underdamped     = "underdamped"
	MALA            = "mala"
	GD              = "gd"
	SGD             = "sgd"
	SGLD            = "sgld"
	NaturalGradient = "natural-gradient"
)

// Dynamics is the stochastic (or deterministic) update rule.
type Dynamics struct {
	Kind string // overdamped | underdamped | mala | gd | sgd | sgld | natural-gradient
	// Integrator: overdamped: euler-maruyama (default) | heun; underdamped:
	// baoab (default) | leapfrog. Empty for the other kinds.
	Integrator string
	Dt         float64 // time step, > 0
	Steps      int     // number of steps, >= 1
	// Temperature T >= 0 for the kinds with noise: overdamped, underdamped,
	// mala, sgld (default 1) and natural-gradient (default 0: plain natural
	// gradient descent; T > 0 gives Riemannian Langevin dynamics). Zero for
	// gd and sgd.
	Temperature float64
	// Friction gamma > 0 (default 1) for overdamped (mobility 1/gamma),
	// underdamped (gamma >= 0) and mala. Zero for the others.
	Friction float64
	Mass     float64 // underdamped only, > 0, default 1
	// LearningRate eta > 0 for gd, sgd, sgld and natural-gradient.
	LearningRate float64
	// BatchSize B >= 1 for sgd and sgld (at most the number of data rows).
	BatchSize int
	// Sampling of minibatches for sgd and sgld: without-replacement
	// (default) | with-replacement | reshuffle.
	Sampling string
	// Momentum mu in [0, 1) is the heavy-ball coefficient of sgd (an
	// extension; default 0, plain SGD).
	Momentum float64
	// Damping delta >= 0 is added to the Fisher metric of natural-gradient
	// dynamics, G + delta I (an extension; default 0).
	Damping float64
	// Noise is an extension: a per-coordinate temperature T_i >= 0
	// (anisotropic noise, len = Model.Dim) for overdamped and underdamped
	// dynamics; empty means isotropic noise at Temperature.
	Noise []float64
}

// Initial kinds.
const (
	InitialEquilibrium = "equilibrium"
	InitialPoint       = "point"
	InitialGaussian    = "gaussian"
)

// Initial is the distribution of the initial state.
type Initial struct {
	Kind  string      // equilibrium (default) | point | gaussian
	Point []float64   // point: len Model.Dim
	Mean  []float64   // gaussian: len Model.Dim (default zeros)
	Cov   [][]float64 // gaussian: Dim x Dim, symmetric positive definite (default identity)
}

// Ensemble says how many trajectories to run.
type Ensemble struct {
	Trajectories int  // >= 1, default 1000
	Workers      int  // >= 0; 0 = one per core
	Reverse      bool // also run the time-reversed protocol; default true when a measure needs it
}

// Record says what is kept of each trajectory.
type Record struct {
	Every int // keep every Every-th step in time series, >= 1; default ceil(steps/100)
	Paths int // keep this many whole paths for plots, >= 0; default 0
}

// Measure is one entry of the measure list: a measure name (see Measures)
// and its options with defaults applied (numbers float64, integers int,
// lists []float64 or []int or []string, strings string).
type Measure struct {
	Name    string
	Options map[string]any
}

// Expectation is one assertion of the expect block, checked by
// `thermosim verify`. Exactly one of three forms: Equals with Within (an
// absolute bound, or Within standard errors when WithinSE is set, written
// "4se"); AtLeast; AtMost (AtLeast and AtMost may be combined).
type Expectation struct {
	Metric  string
	Equals  *float64
	AtLeast *float64
	AtMost  *float64
	Within  float64
	// WithinSE says that Within counts standard errors of the metric.
	WithinSE bool
	// Pos is where the expectation is written, for messages.
	Pos Position
}

// Position is a place in a file (1-based line and column; 0 if unknown).
type Position struct {
	File      string
	Line, Col int
}

// Sweep modes.
const (
	SweepGrid = "grid"
	SweepZip  = "zip"
)

// Sweep repeats a scenario at several points of parameter space.
type Sweep struct {
	Mode   string // grid (cartesian product) | zip (lists taken together)
	Params []SweepParam
}

// SweepParam is one swept key and its values, in the file's order.
type SweepParam struct {
	Key    string // dotted path into the scenario, e.g. "dynamics.batch_size"
	Values []any  // decoded YAML values: int, float64, string, bool, []any, map[string]any
}

// Point is one point of a sweep: its index, the values of the swept keys and
// the scenario with the values applied.
type Point struct {
	Index    int
	Params   []Param
	Scenario *Scenario
}

// Param is the value of one swept key at a point.
type Param struct {
	Key   string
	Value any
}
