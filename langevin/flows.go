package langevin

import (
	"fmt"
	"math"
)

// VectorField is an autonomous ordinary differential equation x' = f(x):
// it sets dst = f(x). dst and x have the same length and do not alias.
type VectorField func(dst, x []float64)

// GradientFlow returns the vector field f = -grad L(x; lambda) of the gradient
// flow of a potential (one state at a time).
func GradientFlow(pot Potential, lambda []float64) VectorField {
	return func(dst, x []float64) {
		pot.Gradient(dst, x, lambda)
		for i := range dst {
			dst[i] = -dst[i]
		}
	}
}

// NaturalGradientFlow returns f = -G(x)^{-1} grad L(x; lambda) (Amari 1998),
// G a FisherMetric (any MetricField qualifies). The field keeps working
// memory: use one per goroutine. It panics if G(x) is not positive definite.
func NaturalGradientFlow(pot Potential, metric interface {
	Fisher(dst, q []float64)
}, lambda []float64) VectorField {
	d := pot.Dim()
	g, l := make([]float64, d*d), make([]float64, d*d)
	return func(dst, x []float64) {
		pot.Gradient(dst, x, lambda)
		metric.Fisher(g, x)
		if !cholesky(l, g, d) {
			panic(fmt.Sprintf("langevin: natural gradient: metric not positive definite at %v", x))
		}
		cholSolve(dst, l, dst, d)
		for i := range dst {
			dst[i] = -dst[i]
		}
	}
}

// DormandPrince integrates x' = f(x) with the explicit Runge–Kutta pair
// 5(4) of Dormand & Prince (1980) (FSAL, local extrapolation) and
// the standard step-size control on the error estimate (Hairer, Nørsett &
// Wanner, Solving ODEs I, §II.4): a step is accepted when
//
//	sqrt( mean_i [ e_i / (ATol + RTol max(|x_i|, |x'_i|)) ]^2 ) <= 1.
//
// Zero fields take defaults: RTol = ATol = 1e-10, MaxSteps = 10^6, MaxStep = +Inf.
type DormandPrince struct {
	RTol, ATol float64
	MaxStep    float64
	MaxSteps   int
}

// ODEStats counts the work of an integration.
type ODEStats struct {
	Accepted, Rejected, Evaluations int
}

// Dormand–Prince 5(4) tableau.
var (
	dpC = [7]float64{0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1}
	dpA = [7][6]float64{
		{},
		{1.0 / 5},
		{3.0 / 40, 9.0 / 40},
		{44.0 / 45, -56.0 / 15, 32.0 / 9},
		{19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
		{9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
		{35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84},
	}
	// dpE = b5 - b4, the error weights.
	dpE = [7]float64{71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40}
)

// Integrate advances x in place from t0 to t1 > t0 and returns the work done.
func (s DormandPrince) Integrate(f VectorField, x []float64, t0, t1 float64) (ODEStats, error) {
	var st ODEStats
	if !(t1 >= t0) {
		return st, fmt.Errorf("langevin: DormandPrince: t1 = %g before t0 = %g", t1, t0)
	}
	if t1 == t0 {
		return st, nil
	}
	rtol, atol, maxStep, maxSteps := s.RTol, s.ATol, s.MaxStep, s.MaxSteps
	if rtol == 0 {
		rtol = 1e-10
	}
	if atol == 0 {
		atol = 1e-10
	}
	if maxStep == 0 {
		maxStep = math.Inf(1)
	}
	if maxSteps == 0 {
		maxSteps = 1_000_000
	}
	n := len(x)
	var k [7][]float64
	for i := range k {
		k[i] = make([]float64, n)
	}
	y, xn := make([]float64, n), make([]float64, n)
	f(k[0], x)
	st.Evaluations++
	// Initial step (Hairer et al. II.4, simplified).
	d0, d1 := 0.0, 0.0
	for i := range x {
		sc := atol + rtol*math.Abs(x[i])
		d0 += (x[i] / sc) * (x[i] / sc)
		d1 += (k[0][i] / sc) * (k[0][i] / sc)
	}
	h := 1e-6
	if d0 > 1e-10 && d1 > 1e-10 {
		h = 0.01 * math.Sqrt(d0/d1)
	}
	h = math.Min(math.Min(h, maxStep), t1-t0)
	t := t0
	for t < t1 {
		if st.Accepted+st.Rejected >= maxSteps {
			return st, fmt.Errorf("langevin: DormandPrince: %d steps without reaching t = %g (at t = %g)", maxSteps, t1, t)
		}
		last := false
		if t+h >= t1 {
			h = t1 - t
			last = true
		}
		for s := 1; s < 7; s++ {
			for i := range y {
				acc := x[i]
				for j := 0; j < s; j++ {
					acc += h * dpA[s][j] * k[j][i]
				}
				y[i] = acc
			}
			f(k[s], y)
			st.Evaluations++
		}
		copy(xn, y) // stage 7 is evaluated at the 5th-order solution
		errn := 0.0
		for i := range x {
			e := 0.0
			for j := 0; j < 7; j++ {
				e += dpE[j] * k[j][i]
			}
			e *= h
			sc := atol + rtol*math.Max(math.Abs(x[i]), math.Abs(xn[i]))
			errn += (e / sc) * (e / sc)
		}
		errn = math.Sqrt(errn / float64(n))
		if math.IsNaN(errn) || math.IsInf(errn, 0) {
			return st, &NonFiniteError{Step: st.Accepted, What: "ODE state", Value: errn}
		}
		if errn <= 1 {
			st.Accepted++
			if last {
				t = t1
			} else {
				t += h
			}
			copy(x, xn)
			k[0], k[6] = k[6], k[0]
		} else {
			st.Rejected++
		}
		fac := 0.9 * math.Pow(math.Max(errn, 1e-10), -0.2)
		h *= math.Min(5, math.Max(0.2, fac))
		h = math.Min(h, maxStep)
		if h < 1e-14*math.Max(1, math.Abs(t)) {
			return st, fmt.Errorf("langevin: DormandPrince: step size underflow at t = %g", t)
		}
	}
	return st, nil
}

// Conserved is a scalar quantity Q(x) with its gradient, for the steps that
// keep it constant.
type Conserved interface {
	Value(x []float64) float64
	Gradient(dst, x []float64)
}

// GradientStep is one step of gradient descent, x -= eta grad L(x; lambda),
// using grad (len d) as scratch; on return grad holds grad L at the old x.
func GradientStep(pot Potential, x, grad, lambda []float64, eta float64) {
	pot.Gradient(grad, x, lambda)
	for i := range x {
		x[i] -= eta * grad[i]
	}
}

// RescaledGradientStep is the seed's "conservation-aware" update (its
// statement 9.2) exactly as written:
//
//	x -= eta grad L(x) (Q0 / Q(x))^{1/2}.
//
// It rescales the step but does not move x back to the level set Q = Q0.
// It panics if Q0/Q(x) < 0 (the square root is undefined).
func RescaledGradientStep(pot Potential, q Conserved, q0 float64, x, grad, lambda []float64, eta float64) {
	r := q0 / q.Value(x)
	if r < 0 {
		panic(fmt.Sprintf("langevin: rescaled step: Q0/Q = %g < 0", r))
	}
	pot.Gradient(grad, x, lambda)
	s := eta * math.Sqrt(r)
	for i := range x {
		x[i] -= s * grad[i]
	}
}

// Project moves x onto the level set Q(x) = q0 by Newton steps along grad Q,
// x -= (Q(x) - q0) grad Q / |grad Q|^2, until |Q(x) - q0| <= tol max(1, |q0|).
// tmp (len d) is scratch. It returns an error if that takes more than maxIter
// steps or grad Q vanishes.
func Project(q Conserved, q0 float64, x, tmp []float64, tol float64, maxIter int) error {
	for it := 0; it <= maxIter; it++ {
		r := q.Value(x) - q0
		if math.Abs(r) <= tol*math.Max(1, math.Abs(q0)) {
			return nil
		}
		if it == maxIter {
			break
		}
		q.Gradient(tmp, x)
		n2 := 0.0
		for _, g := range tmp {
			n2 += g * g
		}
		if n2 == 0 {
			return fmt.Errorf("langevin: projection: grad Q = 0 at %v", x)
		}
		for i := range x {
			x[i] -= r / n2 * tmp[i]
		}
	}
	return fmt.Errorf("langevin: projection onto Q = %g did not converge in %d steps", q0, maxIter)
}

// ProjectedGradientStep is a gradient step followed by Project: the
// post-projection method for manifolds of Hairer, Lubich & Wanner
// (Geometric Numerical Integration, 2006, §IV.4). grad and tmp are scratch.
func ProjectedGradientStep(pot Potential, q Conserved, q0 float64, x, grad, tmp, lambda []float64, eta, tol float64) error {
	GradientStep(pot, x, grad, lambda, eta)
	return Project(q, q0, x, tmp, tol, 50)
}

// ImplicitMidpointStep advances x by one implicit-midpoint step of x' = f(x),
//
//	x' = x + h f((x + x') / 2),
//
// solved by fixed-point iteration to tol (max-norm relative to 1 + |x|). The
// implicit midpoint rule conserves every quadratic invariant of the flow
// exactly (Cooper 1987; Hairer, Lubich & Wanner, Thm IV.2.1): applied to the
// gradient flow of a scale-invariant loss it keeps |x|^2. work must hold at
// least 3 len(x) values.
func ImplicitMidpointStep(f VectorField, x []float64, h, tol float64, maxIter int, work []float64) error {
	n := len(x)
	x0, xn, fm := work[:n], work[n:2*n], work[2*n:3*n]
	copy(x0, x)
	f(fm, x0)
	for i := range xn {
		xn[i] = x0[i] + h*fm[i]
	}
	for it := 0; it < maxIter; it++ {
		for i := range x {
			x[i] = 0.5 * (x0[i] + xn[i]) // midpoint, x used as scratch
		}
		f(fm, x)
		delta := 0.0
		for i := range xn {
			nv := x0[i] + h*fm[i]
			delta = math.Max(delta, math.Abs(nv-xn[i])/(1+math.Abs(nv)))
			xn[i] = nv
		}
		if delta <= tol {
			copy(x, xn)
			return nil
		}
	}
	copy(x, x0)
	return fmt.Errorf("langevin: implicit midpoint did not converge in %d iterations (h = %g too large?)", maxIter, h)
}
