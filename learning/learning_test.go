package learning

import (
	"math"
	"testing"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/internal/rng"
)

// ar1 returns n steps of x' = rho x + e, Var e = 1 - rho^2 (unit stationary
// variance), started in the stationary law.
func ar1(n int, rho float64, src *rng.Source) []float64 {
	xs := make([]float64, n)
	x := src.Norm()
	s := math.Sqrt(1 - rho*rho)
	for i := range xs {
		x = rho*x + s*src.Norm()
		xs[i] = x
	}
	return xs
}

// TestIntegratedTimeAR1: for AR(1), rho(t) = rho^t and
// tau_int = 1/2 + rho/(1 - rho) = (1 + rho)/(2 (1 - rho)). The estimator's
// variance is about 2 (2W + 1)/n tau^2 (Madras & Sokal 1988, eq. 2.22
// (Sokal 1997, eq. 3.19)).
func TestIntegratedTimeAR1(t *testing.T) {
	src := rng.Stream(1, "ar1", 0)
	for _, rho := range []float64{0, 0.5, 0.9} {
		xs := ar1(200000, rho, &src)
		tau, w := IntegratedTime(xs)
		want := (1 + rho) / (2 * (1 - rho))
		se := want * math.Sqrt(2*float64(2*w+1)/float64(len(xs)))
		// The window truncation bias, -sum_{t>W} rho^t = -rho^{W+1}/(1-rho), is
		// below 1e-3 tau here.
		if math.Abs(tau-want) > 4*se {
			t.Errorf("rho %v: tau %v ± %v, exact %v", rho, tau, se, want)
		}
	}
}

// TestMeanSeriesCalibrated: over independent replicas of an AR(1) series
// with mean 0, the z-scores mean/stderr have unit variance when the standard
// error is right; the sample variance of R standard normals has standard
// error sqrt(2/(R-1)).
func TestMeanSeriesCalibrated(t *testing.T) {
	const reps = 400
	z := make([]float64, reps)
	for r := range z {
		src := rng.Stream(2, "calib", uint64(r))
		res := MeanSeries(ar1(5000, 0.8, &src))
		z[r] = res.Value / res.StdErr
		if len(res.Warnings) != 0 {
			t.Fatalf("unexpected warnings %v", res.Warnings)
		}
	}
	v := estimate.VarianceOf(z)
	if math.Abs(v.Value-1) > 4*math.Sqrt(2.0/(reps-1)) {
		t.Errorf("z-score variance %v, want 1 ± %v", v.Value, math.Sqrt(2.0/(reps-1)))
	}
	short := MeanSeries(ar1(100, 0.99, &rng.Source{}))
	if len(short.Warnings) == 0 {
		t.Error("no warning for a series of 100 samples with tau ~ 100")
	}
}

// TestBatchNoiseByEnumeration: the covariance of the batch mean, computed by
// enumerating every batch of B = 3 of N = 6 examples (all C(6,3) subsets
// without replacement; all 6^3 ordered draws with replacement), equals
// BatchNoise of GradientNoise to rounding.
func TestBatchNoiseByEnumeration(t *testing.T) {
	const n, b, d = 6, 3, 2
	src := rng.Stream(3, "grads", 0)
	grads := make([]float64, n*d)
	src.NormFill(grads)
	sigma := make([]float64, d*d)
	mean, err := GradientNoise(sigma, grads, d)
	if err != nil {
		t.Fatal(err)
	}
	cov := func(batches [][]int) []float64 {
		c := make([]float64, d*d)
		for _, bt := range batches {
			m := make([]float64, d)
			for _, k := range bt {
				for i := 0; i < d; i++ {
					m[i] += grads[k*d+i] / b
				}
			}
			for a := 0; a < d; a++ {
				for q := 0; q < d; q++ {
					c[a*d+q] += (m[a] - mean[a]) * (m[q] - mean[q]) / float64(len(batches))
				}
			}
		}
		return c
	}
	var without, with [][]int
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			for k := 0; k < n; k++ {
				with = append(with, []int{i, j, k})
				if i < j && j < k {
					without = append(without, []int{i, j, k})
				}
			}
		}
	}
	for _, c := range []struct {
		repl    bool
		batches [][]int
	}{{false, without}, {true, with}} {
		got := make([]float64, d*d)
		if err := BatchNoise(got, sigma, n, b, c.repl); err != nil {
			t.Fatal(err)
		}
		want := cov(c.batches)
		for i := range got {
			if math.Abs(got[i]-want[i]) > 1e-14 {
				t.Errorf("replacement %v: Sigma_B[%d] = %v, enumeration %v", c.repl, i, got[i], want[i])
			}
		}
	}
	if err := BatchNoise(sigma, sigma, 6, 7, false); err == nil {
		t.Error("batch larger than the data accepted")
	}
}

// TestPredictSolvesLyapunov: the exact prediction solves the discrete
// Lyapunov equation and the small-eta one H C + C H = eta Sigma_B, to
// rounding, for an anisotropic noise that does not commute with H.
func TestPredictSolvesLyapunov(t *testing.T) {
	h := []float64{2, 0.5, 0.5, 1}
	s := []float64{0.3, -0.1, -0.1, 0.05}
	const eta = 0.3
	ex, err := Predict(h, s, eta, true)
	if err != nil {
		t.Fatal(err)
	}
	sm, _ := Predict(h, s, eta, false)
	const d = 2
	at := func(m []float64, i, j int) float64 { return m[i*d+j] }
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			// (I - eta H) C (I - eta H) + eta^2 S
			r := eta * eta * at(s, i, j)
			hc, ch := 0.0, 0.0
			for a := 0; a < d; a++ {
				for b := 0; b < d; b++ {
					ia, bj := -eta*at(h, i, a), -eta*at(h, b, j)
					if i == a {
						ia++
					}
					if b == j {
						bj++
					}
					r += ia * at(ex.Cov, a, b) * bj
				}
				hc += at(h, i, a) * at(sm.Cov, a, j)
				ch += at(sm.Cov, i, a) * at(h, a, j)
			}
			if math.Abs(r-at(ex.Cov, i, j)) > 1e-14 {
				t.Errorf("exact C[%d][%d] = %v, Lyapunov map gives %v", i, j, at(ex.Cov, i, j), r)
			}
			if math.Abs(hc+ch-eta*at(s, i, j)) > 1e-14 {
				t.Errorf("small-eta: (HC + CH)[%d][%d] = %v, want %v", i, j, hc+ch, eta*at(s, i, j))
			}
		}
	}
	if _, err := Predict([]float64{10}, []float64{1}, 0.25, true); err == nil {
		t.Error("eta lambda = 2.5 accepted")
	}
}

// TestMeasureAgainstExactSGDRecursion: samples of the 2-D linear SGD
// recursion delta' = (I - eta H) delta - eta xi with Gaussian noise of
// covariance Sigma_B (generated here directly, no simulator): the measured
// per-direction and equipartition temperatures equal Predict(exact) within 4
// standard errors; the small-eta prediction is excluded at this eta; and the
// anisotropic noise triggers the warning.
func TestMeasureAgainstExactSGDRecursion(t *testing.T) {
	h := []float64{3, 0, 0, 0.5}     // curvatures 0.5 and 3
	sb := []float64{0.4, 0, 0, 0.01} // noise far from proportional to H
	const eta = 0.4                  // eta lambda_max = 1.2
	min := []float64{1, -2}
	const chains, steps = 8, 40000
	cs := make([][]float64, chains)
	for c := range cs {
		src := rng.Stream(4, "sgd-recursion", uint64(c))
		x := []float64{min[0], min[1]}
		xs := make([]float64, 0, 2*steps)
		for k := 0; k < 200+steps; k++ {
			g0 := h[0]*(x[0]-min[0]) + math.Sqrt(sb[0])*src.Norm()
			g1 := h[3]*(x[1]-min[1]) + math.Sqrt(sb[3])*src.Norm()
			x[0] -= eta * g0
			x[1] -= eta * g1
			if k >= 200 {
				xs = append(xs, x[0], x[1])
			}
		}
		cs[c] = xs
	}
	m, err := Measure(cs, min, h)
	if err != nil {
		t.Fatal(err)
	}
	ex, _ := Predict(h, sb, eta, true)
	sm, _ := Predict(h, sb, eta, false)
	for i := range m.PerDirection {
		r := m.PerDirection[i]
		if math.Abs(r.Value-ex.PerDirection[i]) > 4*r.StdErr {
			t.Errorf("direction %d (curvature %v): T %v, exact prediction %v", i, m.Curvatures[i], r, ex.PerDirection[i])
		}
		t.Logf("curvature %v: measured T %v, exact %.5g, small-eta %.5g", m.Curvatures[i], r, ex.PerDirection[i], sm.PerDirection[i])
	}
	// Along curvature 3, eta lambda = 1.2: small eta predicts eta s/2 = 0.08,
	// exact eta s/(2 - 1.2) = 0.2.
	if r := m.PerDirection[1]; math.Abs(r.Value-sm.PerDirection[1]) < 10*r.StdErr {
		t.Errorf("small-eta prediction %v not excluded by %v", sm.PerDirection[1], r)
	}
	if r := m.Equipartition; math.Abs(r.Value-ex.T) > 4*r.StdErr {
		t.Errorf("equipartition %v, exact %v", r, ex.T)
	}
	if len(m.Equipartition.Warnings) == 0 {
		t.Error("anisotropic state without a warning")
	}
}

func BenchmarkIntegratedTime(b *testing.B) {
	src := rng.Stream(1, "bench", 0)
	xs := ar1(100000, 0.9, &src)
	b.ReportAllocs()
	for b.Loop() {
		IntegratedTime(xs)
	}
}
