package fluctuation

import (
	"math"

	"github.com/thermosim/thermosim/estimate"
)

// Thresholds of the warnings attached by IFT and Jarzynski (see the package
// documentation).
const (
	// MinESS is the smallest Kish effective sample size accepted without a
	// warning.
	MinESS = 100
	// MinESSFraction is the smallest ESS / N accepted without a warning.
	MinESSFraction = 0.01
	// MaxWeightShare is the largest share of the sum of the weights that one
	// sample may carry without a warning.
	MaxWeightShare = 0.1
	// MaxVOV is the largest relative variance of the sample variance of the
	// weights accepted without a warning (the MCNP criterion).
	MaxVOV = 0.1
	// MinTailIndex: a Hill tail index of the weights significantly below it
	// (TailIndex + 2 TailIndexSE < MinTailIndex) draws a warning; the
	// variance of the weights is infinite for a tail index below 2.
	MinTailIndex = 2
)

// Weights summarises the importance weights w_j = exp(a_j) of a log-space
// average <exp(a)>.
type Weights struct {
	N int
	// ESS is Kish's effective sample size (sum w)^2 / sum w^2.
	ESS float64
	// MaxShare is max_j w_j / sum w.
	MaxShare float64
	// VOV is the relative variance of the variance,
	// sum (w - wbar)^4 / (sum (w - wbar)^2)^2 - 1/N (NaN if all w are equal).
	VOV float64
	// TailIndex is Hill's estimate of alpha in P(w > y) ~ y^-alpha from the
	// TailCount largest weights, TailCount = min(N/5, 3 sqrt(N)) (the tail
	// size of Vehtari et al. 2024), with its standard error
	// TailIndex / sqrt(TailCount); NaN for fewer than 10 tail samples. Var(w)
	// is infinite for alpha < 2.
	TailIndex, TailIndexSE float64
	TailCount              int
}

// WeightDiagnostics returns the diagnostics of the weights exp(a_j). The a_j
// must be finite or -Inf (weight 0), and at least one must be finite.
func WeightDiagnostics(a []float64) Weights {
	n := len(a)
	d := Weights{N: n, ESS: math.NaN(), MaxShare: math.NaN(), VOV: math.NaN()}
	if n == 0 {
		return d
	}
	amax := math.Inf(-1)
	for _, v := range a {
		amax = math.Max(amax, v)
	}
	if math.IsInf(amax, 0) || math.IsNaN(amax) {
		return d
	}
	var s, s2 float64
	for _, v := range a {
		w := math.Exp(v - amax)
		s += w
		s2 += w * w
	}
	d.ESS = s * s / s2
	d.MaxShare = 1 / s
	mean := s / float64(n)
	var m2, m4 float64
	for _, v := range a {
		e := math.Exp(v-amax) - mean
		e2 := e * e
		m2 += e2
		m4 += e2 * e2
	}
	if m2 > 0 {
		d.VOV = m4/(m2*m2) - 1/float64(n)
	}
	d.TailIndex, d.TailIndexSE, d.TailCount = hillTail(a)
	return d
}

// warn appends the warnings that d calls for to r; what names the weights.
func (d Weights) warn(r *estimate.Result, what string) {
	if d.N == 0 || math.IsNaN(d.ESS) {
		return
	}
	if d.ESS < MinESS || d.ESS < MinESSFraction*float64(d.N) {
		r.Warn("tiny effective sample size: ESS = %.3g of N = %d for the weights %s (want ESS >= %d and ESS/N >= %g); the estimate is dominated by a few trajectories and is likely biased", d.ESS, d.N, what, MinESS, MinESSFraction)
	}
	if d.MaxShare > MaxWeightShare {
		r.Warn("one trajectory carries %.3g%% of the sum of the weights %s (limit %g%%): the variance of the weights is effectively infinite at this N", 100*d.MaxShare, what, 100*MaxWeightShare)
	}
	if d.TailIndex+2*d.TailIndexSE < MinTailIndex {
		r.Warn("the weights %s have a power-law tail with Hill index alpha = %.3g +- %.2g (from the %d largest) < %d: their variance is effectively infinite, so the standard error is unreliable and the estimate converges slowly (typically from below)", what, d.TailIndex, d.TailIndexSE, d.TailCount, MinTailIndex)
	}
	if d.VOV > MaxVOV {
		r.Warn("the variance of the weights %s is huge or effectively infinite: relative variance of the variance VOV = %.3g > %g, so the standard error is unreliable (usually too small); run more trajectories or reduce the spread of the samples", what, d.VOV, MaxVOV)
	}
}

// IFT returns the integral-fluctuation-theorem average <exp(-s)> of the
// entropy productions s, with the standard error sqrt(Var(exp(-s)) / N),
// computed relative to the largest weight so that it neither overflows nor
// underflows unless the answer does. It should be 1 (Seifert 2005). Warnings
// report a tiny effective sample size, a dominant weight and a huge variance
// of exp(-s) (see the package documentation for the thresholds); a NaN
// sample gives a NaN value with a warning.
func IFT(s []float64) estimate.Result {
	return logMeanExpResult(s, -1, "exp(-s)")
}

// logMeanExpResult returns <exp(sign*x)> with its standard error and warnings.
func logMeanExpResult(x []float64, sign float64, what string) estimate.Result {
	n := len(x)
	if n == 0 {
		r := estimate.Exact(math.NaN(), 0)
		r.Warn("no samples")
		return r
	}
	var l estimate.LogMeanExp
	a := make([]float64, n)
	for j, v := range x {
		if math.IsNaN(v) {
			r := estimate.Exact(math.NaN(), n)
			r.Warn("sample %d is NaN", j)
			return r
		}
		a[j] = sign * v
		l.Add(a[j])
	}
	if math.IsInf(l.Max, 1) {
		r := estimate.Exact(math.Inf(1), n)
		r.Warn("a sample gives an infinite weight %s", what)
		return r
	}
	if math.IsInf(l.Max, -1) {
		return estimate.Exact(0, n)
	}
	var r estimate.Result
	if n < 2 {
		r = estimate.Exact(math.Exp(l.Log()), n)
		r.Warn("one sample: no standard error")
		return r
	}
	r = l.MeanExp()
	WeightDiagnostics(a).warn(&r, what)
	return r
}

// LogIFT returns ln <exp(-s)> with its delta-method standard error
// sqrt(Var(exp(-s)) / N) / <exp(-s)>, for when <exp(-s)> itself would
// overflow or underflow. It carries the same warnings as IFT.
func LogIFT(s []float64) estimate.Result {
	n := len(s)
	r := IFT(s)
	if n < 2 || math.IsNaN(r.Value) {
		return r
	}
	var l estimate.LogMeanExp
	for _, v := range s {
		l.Add(-v)
	}
	out := estimate.NewResult(l.Log(), l.LogStdErr(), n)
	out.Warnings = r.Warnings
	return out
}

// NegativeFraction returns the fraction of samples with s < 0 (the
// trajectories that "violate the second law") with the binomial standard
// error sqrt(p (1 - p) / N).
func NegativeFraction(s []float64) estimate.Result {
	n := len(s)
	if n == 0 {
		return estimate.Exact(math.NaN(), 0)
	}
	c := 0
	for _, v := range s {
		if v < 0 {
			c++
		}
	}
	p := float64(c) / float64(n)
	return estimate.NewResult(p, math.Sqrt(p*(1-p)/float64(n)), n)
}

// RunningIFT returns the IFT estimate <exp(-s)> over the first n samples for
// about points values of n spaced geometrically from 1 to len(s) (the last is
// always len(s)), in one pass: the convergence plot of the running estimate
// against the number of trajectories. Each Result carries its N and the
// standard error sqrt(Var(exp(-s)) / n) (NaN for n = 1); no warnings.
func RunningIFT(s []float64, points int) []estimate.Result {
	n := len(s)
	if n == 0 || points < 1 {
		return nil
	}
	out := make([]estimate.Result, 0, points+1)
	var l estimate.LogMeanExp
	next := 1.0
	ratio := math.Pow(float64(n), 1/math.Max(float64(points-1), 1))
	for j, v := range s {
		l.Add(-v)
		m := j + 1
		if float64(m) >= next || m == n {
			if m == 1 {
				out = append(out, estimate.Exact(math.Exp(l.Log()), 1))
			} else {
				out = append(out, l.MeanExp())
			}
			for next <= float64(m) {
				next = math.Max(next*ratio, next+1)
			}
		}
	}
	return out
}
