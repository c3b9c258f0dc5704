package freeenergy

import (
	"math"
	"sort"

	"github.com/thermosim/thermosim/estimate"
	"gonum.org/v1/gonum/integrate"
)

// Quadrature selects the rule of thermodynamic integration.
type Quadrature int

const (
	// Simpson is gonum's integrate.Simpsons (composite Simpson's rule for
	// unevenly spaced points; three points or more).
	Simpson Quadrature = iota
	// Trapezoid is gonum's integrate.Trapezoidal.
	Trapezoid
)

func (q Quadrature) integrate(x, f []float64) float64 {
	if q == Simpson {
		return integrate.Simpsons(x, f)
	}
	return integrate.Trapezoidal(x, f)
}

func (q Quadrature) String() string {
	if q == Simpson {
		return "Simpson"
	}
	return "trapezoid"
}

// TI returns the thermodynamic-integration estimate (Kirkwood 1935)
//
//	Delta F = int_{lambda_0}^{lambda_K} <dU/dlambda>_lambda dlambda
//
// from equilibrium means of dU/dlambda on the increasing grid lambdas, with
// their standard errors, by Simpson's rule when there are three points or
// more and the trapezoid rule for two. See TIRule.
func TI(lambdas, means, stderrs []float64) estimate.Result {
	q := Simpson
	if len(lambdas) < 3 {
		q = Trapezoid
	}
	return TIRule(q, lambdas, means, stderrs)
}

// TIRule is TI with the quadrature rule q. Both rules are linear in the
// means, Delta F = sum_i c_i <dU/dlambda>_i, so the standard error of
// independent grid points is exactly sqrt(sum_i c_i^2 SE_i^2); the weights
// c_i are found by applying the rule to unit vectors. The result warns when
// the discretisation error, estimated as the difference between the
// Simpson and trapezoid results, exceeds the standard error, and when only
// two points leave it unknown. TIRule panics if the slices differ in length,
// have fewer than two points (three for Simpson), or lambdas is not strictly
// increasing.
func TIRule(q Quadrature, lambdas, means, stderrs []float64) estimate.Result {
	n := len(lambdas)
	if len(means) != n || len(stderrs) != n {
		panic("freeenergy: TI slices of different lengths")
	}
	if n < 2 || (q == Simpson && n < 3) {
		panic("freeenergy: TI needs two grid points (three for Simpson)")
	}
	if !sort.Float64sAreSorted(lambdas) {
		panic("freeenergy: TI grid not increasing")
	}
	for i := 1; i < n; i++ {
		if lambdas[i] == lambdas[i-1] {
			panic("freeenergy: TI grid with a repeated point")
		}
	}
	value := q.integrate(lambdas, means)
	e := make([]float64, n)
	v := 0.0
	for i := range e {
		e[i] = 1
		c := q.integrate(lambdas, e)
		e[i] = 0
		v += c * c * stderrs[i] * stderrs[i]
	}
	r := estimate.NewResult(value, math.Sqrt(v), n)
	if n < 3 {
		r.Warn("TI on two grid points: the discretisation error is unknown")
		return r
	}
	other := Trapezoid
	if q == Trapezoid {
		other = Simpson
	}
	if d := math.Abs(value - other.integrate(lambdas, means)); d > r.StdErr {
		r.Warn("TI discretisation error: %s and %s rules differ by %.3g, more than the standard error %.3g; refine the lambda grid", q, other, d, r.StdErr)
	}
	return r
}
