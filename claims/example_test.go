package claims_test

import (
	"context"
	"fmt"

	"github.com/thermosim/thermosim/claims"
)

// Run the experiment of statement 6.2 (the adiabatic invariant) with a slow
// ramp and again with a fast one: the verdict follows the measurement.
func Example() {
	exps, _ := claims.Select([]string{"6.2"})
	for _, tau := range []float64{100, 1} {
		o := claims.DefaultOptions()
		o.RampTime = tau
		c, err := exps[0].Run(context.Background(), o)
		if err != nil {
			panic(err)
		}
		fmt.Printf("ramp time %g: %s (|J1/J0 - 1| = %.1e)\n", tau, c.Verdict, c.Figures["eps_J_slow"])
	}
	// Output:
	// ramp time 100: holds under conditions (|J1/J0 - 1| = 1.8e-06)
	// ramp time 1: fails (|J1/J0 - 1| = 5.4e-01)
}
