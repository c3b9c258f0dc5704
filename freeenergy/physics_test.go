package freeenergy

import (
	"math"
	"testing"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/internal/rng"
	"gonum.org/v1/gonum/integrate/quad"
)

// breathingWork draws exact work samples of an instantaneous stiffness
// switch of the harmonic trap U = k x^2/2 at temperature T: forward, x ~
// N(0, T/k0) (equilibrium at k0) and W_F = (k1 - k0) x^2/2; reverse, x ~
// N(0, T/k1) and W_R = (k0 - k1) x^2/2. Exact: Delta F = (T/2) ln(k1/k0)
// (ratio of Gaussian partition functions).
func breathingWork(src *rng.Source, n int, k0, k1, T float64) (wF, wR []float64) {
	wF, wR = make([]float64, n), make([]float64, n)
	for i := range wF {
		x := src.Norm() * math.Sqrt(T/k0)
		wF[i] = (k1 - k0) * x * x / 2
		y := src.Norm() * math.Sqrt(T/k1)
		wR[i] = (k0 - k1) * y * y / 2
	}
	return wF, wR
}

// jumpWork draws exact work samples of an instantaneous jump of the trap
// centre 0 -> c of U = k (x - c)^2/2: W_F = k c^2/2 - k c x with x ~ N(0,
// T/k), W_R = k c x' - k c^2/2... with x' ~ N(c, T/k), i.e. both Gaussian
// with mean k c^2/2 and variance k c^2 T. Exact: Delta F = 0, and the work
// is Gaussian, so the cumulant estimate is exact too.
func jumpWork(src *rng.Source, nF, nR int, k, c, T float64) (wF, wR []float64) {
	wF, wR = make([]float64, nF), make([]float64, nR)
	s := math.Sqrt(T / k)
	for i := range wF {
		x := src.Norm() * s
		wF[i] = k*c*c/2 - k*c*x
	}
	for i := range wR {
		x := c + src.Norm()*s
		wR[i] = k*c*x - k*c*c/2
	}
	return wF, wR
}

func within(t *testing.T, what string, r estimate.Result, exact, k float64) {
	t.Helper()
	if !r.HasError() {
		t.Errorf("%s: no error bar: %+v", what, r)
		return
	}
	z := (r.Value - exact) / r.StdErr
	t.Logf("%-10s %.5f +- %.5f (exact %.5f, z = %+.2f) %v", what, r.Value, r.StdErr, exact, z, r.Warnings)
	if math.Abs(z) > k {
		t.Errorf("%s = %v +- %v, exact %v: %.1f standard errors", what, r.Value, r.StdErr, exact, z)
	}
}

func TestBreathingTrap(t *testing.T) {
	const k0, k1, T, n = 1.0, 2.0, 1.5, 4000
	src := rng.Stream(11, "breathing", 0)
	wF, wR := breathingWork(&src, n, k0, k1, T)
	exact := T / 2 * math.Log(k1/k0)
	within(t, "EXP F", EXP(wF, T), exact, 4)
	within(t, "EXP R", EXPReverse(wR, T), exact, 4)
	b := BAR(wF, wR, T)
	within(t, "BAR", b, exact, 4)
	bs := rng.Stream(11, "bootstrap", 0)
	c := CrooksCrossing(&bs, wF, wR, T, CrooksOptions{})
	within(t, "Crooks", c.DeltaF, exact, 4)
	within(t, "slope", c.Slope, 1/T, 4)
	for _, r := range []estimate.Result{b, c.DeltaF} {
		if len(r.Warnings) > 0 {
			t.Errorf("unexpected warnings: %v", r.Warnings)
		}
	}
	// TI over the stiffness: <dU/dk>_k = <x^2>/2 = T/(2k), sampled exactly.
	ks := make([]float64, 9)
	means, ses := make([]float64, 9), make([]float64, 9)
	for i := range ks {
		ks[i] = k0 + (k1-k0)*float64(i)/8
		xs := make([]float64, 2000)
		src.NormFill(xs)
		for j := range xs {
			xs[j] = xs[j] * xs[j] * T / ks[i] / 2
		}
		m := estimate.Mean(xs)
		means[i], ses[i] = m.Value, m.StdErr
	}
	ti := TI(ks, means, ses)
	within(t, "TI", ti, exact, 4)
	if len(ti.Warnings) > 0 {
		t.Errorf("TI warnings: %v", ti.Warnings)
	}
}

func TestTrapJumpGaussianWork(t *testing.T) {
	const k, c, T = 2.0, 0.7, 0.8 // sigma_W^2 = k c^2 T = 0.784
	src := rng.Stream(12, "jump", 0)
	wF, wR := jumpWork(&src, 3000, 2000, k, c, T)
	within(t, "EXP F", EXP(wF, T), 0, 4)
	within(t, "EXP R", EXPReverse(wR, T), 0, 4)
	within(t, "BAR", BAR(wF, wR, T), 0, 4)
	within(t, "Gauss F", GaussianWork(wF, T), 0, 4)
	g := GaussianWork(wR, T)
	g.Value = -g.Value
	within(t, "Gauss R", g, 0, 4)
	bs := rng.Stream(12, "bootstrap", 0)
	within(t, "Crooks", CrooksCrossing(&bs, wF, wR, T, CrooksOptions{}).DeltaF, 0, 4)
	within(t, "boot BAR", BootstrapBAR(&bs, wF, wR, T, 200, false), 0, 4)
	within(t, "boot EXP", BootstrapEXP(&bs, wF, T, 200), 0, 4)
}

// Tilted double well U(x, lambda) = h (x^2 - 1)^2 - lambda x at T, switched
// instantaneously lambda0 -> lambda1: W_F = -(lambda1 - lambda0) x with x
// from the Gibbs state at lambda0, W_R = (lambda1 - lambda0) x from lambda1.
// Exact Delta F = -T ln Z(lambda1)/Z(lambda0) by Gauss-Legendre quadrature on
// [-4, 4] (the density there is below e^-200 outside). TI integrates
// <dU/dlambda> = -<x>_lambda.
func TestTiltedDoubleWell(t *testing.T) {
	const h, T, l0, l1 = 1.0, 0.7, 0.0, 0.4
	u := func(x, l float64) float64 { return h*(x*x-1)*(x*x-1) - l*x }
	logZ := func(l float64) float64 {
		return math.Log(quad.Fixed(func(x float64) float64 { return math.Exp(-u(x, l) / T) }, -4, 4, 400, nil, 0))
	}
	exact := -T * (logZ(l1) - logZ(l0))
	src := rng.Stream(13, "doublewell", 0)
	sample := func(l float64, n int) []float64 {
		// Rejection from the uniform density on [-4, 4] under the envelope
		// 1.01 max exp(-U/T) (the maximum from a grid of spacing 1e-4;
		// the grid error of the maximum is far below 1%).
		m := 0.0
		for x := -4.0; x <= 4; x += 1e-4 {
			m = math.Max(m, math.Exp(-u(x, l)/T))
		}
		m *= 1.01
		xs := make([]float64, 0, n)
		for len(xs) < n {
			x := -4 + 8*src.Float64()
			if src.Float64()*m < math.Exp(-u(x, l)/T) {
				xs = append(xs, x)
			}
		}
		return xs
	}
	const n = 3000
	x0, x1 := sample(l0, n), sample(l1, n)
	wF, wR := make([]float64, n), make([]float64, n)
	for i := range wF {
		wF[i] = -(l1 - l0) * x0[i]
		wR[i] = (l1 - l0) * x1[i]
	}
	within(t, "EXP F", EXP(wF, T), exact, 4)
	within(t, "EXP R", EXPReverse(wR, T), exact, 4)
	within(t, "BAR", BAR(wF, wR, T), exact, 4)
	bs := rng.Stream(13, "bootstrap", 0)
	within(t, "Crooks", CrooksCrossing(&bs, wF, wR, T, CrooksOptions{}).DeltaF, exact, 4)
	ls := []float64{0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4}
	means, ses := make([]float64, len(ls)), make([]float64, len(ls))
	for i, l := range ls {
		xs := sample(l, 2000)
		for j := range xs {
			xs[j] = -xs[j]
		}
		m := estimate.Mean(xs)
		means[i], ses[i] = m.Value, m.StdErr
	}
	within(t, "TI", TI(ls, means, ses), exact, 4)
}

// A poorly overlapping Gaussian case (sigma_W = 5 T, W_dis = 12.5 T, N = 300;
// population overlap element 0.009):
// EXP must warn about its bias and the effective sample size, BAR about the
// overlap; the well-overlapping case (sigma_W = T) must not warn.
func TestWarningsFire(t *testing.T) {
	src := rng.Stream(14, "warn", 0)
	wF, wR := jumpWork(&src, 300, 300, 1, 5, 1) // sigma^2 = k c^2 T = 25
	e := EXP(wF, 1)
	if len(e.Warnings) != 2 {
		t.Errorf("EXP warnings: %q", e.Warnings)
	}
	b := BAR(wF, wR, 1)
	if len(b.Warnings) != 1 {
		t.Errorf("BAR warnings: %q", b.Warnings)
	}
	o01, o10 := BAROverlap(wF, wR, 1, b.Value)
	t.Logf("poor: EXP %v\nBAR %v (overlap %.3g %.3g)", e, b, o01, o10)
	for _, w := range append(e.Warnings, b.Warnings...) {
		t.Log("warning: ", w)
	}
	wF, wR = jumpWork(&src, 300, 300, 1, 1, 1)
	e, b = EXP(wF, 1), BAR(wF, wR, 1)
	if len(e.Warnings)+len(b.Warnings) != 0 {
		t.Errorf("warnings on a well-overlapping case: %q %q", e.Warnings, b.Warnings)
	}
	o01, o10 = BAROverlap(wF, wR, 1, b.Value)
	t.Logf("good: overlap %.3g %.3g", o01, o10)
}
