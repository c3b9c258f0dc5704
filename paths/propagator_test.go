package paths_test

import (
	"errors"
	"math"
	"testing"

	"github.com/thermosim/thermosim/internal/rng"
	"github.com/thermosim/thermosim/paths"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.17g, want %.17g (tol %g)", what, got, want, tol)
	}
}

func lin(k, c, T float64) *paths.Linear {
	return &paths.Linear{K: []float64{k}, C: []float64{c}, T: T}
}

// The EM chain's stationary variance solves v = (1 - a)^2 v + 2 T dt/gamma,
// a = k dt/gamma: v* = T / (k (1 - a/2)).
func TestOverdampedEMFixedPoint(t *testing.T) {
	const k, c, T, gamma, dt = 2.0, 0.3, 1.5, 0.5, 0.05
	a := k * dt / gamma
	vs := T / (k * (1 - a/2))
	g := paths.NewGaussianDensity([]float64{c}, []float64{vs})
	for range 100 {
		paths.OverdampedEM{Gamma: gamma}.Step(g, lin(k, c, T), dt)
	}
	near(t, "mean", g.Mean[0], c, 1e-14)
	near(t, "var", g.Var[0], vs, 1e-13)
}

// The continuum propagator is a semigroup for constant coefficients (two
// half steps = one step), keeps the Gibbs density N(c, T/k) invariant, and is
// the dt -> 0 limit of the EM propagator.
func TestOverdampedExact(t *testing.T) {
	for _, k := range []float64{1.7, 0, -0.4} {
		l := lin(k, 0.8, 1.3)
		p := paths.OverdampedExact{Gamma: 0.7}
		g1 := paths.NewGaussianDensity([]float64{2}, []float64{0.3})
		g2 := g1.Clone()
		p.Step(g1, l, 0.4)
		p.Step(g2, l, 0.2)
		p.Step(g2, l, 0.2)
		near(t, "semigroup mean", g2.Mean[0], g1.Mean[0], 1e-14)
		near(t, "semigroup var", g2.Var[0], g1.Var[0], 1e-14)
		// EM with dt/n, n = 10^4: agreement to O(dt/n).
		g3 := paths.NewGaussianDensity([]float64{2}, []float64{0.3})
		for range 10000 {
			paths.OverdampedEM{Gamma: 0.7}.Step(g3, l, 0.4/10000)
		}
		near(t, "EM limit mean", g3.Mean[0], g1.Mean[0], 1e-4)
		near(t, "EM limit var", g3.Var[0], g1.Var[0], 1e-4)
	}
	eq, err := paths.NewEquilibrium(lin(1.7, 0.8, 1.3))
	if err != nil {
		t.Fatal(err)
	}
	paths.OverdampedExact{Gamma: 0.7}.Step(eq, lin(1.7, 0.8, 1.3), 3)
	near(t, "equilibrium mean", eq.Mean[0], 0.8, 1e-15)
	near(t, "equilibrium var", eq.Var[0], 1.3/1.7, 1e-15)
	if _, err := paths.NewEquilibrium(lin(0, 0, 1)); err == nil {
		t.Error("no error for k = 0")
	}
}

// The EM propagator's moments against a simulation of the EM chain: sample
// mean and variance at the last step within 4 standard errors (SE of the
// variance sqrt(2/(n-1)) v for Gaussian samples).
func TestOverdampedEMAgainstSimulation(t *testing.T) {
	tr := breathing(1, 3, 2)
	p0 := paths.NewGaussianDensity([]float64{1}, []float64{0.5})
	const n = 100000
	r := simulateEM(tr, p0, n, 10, 0.2, 1, 21)
	m, v := 0.0, 0.0
	for _, x := range r.xK {
		m += x
	}
	m /= n
	for _, x := range r.xK {
		v += (x - m) * (x - m)
	}
	v /= n - 1
	want := r.pEM
	if z := (m - want.Mean[0]) / math.Sqrt(want.Var[0]/n); math.Abs(z) > 4 {
		t.Errorf("mean %v, propagator %v, z = %.1f", m, want.Mean[0], z)
	}
	if z := (v - want.Var[0]) / (want.Var[0] * math.Sqrt(2.0/(n-1))); math.Abs(z) > 4 {
		t.Errorf("var %v, propagator %v, z = %.1f", v, want.Var[0], z)
	}
}

// rk4Moments integrates the underdamped moment ODEs with classical RK4:
// means dz/dt = A z, covariance dS/dt = A S + S A^T + diag(0, 2 gamma T).
func rk4Moments(y [5]float64, k, c, T, gamma, m, dt float64, steps int) [5]float64 {
	f := func(y [5]float64) [5]float64 {
		x, p, sxx, sxp, spp := y[0], y[1], y[2], y[3], y[4]
		return [5]float64{
			p / m,
			-k*(x-c) - gamma/m*p,
			2 * sxp / m,
			spp/m - k*sxx - gamma/m*sxp,
			-2*k*sxp - 2*gamma/m*spp + 2*gamma*T,
		}
	}
	h := dt / float64(steps)
	for range steps {
		k1 := f(y)
		var y2, y3, y4 [5]float64
		for i := range y {
			y2[i] = y[i] + h/2*k1[i]
		}
		k2 := f(y2)
		for i := range y {
			y3[i] = y[i] + h/2*k2[i]
		}
		k3 := f(y3)
		for i := range y {
			y4[i] = y[i] + h*k3[i]
		}
		k4 := f(y4)
		for i := range y {
			y[i] += h / 6 * (k1[i] + 2*k2[i] + 2*k3[i] + k4[i])
		}
	}
	return y
}

// UnderdampedExact against RK4 with 20000 substeps (error ~ h^4 ~ 1e-17 per
// unit time, so agreement to 1e-11), in the overdamped, underdamped,
// critically damped, frictionless, free and inverted regimes, with large and
// small gamma t for the free-particle series.
func TestUnderdampedExactAgainstRK4(t *testing.T) {
	cases := []struct{ k, gamma, m, dt float64 }{
		{1, 0.3, 1, 1.3},  // underdamped
		{1, 5, 1, 0.7},    // overdamped
		{4, 4, 1, 0.9},    // critical: gamma^2/4 = k m
		{2, 0, 1.5, 2},    // frictionless
		{0, 1.2, 0.8, 1},  // free, g t = 1.5
		{0, 0.01, 1, 0.5}, // free, g t = 0.005 (series)
		{-0.5, 1, 1, 0.8}, // inverted
	}
	for _, cs := range cases {
		const c, T = 0.4, 1.3
		g := paths.NewGaussianDensity([]float64{1.1}, []float64{0.6}).WithMomenta([]float64{-0.3}, []float64{0.9}, []float64{0.2})
		paths.UnderdampedExact{Gamma: cs.gamma, Mass: cs.m}.Step(g, lin(cs.k, c, T), cs.dt)
		want := rk4Moments([5]float64{1.1, -0.3, 0.6, 0.2, 0.9}, cs.k, c, T, cs.gamma, cs.m, cs.dt, 20000)
		got := [5]float64{g.Mean[0], g.MeanP[0], g.Var[0], g.CovXP[0], g.VarP[0]}
		for i := range got {
			if math.Abs(got[i]-want[i]) > 1e-11*math.Max(1, math.Abs(want[i])) {
				t.Errorf("k=%v gamma=%v m=%v: moment %d = %.15g, RK4 %.15g", cs.k, cs.gamma, cs.m, i, got[i], want[i])
			}
		}
	}
	// The Gibbs density is invariant.
	l := lin(2, 0.5, 1.2)
	eq, err := paths.NewEquilibriumPhase(l, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	paths.UnderdampedExact{Gamma: 0.8, Mass: 1.5}.Step(eq, l, 2.3)
	near(t, "eq x var", eq.Var[0], 0.6, 1e-14)
	near(t, "eq p var", eq.VarP[0], 1.8, 1e-14)
	near(t, "eq cov", eq.CovXP[0], 0, 1e-14)
}

// BAOAB samples the configurational Gibbs density of a harmonic trap exactly
// (Leimkuhler & Matthews 2013): the propagated position variance converges
// to T/k at any stable dt, here k dt^2/m = 0.81; the momentum variance at the
// end of the step does not: it is m T (1 - k dt^2 / (4 m)) (ibid.).
func TestBAOABHarmonicConfigurationalExact(t *testing.T) {
	const k, c, T, gamma, m, dt = 1.0, -0.2, 0.7, 1.0, 1.0, 0.9
	g := paths.NewGaussianDensity([]float64{3}, []float64{0.1}).WithMomenta([]float64{0}, []float64{0.1}, []float64{0})
	l := lin(k, c, T)
	for range 400 {
		paths.UnderdampedBAOAB{Gamma: gamma, Mass: m}.Step(g, l, dt)
	}
	near(t, "mean", g.Mean[0], c, 1e-13)
	near(t, "x var", g.Var[0], T/k, 1e-12)
	near(t, "p var", g.VarP[0], m*T*(1-k*dt*dt/(4*m)), 1e-12)
}

// The BAOAB propagator against a simulation of the BAOAB chain (mean within
// 4 SE, variances within 4 SE sqrt(2/(n-1)) v).
func TestBAOABAgainstSimulation(t *testing.T) {
	tr := dragged(0.5)
	r := simulateBAOAB(tr, 1.0, 1.0, 50000, 8, 0.5, 31)
	n := float64(len(r.xK))
	mx, mp := mean(r.xK), mean(r.pK)
	var vx, vp, cxp float64
	for j := range r.xK {
		dx, dp := r.xK[j]-mx, r.pK[j]-mp
		vx += dx * dx
		vp += dp * dp
		cxp += dx * dp
	}
	vx /= n - 1
	vp /= n - 1
	cxp /= n - 1
	g := r.rhoK
	for _, q := range []struct {
		name      string
		got, want float64
		se        float64
	}{
		{"mean x", mx, g.Mean[0], math.Sqrt(g.Var[0] / n)},
		{"mean p", mp, g.MeanP[0], math.Sqrt(g.VarP[0] / n)},
		{"var x", vx, g.Var[0], g.Var[0] * math.Sqrt(2/(n-1))},
		{"var p", vp, g.VarP[0], g.VarP[0] * math.Sqrt(2/(n-1))},
		// Var of the sample covariance of a bivariate normal: (sxx spp + sxp^2)/n.
		{"cov xp", cxp, g.CovXP[0], math.Sqrt((g.Var[0]*g.VarP[0] + g.CovXP[0]*g.CovXP[0]) / n)},
	} {
		if z := (q.got - q.want) / q.se; math.Abs(z) > 4 {
			t.Errorf("%s: simulated %v, propagator %v, z = %.1f", q.name, q.got, q.want, z)
		}
	}
}

func TestDensityCheckAndLogPdf(t *testing.T) {
	pt := paths.NewPointDensity([]float64{1, 2})
	var de *paths.DegenerateError
	if err := pt.Check(); !errors.As(err, &de) || de.Coord != 0 {
		t.Fatalf("point start: %v", err)
	}
	// One EM step from a point gives N(x0 + h F, 2 T h): a proper density.
	paths.OverdampedEM{Gamma: 2}.Step(pt, &paths.Linear{K: []float64{1, 3}, C: []float64{0, 0}, T: 0.5}, 0.1)
	if err := pt.Check(); err != nil {
		t.Fatal(err)
	}
	near(t, "step-1 var", pt.Var[1], 2*0.5*0.05, 1e-16)
	near(t, "step-1 mean", pt.Mean[1], 2-0.05*3*2, 1e-15)

	// ln N(x; m, v) in 2D, by hand.
	g := paths.NewGaussianDensity([]float64{0.5, -1}, []float64{2, 0.25})
	want := -0.5*(0.25/2+math.Log(2*math.Pi*2)) - 0.5*(0.25/0.25+math.Log(2*math.Pi*0.25))
	near(t, "LogPdf", g.LogPdf([]float64{1, -0.5}), want, 1e-15)
	dst := make([]float64, 2)
	g.LogPdfBatch(dst, []float64{1, -0.5, 0.5, -1})
	near(t, "LogPdfBatch[0]", dst[0], want, 1e-15)
	near(t, "LogPdfBatch[1]", dst[1], -0.5*math.Log(2*math.Pi*2)-0.5*math.Log(2*math.Pi*0.25), 1e-15)
	// Entropy = -<ln p>: 1/2 ln(2 pi e v) per coordinate.
	near(t, "Entropy", g.Entropy(), 0.5*math.Log(2*math.Pi*math.E*2)+0.5*math.Log(2*math.Pi*math.E*0.25), 1e-15)

	// Phase space: ln of a bivariate normal with covariance [[2, 0.5], [0.5, 1]].
	h := paths.NewGaussianDensity([]float64{0}, []float64{2}).WithMomenta([]float64{1}, []float64{1}, []float64{0.5})
	det := 2*1 - 0.25
	// inverse [[1, -0.5], [-0.5, 2]] / det at (x, p - 1) = (1, -1): (1 + 1 + 2) / det
	wantP := -0.5*4/det - 0.5*math.Log(det) - math.Log(2*math.Pi)
	near(t, "LogPdfPhase", h.LogPdfPhase([]float64{1}, []float64{0}), wantP, 1e-15)
	near(t, "phase Entropy", h.Entropy(), 0.5*math.Log(det)+math.Log(2*math.Pi)+1, 1e-15)
	// Monte Carlo check that Entropy = -<ln p> (within 4 SE).
	src := rng.Stream(1, "entropy", 0)
	var s, s2 float64
	const n = 20000
	for range n {
		x := math.Sqrt(2) * src.Norm()
		p := 1 + 0.5/2*x + math.Sqrt(1-0.25/2)*src.Norm()
		l := -h.LogPdfPhase([]float64{x}, []float64{p})
		s += l
		s2 += l * l
	}
	mu := s / n
	se := math.Sqrt((s2/n - mu*mu) / n)
	if z := (mu - h.Entropy()) / se; math.Abs(z) > 4 {
		t.Errorf("-<ln rho> = %v, Entropy %v, z = %.1f", mu, h.Entropy(), z)
	}
}
