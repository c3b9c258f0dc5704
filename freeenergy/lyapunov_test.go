package freeenergy_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/freeenergy"
	"github.com/thermosim/thermosim/internal/rng"
)

// noisy returns F_i = f(t_i) + se xi_i with standard error se.
func noisy(src *rng.Source, times []float64, f func(float64) float64, se float64) []estimate.Result {
	out := make([]estimate.Result, len(times))
	for i, t := range times {
		out[i] = estimate.NewResult(f(t)+se*src.Norm(), se, 1000)
	}
	return out
}

func TestLyapunovCheck(t *testing.T) {
	src := rng.Stream(21, "lyapunov", 0)
	times := make([]float64, 30)
	for i := range times {
		times[i] = 0.2 * float64(i)
	}
	// a decreasing F relaxing to a plateau, noise se = 0.01: the plateau's
	// pairs are null, and with 435 pairs the threshold is the Bonferroni 4.58
	dec := noisy(&src, times, func(t float64) float64 { return 1 + 2*math.Exp(-t) }, 0.01)
	l := freeenergy.LyapunovCheck(times, dec)
	if l.Significant {
		t.Errorf("decreasing: flagged %+v", l)
	}
	if l.Pairs != 435 || math.Abs(l.Threshold-math.Sqrt2*math.Erfcinv(2*1e-3/435)) > 1e-12 || l.Threshold <= 4 {
		t.Errorf("pairs %d threshold %v", l.Pairs, l.Threshold)
	}
	if l.Final.Value != dec[len(dec)-1].Value || l.Final.StdErr != dec[len(dec)-1].StdErr {
		t.Errorf("final %v, want %v", l.Final, dec[len(dec)-1])
	}
	// an increase of 0.1 in the middle (10 standard errors of the difference
	// at se = 0.01 per point: 0.1/sqrt(2e-4) = 7.1)
	inc := noisy(&src, times, func(t float64) float64 {
		f := 1 + 2*math.Exp(-t)
		if t > 3 {
			f += 0.1
		}
		return f
	}, 0.01)
	l = freeenergy.LyapunovCheck(times, inc)
	if !l.Significant || times[l.MaxZTo] <= 3 || times[l.MaxZFrom] > 3 {
		t.Errorf("increasing: %+v", l)
	}
	if z := (l.MaxIncrease.Value - 0.1) / l.MaxIncrease.StdErr; z < -4 || z > 4+l.Threshold {
		// the maximum over pairs is biased upward by the noise; it cannot
		// be far below the step
		t.Errorf("max increase %v, step 0.1", l.MaxIncrease)
	}
	if len(l.MaxIncrease.Warnings) != 1 {
		t.Errorf("warnings %q", l.MaxIncrease.Warnings)
	}
	// exact values: a strictly decreasing sequence has a negative maximum
	// increase, and a rise of one part in 1e10 is flagged
	ex := []estimate.Result{estimate.Exact(3, 1), estimate.Exact(2, 1), estimate.Exact(1.5, 1)}
	l = freeenergy.LyapunovCheck([]float64{0, 1, 2}, ex)
	if l.Significant || l.MaxIncrease.Value != -0.5 || l.From != 1 || l.To != 2 || l.Threshold != 4 {
		t.Errorf("exact decreasing: %+v", l)
	}
	ex[2] = estimate.Exact(2+2e-10, 1)
	if l = freeenergy.LyapunovCheck([]float64{0, 1, 2}, ex); !l.Significant || l.ConsecutiveMaxFrom != 1 {
		t.Errorf("exact rise: %+v", l)
	}
	if l = freeenergy.LyapunovCheck(nil, nil); l.Significant || !math.IsNaN(l.MaxIncrease.Value) {
		t.Errorf("empty: %+v", l)
	}
}

func TestLyapunovCheckPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"lengths":  func() { freeenergy.LyapunovCheck([]float64{0, 1}, make([]estimate.Result, 3)) },
		"unsorted": func() { freeenergy.LyapunovCheck([]float64{0, 1, 1}, make([]estimate.Result, 3)) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// Exact (to the trapezoid rule's error): on the gradient flow of
// L = sum_i a_i theta_i^2 / 2, theta_i(t) = theta_i(0) e^(-eta a_i t), so
// |grad L|^2 = sum_i a_i^2 theta_i^2 and L(t) - L(0) = -eta int |grad L|^2.
// The trapezoid error on [0, tEnd] with step h is bounded by
// tEnd h^2 max|f”| / 12, f = |grad L|^2, f” = sum_i 4 eta^2 a_i^4 theta_i^2.
func TestGradientFlowCheck(t *testing.T) {
	a := []float64{0.5, 2, 5}
	th0 := []float64{1, -0.5, 0.3}
	const eta, h, tEnd = 0.7, 0.01, 3.0
	var times, loss, g2 []float64
	f2max := 0.0
	for j := 0; j <= 300; j++ { // tEnd/h
		tt := float64(j) * h
		l, g, f2 := 0.0, 0.0, 0.0
		for i := range a {
			th := th0[i] * math.Exp(-eta*a[i]*tt)
			l += 0.5 * a[i] * th * th
			g += a[i] * a[i] * th * th
			f2 += 4 * eta * eta * math.Pow(a[i], 4) * th * th
		}
		f2max = math.Max(f2max, f2)
		times, loss, g2 = append(times, tt), append(loss, l), append(g2, g)
	}
	bound := eta * tEnd * h * h * f2max / 12
	r := freeenergy.GradientFlowCheck(times, loss, g2, eta, 0)
	if r.MaxResidual > bound || !r.Holds {
		t.Errorf("gradient flow: residual %v (bound %v), quadrature error %v, holds %v", r.MaxResidual, bound, r.QuadratureError, r.Holds)
	}
	// Richardson's estimate is the trapezoid error to leading order
	if r.QuadratureError < 0.5*r.MaxResidual || r.QuadratureError > 2*r.MaxResidual {
		t.Errorf("quadrature error estimate %v vs residual %v", r.QuadratureError, r.MaxResidual)
	}
	// a wrong rate (the path of eta' = 1.1 eta checked at eta) fails
	r = freeenergy.GradientFlowCheck(times, loss, g2, 1.1*eta, 1e-6)
	if r.Holds || r.MaxResidual < 0.05*r.Drop {
		t.Errorf("wrong eta: %+v", r)
	}
}

func ExampleLyapunovCheck() {
	times := []float64{0, 1, 2, 3}
	F := []estimate.Result{
		estimate.NewResult(2.00, 0.01, 1000),
		estimate.NewResult(1.50, 0.01, 1000),
		estimate.NewResult(1.60, 0.01, 1000), // a rise of 7 standard errors
		estimate.NewResult(1.20, 0.01, 1000),
	}
	l := freeenergy.LyapunovCheck(times, F)
	fmt.Printf("max increase %.2f ± %.3f between t=%v and t=%v, z = %.1f, significant: %v\n",
		l.MaxIncrease.Value, l.MaxIncrease.StdErr, times[l.From], times[l.To], l.Z, l.Significant)
	// Output:
	// max increase 0.10 ± 0.014 between t=1 and t=2, z = 7.1, significant: true
}
