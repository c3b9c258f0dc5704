package models

import (
	"fmt"
	"math"

	"github.com/thermosim/thermosim/langevin"
)

func init() {
	dataParam := Param{Name: "data", Doc: "the data set: {synthetic: linear|logistic, n, features, noise, seed} or {file, target}", Data: true}
	Register(&Kind{
		Name:   "linear-regression",
		Doc:    "L = 1/(2N) sum_n (y_n - x_n . theta)^2 (dim = number of features)",
		Params: []Param{dataParam},
		Build: func(_ int, p Values) (*Model, error) {
			d, err := loadParamData(p)
			if err != nil {
				return nil, fmt.Errorf("linear-regression: %w", err)
			}
			return learningModel("linear-regression", &LinearRegression{Data: d}), nil
		},
	})
	Register(&Kind{
		Name: "logistic-regression",
		Doc:  "L = (1/N) sum_n [ln(1 + exp(x_n . theta)) - y_n x_n . theta] + (l2/2) |theta|^2, y_n in {0, 1}",
		Params: []Param{
			dataParam,
			{Name: "l2", Doc: "L2 penalty l2 >= 0", Default: 0.0},
		},
		Build: func(_ int, p Values) (*Model, error) {
			l2 := p.Float("l2")
			if !(l2 >= 0) || math.IsInf(l2, 0) {
				return nil, fmt.Errorf("logistic-regression: l2 must be a finite number >= 0, got %g", l2)
			}
			d, err := loadParamData(p)
			if err != nil {
				return nil, fmt.Errorf("logistic-regression: %w", err)
			}
			for n, y := range d.Y {
				if y != 0 && y != 1 {
					return nil, fmt.Errorf("logistic-regression: targets must be 0 or 1; example %d has %g", n+1, y)
				}
			}
			return learningModel("logistic-regression", &LogisticRegression{Data: d, L2: l2}), nil
		},
	})
	Register(&Kind{
		Name: "two-layer-linear",
		Doc:  "L = 1/(2N) sum_n (y_n - W2 W1 x_n)^2, theta = (vec W1 (hidden x features, row-major), W2 (hidden))",
		Params: []Param{
			dataParam,
			{Name: "hidden", Doc: "hidden width h >= 1", Default: 2, Int: true},
		},
		Build: func(_ int, p Values) (*Model, error) {
			var h int
			switch v := p["hidden"].(type) {
			case int:
				h = v
			case float64:
				h = int(v)
				if float64(h) != v {
					return nil, fmt.Errorf("two-layer-linear: hidden must be an integer, got %g", v)
				}
			default:
				return nil, fmt.Errorf("two-layer-linear: hidden must be an integer, got %T", p["hidden"])
			}
			if h < 1 {
				return nil, fmt.Errorf("two-layer-linear: hidden must be >= 1, got %d", h)
			}
			d, err := loadParamData(p)
			if err != nil {
				return nil, fmt.Errorf("two-layer-linear: %w", err)
			}
			return learningModel("two-layer-linear", &TwoLayerLinear{Data: d, Hidden: h}), nil
		},
	})
}

func loadParamData(p Values) (*Dataset, error) {
	spec, ok := p["data"].(DataSpec)
	if !ok {
		if sp, ok2 := p["data"].(*DataSpec); ok2 && sp != nil {
			spec, ok = *sp, true
		}
	}
	if !ok {
		return nil, fmt.Errorf("parameter data is required")
	}
	return LoadData(spec)
}

func learningModel(kind string, l langevin.Loss) *Model {
	return &Model{Kind: kind, Potential: l, Controls: []string{}, Lambda0: []float64{}}
}

// dot returns a . b over len(a).
func dot(a, b []float64) float64 {
	s := 0.0
	b = b[:len(a)]
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// LinearRegression is the least-squares loss
//
//	L(theta) = 1/(2N) sum_n (y_n - x_n . theta)^2,  l_n = (y_n - x_n . theta)^2 / 2,
//
// with theta in R^F. Its Hessian is X^T X / N everywhere.
type LinearRegression struct{ Data *Dataset }

var _ langevin.Loss = (*LinearRegression)(nil)
var _ langevin.FisherDivergence = (*LinearRegression)(nil)

func (l *LinearRegression) Dim() int      { return l.Data.F }
func (l *LinearRegression) Examples() int { return l.Data.N }

func (l *LinearRegression) Energy(dst, x, _ []float64) {
	f, d := l.Data.F, l.Data
	inv := 1 / float64(d.N)
	for j := range dst {
		th := x[j*f : (j+1)*f]
		s := 0.0
		for n, y := range d.Y {
			r := y - dot(th, d.X[n*f:])
			s += r * r
		}
		dst[j] = 0.5 * s * inv
	}
}

func (l *LinearRegression) Gradient(dst, x, _ []float64) {
	f, d := l.Data.F, l.Data
	inv := 1 / float64(d.N)
	for j := 0; j < len(x)/f; j++ {
		th, g := x[j*f:(j+1)*f], dst[j*f:(j+1)*f]
		clear(g)
		for n, y := range d.Y {
			xn := d.X[n*f : (n+1)*f]
			r := dot(th, xn) - y
			for i, v := range xn {
				g[i] += r * v
			}
		}
		for i := range g {
			g[i] *= inv
		}
	}
}

// ExampleGradient sets dst = (x_n . theta - y_n) x_n.
func (l *LinearRegression) ExampleGradient(dst, theta []float64, n int) {
	xn := l.Data.Row(n)
	r := dot(theta, xn) - l.Data.Y[n]
	for i, v := range xn {
		dst[i] = r * v
	}
}

func (l *LinearRegression) BatchGradient(dst, theta []float64, idx []int) {
	f, d := l.Data.F, l.Data
	dst = dst[:f]
	clear(dst)
	for _, n := range idx {
		xn := d.X[n*f : (n+1)*f]
		r := dot(theta, xn) - d.Y[n]
		for i, v := range xn {
			dst[i] += r * v
		}
	}
	inv := 1 / float64(len(idx))
	for i := range dst {
		dst[i] *= inv
	}
}

// Fisher sets dst = X^T X / N: the Fisher information of the Gaussian model
// y ~ N(x . theta, s^2) per example, in units of the noise variance (s = 1),
// which is also the Hessian of L. It does not depend on theta.
func (l *LinearRegression) Fisher(dst, _ []float64) {
	f, d := l.Data.F, l.Data
	dst = dst[:f*f]
	clear(dst)
	for n := 0; n < d.N; n++ {
		xn := d.X[n*f : (n+1)*f]
		for a, va := range xn {
			row := dst[a*f : (a+1)*f]
			for b, vb := range xn {
				row[b] += va * vb
			}
		}
	}
	inv := 1 / float64(d.N)
	for i := range dst {
		dst[i] *= inv
	}
}

// DivInverse sets dst = 0: the metric is constant.
func (l *LinearRegression) DivInverse(dst, _, _ []float64) { clear(dst[:l.Data.F]) }

// LogisticRegression is the L2-regularised mean cross-entropy
//
//	L(theta) = (1/N) sum_n [softplus(z_n) - y_n z_n] + (l2/2) |theta|^2,  z_n = x_n . theta,
//
// with softplus(z) = ln(1 + e^z), labels y_n in {0, 1}, and per-example
// gradient grad l_n = (sigma(z_n) - y_n) x_n.
type LogisticRegression struct {
	Data *Dataset
	L2   float64
}

var _ langevin.Loss = (*LogisticRegression)(nil)
var _ langevin.FisherDivergence = (*LogisticRegression)(nil)

func (l *LogisticRegression) Dim() int      { return l.Data.F }
func (l *LogisticRegression) Examples() int { return l.Data.N }

// softplus is ln(1 + e^z) without overflow or loss of precision.
func softplus(z float64) float64 {
	if z > 0 {
		return z + math.Log1p(math.Exp(-z))
	}
	return math.Log1p(math.Exp(z))
}

func (l *LogisticRegression) Energy(dst, x, _ []float64) {
	f, d := l.Data.F, l.Data
	inv := 1 / float64(d.N)
	for j := range dst {
		th := x[j*f : (j+1)*f]
		s := 0.0
		for n, y := range d.Y {
			z := dot(th, d.X[n*f:])
			s += softplus(z) - y*z
		}
		dst[j] = s*inv + 0.5*l.L2*dot(th, th)
	}
}

func (l *LogisticRegression) Gradient(dst, x, _ []float64) {
	f, d := l.Data.F, l.Data
	inv := 1 / float64(d.N)
	for j := 0; j < len(x)/f; j++ {
		th, g := x[j*f:(j+1)*f], dst[j*f:(j+1)*f]
		clear(g)
		for n, y := range d.Y {
			xn := d.X[n*f : (n+1)*f]
			r := sigmoid(dot(th, xn)) - y
			for i, v := range xn {
				g[i] += r * v
			}
		}
		for i := range g {
			g[i] = g[i]*inv + l.L2*th[i]
		}
	}
}

// ExampleGradient sets dst = (sigma(x_n . theta) - y_n) x_n.
func (l *LogisticRegression) ExampleGradient(dst, theta []float64, n int) {
	xn := l.Data.Row(n)
	r := sigmoid(dot(theta, xn)) - l.Data.Y[n]
	for i, v := range xn {
		dst[i] = r * v
	}
}

func (l *LogisticRegression) BatchGradient(dst, theta []float64, idx []int) {
	f, d := l.Data.F, l.Data
	dst = dst[:f]
	clear(dst)
	for _, n := range idx {
		xn := d.X[n*f : (n+1)*f]
		r := sigmoid(dot(theta, xn)) - d.Y[n]
		for i, v := range xn {
			dst[i] += r * v
		}
	}
	inv := 1 / float64(len(idx))
	for i := range dst {
		dst[i] = dst[i]*inv + l.L2*theta[i]
	}
}

// Fisher sets dst = (1/N) sum_n p_n (1 - p_n) x_n x_n^T + l2 I with
// p_n = sigma(x_n . theta): the Fisher information of the Bernoulli model
// per example plus the regulariser's curvature. For this canonical-link model
// it equals the Hessian of L.
func (l *LogisticRegression) Fisher(dst, theta []float64) {
	f, d := l.Data.F, l.Data
	dst = dst[:f*f]
	clear(dst)
	for n := 0; n < d.N; n++ {
		xn := d.X[n*f : (n+1)*f]
		p := sigmoid(dot(theta, xn))
		w := p * (1 - p)
		for a, va := range xn {
			row := dst[a*f : (a+1)*f]
			wa := w * va
			for b, vb := range xn {
				row[b] += wa * vb
			}
		}
	}
	inv := 1 / float64(d.N)
	for i := range dst {
		dst[i] *= inv
	}
	for a := 0; a < f; a++ {
		dst[a*f+a] += l.L2
	}
}

// DivInverse sets dst = div G^{-1}. With A = G^{-1} and
// d_k G = (1/N) sum_n p_n (1 - p_n)(1 - 2 p_n) x_nk x_n x_n^T,
//
//	(div A)_i = -sum_j (A (d_j G) A)_ij = -(1/N) sum_n p_n (1-p_n)(1-2p_n) (x_n^T A x_n) (A x_n)_i.
//
// ginv may include a constant damping (it does not change d_k G).
func (l *LogisticRegression) DivInverse(dst, theta, ginv []float64) {
	f, d := l.Data.F, l.Data
	dst = dst[:f]
	clear(dst)
	for n := 0; n < d.N; n++ {
		xn := d.X[n*f : (n+1)*f]
		p := sigmoid(dot(theta, xn))
		w := p * (1 - p) * (1 - 2*p)
		// q = x^T A x, and (A x)_i computed row by row.
		q := 0.0
		for a := 0; a < f; a++ {
			q += xn[a] * dot(ginv[a*f:(a+1)*f], xn)
		}
		c := w * q
		for i := 0; i < f; i++ {
			dst[i] -= c * dot(ginv[i*f:(i+1)*f], xn)
		}
	}
	inv := 1 / float64(d.N)
	for i := range dst {
		dst[i] *= inv
	}
}

// TwoLayerLinear is the two-layer linear network with scalar output,
//
//	L(theta) = 1/(2N) sum_n (y_n - W2 W1 x_n)^2,
//
// with W1 (Hidden x F) and W2 (1 x Hidden). The state is
// theta = (vec W1, W2): theta[h*F+i] = W1[h][i] for h < Hidden, i < F, then
// theta[Hidden*F+h] = W2[h]; d = Hidden (F + 1). The loss is invariant under
// W1 -> A W1, W2 -> W2 A^{-1} for any invertible A (a continuous symmetry:
// gradient flow conserves W1 W1^T - W2^T W2).
type TwoLayerLinear struct {
	Data   *Dataset
	Hidden int
}

var _ langevin.Loss = (*TwoLayerLinear)(nil)
var _ langevin.FisherMetric = (*TwoLayerLinear)(nil)

func (l *TwoLayerLinear) Dim() int      { return l.Hidden * (l.Data.F + 1) }
func (l *TwoLayerLinear) Examples() int { return l.Data.N }

// out returns W2 W1 x for the state th.
func (l *TwoLayerLinear) out(th, x []float64) float64 {
	f, h := l.Data.F, l.Hidden
	w2 := th[h*f:]
	s := 0.0
	for k := 0; k < h; k++ {
		s += w2[k] * dot(th[k*f:(k+1)*f], x)
	}
	return s
}

// addExample adds c * grad_theta (W2 W1 x) to g: d/dW1[k][i] = W2[k] x_i and
// d/dW2[k] = (W1 x)_k.
func (l *TwoLayerLinear) addExample(g, th, x []float64, c float64) {
	f, h := l.Data.F, l.Hidden
	w2 := th[h*f:]
	for k := 0; k < h; k++ {
		gk := g[k*f : (k+1)*f]
		a := c * w2[k]
		for i, v := range x {
			gk[i] += a * v
		}
		g[h*f+k] += c * dot(th[k*f:(k+1)*f], x)
	}
}

func (l *TwoLayerLinear) Energy(dst, x, _ []float64) {
	dim, d := l.Dim(), l.Data
	inv := 1 / float64(d.N)
	for j := range dst {
		th := x[j*dim : (j+1)*dim]
		s := 0.0
		for n, y := range d.Y {
			r := y - l.out(th, d.Row(n))
			s += r * r
		}
		dst[j] = 0.5 * s * inv
	}
}

func (l *TwoLayerLinear) Gradient(dst, x, _ []float64) {
	dim, d := l.Dim(), l.Data
	inv := 1 / float64(d.N)
	for j := 0; j < len(x)/dim; j++ {
		th, g := x[j*dim:(j+1)*dim], dst[j*dim:(j+1)*dim]
		clear(g)
		for n, y := range d.Y {
			xn := d.Row(n)
			l.addExample(g, th, xn, (l.out(th, xn)-y)*inv)
		}
	}
}

// ExampleGradient sets dst = (W2 W1 x_n - y_n) grad_theta(W2 W1 x_n).
func (l *TwoLayerLinear) ExampleGradient(dst, theta []float64, n int) {
	xn := l.Data.Row(n)
	dst = dst[:l.Dim()]
	clear(dst)
	l.addExample(dst, theta, xn, l.out(theta, xn)-l.Data.Y[n])
}

func (l *TwoLayerLinear) BatchGradient(dst, theta []float64, idx []int) {
	dst = dst[:l.Dim()]
	clear(dst)
	inv := 1 / float64(len(idx))
	for _, n := range idx {
		xn := l.Data.Row(n)
		l.addExample(dst, theta, xn, (l.out(theta, xn)-l.Data.Y[n])*inv)
	}
}

// Fisher sets dst = (1/N) sum_n J_n J_n^T with J_n = grad_theta (W2 W1 x_n):
// the Fisher information of the Gaussian model y ~ N(W2 W1 x, 1) (the
// Gauss–Newton matrix). It is singular along the symmetry directions
// (rescaling of hidden units), so natural-gradient dynamics need damping.
func (l *TwoLayerLinear) Fisher(dst, theta []float64) {
	dim, d := l.Dim(), l.Data
	dst = dst[:dim*dim]
	clear(dst)
	f, h := d.F, l.Hidden
	w2 := theta[h*f:]
	for n := 0; n < d.N; n++ {
		xn := d.Row(n)
		// J_a for a < h f is W2[a/f] x[a%f]; for a = h f + k it is (W1 x)_k.
		for a := 0; a < dim; a++ {
			ja := l.jac(theta, w2, xn, a)
			if ja == 0 {
				continue
			}
			row := dst[a*dim : (a+1)*dim]
			for b := 0; b < dim; b++ {
				row[b] += ja * l.jac(theta, w2, xn, b)
			}
		}
	}
	inv := 1 / float64(d.N)
	for i := range dst {
		dst[i] *= inv
	}
}

func (l *TwoLayerLinear) jac(theta, w2, x []float64, a int) float64 {
	f, h := l.Data.F, l.Hidden
	if a < h*f {
		return w2[a/f] * x[a%f]
	}
	k := a - h*f
	return dot(theta[k*f:(k+1)*f], x)
}
