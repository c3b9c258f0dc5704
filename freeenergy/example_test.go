package freeenergy_test

import (
	"fmt"
	"math"

	"github.com/thermosim/thermosim/freeenergy"
	"github.com/thermosim/thermosim/internal/rng"
)

// Free energy of stiffening a harmonic trap from k0 = 1 to k1 = 2 at T = 1
// by an instantaneous switch: W_F = (k1 - k0) x^2/2 with x drawn from the
// Gibbs state at k0, W_R = (k0 - k1) x^2/2 with x from k1. Exact Delta F =
// (T/2) ln(k1/k0) = 0.3466.
func Example() {
	const k0, k1, T, n = 1.0, 2.0, 1.0, 5000
	src := rng.Stream(1, "example", 0)
	wF, wR := make([]float64, n), make([]float64, n)
	for i := range wF {
		x := src.Norm() * math.Sqrt(T/k0)
		wF[i] = (k1 - k0) * x * x / 2
		y := src.Norm() * math.Sqrt(T/k1)
		wR[i] = (k0 - k1) * y * y / 2
	}
	exp := freeenergy.EXP(wF, T)
	bar := freeenergy.BAR(wF, wR, T)
	fmt.Printf("exact %.3f\n", T/2*math.Log(k1/k0))
	fmt.Printf("EXP   %.3f ± %.3f\n", exp.Value, exp.StdErr)
	fmt.Printf("BAR   %.3f ± %.3f, %d warnings\n", bar.Value, bar.StdErr, len(bar.Warnings))
	// Output:
	// exact 0.347
	// EXP   0.352 ± 0.006
	// BAR   0.351 ± 0.005, 0 warnings
}

// Thermodynamic integration of <dU/dk> = T/(2k) over k in [1, 2] on five
// points with Simpson's rule; the exact answer is (T/2) ln 2 = 0.34657. On
// so coarse a grid the trapezoid rule differs from Simpson's by more than
// the standard error, and TI says so.
func ExampleTI() {
	ks := []float64{1, 1.25, 1.5, 1.75, 2}
	means, ses := make([]float64, 5), make([]float64, 5)
	for i, k := range ks {
		means[i], ses[i] = 1/(2*k), 0.001
	}
	r := freeenergy.TI(ks, means, ses)
	fmt.Printf("%.5f ± %.5f\n", r.Value, r.StdErr)
	fmt.Println(len(r.Warnings), "warning")
	// Output:
	// 0.34663 ± 0.00051
	// 1 warning
}

// A poorly overlapping case: constant forward and reverse work far apart
// give BAR's exact solution (W_F - W_R)/2 but an overlap warning.
func ExampleBAR() {
	r := freeenergy.BAR([]float64{20, 20.5, 19.5}, []float64{-2, -2.5, -1.5}, 1)
	fmt.Printf("%.4f\n", r.Value)
	for _, w := range r.Warnings {
		fmt.Println(w)
	}
	// Output:
	// 11.0000
	// poor overlap between forward and reverse work: overlap-matrix element 0.000268 < 0.03; sample more or use intermediate states
}
