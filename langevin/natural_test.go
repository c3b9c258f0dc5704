package langevin_test

import (
	"math"
	"testing"

	"github.com/thermosim/thermosim/internal/rng"
	"github.com/thermosim/thermosim/langevin"
	"github.com/thermosim/thermosim/models"
)

// metricOnly hides the loss's exact DivInverse, so that natural-gradient
// Langevin uses its finite-difference fallback.
type metricOnly struct{ l *models.LogisticRegression }

func (m metricOnly) Dim() int                          { return m.l.Dim() }
func (m metricOnly) Energy(dst, x, lambda []float64)   { m.l.Energy(dst, x, lambda) }
func (m metricOnly) Gradient(dst, x, lambda []float64) { m.l.Gradient(dst, x, lambda) }
func (m metricOnly) Fisher(dst, theta []float64)       { m.l.Fisher(dst, theta) }

var _ langevin.FisherMetric = metricOnly{}

// TestNaturalGradientLangevinDensity: Riemannian Langevin dynamics with the
// Fisher metric G of 1-D logistic regression. With the drift correction
// eta T div G^{-1} the stationary density is exp(-L/T) (Girolami & Calderhead
// 2011; Xifara et al. 2014); without it the zero-current condition
// -G^{-1} L' p - T (p/G)' = 0 gives p ∝ G exp(-L/T) instead. Both are checked
// against quadrature, and the uncorrected chain is shown to miss exp(-L/T).
// The discretisation bias at eta = 0.005 (about eta/2 of the variance, the
// preconditioned curvature being 1 since G = Hessian here) is below the ~2%
// standard errors.
func TestNaturalGradientLangevinDensity(t *testing.T) {
	d, err := models.LoadData(models.DataSpec{Synthetic: "logistic", N: 30, Features: 1, Seed: 8})
	if err != nil {
		t.Fatal(err)
	}
	l := &models.LogisticRegression{Data: d, L2: 0.1}
	const temp, eta = 0.3, 0.005
	u := func(th float64) float64 { return energy1(l, th) / temp }
	g := func(th float64) float64 { out := []float64{0}; l.Fisher(out, []float64{th}); return out[0] }
	c1, c2 := posteriorMoments(u)
	w1, w2 := posteriorMoments(func(th float64) float64 { return u(th) - math.Log(g(th)) })
	t.Logf("exp(-L/T): <theta> %.5f <theta^2> %.5f; G exp(-L/T): %.5f %.5f", c1, c2, w1, w2)
	ctrl := &langevin.Control{Eta: eta, T: temp}
	moments := func(th []float64) float64 { return th[0] }
	squares := func(th []float64) float64 { return th[0] * th[0] }
	for _, c := range []struct {
		name     string
		loss     langevin.Potential
		opt      langevin.NaturalOptions
		m1, m2   float64
		o1, o2   float64 // the other density's moments
		seedBase uint64
	}{
		{"corrected (exact div)", l, langevin.NaturalOptions{}, c1, c2, w1, w2, 1},
		{"corrected (finite-difference div)", metricOnly{l}, langevin.NaturalOptions{}, c1, c2, w1, w2, 2},
		{"uncorrected", l, langevin.NaturalOptions{NoCorrection: true}, w1, w2, c1, c2, 3},
	} {
		ng, err := langevin.NewNaturalGradient(c.loss, c.opt)
		if err != nil {
			t.Fatal(err)
		}
		r := stationary(ng, ctrl, 100, 1000, 10000, 5, []float64{c1}, c.seedBase, moments, squares)
		within(t, c.name+" <theta>", r[0], c.m1, 4)
		within(t, c.name+" <theta^2>", r[1], c.m2, 4)
		// The two densities are resolved: the second moment misses the other
		// density's by many standard errors.
		if math.Abs(r[1].Value-c.o2) < 6*r[1].StdErr {
			t.Errorf("%s: <theta^2> = %v does not resolve the other density's %v", c.name, r[1], c.o2)
		}
	}
}

// TestNaturalGradientDescent: at T = 0 with a constant metric (linear
// regression, G = X^T X / N = H) natural gradient with eta = 1 reaches the
// minimum in one step (a Newton step), exactly.
func TestNaturalGradientDescent(t *testing.T) {
	d, _ := models.LoadData(models.DataSpec{Synthetic: "linear", N: 50, Features: 3, Noise: 0.2, Seed: 2})
	l := &models.LinearRegression{Data: d}
	ng, err := langevin.NewNaturalGradient(l, langevin.NaturalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b := langevin.NewBatch(2, 3, false)
	copy(b.X, []float64{1, 2, 3, -4, 0.5, 7})
	ng.Step(b, &langevin.Control{Eta: 1}, ng.NewScratch(2))
	gr := make([]float64, 6)
	l.Gradient(gr, b.X, nil)
	for i, v := range gr {
		if math.Abs(v) > 1e-12 {
			t.Errorf("gradient after a Newton step: component %d = %g", i, v)
		}
	}
	if math.Abs(b.X[0]-b.X[3]) > 1e-12 {
		t.Errorf("two starts reach different minima: %v", b.X)
	}
	if _, err := langevin.NewNaturalGradient(&models.Quadratic{A: []float64{1}}, langevin.NaturalOptions{}); err == nil {
		t.Error("a potential without a metric accepted")
	}
}

func BenchmarkNaturalGradientLangevin(b *testing.B) {
	d, _ := models.LoadData(models.DataSpec{Synthetic: "logistic", N: 200, Features: 4, Seed: 1})
	l := &models.LogisticRegression{Data: d, L2: 0.01}
	for _, c := range []struct {
		name string
		loss langevin.Potential
	}{{"exact-div", l}, {"fd-div", metricOnly{l}}} {
		b.Run(c.name, func(b *testing.B) {
			ng, _ := langevin.NewNaturalGradient(c.loss, langevin.NaturalOptions{})
			const n = 16
			bt := langevin.NewBatch(n, 4, false)
			for j := 0; j < n; j++ {
				bt.Src[j] = rng.Stream(1, "bench", uint64(j))
			}
			sc := ng.NewScratch(n)
			ctrl := &langevin.Control{Eta: 0.01, T: 0.1}
			b.ReportAllocs()
			for b.Loop() {
				ng.Step(bt, ctrl, sc)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/traj-step")
		})
	}
}
