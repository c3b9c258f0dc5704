package models

import (
	"math"

	"github.com/thermosim/thermosim/internal/rng"
)

// CoupledQuadratic is U = 1/2 sum_i A_i x_i^2 + C x_1 x_2: a quadratic
// potential whose Hessian is not diagonal, so that its force couples the
// first two coordinates. Under isotropic noise its steady state is the Gibbs
// state N(0, T H^{-1}) with detailed balance; with a different temperature
// per coordinate (anisotropic noise) the steady state carries a circulating
// probability current (Kwon, Ao & Thouless 2005; Seifert 2012, sec. 6).
type CoupledQuadratic struct {
	A []float64
	C float64
}

func (q *CoupledQuadratic) Dim() int { return len(q.A) }

func (q *CoupledQuadratic) Energy(dst, x, _ []float64) {
	d := len(q.A)
	for j := range dst {
		s := x[j*d : (j+1)*d]
		e := 0.0
		for i, xi := range s {
			e += q.A[i] * xi * xi
		}
		dst[j] = 0.5*e + q.C*s[0]*s[1]
	}
}

func (q *CoupledQuadratic) Gradient(dst, x, _ []float64) {
	d := len(q.A)
	for j := 0; j < len(x)/d; j++ {
		s, g := x[j*d:(j+1)*d], dst[j*d:(j+1)*d]
		for i, a := range q.A {
			g[i] = a * s[i]
		}
		g[0] += q.C * s[1]
		g[1] += q.C * s[0]
	}
}

// SampleGibbs draws (x_1, x_2) from the bivariate normal with covariance
// T H_2^{-1}, H_2 = [[a_1, c], [c, a_2]], through its Cholesky factor, and
// the other coordinates from N(0, T/a_i).
func (q *CoupledQuadratic) SampleGibbs(x, _ []float64, T float64, src *rng.Source) {
	a, b, c := q.A[0], q.A[1], q.C
	det := a*b - c*c
	// covariance T/det [[b, -c], [-c, a]]
	s11, s12, s22 := T*b/det, -T*c/det, T*a/det
	l11 := math.Sqrt(s11)
	l21 := s12 / l11
	l22 := math.Sqrt(s22 - l21*l21)
	z1, z2 := src.Norm(), src.Norm()
	x[0] = l11 * z1
	x[1] = l21*z1 + l22*z2
	for i := 2; i < len(x); i++ {
		x[i] = math.Sqrt(T/q.A[i]) * src.Norm()
	}
}

// LogZ is d/2 ln(2 pi T) - 1/2 ln det H.
func (q *CoupledQuadratic) LogZ(_ []float64, T float64) float64 {
	logdet := math.Log(q.A[0]*q.A[1] - q.C*q.C)
	for _, a := range q.A[2:] {
		logdet += math.Log(a)
	}
	return 0.5*float64(len(q.A))*math.Log(2*math.Pi*T) - 0.5*logdet
}
