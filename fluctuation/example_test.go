package fluctuation_test

import (
	"fmt"

	"github.com/thermosim/thermosim/fluctuation"
)

// Check the integral fluctuation theorem on per-trajectory entropy
// productions measured elsewhere.
func ExampleIFT() {
	s := []float64{0.9, -0.3, 1.4, 0.2, 2.1, -0.6, 0.7, 1.1}
	r := fluctuation.IFT(s)
	fmt.Printf("<exp(-s)> = %.4f +- %.4f (n = %d)\n", r.Value, r.StdErr, r.N)
	fmt.Printf("negative fraction = %.3f\n", fluctuation.NegativeFraction(s).Value)
	// Eight samples are far too few: the estimate comes with warnings.
	fmt.Println(len(r.Warnings), "warnings")
	// Output:
	// <exp(-s)> = 0.6995 +- 0.2112 (n = 8)
	// negative fraction = 0.250
	// 3 warnings
}

// Jarzynski's equality from work samples at T = 1.
func ExampleJarzynski() {
	w := []float64{1.2, 0.8, 1.5, 0.9, 1.1}
	r := fluctuation.Jarzynski(w, 1)
	fmt.Printf("Delta F = %.4f +- %.4f\n", r.Value, r.StdErr)
	// Output:
	// Delta F = 1.0711 +- 0.1160
}

// The relative entropy of two Gaussians.
func ExampleGaussianKL() {
	fmt.Printf("%.6f\n", fluctuation.GaussianKL([]float64{0}, []float64{1}, []float64{1}, []float64{2}))
	// Output:
	// 0.346574
}
