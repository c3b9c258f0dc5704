package fluctuation

import "math"

// GaussianKL returns the relative entropy (Kullback–Leibler divergence)
// D(p0 || p1) = integral p0 ln(p0 / p1) of two products of independent
// Gaussians, p0 = prod_i N(m0[i], v0[i]) and p1 = prod_i N(m1[i], v1[i]):
//
//	D = sum_i 1/2 [ v0_i / v1_i + (m0_i - m1_i)^2 / v1_i - 1 - ln(v0_i / v1_i) ].
//
// It panics if the slices differ in length or a variance is not positive.
func GaussianKL(m0, v0, m1, v1 []float64) float64 {
	d := len(m0)
	if len(v0) != d || len(m1) != d || len(v1) != d {
		panic("fluctuation: GaussianKL slices of different lengths")
	}
	s := 0.0
	for i := range d {
		if !(v0[i] > 0) || !(v1[i] > 0) {
			panic("fluctuation: GaussianKL with a non-positive variance")
		}
		r := v0[i] / v1[i]
		dm := m0[i] - m1[i]
		s += 0.5 * (r + dm*dm/v1[i] - 1 - math.Log(r))
	}
	return s
}
