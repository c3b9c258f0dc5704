package fluctuation

import (
	"math"
	"slices"
)

// hillTail returns Hill's estimate of the tail index alpha of the weights
// exp(a) from the m largest (P(w > y) ~ y^-alpha), with its standard error
// alpha / sqrt(m), using m = min(N/5, 3 sqrt(N)) as in Vehtari et al. (2024).
func hillTail(a []float64) (alpha, se float64, m int) {
	n := len(a)
	m = int(math.Min(float64(n)/5, 3*math.Sqrt(float64(n))))
	if m < 10 {
		return math.NaN(), math.NaN(), m
	}
	s := slices.Clone(a)
	slices.Sort(s)
	top := s[n-m:]
	thr := s[n-m-1]
	sum := 0.0
	for _, v := range top {
		sum += v - thr // ln(w / w_threshold)
	}
	if sum <= 0 {
		return math.Inf(1), math.NaN(), m
	}
	alpha = float64(m) / sum
	return alpha, alpha / math.Sqrt(float64(m)), m
}
