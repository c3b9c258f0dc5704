package freeenergy

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/thermosim/thermosim/estimate"
)

// Functional returns F = <U> - T S from the energies U_i of an ensemble and
// an entropy estimate S, with <U> the sample mean. Its standard error
// sqrt(se_U^2 + T^2 se_S^2) treats <U> and S as independent, which holds when
// S was estimated from other points than the energies (an independent half of
// the ensemble, say); when both come from the same points use
// FunctionalEnsemble, which includes their covariance. A NaN S.StdErr
// propagates (pass 0 for an exactly known entropy). At T = 0, F = <U>.
// Functional panics if T is negative or NaN or if energies is empty.
func Functional(energies []float64, S estimate.Result, T float64) estimate.Result {
	checkFunctionalT(T)
	if len(energies) == 0 {
		panic("freeenergy: Functional of no energies")
	}
	u := estimate.Mean(energies)
	if len(energies) == 1 {
		u.StdErr = math.NaN()
	}
	if T == 0 {
		return u
	}
	r := estimate.NewResult(u.Value-T*S.Value, math.Hypot(u.StdErr, T*S.StdErr), len(energies))
	r.Warnings = append(r.Warnings, S.Warnings...)
	return r
}

func checkFunctionalT(T float64) {
	if !(T >= 0) || math.IsInf(T, 0) {
		panic(fmt.Sprintf("freeenergy: temperature %v, want a finite T >= 0", T))
	}
}

// FunctionalResult is the free-energy functional of an ensemble with its
// parts.
type FunctionalResult struct {
	F     estimate.Result // F = <U> - T S
	MeanU estimate.Result // <U>, the sample mean of the energies
	S     estimate.Result // the entropy estimate
}

// FunctionalEnsemble returns F = <U> - T S[p] of the ensemble of n points x
// (row-major, d coordinates each) with energies U_i, the entropy estimated
// with spec. The standard error of F includes the covariance of <U> and S:
//
//	Var(F) = Var(U_i - T phi_i)/n + T^2 (se_S^2 - Var(phi_i)/n)_+,
//
// with phi_i the per-point influence terms of the entropy estimator (the
// delta-method linearisation: S - E S ~ mean(phi_i) - E phi), the first term
// the first-order variance of F, the second the estimator's variance beyond
// first order (the exact trigamma variance for gaussian, the (m-1)/(2n^2)
// term for histogram, none for knn, whose jackknife variance is
// Var(phi)/n). The influence terms are phi_i = S + (q_i - d)/2 (q_i the
// squared Mahalanobis distance) for gaussian, -ln(c_cell(i)/(n Delta)) for
// histogram and the jackknife pseudo-values for knn. Near equilibrium
// U_i - T phi_i is nearly constant and the error of F is far below that of
// either part. Bias: that of the entropy estimator, times -T.
//
// Errors report malformed ensembles (a length mismatch, non-finite values)
// and the entropy estimator's failures.
func FunctionalEnsemble(x []float64, d int, energies []float64, T float64, spec EntropySpec) (FunctionalResult, error) {
	checkFunctionalT(T)
	n, err := checkEnsemble(x, d, 2)
	if err != nil {
		return FunctionalResult{}, err
	}
	if len(energies) != n {
		return FunctionalResult{}, fmt.Errorf("freeenergy: %d energies for %d points", len(energies), n)
	}
	for i, u := range energies {
		if math.IsNaN(u) || math.IsInf(u, 0) {
			return FunctionalResult{}, fmt.Errorf("freeenergy: energy of point %d is %v", i, u)
		}
	}
	phi := make([]float64, n)
	s, err := spec.entropy(x, d, phi)
	if err != nil {
		return FunctionalResult{}, err
	}
	var mu, mphi, mw estimate.Moments
	for i, u := range energies {
		mu.Add(u)
		mphi.Add(phi[i])
		mw.Add(u - T*phi[i])
	}
	nf := float64(n)
	extra := math.Max(0, s.StdErr*s.StdErr-mphi.Var()/nf)
	f := estimate.NewResult(mu.Mean-T*s.Value, math.Sqrt(mw.Var()/nf+T*T*extra), n)
	f.Warnings = append(f.Warnings, s.Warnings...)
	return FunctionalResult{F: f, MeanU: mu.MeanResult(), S: s}, nil
}

// RelativeEntropyGibbs returns D(p || pi) = (F - F_eq)/T = F/T + ln Z, the
// relative entropy of the ensemble whose functional is F to the Gibbs state
// pi = exp(-U/T)/Z, with standard error se_F/T. Statistical noise and
// estimator bias can make the estimate negative; a value more than 4
// standard errors below zero adds a warning (a wrong normaliser, or the
// entropy estimator's bias). It panics unless T > 0.
func RelativeEntropyGibbs(F estimate.Result, logZ, T float64) estimate.Result {
	checkFunctionalT(T)
	if T == 0 {
		panic("freeenergy: RelativeEntropyGibbs at T = 0")
	}
	r := estimate.NewResult(F.Value/T+logZ, F.StdErr/T, F.N)
	r.Warnings = append(r.Warnings, F.Warnings...)
	if r.Value < -4*r.StdErr {
		r.Warn("relative entropy %.4g is %.3g standard errors below zero: check ln Z and the entropy estimator's bias", r.Value, -r.Value/r.StdErr)
	}
	return r
}

// checkGaussianMoments panics unless mean, variance, k and c have the same length.
func checkGaussianMoments(mean, variance, k, c []float64) {
	if len(variance) != len(mean) || len(k) != len(mean) || len(c) != len(mean) {
		panic(fmt.Sprintf("freeenergy: Gaussian closed form with %d means, %d variances, %d curvatures, %d centres", len(mean), len(variance), len(k), len(c)))
	}
}

// GaussianFunctional returns F[p] = <U> - T S[p] exactly for the Gaussian
// p = prod_i N(mean_i, variance_i) in U = sum_i k_i/2 (x_i - c_i)^2:
//
//	F = sum_i [k_i/2 ((mean_i - c_i)^2 + variance_i) - T/2 ln(2 pi e variance_i)].
//
// It panics if the slices differ in length or T is negative.
func GaussianFunctional(mean, variance, k, c []float64, T float64) float64 {
	checkGaussianMoments(mean, variance, k, c)
	checkFunctionalT(T)
	f := 0.0
	for i, m := range mean {
		dm := m - c[i]
		f += 0.5 * k[i] * (dm*dm + variance[i])
		if T > 0 {
			f -= 0.5 * T * math.Log(2*math.Pi*math.E*variance[i])
		}
	}
	return f
}

// GaussianGibbsLogZ returns ln Z = sum_i 1/2 ln(2 pi T / k_i), the normaliser
// of the Gibbs state exp(-U/T)/Z of U = sum_i k_i/2 (x_i - c_i)^2; the
// equilibrium free energy is F_eq = -T ln Z.
func GaussianGibbsLogZ(k []float64, T float64) float64 {
	z := 0.0
	for _, ki := range k {
		z += 0.5 * math.Log(2*math.Pi*T/ki)
	}
	return z
}

// GaussianRelativeEntropy returns D(p || pi) for p = prod_i N(mean_i,
// variance_i) and the Gibbs state pi = prod_i N(c_i, T/k_i) of
// U = sum_i k_i/2 (x_i - c_i)^2:
//
//	D = 1/2 sum_i [k_i variance_i/T + k_i (mean_i - c_i)^2/T - 1 - ln(k_i variance_i/T)],
//
// which equals (GaussianFunctional + T GaussianGibbsLogZ)/T. It panics if
// the slices differ in length.
func GaussianRelativeEntropy(mean, variance, k, c []float64, T float64) float64 {
	checkGaussianMoments(mean, variance, k, c)
	dkl := 0.0
	for i, m := range mean {
		dm := m - c[i]
		r := k[i] * variance[i] / T
		dkl += 0.5 * (r + k[i]*dm*dm/T - 1 - math.Log(r))
	}
	return dkl
}

// GaussianDissipation returns dF/dt = -(1/gamma) <|grad U + T grad ln p|^2>
// exactly for p = prod_i N(mean_i, variance_i) in
// U = sum_i k_i/2 (x_i - c_i)^2, where grad ln p = -(x - mean)/variance:
//
//	dF/dt = -(1/gamma) sum_i [(k_i - T/variance_i)^2 variance_i + k_i^2 (mean_i - c_i)^2],
//
// the time derivative of GaussianFunctional along the exact moment equations
// dm/dt = -k (m - c)/gamma, dv/dt = -2 (k v - T)/gamma. It panics if the
// slices differ in length.
func GaussianDissipation(mean, variance, k, c []float64, T, gamma float64) float64 {
	checkGaussianMoments(mean, variance, k, c)
	s := 0.0
	for i, m := range mean {
		a := k[i] - T/variance[i]
		dm := m - c[i]
		s += a*a*variance[i] + k[i]*k[i]*dm*dm
	}
	return -s / gamma
}

// ScoreMethod names an estimator of the score grad ln p of an ensemble.
type ScoreMethod string

// The score estimators of DissipationRate.
const (
	// ScoreGaussian is the score -Sigma^-1 (x - m) of the Gaussian with the
	// ensemble's mean and covariance (any dimension).
	ScoreGaussian ScoreMethod = "gaussian"
	// ScoreKernel is the score of a leave-one-out Gaussian kernel density
	// estimate (1-D only).
	ScoreKernel ScoreMethod = "kernel"
)

// ScoreSpec selects a score estimator. Bandwidth is the kernel's standard
// deviation for ScoreKernel (0: Silverman's rule 0.9 min(sd, IQR/1.34)
// n^(-1/5)).
type ScoreSpec struct {
	Method    ScoreMethod
	Bandwidth float64
}

// DissipationRate estimates dF/dt = -(1/gamma) <|grad U + T grad ln p|^2>_p
// on an ensemble of n points x (row-major, d coordinates each) with the
// gradients grad U at the points in grad (same layout), by the sample mean of
// the per-point terms e_i = |grad U(x_i) + T s(x_i)|^2 with s the estimated
// score. Its standard error is sd(e_i)/sqrt(n)/gamma.
//
// With ScoreGaussian, s(x) = -C^-1 (x - xbar) (C the sample covariance):
// consistent for Gaussian ensembles, with an O(1/n) relative bias from the
// estimated moments; for other ensembles it replaces the score by its best
// linear approximation, a bias of unknown sign (the Gaussian entropy's
// Mardia warning flags such ensembles).
//
// With ScoreKernel (d = 1), s(x_i) = p'_h(x_i)/p_h(x_i) with p_h the
// leave-one-out Gaussian kernel density estimate of bandwidth h. Its mean is
// close to the score of the smoothed density p * N(0, h^2), so it shrinks the
// score by O(h^2) (for a Gaussian p of variance v, to -(x - m)/(v + h^2): 3%
// at Silverman's bandwidth for n = 4000); its variance adds an O(1/(n h^3))
// positive bias to T^2 <s^2>. The rate, a mean square of the difference
// grad U + T s, can be biased far more than the score: for N(1.2, 0.2) in
// U = (x - 0.5)^2/2 at T = 1, gamma = 2 and h = 0.15 (h^2/v = 0.11) the test
// measures -1.43 +- 0.03 against the exact -1.85 (the smoothed-score value is
// -1.47). Prefer ScoreGaussian for near-Gaussian ensembles.
// The standard error ignores the dependence the kernel introduces between
// terms and is approximate. The kernel sum is cut at 8 h (relative weight
// e^-32) on sorted data.
//
// Errors report malformed input, T < 0 and gamma <= 0, a singular covariance
// and ScoreKernel with d > 1.
func DissipationRate(x []float64, d int, grad []float64, T, gamma float64, score ScoreSpec) (estimate.Result, error) {
	n, err := checkEnsemble(x, d, d+2)
	if err != nil {
		return estimate.Result{}, err
	}
	if len(grad) != len(x) {
		return estimate.Result{}, fmt.Errorf("freeenergy: %d gradient components for %d coordinates", len(grad), len(x))
	}
	if !(T >= 0) || !(gamma > 0) || math.IsInf(T, 0) || math.IsInf(gamma, 0) {
		return estimate.Result{}, fmt.Errorf("freeenergy: dissipation rate at T = %v, gamma = %v: want T >= 0 and gamma > 0", T, gamma)
	}
	e := make([]float64, n)
	switch score.Method {
	case ScoreGaussian:
		if err := gaussianScoreTerms(e, x, d, grad, T); err != nil {
			return estimate.Result{}, err
		}
	case ScoreKernel:
		if d != 1 {
			return estimate.Result{}, fmt.Errorf("freeenergy: kernel score in %d dimensions: only 1-D is supported (use the gaussian score)", d)
		}
		if err := kernelScoreTerms(e, x, grad, T, score.Bandwidth); err != nil {
			return estimate.Result{}, err
		}
	default:
		return estimate.Result{}, fmt.Errorf("freeenergy: unknown score method %q (want gaussian or kernel)", score.Method)
	}
	var m estimate.Moments
	m.AddAll(e)
	return estimate.NewResult(-m.Mean/gamma, math.Sqrt(m.Var()/float64(n))/gamma, n), nil
}

// gaussianScoreTerms sets e_i = |g_i - T C^-1 (x_i - xbar)|^2.
func gaussianScoreTerms(e, x []float64, d int, grad []float64, T float64) error {
	n := len(e)
	mean := make([]float64, d)
	for j := 0; j < n; j++ {
		for a := 0; a < d; a++ {
			mean[a] += x[j*d+a]
		}
	}
	for a := range mean {
		mean[a] /= float64(n)
	}
	c := make([]float64, d*d)
	for j := 0; j < n; j++ {
		for a := 0; a < d; a++ {
			da := x[j*d+a] - mean[a]
			for b := 0; b <= a; b++ {
				c[a*d+b] += da * (x[j*d+b] - mean[b])
			}
		}
	}
	for i := range c {
		c[i] /= float64(n - 1)
	}
	if _, ok := ensembleCholesky(c, d); !ok {
		return fmt.Errorf("freeenergy: the sample covariance of %d points in %d dimensions is singular", n, d)
	}
	z := make([]float64, d)
	for j := 0; j < n; j++ {
		for a := 0; a < d; a++ {
			z[a] = x[j*d+a] - mean[a]
		}
		// z <- L^-1 z, then z <- L^-T z, so z = C^-1 (x - xbar)
		ensembleCholSolve(c, d, z)
		for a := d - 1; a >= 0; a-- {
			s := z[a]
			for b := a + 1; b < d; b++ {
				s -= c[b*d+a] * z[b]
			}
			z[a] = s / c[a*d+a]
		}
		s := 0.0
		for a := 0; a < d; a++ {
			v := grad[j*d+a] - T*z[a]
			s += v * v
		}
		e[j] = s
	}
	return nil
}

// kernelScoreTerms sets e_i = (g_i + T s_i)^2 with s_i the leave-one-out
// Gaussian-kernel score at x_i (1-D).
func kernelScoreTerms(e, x, grad []float64, T, h float64) error {
	n := len(x)
	ord := make([]int, n)
	for i := range ord {
		ord[i] = i
	}
	slices.SortFunc(ord, func(i, j int) int { return cmp.Compare(x[i], x[j]) })
	xs := make([]float64, n)
	for p, i := range ord {
		xs[p] = x[i]
	}
	if h == 0 {
		var m estimate.Moments
		m.AddAll(xs)
		sd := math.Sqrt(m.Var())
		iqr := ensembleQuantile(xs, 0.75) - ensembleQuantile(xs, 0.25)
		a := sd
		if iqr > 0 {
			a = math.Min(sd, iqr/1.34)
		}
		h = 0.9 * a * math.Pow(float64(n), -0.2)
	}
	if !(h > 0) || math.IsInf(h, 0) {
		return fmt.Errorf("freeenergy: kernel bandwidth %v, want h > 0 (are all points equal?)", h)
	}
	cut := 8 * h
	for p := 0; p < n; p++ {
		xi := xs[p]
		var s0, s1 float64 // sum K(u), sum u K(u), u = (x_i - x_j)/h
		for q := p - 1; q >= 0 && xi-xs[q] < cut; q-- {
			u := (xi - xs[q]) / h
			w := math.Exp(-0.5 * u * u)
			s0 += w
			s1 += u * w
		}
		for q := p + 1; q < n && xs[q]-xi < cut; q++ {
			u := (xi - xs[q]) / h
			w := math.Exp(-0.5 * u * u)
			s0 += w
			s1 += u * w
		}
		if s0 == 0 {
			return fmt.Errorf("freeenergy: kernel score: point %d (x = %v) has no neighbour within %v (bandwidth %v too small)", ord[p], xi, cut, h)
		}
		// p_h'(x)/p_h(x) = -(1/h) sum u K(u) / sum K(u)
		v := grad[ord[p]] - T*s1/(h*s0)
		e[ord[p]] = v * v
	}
	return nil
}

// ensembleQuantile returns the linearly interpolated q-quantile of sorted xs.
func ensembleQuantile(xs []float64, q float64) float64 {
	f := q * float64(len(xs)-1)
	i := int(f)
	if i >= len(xs)-1 {
		return xs[len(xs)-1]
	}
	return xs[i] + (f-float64(i))*(xs[i+1]-xs[i])
}
