package models

import (
	"fmt"
	"math"
)

func init() {
	Register(&Kind{
		Name:   "harmonic",
		Doc:    "U = k/2 |x - c|^2 (a trap of stiffness k centred at c in every coordinate)",
		HasDim: true,
		Params: []Param{
			{Name: "stiffness", Doc: "k > 0", Default: 1.0, Schedulable: true},
			{Name: "center", Doc: "c, the same in every coordinate", Default: 0.0, Schedulable: true},
		},
		Build: func(dim int, p Values) (*Model, error) {
			k, c := p.Float("stiffness"), p.Float("center")
			if !(k > 0) {
				return nil, fmt.Errorf("stiffness must be > 0, got %g", k)
			}
			return &Model{Kind: "harmonic", Potential: &Harmonic{D: dim}, Controls: []string{"stiffness", "center"}, Lambda0: []float64{k, c}}, nil
		},
	})
	Register(&Kind{
		Name: "quadratic",
		Doc:  "U = 1/2 sum_i a_i x_i^2 + c x_1 x_2 (anisotropic; dim = len(curvatures))",
		Params: []Param{
			{Name: "curvatures", Doc: "a_i > 0, one per dimension", List: true},
			{Name: "coupling", Doc: "c: adds c x_1 x_2 (a non-diagonal Hessian; needs dim >= 2 and a_1 a_2 > c^2)", Default: 0.0},
		},
		Build: func(dim int, p Values) (*Model, error) {
			a := p.List("curvatures")
			if c := p.Float("coupling"); c != 0 {
				if len(a) < 2 {
					return nil, fmt.Errorf("coupling needs at least 2 curvatures")
				}
				if !(a[0]*a[1] > c*c) {
					return nil, fmt.Errorf("coupling %g makes the Hessian indefinite: need curvatures[0] curvatures[1] > coupling^2", c)
				}
				for i, v := range a {
					if !(v > 0) {
						return nil, fmt.Errorf("curvatures[%d] must be > 0, got %g", i, v)
					}
				}
				return &Model{Kind: "quadratic", Potential: &CoupledQuadratic{A: append([]float64(nil), a...), C: c}, Controls: []string{}, Lambda0: []float64{}}, nil
			}
			if len(a) == 0 {
				return nil, fmt.Errorf("curvatures must not be empty")
			}
			for i, v := range a {
				if !(v > 0) {
					return nil, fmt.Errorf("curvatures[%d] must be > 0, got %g", i, v)
				}
			}
			return &Model{Kind: "quadratic", Potential: &Quadratic{A: append([]float64(nil), a...)}, Controls: []string{}, Lambda0: []float64{}}, nil
		},
	})
	Register(&Kind{
		Name:   "double-well",
		Doc:    "U = h (x_1^2 - 1)^2 + tilt x_1 + 1/2 sum_{i>1} x_i^2 (minima near x_1 = -1, +1)",
		HasDim: true,
		Params: []Param{
			{Name: "height", Doc: "barrier height h > 0", Default: 1.0, Schedulable: true},
			{Name: "tilt", Doc: "linear tilt b of the first coordinate", Default: 0.0, Schedulable: true},
		},
		Build: func(dim int, p Values) (*Model, error) {
			h := p.Float("height")
			if !(h > 0) {
				return nil, fmt.Errorf("height must be > 0, got %g", h)
			}
			return &Model{Kind: "double-well", Potential: &DoubleWell{D: dim}, Controls: []string{"height", "tilt"}, Lambda0: []float64{h, p.Float("tilt")}}, nil
		},
	})
}

// Harmonic is U = k/2 |x - c|^2 with lambda = (k, c).
type Harmonic struct{ D int }

func (h *Harmonic) Dim() int { return h.D }

func (h *Harmonic) Energy(dst, x, lambda []float64) {
	k, c := lambda[0], lambda[1]
	d := h.D
	if d == 1 {
		x = x[:len(dst)]
		for j, xj := range x {
			r := xj - c
			dst[j] = 0.5 * k * r * r
		}
		return
	}
	for j := range dst {
		s := 0.0
		for _, xi := range x[j*d : (j+1)*d] {
			r := xi - c
			s += r * r
		}
		dst[j] = 0.5 * k * s
	}
}

func (h *Harmonic) Gradient(dst, x, lambda []float64) {
	k, c := lambda[0], lambda[1]
	dst = dst[:len(x)]
	for i, xi := range x {
		dst[i] = k * (xi - c)
	}
}

func (h *Harmonic) Quadratic(k, c, lambda []float64) float64 {
	for i := 0; i < h.D; i++ {
		k[i], c[i] = lambda[0], lambda[1]
	}
	return 0
}

// Quadratic is U = 1/2 sum_i A_i x_i^2 (no controls).
type Quadratic struct{ A []float64 }

func (q *Quadratic) Dim() int { return len(q.A) }

func (q *Quadratic) Energy(dst, x, _ []float64) {
	d := len(q.A)
	for j := range dst {
		s := 0.0
		for i, xi := range x[j*d : (j+1)*d] {
			s += q.A[i] * xi * xi
		}
		dst[j] = 0.5 * s
	}
}

func (q *Quadratic) Gradient(dst, x, _ []float64) {
	d := len(q.A)
	for j := 0; j < len(x)/d; j++ {
		for i, a := range q.A {
			dst[j*d+i] = a * x[j*d+i]
		}
	}
}

func (q *Quadratic) Quadratic(k, c, _ []float64) float64 {
	copy(k, q.A)
	for i := range c {
		c[i] = 0
	}
	return 0
}

// DoubleWell is U = h (x_1^2 - 1)^2 + b x_1 + 1/2 sum_{i>1} x_i^2 with
// lambda = (h, b).
type DoubleWell struct{ D int }

func (w *DoubleWell) Dim() int { return w.D }

func (w *DoubleWell) Energy(dst, x, lambda []float64) {
	h, b := lambda[0], lambda[1]
	d := w.D
	for j := range dst {
		s := x[j*d : (j+1)*d]
		u := s[0]*s[0] - 1
		e := h*u*u + b*s[0]
		for _, xi := range s[1:] {
			e += 0.5 * xi * xi
		}
		dst[j] = e
	}
}

func (w *DoubleWell) Gradient(dst, x, lambda []float64) {
	h, b := lambda[0], lambda[1]
	d := w.D
	for j := 0; j < len(x)/d; j++ {
		s := x[j*d : (j+1)*d]
		g := dst[j*d : (j+1)*d]
		g[0] = 4*h*s[0]*(s[0]*s[0]-1) + b
		copy(g[1:], s[1:])
	}
}

// LogZ1 returns ln of int exp(-(h (x^2-1)^2 + b x)/T) dx, the normaliser of
// the double well's first coordinate, by adaptive quadrature on [-L, L] with L
// large enough that the integrand is below 1e-300 outside.
func DoubleWellLogZ1(h, b, temp float64) float64 {
	f := func(x float64) float64 { u := x*x - 1; return (h*u*u + b*x) / temp }
	fmin, lim := doubleWellRange(h, b, temp, 700)
	g := func(x float64) float64 { return math.Exp(-(f(x) - fmin)) }
	return math.Log(Integrate(g, -lim, lim, 1e-13)) - fmin
}

// doubleWellRange returns the minimum of f(x) = (h (x^2 - 1)^2 + b x)/T and a
// half-width lim with f(+-lim) - fmin >= tail. The minima are roots of
// f'(x) = (4 h x (x^2 - 1) + b)/T, found by Newton's method from the outer
// side of each well (f is quartic with a positive leading coefficient, so
// its global minimum is one of them).
func doubleWellRange(h, b, T, tail float64) (fmin, lim float64) {
	f := func(x float64) float64 { u := x*x - 1; return (h*u*u + b*x) / T }
	fmin = math.Inf(1)
	for _, x := range []float64{-1.5 - math.Abs(b)/h, 1.5 + math.Abs(b)/h} {
		for i := 0; i < 100; i++ {
			g := 4*h*x*(x*x-1) + b
			dx := g / (4 * h * (3*x*x - 1))
			x -= dx
			if math.Abs(dx) <= 1e-15*(1+math.Abs(x)) {
				break
			}
		}
		fmin = math.Min(fmin, f(x))
	}
	lim = 2.0
	for f(lim)-fmin < tail || f(-lim)-fmin < tail {
		lim *= 1.25
	}
	return fmin, lim
}
