package invariants

import (
	"math"

	"github.com/thermosim/thermosim/estimate"
)

// Monitor records a scalar quantity Q(t) along a run. The zero value (with
// Scale 0: purely relative violations) is ready to use.
type Monitor struct {
	Name string
	// Scale is the floor of the normalisation: eps = |Q - Q0| / max(|Q0|, Scale).
	Scale float64
	T, Q  []float64
	// StdErr holds the standard errors of ensemble-mean records
	// (RecordResult); nil for single-trajectory monitors.
	StdErr []float64
}

// NewMonitor returns a monitor named name with normalisation floor scale.
func NewMonitor(name string, scale float64) *Monitor { return &Monitor{Name: name, Scale: scale} }

// Record appends Q(t) = q.
func (m *Monitor) Record(t, q float64) {
	m.T = append(m.T, t)
	m.Q = append(m.Q, q)
	if m.StdErr != nil {
		m.StdErr = append(m.StdErr, math.NaN())
	}
}

// RecordResult appends an ensemble estimate of Q(t) with its standard error.
func (m *Monitor) RecordResult(t float64, r estimate.Result) {
	if m.StdErr == nil {
		m.StdErr = make([]float64, len(m.Q), len(m.Q)+1)
		for i := range m.StdErr {
			m.StdErr[i] = math.NaN()
		}
	}
	m.T = append(m.T, t)
	m.Q = append(m.Q, r.Value)
	m.StdErr = append(m.StdErr, r.StdErr)
}

// Len returns the number of records.
func (m *Monitor) Len() int { return len(m.Q) }

// Q0 returns the first recorded value (NaN if none).
func (m *Monitor) Q0() float64 {
	if len(m.Q) == 0 {
		return math.NaN()
	}
	return m.Q[0]
}

// Norm returns max(|Q0|, Scale), the denominator of eps.
func (m *Monitor) Norm() float64 { return math.Max(math.Abs(m.Q0()), m.Scale) }

// Eps returns eps(t_i) = |Q(t_i) - Q0| / max(|Q0|, Scale).
func (m *Monitor) Eps(i int) float64 { return math.Abs(m.Q[i]-m.Q0()) / m.Norm() }

// Violation sets dst[i] = eps(t_i) for every record (dst grows as needed)
// and returns it.
func (m *Monitor) Violation(dst []float64) []float64 {
	dst = dst[:0]
	for i := range m.Q {
		dst = append(dst, m.Eps(i))
	}
	return dst
}

// MaxViolation returns max_i eps(t_i) (0 for fewer than two records).
func (m *Monitor) MaxViolation() float64 {
	e := 0.0
	for i := range m.Q {
		e = math.Max(e, m.Eps(i))
	}
	return e
}

// FinalViolation returns eps at the last record.
func (m *Monitor) FinalViolation() float64 {
	if len(m.Q) == 0 {
		return math.NaN()
	}
	return m.Eps(len(m.Q) - 1)
}

// Drift returns the least-squares slope dQ/dt of the records divided by
// max(|Q0|, Scale): a secular drift rate, as opposed to bounded oscillations.
func (m *Monitor) Drift() float64 {
	n := float64(len(m.Q))
	if n < 2 {
		return math.NaN()
	}
	var st, sq float64
	for i := range m.Q {
		st += m.T[i]
		sq += m.Q[i]
	}
	st, sq = st/n, sq/n
	var sxy, sxx float64
	for i := range m.Q {
		dt := m.T[i] - st
		sxy += dt * (m.Q[i] - sq)
		sxx += dt * dt
	}
	return sxy / sxx / m.Norm()
}

// MatrixMonitor records a matrix-valued Q(t) (row-major, any fixed size) and
// measures eps(t) = ||Q(t) - Q0||_F / max(||Q0||_F, Scale).
type MatrixMonitor struct {
	Name  string
	Scale float64
	T     []float64
	Q     [][]float64
}

// Record appends a copy of q as Q(t).
func (m *MatrixMonitor) Record(t float64, q []float64) {
	m.T = append(m.T, t)
	m.Q = append(m.Q, append([]float64(nil), q...))
}

func frob(a []float64) float64 {
	s := 0.0
	for _, v := range a {
		s += v * v
	}
	return math.Sqrt(s)
}

// Norm returns max(||Q0||_F, Scale).
func (m *MatrixMonitor) Norm() float64 { return math.Max(frob(m.Q[0]), m.Scale) }

// Deviation returns ||Q(t_i) - Q0||_F.
func (m *MatrixMonitor) Deviation(i int) float64 {
	s := 0.0
	for k, v := range m.Q[i] {
		d := v - m.Q[0][k]
		s += d * d
	}
	return math.Sqrt(s)
}

// Eps returns eps(t_i).
func (m *MatrixMonitor) Eps(i int) float64 { return m.Deviation(i) / m.Norm() }

// MaxViolation returns max_i eps(t_i).
func (m *MatrixMonitor) MaxViolation() float64 {
	e := 0.0
	for i := range m.Q {
		e = math.Max(e, m.Eps(i))
	}
	return e
}

// Balance records an energy E(t) and a dissipated power D(t) >= 0 and
// measures the residual of the balance law
//
//	R(t) = E(t) - E0 + int_0^t D(s) ds   (trapezoid rule over the records).
type Balance struct {
	T, E, D []float64
	// Dissipated[i] is int_0^{t_i} D ds.
	Dissipated []float64
}

// Record appends E(t) = e and D(t) = d.
func (b *Balance) Record(t, e, d float64) {
	acc := 0.0
	if n := len(b.T); n > 0 {
		acc = b.Dissipated[n-1] + 0.5*(t-b.T[n-1])*(d+b.D[n-1])
	}
	b.T = append(b.T, t)
	b.E = append(b.E, e)
	b.D = append(b.D, d)
	b.Dissipated = append(b.Dissipated, acc)
}

// Residual returns R(t_i).
func (b *Balance) Residual(i int) float64 { return b.E[i] - b.E[0] + b.Dissipated[i] }

// MaxRelativeResidual returns max_i |R(t_i)| / max(int_0^T D ds, scale): the
// residual relative to the energy dissipated over the whole run (the natural
// scale of a dissipative run), floored by scale.
func (b *Balance) MaxRelativeResidual(scale float64) float64 {
	n := len(b.T)
	if n == 0 {
		return math.NaN()
	}
	norm := math.Max(math.Abs(b.Dissipated[n-1]), scale)
	r := 0.0
	for i := range b.T {
		r = math.Max(r, math.Abs(b.Residual(i)))
	}
	return r / norm
}
