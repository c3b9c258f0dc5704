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
	// The m largest values and the threshold, the (m+1)-th largest: a
	// selection is O(n) where a sort of all samples is O(n log n).
	s := slices.Clone(a)
	selectKth(s, n-m-1)
	thr := s[n-m-1]
	top := s[n-m:]
	slices.Sort(top) // a fixed summation order
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

// selectKth reorders s so that s[k] is the value a sort would put there,
// with s[:k] <= s[k] <= s[k+1:] (Hoare's selection with a median-of-three
// pivot; deterministic).
func selectKth(s []float64, k int) {
	lo, hi := 0, len(s)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if s[mid] < s[lo] {
			s[mid], s[lo] = s[lo], s[mid]
		}
		if s[hi] < s[lo] {
			s[hi], s[lo] = s[lo], s[hi]
		}
		if s[hi] < s[mid] {
			s[hi], s[mid] = s[mid], s[hi]
		}
		p := s[mid]
		i, j := lo, hi
		for i <= j {
			for s[i] < p {
				i++
			}
			for s[j] > p {
				j--
			}
			if i <= j {
				s[i], s[j] = s[j], s[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}
