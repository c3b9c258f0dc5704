package paths_test

import (
	"fmt"

	"github.com/thermosim/thermosim/paths"
)

// The exact density of the Euler–Maruyama chain in a harmonic trap dragged
// at speed 1 (k = 1, gamma = 1, T = 1, dt = 0.2), started in equilibrium, and
// one step of the exact log ratio of forward to reversed path probabilities.
func Example() {
	l0 := &paths.Linear{K: []float64{1}, C: []float64{0}, T: 1}
	g, err := paths.NewEquilibrium(l0)
	if err != nil {
		panic(err)
	}
	const dt, gamma = 0.2, 1.0
	l1 := &paths.Linear{K: []float64{1}, C: []float64{0.2}, T: 1}
	paths.OverdampedEM{Gamma: gamma}.Step(g, l1, dt)
	fmt.Printf("step 1: mean %.4f, var %.4f\n", g.Mean[0], g.Var[0])

	// A state moved from x_0 = 0.1 to x_1 = 0.3: forward force F(x_0; lambda_1)
	// = -(0.1 - 0.2), reversed force F(x_1; lambda_0) = -(0.3 - 0).
	x0, x1 := []float64{0.1}, []float64{0.3}
	fFwd, fRev := []float64{0.1}, []float64{-0.3}
	ratio := []float64{0}
	paths.LogRatioEM(ratio, x0, x1, fFwd, fRev, 1, dt, gamma)
	fmt.Printf("ln P[fwd]/P[rev] = %.4f\n", ratio[0])
	// Output:
	// step 1: mean 0.0400, var 1.0400
	// ln P[fwd]/P[rev] = -0.0160
}
