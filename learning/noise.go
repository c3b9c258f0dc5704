package learning

import "fmt"

// GradientNoise sets dst (d x d, row-major) to the per-example gradient
// covariance Sigma = (1/N) sum_n (g_n - g)(g_n - g)^T, with grads holding the
// N per-example gradients g_n (N x d, row-major) and g their mean. It
// returns the mean gradient g (near zero at a minimum without regulariser).
func GradientNoise(dst, grads []float64, d int) ([]float64, error) {
	if d < 1 || len(grads)%d != 0 || len(grads) == 0 {
		return nil, fmt.Errorf("learning: %d gradient numbers are not N x %d", len(grads), d)
	}
	if len(dst) < d*d {
		return nil, fmt.Errorf("learning: destination has %d entries, need %d", len(dst), d*d)
	}
	n := len(grads) / d
	mean := make([]float64, d)
	for k := 0; k < n; k++ {
		for i := 0; i < d; i++ {
			mean[i] += grads[k*d+i] / float64(n)
		}
	}
	dst = dst[:d*d]
	clear(dst)
	for k := 0; k < n; k++ {
		g := grads[k*d : (k+1)*d]
		for a := 0; a < d; a++ {
			da := g[a] - mean[a]
			for b := 0; b < d; b++ {
				dst[a*d+b] += da * (g[b] - mean[b])
			}
		}
	}
	for i := range dst {
		dst[i] /= float64(n)
	}
	return mean, nil
}

// FinitePopulation returns the factor (N - B)/(N - 1) by which sampling a
// batch of B of N examples without replacement shrinks the covariance of the
// batch mean relative to sampling with replacement (Cochran 1977).
func FinitePopulation(n, b int) float64 { return float64(n-b) / float64(n-1) }

// BatchNoise sets dst to the covariance of the minibatch mean gradient,
// Sigma_B = Sigma/B with replacement and Sigma/B (N - B)/(N - 1) without,
// from the per-example covariance sigma (d x d) of N examples.
func BatchNoise(dst, sigma []float64, n, b int, withReplacement bool) error {
	if b < 1 || n < 2 || (!withReplacement && b > n) {
		return fmt.Errorf("learning: cannot draw batches of %d from %d examples %s", b, n, map[bool]string{true: "with replacement", false: "without replacement"}[withReplacement])
	}
	f := 1 / float64(b)
	if !withReplacement {
		f *= FinitePopulation(n, b)
	}
	for i, s := range sigma {
		dst[i] = f * s
	}
	return nil
}
