package estimate

import (
	"math"
	"slices"

	"github.com/thermosim/thermosim/internal/rng"
)

// Resample fills dst with len(dst) draws with replacement from xs (a
// nonparametric bootstrap resample when len(dst) == len(xs)). It panics if xs
// is empty.
func Resample(dst, xs []float64, src *rng.Source) {
	n := len(xs)
	for i := range dst {
		dst[i] = xs[src.IntN(n)]
	}
}

// Bootstrap fills reps with len(reps) bootstrap replicates of the statistic
// stat on xs: reps[b] = stat(x*_b) where x*_b is a resample of xs of the same
// size (Efron & Tibshirani 1993, ch. 6). The resamples are drawn in order
// from src, so the replicates are reproducible. stat must not retain its
// argument (a scratch slice reused between replicates).
func Bootstrap(reps []float64, src *rng.Source, xs []float64, stat func(x []float64) float64) {
	if len(xs) == 0 {
		panic("estimate: Bootstrap of an empty sample")
	}
	buf := make([]float64, len(xs))
	for b := range reps {
		Resample(buf, xs, src)
		reps[b] = stat(buf)
	}
}

// BootstrapPair fills reps with bootstrap replicates of a two-sample
// statistic stat(a*, b*). With paired false, a and b are resampled
// independently (two independent samples, e.g. forward and reverse work from
// separate runs). With paired true, the same indices are drawn for both, so
// that pairs (a[i], b[i]) stay together (forward and reverse work measured in
// one run, cycle by cycle); paired requires len(a) == len(b). stat must not
// retain its arguments.
func BootstrapPair(reps []float64, src *rng.Source, a, b []float64, paired bool, stat func(a, b []float64) float64) {
	if len(a) == 0 || len(b) == 0 {
		panic("estimate: BootstrapPair of an empty sample")
	}
	if paired && len(a) != len(b) {
		panic("estimate: paired bootstrap of samples of different lengths")
	}
	ba := make([]float64, len(a))
	bb := make([]float64, len(b))
	for r := range reps {
		if paired {
			n := len(a)
			for i := range ba {
				j := src.IntN(n)
				ba[i], bb[i] = a[j], b[j]
			}
		} else {
			Resample(ba, a, src)
			Resample(bb, b, src)
		}
		reps[r] = stat(ba, bb)
	}
}

// FromReplicates returns a Result for the estimate value (computed on the
// full sample of size n) with the bootstrap standard error (the standard
// deviation of the replicates, divisor B-1) and the 95% percentile interval
// [q_0.025, q_0.975] of the replicates (Efron & Tibshirani 1993, ch. 13;
// quantiles interpolated linearly between order statistics). Non-finite
// replicates (a statistic that failed on a resample) are left out and
// reported in Warnings; with fewer than two finite replicates StdErr and
// CI95 are NaN. reps is sorted in place.
func FromReplicates(value float64, reps []float64, n int) Result {
	finite := reps[:0]
	for _, v := range reps {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			finite = append(finite, v)
		}
	}
	bad := len(reps) - len(finite)
	if len(finite) < 2 {
		r := Exact(value, n)
		r.Warn("bootstrap: %d of %d replicates failed; no error bar", bad, len(reps))
		return r
	}
	var m Moments
	m.AddAll(finite)
	slices.Sort(finite)
	r := Result{
		Value:  value,
		StdErr: math.Sqrt(m.Var()),
		CI95:   [2]float64{Quantile(finite, 0.025), Quantile(finite, 0.975)},
		N:      n,
	}
	if bad > 0 {
		r.Warn("bootstrap: %d of %d replicates failed and were left out", bad, len(reps))
	}
	return r
}

// Quantile returns the p-quantile of the sorted sample xs, interpolating
// linearly between order statistics (Hyndman & Fan 1996, definition 7, the
// default of R and numpy). It panics if xs is empty or p is outside [0, 1].
func Quantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 || !(p >= 0 && p <= 1) {
		panic("estimate: Quantile of an empty sample or p outside [0, 1]")
	}
	h := p * float64(len(sorted)-1)
	i := int(h)
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}
