package estimate

import "math"

// Moments accumulates count, mean and the sum of squared deviations (M2) of a
// stream of samples (Welford's update; merge by Chan et al.). The zero value
// is empty and ready to use.
type Moments struct {
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
	M2   float64 `json:"m2"`
}

// Add adds one sample.
func (m *Moments) Add(x float64) {
	m.N++
	d := x - m.Mean
	m.Mean += d / float64(m.N)
	m.M2 += d * (x - m.Mean)
}

// AddAll adds every sample of xs in order.
func (m *Moments) AddAll(xs []float64) {
	for _, x := range xs {
		m.Add(x)
	}
}

// Merge adds the samples summarised by o, as if they followed m's.
func (m *Moments) Merge(o Moments) {
	if o.N == 0 {
		return
	}
	if m.N == 0 {
		*m = o
		return
	}
	n := m.N + o.N
	d := o.Mean - m.Mean
	m.Mean += d * float64(o.N) / float64(n)
	m.M2 += o.M2 + d*d*float64(m.N)*float64(o.N)/float64(n)
	m.N = n
}

// Var returns the unbiased sample variance (NaN for fewer than 2 samples).
func (m Moments) Var() float64 {
	if m.N < 2 {
		return math.NaN()
	}
	return m.M2 / float64(m.N-1)
}

// MeanResult returns the mean with standard error sqrt(Var/N).
func (m Moments) MeanResult() Result {
	return NewResult(m.Mean, math.Sqrt(m.Var()/float64(m.N)), m.N)
}

// VarResult returns the sample variance with the large-sample standard error
// sqrt(2/(N-1)) Var, exact for Gaussian samples. Use VarResultKurt when the
// fourth moment is known.
func (m Moments) VarResult() Result {
	v := m.Var()
	return NewResult(v, v*math.Sqrt(2/float64(m.N-1)), m.N)
}

// VarianceOf returns the unbiased variance of xs with a standard error from
// the sample fourth central moment: Var(s^2) ~ (mu4 - s^4 (N-3)/(N-1)) / N.
func VarianceOf(xs []float64) Result {
	var m Moments
	m.AddAll(xs)
	n := float64(m.N)
	v := m.Var()
	mu4 := 0.0
	for _, x := range xs {
		d := x - m.Mean
		d *= d
		mu4 += d * d
	}
	mu4 /= n
	se := math.Sqrt(math.Max(0, (mu4-v*v*(n-3)/(n-1))/n))
	return NewResult(v, se, m.N)
}
