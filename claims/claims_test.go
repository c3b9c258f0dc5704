package claims

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"
)

func runClaim(t *testing.T, id string, o Options) Claim {
	t.Helper()
	exps, err := Select([]string{id})
	if err != nil {
		t.Fatal(err)
	}
	c, err := exps[0].Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEveryStatementHasAnExperiment(t *testing.T) {
	want := "1.1 1.2 2.1 2.2 3.1 3.2 4.1 4.2 5.1 5.2 6.1 6.2 7.1 7.2 8.1 8.2 8.3 9.1 9.2 9.3"
	var ids []string
	for _, e := range All() {
		ids = append(ids, e.ID)
	}
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("statements %q, want %q", got, want)
	}
	if _, err := Select([]string{"4.7"}); err == nil {
		t.Error("no error for an unknown statement")
	}
}

// The reference verdicts: what seed-statements.md says is precisely true,
// reached by measurement with the default options.
func TestDefaultVerdicts(t *testing.T) {
	want := map[string]string{
		"1.1": HoldsUnderConditions, "1.2": HoldsUnderConditions, "2.1": HoldsUnderConditions,
		"2.2": Fails, "3.1": HoldsUnderConditions, "3.2": Holds, "4.1": Fails, "4.2": Fails,
		"5.1": HoldsUnderConditions, "5.2": HoldsUnderConditions, "6.1": Fails,
		"6.2": HoldsUnderConditions, "7.1": HoldsUnderConditions, "7.2": Fails, "8.1": Fails,
		"8.2": Fails, "8.3": HoldsUnderConditions, "9.1": HoldsUnderConditions, "9.2": Fails,
		"9.3": HoldsUnderConditions,
	}
	cs, err := RunAll(context.Background(), All(), DefaultOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Verdict != want[c.ID] {
			t.Errorf("%s: verdict %q, want %q\n  measured: %s", c.ID, c.Verdict, want[c.ID], c.Measured)
		}
		for k, v := range c.Figures {
			if math.IsNaN(v) {
				t.Errorf("%s: figure %s is NaN", c.ID, k)
			}
		}
	}
}

// Changing an input changes the verdict: each row is produced by the run.
func TestVerdictsFollowInputs(t *testing.T) {
	cases := []struct {
		id   string
		name string
		o    func(*Options)
		want string
	}{
		{"1.1", "drop metric-derivative term", func(o *Options) { o.DropMetricDerivative = true }, Fails},
		{"1.2", "precondition", func(o *Options) { o.Precondition = true }, Fails},
		{"2.1", "friction", func(o *Options) { o.Friction = 0.2 }, Fails},
		{"2.1", "drop metric-derivative term", func(o *Options) { o.DropMetricDerivative = true }, Fails},
		{"2.2", "small eta", func(o *Options) { o.Eta = 0.01 }, HoldsUnderConditions},
		{"3.1", "stochastic main dynamics", func(o *Options) { o.FlowTemperature = 1 }, Fails},
		{"5.1", "naive heat", func(o *Options) { o.NaiveHeat = true }, Fails},
		{"5.2", "unadjusted Langevin", func(o *Options) { o.Integrator = "euler-maruyama" }, Fails},
		{"6.1", "zero temperature", func(o *Options) { o.ZeroTemperature = true }, HoldsUnderConditions},
		{"6.2", "fast ramp", func(o *Options) { o.RampTime = 1 }, Fails},
		{"6.2", "friction", func(o *Options) { o.Friction = 0.05 }, Fails},
		{"7.1", "anisotropic metric", func(o *Options) { o.MetricAnisotropy = 4 }, Fails},
		{"7.2", "commuting batch gradients", func(o *Options) { o.CommutingBatches = true }, HoldsUnderConditions},
		{"9.3", "monitoring a buggy integrator", func(o *Options) { o.DropMetricDerivative = true }, Fails},
	}
	for _, tc := range cases {
		o := DefaultOptions()
		tc.o(&o)
		c := runClaim(t, tc.id, o)
		if c.Verdict != tc.want {
			t.Errorf("%s with %s: verdict %q, want %q\n  measured: %s", tc.id, tc.name, c.Verdict, tc.want, c.Measured)
		}
	}
}

// GD on a two-layer linear net: the first-order terms of the change of
// C = W1 W1^T - W2^T W2 cancel, so one step changes C by exactly
// eta^2 (G1 G1^T - G2^T G2) (Du, Hu & Lee 2018), to rounding; weight decay
// lambda gives dC/dt = -2 lambda C, C(t) = e^{-2 lambda t} C0, to the ODE
// tolerance; plain gradient flow conserves C.
func TestBalancednessClosedForms(t *testing.T) {
	c := runClaim(t, "1.2", DefaultOptions())
	if e := c.Figures["gd_identity_error"]; !(e < 1e-14) {
		t.Errorf("GD drift identity violated by %.3g of the scale", e)
	}
	if e := c.Figures["weight_decay_error"]; !(e < 1e-9) {
		t.Errorf("|C(t) - e^{-2 lambda t} C0| / |C0| = %.3g", e)
	}
	if e := c.Figures["eps_C_main"]; !(e < 1e-10) {
		t.Errorf("gradient flow: eps_C = %.3g", e)
	}
}

// The symplectic integrator's energy error is bounded and O(dt^2) over a
// long run (t = 200); exponent fitted over dt = 0.04, 0.02, 0.01.
func TestEnergyErrorOrder(t *testing.T) {
	c := runClaim(t, "2.1", DefaultOptions())
	if p := c.Figures["order_dt"]; math.Abs(p-2) > 0.05 {
		t.Errorf("energy error order %.3f, want 2", p)
	}
	if r := c.Figures["second_over_first"]; r > 1.2 {
		t.Errorf("energy error grows: second half / first half = %.3g", r)
	}
	if r := c.Figures["balance_residual_friction"]; r > 1e-4 {
		t.Errorf("friction balance residual %.3g", r)
	}
}

// J = loop integral p dq of a harmonic oscillator whose stiffness ramps
// 1 -> 4: conserved to < 1e-3 for a slow ramp (Landau & Lifshitz §49),
// changed by order one for a fast ramp. The ramp starts at a turning point
// (q = 1, p = 0, J0 = 2 pi E / omega = pi), so in the sudden limit E jumps
// from 1/2 to 2 with q unchanged and J1 = 2 pi * 2 / 2 = 2 pi = 2 J0.
func TestAdiabaticInvariantRamps(t *testing.T) {
	j0, j1, err := rampAction(100, 0)
	if err != nil {
		t.Fatal(err)
	}
	if e := math.Abs(j1/j0 - 1); e > 1e-3 {
		t.Errorf("slow ramp: |J1/J0 - 1| = %.3g", e)
	}
	// J = 2 pi E / omega = pi for q = 1, p = 0, omega = 1.
	if math.Abs(j0-math.Pi) > 1e-4 {
		t.Errorf("J0 = %.8g, want pi", j0)
	}
	j0, j1, err = rampAction(1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if e := math.Abs(j1/j0 - 1); e < 0.1 {
		t.Errorf("fast ramp: |J1/J0 - 1| = %.3g, want order one", e)
	}
	j0, j1, err = rampAction(0.01, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r := j1 / j0; math.Abs(r-2) > 1e-3 {
		t.Errorf("sudden ramp: J1/J0 = %.6g, want 2", r)
	}
	// Slower ramps conserve J better.
	c := runClaim(t, "6.2", DefaultOptions())
	s := c.Series[0]
	if d0, d1 := math.Abs(s.Y[1]-1), math.Abs(s.Y[len(s.Y)-1]-1); !(d1 < 1e-3*d0) {
		t.Errorf("J ratio deviation %.3g at tau = %g vs %.3g at tau = %g", d0, s.X[1], d1, s.X[len(s.X)-1])
	}
}

// The seed's rescaled update drifts like GD (per step eta^2 |grad L|^2
// early on), so halving eta cuts its violation by about 4; projection and
// implicit midpoint stay at rounding level.
func TestRescaledUpdateScalesWithEta(t *testing.T) {
	o := DefaultOptions()
	a := runClaim(t, "9.2", o)
	o.Eta = 0.05
	b := runClaim(t, "9.2", o)
	r := a.Figures["eps_rescaled"] / b.Figures["eps_rescaled"]
	if r < 1.5 || r > 4.5 {
		t.Errorf("eps ratio for eta 0.1 vs 0.05 = %.3g, want ~2-4", r)
	}
	for _, c := range []Claim{a, b} {
		if c.Figures["eps_projection"] > 1e-13 || c.Figures["eps_implicit_midpoint"] > 1e-13 {
			t.Errorf("conserving steps drift: %v", c.Figures)
		}
	}
}

func TestRunsAreReproducible(t *testing.T) {
	for _, id := range []string{"5.1", "8.3"} {
		a, b := runClaim(t, id, DefaultOptions()), runClaim(t, id, DefaultOptions())
		for k, v := range a.Figures {
			if b.Figures[k] != v {
				t.Errorf("%s: figure %s differs between runs: %v, %v", id, k, v, b.Figures[k])
			}
		}
	}
}

func TestWriteMarkdown(t *testing.T) {
	c := Claim{ID: "9.9", Statement: "a | b", Dynamics: "d", Measured: "m", Verdict: Holds, Figures: map[string]float64{"x": 1}}
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, []Claim{c}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "| 9.9 | a \\| b | d | m | **holds** |") {
		t.Errorf("table row missing:\n%s", buf.String())
	}
}

// BenchmarkReport times the whole statements report (all 20 experiments).
func BenchmarkReport(b *testing.B) {
	for b.Loop() {
		if _, err := RunAll(context.Background(), All(), DefaultOptions(), nil); err != nil {
			b.Fatal(err)
		}
	}
}
