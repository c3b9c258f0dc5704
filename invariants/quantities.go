package invariants

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// KineticMetric returns 1/2 v^T G v for a d x d metric g (row-major).
func KineticMetric(g, v []float64) float64 {
	d := len(v)
	s := 0.0
	for i := 0; i < d; i++ {
		r := 0.0
		for j := 0; j < d; j++ {
			r += g[i*d+j] * v[j]
		}
		s += v[i] * r
	}
	return 0.5 * s
}

// MetricEnergy returns E = 1/2 v^T G v + loss, the total energy of the seed's
// §2.1 for velocity v = theta' and metric g = G(theta).
func MetricEnergy(g, v []float64, loss float64) float64 { return KineticMetric(g, v) + loss }

// AngularMomentum returns q_1 p_2 - q_2 p_1, the Noether charge of planar
// rotations.
func AngularMomentum(q, p []float64) float64 { return q[0]*p[1] - q[1]*p[0] }

// HyperbolicCharge returns x^2 - y^2, conserved by the gradient flow of any
// loss of the product x y (e.g. L = 1/2 (x y - 1)^2): d/dt (x^2 - y^2) =
// -2 x y f'(xy) + 2 y x f'(xy) = 0.
func HyperbolicCharge(x, y float64) float64 { return x*x - y*y }

// Balancedness sets dst = W1 W1^T - W2^T W2 (h x h) for a two-layer linear
// network f(x) = W2 W1 x with W1 (h x d) and W2 (k x h), and returns
// ||W1 W1^T||_F + ||W2^T W2||_F, the scale for its monitor.
func Balancedness(dst *mat.Dense, w1, w2 mat.Matrix) float64 {
	var a, b mat.Dense
	a.Mul(w1, w1.T())
	b.Mul(w2.T(), w2)
	dst.Sub(&a, &b)
	return mat.Norm(&a, 2) + mat.Norm(&b, 2)
}

// Trace returns tr G of a d x d matrix (row-major).
func Trace(g []float64, d int) float64 {
	s := 0.0
	for i := 0; i < d; i++ {
		s += g[i*d+i]
	}
	return s
}

// EtaTraceG returns eta tr G.
func EtaTraceG(eta float64, g []float64, d int) float64 { return eta * Trace(g, d) }

// EtaLambdaMax returns eta lambda_max(H) for a symmetric d x d Hessian h
// (row-major; the lower triangle is used), by mat.EigenSym.
func EtaLambdaMax(eta float64, h []float64, d int) (float64, error) {
	l, err := LambdaMax(h, d)
	return eta * l, err
}

// LambdaMax returns the largest eigenvalue of a symmetric d x d matrix.
func LambdaMax(h []float64, d int) (float64, error) {
	s := mat.NewSymDense(d, nil)
	for i := 0; i < d; i++ {
		for j := 0; j <= i; j++ {
			s.SetSym(i, j, h[i*d+j])
		}
	}
	var es mat.EigenSym
	if !es.Factorize(s, false) {
		return math.NaN(), errors.New("invariants: eigendecomposition did not converge")
	}
	v := es.Values(nil)
	return v[len(v)-1], nil
}

// FisherMemory accumulates M(t) = int_0^t tr G(theta(s)) ds by the trapezoid
// rule over recorded times.
type FisherMemory struct {
	T, TraceG, M []float64
}

// Record appends tr G(theta(t)) = trG.
func (f *FisherMemory) Record(t, trG float64) {
	m := 0.0
	if n := len(f.T); n > 0 {
		m = f.M[n-1] + 0.5*(t-f.T[n-1])*(trG+f.TraceG[n-1])
	}
	f.T = append(f.T, t)
	f.TraceG = append(f.TraceG, trG)
	f.M = append(f.M, m)
}

// MinIncrement returns min_i (M(t_{i+1}) - M(t_i)), negative if M ever
// decreased (+Inf for fewer than two records).
func (f *FisherMemory) MinIncrement() float64 {
	r := math.Inf(1)
	for i := 1; i < len(f.M); i++ {
		r = math.Min(r, f.M[i]-f.M[i-1])
	}
	return r
}

// LoopAction returns the adiabatic invariant J = loop integral p dq of a
// recorded one-dimensional orbit (q_i, p_i), i.e. the phase-space area it
// encloses per period, and the number of complete periods used. Periods are
// delimited by upward crossings of q through center (located by linear
// interpolation); the integral is the trapezoid rule in q between them. The
// orientation is that of q' = p: a clockwise orbit in the (q, p) plane gives
// J > 0. It returns an error if the orbit has fewer than two crossings.
func LoopAction(q, p []float64, center float64) (j float64, periods int, err error) {
	type pt struct {
		i    int     // crossing between i and i+1
		f    float64 // fraction
		pAt  float64 // interpolated p
		qAt  float64
		used bool
	}
	var cr []pt
	for i := 0; i+1 < len(q); i++ {
		if q[i] < center && q[i+1] >= center {
			f := (center - q[i]) / (q[i+1] - q[i])
			cr = append(cr, pt{i: i, f: f, pAt: p[i] + f*(p[i+1]-p[i]), qAt: center})
		}
	}
	if len(cr) < 2 {
		return math.NaN(), 0, fmt.Errorf("invariants: orbit of %d points has %d upward crossings of q = %g; need a full period", len(q), len(cr), center)
	}
	a, b := cr[0], cr[len(cr)-1]
	// From the first crossing point to q[a.i+1], the samples in between, and
	// from q[b.i] to the last crossing point.
	s := 0.5 * (a.pAt + p[a.i+1]) * (q[a.i+1] - a.qAt)
	for i := a.i + 1; i < b.i; i++ {
		s += 0.5 * (p[i] + p[i+1]) * (q[i+1] - q[i])
	}
	s += 0.5 * (p[b.i] + b.pAt) * (b.qAt - q[b.i])
	n := len(cr) - 1
	return s / float64(n), n, nil
}

// FitGaussian returns the sample mean and the unbiased sample covariance of
// n = len(x)/d points of dimension d (row-major).
func FitGaussian(x []float64, d int) ([]float64, *mat.SymDense) {
	n := len(x) / d
	mu := make([]float64, d)
	for j := 0; j < n; j++ {
		for i := 0; i < d; i++ {
			mu[i] += x[j*d+i]
		}
	}
	for i := range mu {
		mu[i] /= float64(n)
	}
	c := mat.NewSymDense(d, nil)
	for a := 0; a < d; a++ {
		for b := 0; b <= a; b++ {
			s := 0.0
			for j := 0; j < n; j++ {
				s += (x[j*d+a] - mu[a]) * (x[j*d+b] - mu[b])
			}
			c.SetSym(a, b, s/float64(n-1))
		}
	}
	return mu, c
}

// GaussianKL returns D(N(mu0, s0) || N(mu1, s1)) in nats.
func GaussianKL(mu0 []float64, s0 *mat.SymDense, mu1 []float64, s1 *mat.SymDense) (float64, error) {
	d := len(mu0)
	var c0, c1 mat.Cholesky
	if !c0.Factorize(s0) || !c1.Factorize(s1) {
		return math.NaN(), errors.New("invariants: covariance not positive definite")
	}
	var inv mat.Dense
	if err := c1.SolveTo(&inv, s0); err != nil {
		return math.NaN(), err
	}
	dm := mat.NewVecDense(d, nil)
	for i := range mu0 {
		dm.SetVec(i, mu1[i]-mu0[i])
	}
	var y mat.VecDense
	if err := c1.SolveVecTo(&y, dm); err != nil {
		return math.NaN(), err
	}
	return 0.5 * (mat.Trace(&inv) + mat.Dot(dm, &y) - float64(d) + c1.LogDet() - c0.LogDet()), nil
}

// EnsembleKL returns the relative entropy between the Gaussian fits of two
// ensembles x0 and x1 of d-dimensional points (row-major).
func EnsembleKL(x0, x1 []float64, d int) (float64, error) {
	m0, s0 := FitGaussian(x0, d)
	m1, s1 := FitGaussian(x1, d)
	return GaussianKL(m0, s0, m1, s1)
}

// FlowJacobian sets dst (d x d) to the Jacobian of the map phi at x by
// central differences with step h: dst_ij = (phi_i(x + h e_j) - phi_i(x - h
// e_j)) / 2h, an O(h^2) approximation.
func FlowJacobian(dst *mat.Dense, phi func(dst, x []float64) error, x []float64, h float64) error {
	d := len(x)
	xp, xm := make([]float64, d), make([]float64, d)
	fp, fm := make([]float64, d), make([]float64, d)
	for j := 0; j < d; j++ {
		copy(xp, x)
		copy(xm, x)
		xp[j] += h
		xm[j] -= h
		if err := phi(fp, xp); err != nil {
			return err
		}
		if err := phi(fm, xm); err != nil {
			return err
		}
		for i := 0; i < d; i++ {
			dst.Set(i, j, (fp[i]-fm[i])/(2*h))
		}
	}
	return nil
}

// SymplecticDefect returns max_ij |(M^T Omega M)_ij - c Omega_ij| for the
// Jacobian m of a map of canonical coordinates (q, p) in R^{2n}, with
// Omega = [[0, I], [-I, 0]]. It is 0 for a symplectic map with c = 1, and for
// a conformally symplectic map (friction gamma over time t) with
// c = e^{-gamma t}.
func SymplecticDefect(m *mat.Dense, c float64) float64 {
	r, _ := m.Dims()
	n := r / 2
	om := mat.NewDense(r, r, nil)
	for i := 0; i < n; i++ {
		om.Set(i, n+i, 1)
		om.Set(n+i, i, -1)
	}
	var t1, t2 mat.Dense
	t1.Mul(m.T(), om)
	t2.Mul(&t1, m)
	w := 0.0
	for i := 0; i < r; i++ {
		for j := 0; j < r; j++ {
			w = math.Max(w, math.Abs(t2.At(i, j)-c*om.At(i, j)))
		}
	}
	return w
}
