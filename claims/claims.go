package claims

import (
	"context"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"
)

// Verdicts.
const (
	Holds                = "holds"
	HoldsUnderConditions = "holds under conditions"
	Fails                = "fails"
)

// Series is a curve recorded by an experiment, for plots and CSV files.
type Series struct {
	Name   string    `json:"name"`
	XLabel string    `json:"xlabel"`
	YLabel string    `json:"ylabel"`
	LogX   bool      `json:"logx,omitempty"`
	LogY   bool      `json:"logy,omitempty"`
	X      []float64 `json:"x"`
	Y      []float64 `json:"y"`
}

// Claim is the measured answer to one statement of the seed document.
type Claim struct {
	ID        string `json:"id"`
	Statement string `json:"statement"`
	// Dynamics names the system and the dynamics of the experiment.
	Dynamics string `json:"dynamics"`
	// Measured summarises the measured figures, with their errors.
	Measured string `json:"measured"`
	// Verdict is Holds, HoldsUnderConditions or Fails, decided by Rule from
	// the measured figures.
	Verdict string `json:"verdict"`
	// Conditions names the conditions under which the statement holds (or
	// what is true instead, for a failed statement).
	Conditions string `json:"conditions"`
	// Rule states the decision rule that produced the verdict.
	Rule    string             `json:"rule"`
	Figures map[string]float64 `json:"figures"`
	Series  []Series           `json:"series,omitempty"`
	Seconds float64            `json:"seconds"`
}

// Options are the inputs of the experiments. The zero value of a field means
// its default (DefaultOptions); each field says which statements read it.
// Changing an input changes the measurement, and the verdict follows from
// the measurement: nothing is typed in.
type Options struct {
	// Seed of every random stream (rng.Stream(Seed, "claims/<id>", i)).
	Seed uint64
	// Friction gamma of the main run of 2.1 (energy) and 6.2 (adiabatic
	// invariant); 0 is the conservative dynamics the statements assume.
	Friction float64
	// DropMetricDerivative removes the metric-derivative (Christoffel) term
	// from the main run of 1.1, 2.1 and 9.3.
	DropMetricDerivative bool
	// Precondition runs the main flow of 1.2 with a diagonal preconditioner.
	Precondition bool
	// Eta is the rate of the gradient flow of 2.2 (default 1) and the step of
	// 9.2 (default 0.1).
	Eta float64
	// FlowTemperature is the temperature of the main dynamics of 3.1
	// (default 0: a deterministic flow).
	FlowTemperature float64
	// NaiveHeat makes 5.1's main run use heat = -Delta L / T (no work term).
	NaiveHeat bool
	// Integrator of 5.2's main run: "mala" (default) or "euler-maruyama".
	Integrator string
	// Temperature of 6.1's bath (default 1; 0 is allowed via ZeroTemperature).
	Temperature float64
	// ZeroTemperature sets 6.1's bath temperature to 0.
	ZeroTemperature bool
	// RampTime of 6.2's slow ramp (default 100).
	RampTime float64
	// MetricAnisotropy a of 7.1's main metric G = diag(1, a) (default 1).
	MetricAnisotropy float64
	// CommutingBatches puts the features of 7.2's minibatches 0 and 1 on
	// different coordinate axes, so that their gradient fields commute.
	CommutingBatches bool
}

// DefaultOptions returns the options of the reference report.
func DefaultOptions() Options {
	return Options{Seed: 20260101, Eta: 0, Integrator: "mala", Temperature: 1, RampTime: 100, MetricAnisotropy: 1}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.Seed == 0 {
		o.Seed = d.Seed
	}
	if o.Integrator == "" {
		o.Integrator = d.Integrator
	}
	if o.Temperature == 0 {
		o.Temperature = d.Temperature
	}
	if o.ZeroTemperature {
		o.Temperature = 0
	}
	if o.RampTime == 0 {
		o.RampTime = d.RampTime
	}
	if o.MetricAnisotropy == 0 {
		o.MetricAnisotropy = d.MetricAnisotropy
	}
	return o
}

// Experiment is one statement with the experiment that tests it.
type Experiment struct {
	ID        string
	Statement string
	run       func(ctx context.Context, o Options) (Claim, error)
}

var registry []Experiment

func add(id, statement string, run func(ctx context.Context, o Options) (Claim, error)) {
	registry = append(registry, Experiment{ID: id, Statement: statement, run: run})
}

// All returns the experiments in document order (1.1 ... 9.3).
func All() []Experiment {
	out := append([]Experiment(nil), registry...)
	sort.Slice(out, func(i, j int) bool { return idLess(out[i].ID, out[j].ID) })
	return out
}

func idLess(a, b string) bool {
	var a1, a2, b1, b2 int
	fmt.Sscanf(a, "%d.%d", &a1, &a2)
	fmt.Sscanf(b, "%d.%d", &b1, &b2)
	if a1 != b1 {
		return a1 < b1
	}
	return a2 < b2
}

// Run runs one experiment.
func (e Experiment) Run(ctx context.Context, o Options) (Claim, error) {
	if err := ctx.Err(); err != nil {
		return Claim{}, err
	}
	start := time.Now()
	c, err := e.run(ctx, o.withDefaults())
	if err != nil {
		return c, fmt.Errorf("claim %s: %w", e.ID, err)
	}
	c.ID, c.Statement = e.ID, e.Statement
	c.Seconds = time.Since(start).Seconds()
	return c, nil
}

// Select returns the experiments with the given IDs (all if ids is empty),
// or an error naming an unknown ID.
func Select(ids []string) ([]Experiment, error) {
	all := All()
	if len(ids) == 0 {
		return all, nil
	}
	var out []Experiment
	for _, id := range ids {
		id = strings.TrimSpace(id)
		found := false
		for _, e := range all {
			if e.ID == id {
				out = append(out, e)
				found = true
			}
		}
		if !found {
			known := make([]string, len(all))
			for i, e := range all {
				known[i] = e.ID
			}
			return nil, fmt.Errorf("unknown statement %q (known: %s)", id, strings.Join(known, ", "))
		}
	}
	return out, nil
}

// RunAll runs the experiments in order, calling done after each, and stops
// at the first error or when ctx is cancelled (returning what finished).
func RunAll(ctx context.Context, exps []Experiment, o Options, done func(Claim)) ([]Claim, error) {
	var out []Claim
	for _, e := range exps {
		c, err := e.Run(ctx, o)
		if err != nil {
			return out, err
		}
		out = append(out, c)
		if done != nil {
			done(c)
		}
	}
	return out, nil
}

// conditional is the verdict of a law that the seed states without
// conditions: it fails if the main experiment violates it; it holds under
// conditions if it holds there but a control that removes a condition
// violates it; it holds if the control does not break it either.
func conditional(mainHolds, controlBreaks bool) string {
	switch {
	case !mainHolds:
		return Fails
	case controlBreaks:
		return HoldsUnderConditions
	}
	return Holds
}

// g formats a figure compactly.
func g(x float64) string {
	if math.IsNaN(x) {
		return "NaN"
	}
	return fmt.Sprintf("%.3g", x)
}

// pm formats value ± stderr.
func pm(v, se float64) string { return fmt.Sprintf("%.4g ± %.2g", v, se) }

// WriteMarkdown writes the claims as a Markdown table followed by a section
// per claim with its decision rule and figures.
func WriteMarkdown(w io.Writer, cs []Claim) error {
	var b strings.Builder
	b.WriteString("| # | statement | dynamics | measured | verdict |\n| --- | --- | --- | --- | --- |\n")
	for _, c := range cs {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | **%s** |\n", c.ID, esc(c.Statement), esc(c.Dynamics), esc(c.Measured), c.Verdict)
	}
	for _, c := range cs {
		fmt.Fprintf(&b, "\n## %s — %s\n\n", c.ID, c.Statement)
		fmt.Fprintf(&b, "- **dynamics:** %s\n- **measured:** %s\n- **verdict:** %s\n- **conditions / what is true:** %s\n- **rule:** %s\n\n", c.Dynamics, c.Measured, c.Verdict, c.Conditions, c.Rule)
		keys := make([]string, 0, len(c.Figures))
		for k := range c.Figures {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString("| figure | value |\n| --- | --- |\n")
		for _, k := range keys {
			fmt.Fprintf(&b, "| %s | %.6g |\n", k, c.Figures[k])
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func esc(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// WriteTable writes a plain-text table (statement, dynamics, measured,
// verdict) for a terminal.
func WriteTable(w io.Writer, cs []Claim) error {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "%-4s %-24s %s\n", c.ID, strings.ToUpper(c.Verdict), c.Statement)
		fmt.Fprintf(&b, "     dynamics: %s\n     measured: %s\n", c.Dynamics, c.Measured)
	}
	counts := map[string]int{}
	for _, c := range cs {
		counts[c.Verdict]++
	}
	fmt.Fprintf(&b, "\n%d statements: %d hold, %d hold under conditions, %d fail\n", len(cs), counts[Holds], counts[HoldsUnderConditions], counts[Fails])
	_, err := io.WriteString(w, b.String())
	return err
}
