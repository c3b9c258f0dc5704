package report

import (
	"math"

	"github.com/montanaflynn/stats"
)

// Summary describes a sample by its order statistics, mean and standard
// deviation (see Describe).
type Summary struct {
	N       int     // finite values described
	Dropped int     // NaN and infinite values left out
	Mean    float64 // arithmetic mean
	Std     float64 // standard deviation with the n-1 divisor (NaN for N < 2)
	Min     float64
	P05     float64 // 5% quantile
	P25     float64 // lower quartile
	Median  float64
	P75     float64 // upper quartile
	P95     float64 // 95% quantile
	Max     float64
}

// Describe summarizes the finite values of x; NaN and infinite values are
// counted in Dropped and otherwise ignored. Quantiles interpolate linearly
// between order statistics (Hyndman & Fan 1996, definition 7, as R and
// numpy). With no finite value every field but Dropped is NaN (N is 0).
// x is not modified.
func Describe(x []float64) Summary {
	finite := make(stats.Float64Data, 0, len(x))
	for _, v := range x {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			finite = append(finite, v)
		}
	}
	nan := math.NaN()
	s := Summary{N: len(finite), Dropped: len(x) - len(finite),
		Mean: nan, Std: nan, Min: nan, P05: nan, P25: nan, Median: nan, P75: nan, P95: nan, Max: nan}
	if s.N == 0 {
		return s
	}
	// The stats functions fail only on empty input or percentages outside
	// (0, 100], both excluded here.
	s.Mean, _ = stats.Mean(finite)
	if s.N > 1 {
		s.Std, _ = stats.StandardDeviationSample(finite)
	}
	s.Min, _ = stats.Min(finite)
	s.Max, _ = stats.Max(finite)
	s.P05, _ = stats.Percentile(finite, 5)
	s.P25, _ = stats.Percentile(finite, 25)
	s.Median, _ = stats.Percentile(finite, 50)
	s.P75, _ = stats.Percentile(finite, 75)
	s.P95, _ = stats.Percentile(finite, 95)
	return s
}
