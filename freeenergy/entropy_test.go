package freeenergy

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/internal/rng"
)

// gaussEntropy is the entropy of N(0, diag(v)): sum 1/2 ln(2 pi e v_a).
func gaussEntropy(v ...float64) float64 {
	s := 0.0
	for _, va := range v {
		s += 0.5 * math.Log(2*math.Pi*math.E*va)
	}
	return s
}

// normalSample fills n points of N(0, diag(v)) (row-major).
func normalSample(src *rng.Source, n int, v ...float64) []float64 {
	d := len(v)
	x := make([]float64, n*d)
	for i := range x {
		x[i] = math.Sqrt(v[i%d]) * src.Norm()
	}
	return x
}

func TestDigamma(t *testing.T) {
	// DLMF 5.4.12-14: psi(1) = -gamma, psi(1/2) = -gamma - 2 ln 2; recurrence 5.5.2.
	const euler = 0.57721566490153286061
	cases := []struct{ x, want float64 }{
		{1, -euler},
		{0.5, -euler - 2*math.Ln2},
		{2.5, -euler - 2*math.Ln2 + 2 + 2.0/3},
		{4, -euler + 1 + 0.5 + 1.0/3},
	}
	for _, c := range cases {
		if got := digammaFn(c.x); math.Abs(got-c.want) > 1e-14*math.Max(1, math.Abs(c.want)) {
			t.Errorf("digamma(%v) = %.16g, want %.16g", c.x, got, c.want)
		}
	}
	// the difference of two values of size ln x: absolute tolerance of a few ulp
	for _, x := range []float64{20.5, 300, 1e6} {
		if got := digammaFn(x+1) - digammaFn(x); math.Abs(got-1/x) > 1e-14*math.Log(x) {
			t.Errorf("digamma recurrence at %v: %.16g, want %.16g", x, got, 1/x)
		}
	}
}

func TestTrigamma(t *testing.T) {
	// DLMF 5.15.2-3: psi'(1) = pi^2/6, psi'(1/2) = pi^2/2; recurrence 5.15.5.
	cases := []struct{ x, want float64 }{
		{1, math.Pi * math.Pi / 6},
		{0.5, math.Pi * math.Pi / 2},
		{3, math.Pi*math.Pi/6 - 1 - 0.25},
		{10.5, math.Pi*math.Pi/2 - 4*(1+1.0/9+1.0/25+1.0/49+1.0/81+1.0/121+1.0/169+1.0/225+1.0/289+1.0/361)},
	}
	for _, c := range cases {
		if got := trigammaFn(c.x); math.Abs(got-c.want) > 1e-13*c.want {
			t.Errorf("trigamma(%v) = %.16g, want %.16g", c.x, got, c.want)
		}
	}
	// asymptotic region: psi'(x) - psi'(x+1) = 1/x^2
	for _, x := range []float64{12.25, 40, 1e4} {
		if got := trigammaFn(x) - trigammaFn(x+1); math.Abs(got-1/(x*x)) > 1e-12/(x*x) {
			t.Errorf("trigamma recurrence at %v: %.16g, want %.16g", x, got, 1/(x*x))
		}
	}
}

// The k-d tree's neighbour lists equal brute force, in distance order.
func TestKDTreeMatchesBruteForce(t *testing.T) {
	src := rng.Stream(1, "kdtree", 0)
	for _, d := range []int{1, 2, 3, 6} {
		n := 300
		x := normalSample(&src, n, slices.Repeat([]float64{1}, d)...)
		if d == 1 {
			// ties: repeat some coordinates
			for i := 0; i < 20; i++ {
				x[i] = x[i+20]
			}
		}
		tree := newKDTree(x, d)
		K := 5
		heap := make([]kdItem, 0, K)
		for i := 0; i < n; i++ {
			nb := tree.neighbours(tree.pos[i], K, heap)
			var all []float64
			for j := 0; j < n; j++ {
				if j != i {
					all = append(all, kdDist2(x[i*d:(i+1)*d], x[j*d:(j+1)*d]))
				}
			}
			slices.Sort(all)
			for r := 0; r < K; r++ {
				if nb[r].d2 != all[r] {
					t.Fatalf("d=%d point %d neighbour %d: tree %v, brute force %v", d, i, r, nb[r].d2, all[r])
				}
				j := tree.orig[nb[r].p]
				if j == i || kdDist2(x[i*d:(i+1)*d], x[j*d:(j+1)*d]) != nb[r].d2 {
					t.Fatalf("d=%d point %d neighbour %d: index %d does not match its distance", d, i, r, j)
				}
			}
		}
	}
}

// Exact algebra: on a fixed 2-D data set the estimate is
// ln(2 pi e) + 1/2 (ln det C - 2 ln(2/(n-1)) - psi((n-1)/2) - psi((n-2)/2)),
// with psi((n-i)/2) for n = 6 from DLMF 5.4.12-15: psi(5/2) = -gamma - 2 ln 2 + 2 + 2/3,
// psi(2) = 1 - gamma, and the standard error 1/2 sqrt(psi'(5/2) + psi'(2)),
// psi'(5/2) = pi^2/2 - 4 - 4/9, psi'(2) = pi^2/6 - 1.
func TestEntropyGaussianExactAlgebra(t *testing.T) {
	x := []float64{0.3, 1.1, -0.7, 0.2, 1.9, 2.5, -1.2, -0.4, 0.8, 0.1, 0.05, -0.9}
	n, d := 6, 2
	var mx, my float64
	for i := 0; i < n; i++ {
		mx += x[2*i] / 6
		my += x[2*i+1] / 6
	}
	var sxx, syy, sxy float64
	for i := 0; i < n; i++ {
		a, b := x[2*i]-mx, x[2*i+1]-my
		sxx += a * a / 5
		syy += b * b / 5
		sxy += a * b / 5
	}
	const euler = 0.57721566490153286061
	psi52 := -euler - 2*math.Ln2 + 2 + 2.0/3
	psi2 := 1 - euler
	want := math.Log(2*math.Pi*math.E) + 0.5*(math.Log(sxx*syy-sxy*sxy)-2*math.Log(2.0/5)-psi52-psi2)
	wantSE := 0.5 * math.Sqrt(math.Pi*math.Pi/2-4-4.0/9+math.Pi*math.Pi/6-1)
	r, err := EntropyGaussian(x, d)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Value-want) > 1e-13 || math.Abs(r.StdErr-wantSE) > 1e-13 || r.N != n {
		t.Fatalf("got %v ± %v (n=%d), want %v ± %v", r.Value, r.StdErr, r.N, want, wantSE)
	}
}

// Statistical: for Gaussian samples the estimator is unbiased and its
// standard error is exact (Wishart log-determinant moments; Misra et al. 2005).
// With n = 12 in d = 3 the uncorrected plug-in is biased by
// 1/2 [d ln(2/(n-1)) + sum psi((n-i)/2)] = -0.396, so the test has power.
func TestEntropyGaussianUnbiased(t *testing.T) {
	const R, n, d = 4000, 12, 3
	v := []float64{0.5, 2, 4}
	want := gaussEntropy(v...)
	src := rng.Stream(2, "entropy-gaussian", 0)
	est := make([]float64, R)
	var se float64
	for r := range est {
		x := normalSample(&src, n, v...)
		res, err := EntropyGaussian(x, d)
		if err != nil {
			t.Fatal(err)
		}
		est[r], se = res.Value, res.StdErr
	}
	m := estimate.Mean(est)
	if z := (m.Value - want) / m.StdErr; math.Abs(z) > 4 {
		t.Errorf("mean estimate %v ± %v, closed form %v (z = %.2f)", m.Value, m.StdErr, want, z)
	}
	vr := estimate.VarianceOf(est)
	if z := (vr.Value - se*se) / vr.StdErr; math.Abs(z) > 4 {
		t.Errorf("variance over replicates %v ± %v, reported se^2 %v (z = %.2f)", vr.Value, vr.StdErr, se*se, z)
	}
}

func TestEntropyGaussianMardiaWarning(t *testing.T) {
	src := rng.Stream(3, "mardia", 0)
	n := 4000
	u := make([]float64, 2*n)
	for i := range u {
		u[i] = src.Float64() // uniform: kurtosis b2 = 5.6 vs d(d+2) = 8
	}
	r, err := EntropyGaussian(u, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "not Gaussian") {
		t.Errorf("uniform sample: warnings %q, want the Mardia warning", r.Warnings)
	}
	g, err := EntropyGaussian(normalSample(&src, n, 1, 1), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Warnings) != 0 {
		t.Errorf("Gaussian sample: unexpected warnings %q", g.Warnings)
	}
}

func TestEntropyErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		f    func() error
		want string
	}{
		{"ragged", func() error { _, err := EntropyGaussian([]float64{1, 2, 3}, 2); return err }, "whole number"},
		{"too few", func() error { _, err := EntropyGaussian([]float64{1, 2, 3, 4}, 2); return err }, "need at least 3"},
		{"singular", func() error { _, err := EntropyGaussian([]float64{1, 2, 2, 4, 3, 6, 4, 8}, 2); return err }, "singular"},
		{"nan", func() error { _, err := EntropyKNN([]float64{1, math.NaN(), 3, 4, 5, 6, 7}, 1, 2); return err }, "NaN"},
		{"duplicates", func() error { _, err := EntropyKNN([]float64{1, 1, 1, 4, 5, 6, 7}, 1, 2); return err }, "duplicates"},
		{"3-D histogram", func() error { _, err := EntropyHistogram(make([]float64, 30), 3, 4, nil); return err }, "only 1-D and 2-D"},
		{"outside", func() error {
			_, err := EntropyHistogram([]float64{0, 1, 2}, 1, 4, [][2]float64{{0, 1.5}})
			return err
		}, "outside"},
		{"method", func() error { _, err := EntropySpec{Method: "kde"}.Entropy([]float64{1, 2, 3}, 1); return err }, "unknown entropy method"},
		{"no method", func() error { _, err := EntropySpec{}.Entropy([]float64{1, 2, 3}, 1); return err }, "no entropy method"},
	} {
		err := c.f()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// normalCDF is Phi((x - 0)/sqrt(v)).
func normalCDF(x, v float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt(2*v)) }

// binnedEntropy1 returns the entropy of the bin-averaged density of
// N(0, v) on bins equal bins over [lo, hi]: -sum P_b ln(P_b/dx), the value the
// histogram estimator is unbiased for (up to O(1/n^2)).
func binnedEntropy1(v, lo, hi float64, bins int) float64 {
	dx := (hi - lo) / float64(bins)
	s := 0.0
	for b := 0; b < bins; b++ {
		p := normalCDF(lo+float64(b+1)*dx, v) - normalCDF(lo+float64(b)*dx, v)
		if p > 0 {
			s -= p * math.Log(p/dx)
		}
	}
	return s
}

// The bin-averaged entropy exceeds the true one by dx^2 J/24 to leading order
// (J = 1/v for N(0, v)): the binning bias stated in EntropyHistogram's doc.
// The next term is O(dx^4): halving dx cuts the residual 16-fold.
func TestHistogramBinningBias(t *testing.T) {
	v := 1.0
	prev := 0.0
	for i, bins := range []int{40, 80, 160} {
		dx := 16.0 / float64(bins)
		bias := binnedEntropy1(v, -8, 8, bins) - gaussEntropy(v)
		res := bias - dx*dx/(24*v)
		if bias <= 0 {
			t.Errorf("bins %d: binning bias %v, want > 0", bins, bias)
		}
		if i > 0 {
			if r := prev / res; math.Abs(r-16) > 0.5 {
				t.Errorf("bins %d: residual ratio %v, want ~16 (O(dx^4))", bins, r)
			}
		}
		prev = res
	}
}

// Statistical: the 1-D and 2-D histogram estimates agree with the entropy of
// the bin-averaged Gaussian (the binning bias accounted for exactly) within 4
// standard errors, and the standard error matches the spread over replicates.
func TestEntropyHistogramGaussian(t *testing.T) {
	src := rng.Stream(4, "entropy-histogram", 0)
	// 1-D, fixed range
	x := normalSample(&src, 50000, 1)
	r, err := EntropyHistogram(x, 1, 60, [][2]float64{{-6, 6}})
	if err != nil {
		t.Fatal(err)
	}
	want := binnedEntropy1(1, -6, 6, 60)
	if z := (r.Value - want) / r.StdErr; math.Abs(z) > 4 {
		t.Errorf("1-D: %v, bin-averaged closed form %v (z = %.2f)", r, want, z)
	}
	// 2-D anisotropic, range from the data: cell probabilities factorise, so
	// the bin-averaged entropy is the sum over axes with the data's edges.
	x2 := normalSample(&src, 50000, 1, 0.25)
	bins := 25
	r2, err := EntropyHistogram(x2, 2, bins, nil)
	if err != nil {
		t.Fatal(err)
	}
	want2 := 0.0
	for a, v := range []float64{1, 0.25} {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := a; i < len(x2); i += 2 {
			lo, hi = math.Min(lo, x2[i]), math.Max(hi, x2[i])
		}
		want2 += binnedEntropy1(v, lo, hi, bins)
	}
	if z := (r2.Value - want2) / r2.StdErr; math.Abs(z) > 4 {
		t.Errorf("2-D: %v, bin-averaged closed form %v (z = %.2f)", r2, want2, z)
	}
	// standard error vs replicates (1-D, n = 2000, fixed range)
	const R = 400
	est := make([]float64, R)
	var se estimate.Moments
	for i := range est {
		res, err := EntropyHistogram(normalSample(&src, 2000, 1), 1, 30, [][2]float64{{-7, 7}})
		if err != nil {
			t.Fatal(err)
		}
		est[i] = res.Value
		se.Add(res.StdErr * res.StdErr)
	}
	vr := estimate.VarianceOf(est)
	if z := (vr.Value - se.Mean) / vr.StdErr; math.Abs(z) > 4 {
		t.Errorf("histogram variance over replicates %v ± %v, mean reported se^2 %v (z = %.2f)", vr.Value, vr.StdErr, se.Mean, z)
	}
	m := estimate.Mean(est)
	want = binnedEntropy1(1, -7, 7, 30)
	if z := (m.Value - want) / m.StdErr; math.Abs(z) > 4 {
		t.Errorf("histogram mean over replicates %v, bin-averaged closed form %v (z = %.2f): Miller-Madow residual bias", m, want, z)
	}
}

// knnBias calibrates the kNN estimator's bias at (n, d, k) on the standard
// normal, whose entropy d/2 ln(2 pi e) is known: the estimator is invariant
// under translation and shifts by d ln s under scaling, so the bias is the same
// for every isotropic Gaussian. It returns the mean bias over R replicates,
// its standard error, and the replicates' standard deviation and mean
// reported standard error.
func knnBias(tb testing.TB, seed uint64, n, d, k, R int) (bias, biasSE, sd, meanSE float64) {
	v := slices.Repeat([]float64{1}, d)
	want := gaussEntropy(v...)
	var est, se estimate.Moments
	for r := 0; r < R; r++ {
		src := rng.Stream(seed, "knn-calibration", uint64(r))
		res, err := EntropyKNN(normalSample(&src, n, v...), d, k)
		if err != nil {
			tb.Fatal(err)
		}
		est.Add(res.Value - want)
		se.Add(res.StdErr)
	}
	return est.Mean, math.Sqrt(est.Var() / float64(R)), math.Sqrt(est.Var()), se.Mean
}

// Statistical: with its bias calibrated at the same (n, d, k), the kNN
// estimate on an independent anisotropically-centred isotropic Gaussian
// N(m, s^2 I) equals d/2 ln(2 pi e s^2) within 4 standard errors; its
// jackknife standard error does not understate the spread over replicates
// (Efron–Stein: the jackknife variance is biased upward).
func TestEntropyKNNGaussian(t *testing.T) {
	const n, k, R = 1500, 4, 150
	for d := 1; d <= 3; d++ {
		bias, biasSE, sd, meanSE := knnBias(t, 5, n, d, k, R)
		// the spread's relative standard error is about 1/sqrt(2(R-1))
		if ratio := meanSE / sd; ratio < 1-4/math.Sqrt(2*(R-1)) {
			t.Errorf("d=%d: mean jackknife se %v understates the spread %v (ratio %.3f)", d, meanSE, sd, ratio)
		}
		src := rng.Stream(6, "knn-test", uint64(d))
		s2 := 2.7
		x := normalSample(&src, n, slices.Repeat([]float64{s2}, d)...)
		for i := range x {
			x[i] += float64(i%d) - 0.5
		}
		r, err := EntropyKNN(x, d, k)
		if err != nil {
			t.Fatal(err)
		}
		want := gaussEntropy(slices.Repeat([]float64{s2}, d)...)
		if z := (r.Value - bias - want) / math.Hypot(r.StdErr, biasSE); math.Abs(z) > 4 {
			t.Errorf("d=%d: %v minus calibrated bias %v ± %v, closed form %v (z = %.2f)", d, r, bias, biasSE, want, z)
		}
		t.Logf("d=%d n=%d k=%d: bias %.4f ± %.4f, replicate sd %.4f, mean jackknife se %.4f", d, n, k, bias, biasSE, sd, meanSE)
	}
}

func BenchmarkEntropyKNN(b *testing.B) {
	for _, d := range []int{1, 3} {
		src := rng.Stream(7, "bench", 0)
		x := normalSample(&src, 10000, slices.Repeat([]float64{1}, d)...)
		b.Run(map[int]string{1: "d=1,n=1e4", 3: "d=3,n=1e4"}[d], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := EntropyKNN(x, d, 4); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkKNNCalibration reports the kNN estimator's bias and the ratio of
// its jackknife standard error to the replicate spread at larger R (the long
// version of TestEntropyKNNGaussian's calibration).
func BenchmarkKNNCalibration(b *testing.B) {
	for b.Loop() {
		for d := 1; d <= 3; d++ {
			for _, k := range []int{1, 4} {
				bias, biasSE, sd, meanSE := knnBias(b, 8, 2000, d, k, 400)
				b.Logf("d=%d k=%d n=2000: bias %.4f ± %.4f, sd %.4f, jackknife se %.4f (ratio %.3f)", d, k, bias, biasSE, sd, meanSE, meanSE/sd)
			}
		}
	}
}
