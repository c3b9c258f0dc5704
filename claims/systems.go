package claims

import (
	"math"

	"github.com/thermosim/thermosim/internal/rng"
)

// GaussianFamily is the statistical manifold of x ~ N(mu, e^{2s}) in the
// coordinates q = (mu, s), with the per-sample negative log-likelihood of
// data of mean M and variance V as its loss (constants dropped),
//
//	L(mu, s) = s + ((mu - M)^2 + V) e^{-2s} / 2,
//
// and its Fisher information metric G(q) = diag(e^{-2s}, 2). G depends on s,
// so the Euler–Lagrange equations of the seed's action carry a
// metric-derivative term. It implements langevin.Potential (one state or a
// batch) and langevin.MetricField.
type GaussianFamily struct{ M, V float64 }

func (f GaussianFamily) Dim() int { return 2 }

func (f GaussianFamily) Energy(dst, x, _ []float64) {
	for j := range dst {
		mu, s := x[2*j], x[2*j+1]
		dst[j] = s + ((mu-f.M)*(mu-f.M)+f.V)*math.Exp(-2*s)/2
	}
}

func (f GaussianFamily) Gradient(dst, x, _ []float64) {
	for j := 0; j < len(x)/2; j++ {
		mu, s := x[2*j], x[2*j+1]
		e := math.Exp(-2 * s)
		dst[2*j] = (mu - f.M) * e
		dst[2*j+1] = 1 - ((mu-f.M)*(mu-f.M)+f.V)*e
	}
}

func (f GaussianFamily) Fisher(dst, q []float64) {
	dst[0], dst[1], dst[2], dst[3] = math.Exp(-2*q[1]), 0, 0, 2
}

func (f GaussianFamily) FisherDeriv(dst, q []float64) {
	clear(dst[:8])
	dst[4] = -2 * math.Exp(-2*q[1]) // dG_00/ds
}

// product is L = 1/2 (x y - 1)^2, invariant under (x, y) -> (a x, y / a):
// gradient flow conserves x^2 - y^2.
type product struct{}

func (product) Dim() int { return 2 }
func (product) Energy(dst, x, _ []float64) {
	for j := range dst {
		r := x[2*j]*x[2*j+1] - 1
		dst[j] = 0.5 * r * r
	}
}
func (product) Gradient(dst, x, _ []float64) {
	for j := 0; j < len(x)/2; j++ {
		a, b := x[2*j], x[2*j+1]
		r := a*b - 1
		dst[2*j], dst[2*j+1] = r*b, r*a
	}
}

// productHessian sets h = Hessian of L = 1/2 (xy - 1)^2 at (x, y).
func productHessian(h []float64, x, y float64) {
	h[0], h[1], h[2], h[3] = y*y, 2*x*y-1, 2*x*y-1, x*x
}

// radial is L = 1/4 (|q|^2 - 1)^2 in the plane: rotation invariant.
type radial struct{}

func (radial) Dim() int { return 2 }
func (radial) Energy(dst, x, _ []float64) {
	for j := range dst {
		r := x[2*j]*x[2*j] + x[2*j+1]*x[2*j+1] - 1
		dst[j] = 0.25 * r * r
	}
}
func (radial) Gradient(dst, x, _ []float64) {
	for j := 0; j < len(x)/2; j++ {
		r := x[2*j]*x[2*j] + x[2*j+1]*x[2*j+1] - 1
		dst[2*j], dst[2*j+1] = r*x[2*j], r*x[2*j+1]
	}
}

// rayleigh is the scale-invariant loss L = 1/2 x^T A x / |x|^2 (A diagonal);
// grad L is orthogonal to x, so gradient flow conserves Q = |x|^2.
type rayleigh struct{ a []float64 }

func (r rayleigh) Dim() int { return len(r.a) }
func (r rayleigh) Energy(dst, x, _ []float64) {
	n, s := 0.0, 0.0
	for i, a := range r.a {
		n += x[i] * x[i]
		s += a * x[i] * x[i]
	}
	dst[0] = 0.5 * s / n
}
func (r rayleigh) Gradient(dst, x, _ []float64) {
	n, s := 0.0, 0.0
	for i, a := range r.a {
		n += x[i] * x[i]
		s += a * x[i] * x[i]
	}
	for i, a := range r.a {
		dst[i] = (a*x[i] - s/n*x[i]) / n
	}
}

// norm2 is Q = |x|^2.
type norm2 struct{}

func (norm2) Value(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return s
}
func (norm2) Gradient(dst, x []float64) {
	for i, v := range x {
		dst[i] = 2 * v
	}
}

// logistic is the mean logistic loss of labels y_n in {0, 1} on features
// x_n (d = len of each row), L = (1/n) sum [log(1 + e^{w.x}) - y w.x],
// with Fisher metric G = (1/n) sum s(1 - s) x x^T, s = sigmoid(w.x).
type logistic struct {
	d    int
	x, y []float64
}

func newLogistic(seed uint64, n int) *logistic {
	src := rng.Stream(seed, "claims/logistic-data", 0)
	l := &logistic{d: 2}
	w := []float64{1.5, -1}
	for i := 0; i < n; i++ {
		a, b := src.Norm(), src.Norm()
		p := 1 / (1 + math.Exp(-(w[0]*a + w[1]*b)))
		y := 0.0
		if src.Float64() < p {
			y = 1
		}
		l.x = append(l.x, a, b)
		l.y = append(l.y, y)
	}
	return l
}

func (l *logistic) Dim() int { return l.d }
func (l *logistic) Energy(dst, w, _ []float64) {
	s := 0.0
	for n, y := range l.y {
		z := w[0]*l.x[2*n] + w[1]*l.x[2*n+1]
		s += math.Log1p(math.Exp(-math.Abs(z))) + math.Max(z, 0) - y*z
	}
	dst[0] = s / float64(len(l.y))
}
func (l *logistic) Gradient(dst, w, _ []float64) {
	dst[0], dst[1] = 0, 0
	for n, y := range l.y {
		z := w[0]*l.x[2*n] + w[1]*l.x[2*n+1]
		r := 1/(1+math.Exp(-z)) - y
		dst[0] += r * l.x[2*n]
		dst[1] += r * l.x[2*n+1]
	}
	dst[0] /= float64(len(l.y))
	dst[1] /= float64(len(l.y))
}

// Fisher sets g = (1/n) sum s(1-s) x x^T (also the Hessian of L).
func (l *logistic) Fisher(g, w []float64) {
	clear(g[:4])
	for n := range l.y {
		a, b := l.x[2*n], l.x[2*n+1]
		s := 1 / (1 + math.Exp(-(w[0]*a + w[1]*b)))
		c := s * (1 - s)
		g[0] += c * a * a
		g[1] += c * a * b
		g[3] += c * b * b
	}
	nn := float64(len(l.y))
	g[0] /= nn
	g[1] /= nn
	g[3] /= nn
	g[2] = g[1]
}

// regression1D is a one-dimensional least-squares problem y = a x + noise,
// per-example loss l_n = 1/2 (theta x_n - y_n)^2.
type regression1D struct {
	x, y      []float64
	h, theta0 float64 // curvature (1/n) sum x^2 and the minimiser
	sigma2    float64 // per-example gradient variance at the minimiser
}

func newRegression1D(seed uint64, n int) *regression1D {
	src := rng.Stream(seed, "claims/regression-data", 0)
	r := &regression1D{}
	var sxx, sxy float64
	for i := 0; i < n; i++ {
		x := src.Norm()
		y := 2*x + 0.5*src.Norm()
		r.x = append(r.x, x)
		r.y = append(r.y, y)
		sxx += x * x
		sxy += x * y
	}
	r.h = sxx / float64(n)
	r.theta0 = sxy / sxx
	for i := range r.x {
		g := r.x[i] * (r.theta0*r.x[i] - r.y[i])
		r.sigma2 += g * g
	}
	r.sigma2 /= float64(n)
	return r
}

// batchGrad returns the gradient of a minibatch of b examples drawn with
// replacement.
func (r *regression1D) batchGrad(theta float64, b int, src *rng.Source) float64 {
	s := 0.0
	n := len(r.x)
	for k := 0; k < b; k++ {
		i := src.IntN(n)
		s += r.x[i] * (theta*r.x[i] - r.y[i])
	}
	return s / float64(b)
}
