package learning

import (
	"math"

	"github.com/thermosim/thermosim/estimate"
)

// IntegratedTime returns Sokal's estimate of the integrated autocorrelation
// time of a stationary series,
//
//	tau_int = 1/2 + sum_{t=1}^{W} rho(t),
//
// with rho the sample autocorrelation and the automatic window W, the
// smallest W with W >= c tau_int(W), c = 5 (Sokal 1997, section 3). The
// variance of the sample mean is then 2 tau_int Var / n. It also returns W.
// A constant series has tau_int = 1/2 by convention.
func IntegratedTime(xs []float64) (tau float64, window int) {
	n := len(xs)
	if n < 2 {
		return 0.5, 0
	}
	mean := 0.0
	for _, x := range xs {
		mean += x
	}
	mean /= float64(n)
	c0 := 0.0
	for _, x := range xs {
		c0 += (x - mean) * (x - mean)
	}
	c0 /= float64(n)
	if c0 == 0 {
		return 0.5, 0
	}
	tau = 0.5
	const c = 5
	for w := 1; w < n; w++ {
		s := 0.0
		for i := 0; i+w < n; i++ {
			s += (xs[i] - mean) * (xs[i+w] - mean)
		}
		tau += s / float64(n) / c0
		if float64(w) >= c*tau {
			return math.Max(tau, 0.5), w
		}
	}
	return math.Max(tau, 0.5), n - 1
}

// MeanSeries returns the mean of a stationary, autocorrelated time series
// with the standard error sqrt(2 tau_int Var / n). It warns when the series
// is shorter than 50 tau_int (Sokal's rule of thumb for a reliable tau).
func MeanSeries(xs []float64) estimate.Result {
	return MeanChains([][]float64{xs})
}

// MeanChains returns the mean of several independent chains of the same
// stationary process, pooled by sample count, with the standard error
// sqrt(sum_c n_c^2 s_c^2) / sum_c n_c, where s_c^2 = 2 tau_c Var_c / n_c is
// chain c's own squared standard error.
func MeanChains(chains [][]float64) estimate.Result {
	total, sum, v := 0, 0.0, 0.0
	short := 0
	for _, xs := range chains {
		if len(xs) == 0 {
			continue
		}
		var m estimate.Moments
		m.AddAll(xs)
		tau, _ := IntegratedTime(xs)
		n := float64(m.N)
		sum += m.Mean * n
		if m.N > 1 {
			v += n * n * 2 * tau * m.Var() / n
		} else {
			v = math.NaN()
		}
		if n < 50*tau {
			short++
		}
		total += m.N
	}
	if total == 0 {
		r := estimate.Exact(math.NaN(), 0)
		r.Warn("no samples")
		return r
	}
	r := estimate.NewResult(sum/float64(total), math.Sqrt(v)/float64(total), total)
	if short > 0 {
		r.Warn("%d of %d chains are shorter than 50 integrated autocorrelation times: the standard error is unreliable", short, len(chains))
	}
	return r
}
