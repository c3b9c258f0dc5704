package langevin

import (
	"fmt"
	"math"
)

// MetricField is a position-dependent Riemannian metric G(q) on R^d
// (symmetric positive definite) with its first derivatives. Its method set
// contains that of FisherMetric, so a Fisher metric with known derivatives
// can drive the Hamiltonian dynamics below.
type MetricField interface {
	// Dim returns d.
	Dim() int
	// Fisher sets dst (d x d, row-major) = G(q).
	Fisher(dst, q []float64)
	// FisherDeriv sets dst[k*d*d + i*d + j] = dG_ij / dq_k (d x d x d).
	FisherDeriv(dst, q []float64)
}

// ConstantMetric is a metric that does not depend on the position: G is the
// D x D matrix M (row-major). With M the identity it is the Euclidean metric.
type ConstantMetric struct {
	D int
	M []float64
}

// Identity returns the Euclidean metric of R^d.
func Identity(d int) *ConstantMetric {
	m := make([]float64, d*d)
	for i := 0; i < d; i++ {
		m[i*d+i] = 1
	}
	return &ConstantMetric{D: d, M: m}
}

func (c *ConstantMetric) Dim() int                     { return c.D }
func (c *ConstantMetric) Fisher(dst, _ []float64)      { copy(dst, c.M) }
func (c *ConstantMetric) FisherDeriv(dst, _ []float64) { clear(dst[:c.D*c.D*c.D]) }

// MetricHamiltonian is the conservative dynamics of the action
//
//	S[q] = int [ 1/2 q'^T G(q) q' - L(q; lambda) ] dt
//
// written in Hamiltonian form with p = G(q) q':
//
//	H(q, p) = 1/2 p^T G(q)^{-1} p + L(q; lambda),
//	dq/dt = G^{-1} p,
//	dp/dt = -grad L + 1/2 [ p^T G^{-1} (dG/dq_k) G^{-1} p ]_k - Gamma p.
//
// The middle term of dp/dt is the metric-derivative (Christoffel) term of the
// Euler–Lagrange equations; DropMetricDerivative removes it, which is the
// "forgotten Christoffel symbol" bug that the invariant monitors must catch.
// Gamma >= 0 adds friction -Gamma p, for which the energy balance is
// dH/dt = -Gamma p^T G^{-1} p = -Gamma q'^T G q' (Dissipation).
//
// Step is the generalised leapfrog (Störmer–Verlet for non-separable
// Hamiltonians; Leimkuhler & Reich 2004, §4.4; Girolami & Calderhead 2011,
// eq. 16), symmetric, symplectic and of order 2; the two implicit stages are
// solved by fixed-point iteration to Tol. Friction enters by the exact flow
// p -> exp(-Gamma dt/2) p before and after it (a conformally symplectic
// splitting). A MetricHamiltonian is an immutable configuration; all working
// memory lives in a HamiltonWork.
type MetricHamiltonian struct {
	Potential            Potential
	Metric               MetricField
	Gamma                float64
	DropMetricDerivative bool
	// Tol is the fixed-point tolerance (max-norm, relative to 1 + |x|);
	// 0 means 1e-14. MaxIter bounds the iterations; 0 means 100.
	Tol     float64
	MaxIter int
}

// HamiltonWork is the working memory of one MetricHamiltonian trajectory.
type HamiltonWork struct {
	d                          int
	g, l, dg                   []float64
	grad, v, v2, ph, qn, qo, t []float64
	e                          []float64
}

// NewWork returns working memory for h.
func (h *MetricHamiltonian) NewWork() *HamiltonWork {
	d := h.Metric.Dim()
	if h.Potential.Dim() != d {
		panic(fmt.Sprintf("langevin: potential of dimension %d with a metric of dimension %d", h.Potential.Dim(), d))
	}
	f := func(n int) []float64 { return make([]float64, n) }
	return &HamiltonWork{d: d, g: f(d * d), l: f(d * d), dg: f(d * d * d), grad: f(d), v: f(d), v2: f(d), ph: f(d), qn: f(d), qo: f(d), t: f(d), e: f(1)}
}

// cholesky sets l to the lower Cholesky factor of the d x d matrix a and
// reports whether a is positive definite.
func cholesky(l, a []float64, d int) bool {
	for j := 0; j < d; j++ {
		s := a[j*d+j]
		for k := 0; k < j; k++ {
			s -= l[j*d+k] * l[j*d+k]
		}
		if !(s > 0) {
			return false
		}
		ljj := math.Sqrt(s)
		l[j*d+j] = ljj
		for i := j + 1; i < d; i++ {
			s := a[i*d+j]
			for k := 0; k < j; k++ {
				s -= l[i*d+k] * l[j*d+k]
			}
			l[i*d+j] = s / ljj
		}
		for k := j + 1; k < d; k++ {
			l[j*d+k] = 0
		}
	}
	return true
}

// cholSolve sets x = (L L^T)^{-1} b; x and b may alias.
func cholSolve(x, l, b []float64, d int) {
	for i := 0; i < d; i++ {
		s := b[i]
		for k := 0; k < i; k++ {
			s -= l[i*d+k] * x[k]
		}
		x[i] = s / l[i*d+i]
	}
	for i := d - 1; i >= 0; i-- {
		s := x[i]
		for k := i + 1; k < d; k++ {
			s -= l[k*d+i] * x[k]
		}
		x[i] = s / l[i*d+i]
	}
}

// velocity sets w.v = G(q)^{-1} p (and leaves G(q) in w.g, its factor in w.l).
func (h *MetricHamiltonian) velocity(q, p []float64, w *HamiltonWork) error {
	h.Metric.Fisher(w.g, q)
	if !cholesky(w.l, w.g, w.d) {
		return fmt.Errorf("langevin: metric not positive definite at q = %v", q)
	}
	cholSolve(w.v, w.l, p, w.d)
	return nil
}

// Velocity sets dst = q' = G(q)^{-1} p.
func (h *MetricHamiltonian) Velocity(dst, q, p []float64, w *HamiltonWork) error {
	if err := h.velocity(q, p, w); err != nil {
		return err
	}
	copy(dst, w.v)
	return nil
}

// Momentum sets dst = p = G(q) v for a velocity v.
func (h *MetricHamiltonian) Momentum(dst, q, v []float64, w *HamiltonWork) {
	d := w.d
	h.Metric.Fisher(w.g, q)
	for i := 0; i < d; i++ {
		s := 0.0
		for j := 0; j < d; j++ {
			s += w.g[i*d+j] * v[j]
		}
		w.t[i] = s
	}
	copy(dst, w.t)
}

// Energy returns H(q, p) = 1/2 p^T G(q)^{-1} p + L(q; lambda), the total
// energy E = 1/2 q'^T G q' + L of the seed's section 2.1.
func (h *MetricHamiltonian) Energy(q, p, lambda []float64, w *HamiltonWork) (float64, error) {
	if err := h.velocity(q, p, w); err != nil {
		return math.NaN(), err
	}
	k := 0.0
	for i, pi := range p {
		k += pi * w.v[i]
	}
	h.Potential.Energy(w.e, q, lambda)
	return 0.5*k + w.e[0], nil
}

// Dissipation returns the friction power Gamma p^T G^{-1} p = Gamma q'^T G q',
// so that dH/dt = -Dissipation along the exact flow.
func (h *MetricHamiltonian) Dissipation(q, p []float64, w *HamiltonWork) (float64, error) {
	if err := h.velocity(q, p, w); err != nil {
		return math.NaN(), err
	}
	k := 0.0
	for i, pi := range p {
		k += pi * w.v[i]
	}
	return h.Gamma * k, nil
}

// forceQ sets dst = -dH/dq (without friction) at (q, p): -grad L plus,
// unless dropped, the metric-derivative term 1/2 v^T (dG/dq_k) v with
// v = G^{-1} p.
func (h *MetricHamiltonian) forceQ(dst, q, p, lambda []float64, w *HamiltonWork) error {
	d := w.d
	h.Potential.Gradient(w.grad, q, lambda)
	for i := range dst[:d] {
		dst[i] = -w.grad[i]
	}
	if h.DropMetricDerivative {
		return nil
	}
	if err := h.velocity(q, p, w); err != nil {
		return err
	}
	h.Metric.FisherDeriv(w.dg, q)
	v := w.v
	for k := 0; k < d; k++ {
		dk := w.dg[k*d*d : (k+1)*d*d]
		s := 0.0
		for i := 0; i < d; i++ {
			r := 0.0
			for j := 0; j < d; j++ {
				r += dk[i*d+j] * v[j]
			}
			s += v[i] * r
		}
		dst[k] += 0.5 * s
	}
	return nil
}

func (h *MetricHamiltonian) tol() (float64, int) {
	tol, it := h.Tol, h.MaxIter
	if tol == 0 {
		tol = 1e-14
	}
	if it == 0 {
		it = 100
	}
	return tol, it
}

// Step advances (q, p) in place by one generalised-leapfrog step of size dt
// at control values lambda:
//
//	p_{1/2} = p - dt/2 dH/dq(q, p_{1/2})                    (implicit)
//	q'      = q + dt/2 [G(q)^{-1} + G(q')^{-1}] p_{1/2}     (implicit)
//	p'      = p_{1/2} - dt/2 dH/dq(q', p_{1/2}),
//
// between two exact friction half-steps. It returns an error if a fixed-point
// iteration does not converge or the metric stops being positive definite.
func (h *MetricHamiltonian) Step(q, p, lambda []float64, dt float64, w *HamiltonWork) error {
	d := w.d
	tol, maxIter := h.tol()
	if h.Gamma != 0 {
		c := math.Exp(-0.5 * h.Gamma * dt)
		for i := range p[:d] {
			p[i] *= c
		}
	}
	// Stage 1: p_{1/2}.
	ph, f := w.ph, w.t
	copy(ph, p)
	conv := false
	for it := 0; it < maxIter; it++ {
		if err := h.forceQ(f, q, ph, lambda, w); err != nil {
			return err
		}
		delta := 0.0
		for i := 0; i < d; i++ {
			nv := p[i] + 0.5*dt*f[i]
			delta = math.Max(delta, math.Abs(nv-ph[i])/(1+math.Abs(nv)))
			ph[i] = nv
		}
		if delta <= tol || h.DropMetricDerivative {
			conv = true
			break
		}
	}
	if !conv {
		return fmt.Errorf("langevin: generalised leapfrog: momentum stage did not converge in %d iterations (dt = %g too large?)", maxIter, dt)
	}
	// Stage 2: q'.
	if err := h.velocity(q, ph, w); err != nil {
		return err
	}
	copy(w.v2, w.v) // G(q)^{-1} p_{1/2}
	qo, qn := w.qo, w.qn
	copy(qo, q)
	for i := 0; i < d; i++ {
		qn[i] = qo[i] + dt*w.v2[i]
	}
	conv = false
	for it := 0; it < maxIter; it++ {
		if err := h.velocity(qn, ph, w); err != nil {
			return err
		}
		delta := 0.0
		for i := 0; i < d; i++ {
			nv := qo[i] + 0.5*dt*(w.v2[i]+w.v[i])
			delta = math.Max(delta, math.Abs(nv-qn[i])/(1+math.Abs(nv)))
			qn[i] = nv
		}
		if delta <= tol {
			conv = true
			break
		}
	}
	if !conv {
		return fmt.Errorf("langevin: generalised leapfrog: position stage did not converge in %d iterations (dt = %g too large?)", maxIter, dt)
	}
	copy(q, qn)
	// Stage 3: p' (explicit).
	if err := h.forceQ(f, q, ph, lambda, w); err != nil {
		return err
	}
	for i := 0; i < d; i++ {
		p[i] = ph[i] + 0.5*dt*f[i]
	}
	if h.Gamma != 0 {
		c := math.Exp(-0.5 * h.Gamma * dt)
		for i := range p[:d] {
			p[i] *= c
		}
	}
	for i := 0; i < d; i++ {
		if math.IsNaN(p[i]) || math.IsInf(p[i], 0) || math.IsNaN(q[i]) || math.IsInf(q[i], 0) {
			return &NonFiniteError{Step: -1, What: "phase-space state", Value: p[i] + q[i]}
		}
	}
	return nil
}
