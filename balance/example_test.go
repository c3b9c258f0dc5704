package balance_test

import (
	"fmt"

	"github.com/thermosim/thermosim/balance"
)

// A driven three-state ring (the counts of a trajectory of 10 000 steps
// that went around 0 -> 1 -> 2 -> 0 more often than backwards) fails the
// detailed-balance test, carries a net current and produces entropy; a
// symmetric count matrix passes.
func Example() {
	ring := balance.NewCounts(3)
	for _, tr := range []struct {
		from, to int
		n        int64
	}{
		{0, 1, 1000}, {1, 2, 1000}, {2, 0, 1000}, // forward
		{1, 0, 600}, {2, 1, 600}, {0, 2, 600}, // backward
		{0, 0, 1733}, {1, 1, 1733}, {2, 2, 1734}, // stay
	} {
		for k := int64(0); k < tr.n; k++ {
			ring.Add(tr.from, tr.to)
		}
	}
	const tau = 0.1 // time between the two ends of a pair
	// each pair has D = 1000 - 600 = 400 around the cycle, n = 1600:
	// chi2 = 3 * 400^2 / 1600 = 300 on one cycle.
	test := balance.Test(ring, 0)
	fmt.Printf("ring: chi2 = %.1f, dof = %d, p = %.1e\n", test.Chi2, test.DoF, test.PValue)
	j := ring.Currents(nil, tau)
	fmt.Printf("net current J_01 = %.3f per unit time\n", j[0*3+1])
	sigma := balance.EntropyProduction(ring, tau)
	fmt.Printf("entropy production rate = %.3f +- %.3f per unit time\n", sigma.Value, sigma.StdErr)

	sym := balance.NewCounts(3)
	for i := 0; i < 3; i++ {
		for k := 0; k < 3; k++ {
			for n := 0; n < 500+100*(i+k); n++ {
				sym.Add(i, k)
			}
		}
	}
	fmt.Printf("symmetric: p = %.2f\n", balance.Test(sym, 0).PValue)
	// Output:
	// ring: chi2 = 300.0, dof = 1, p = 3.3e-67
	// net current J_01 = 0.400 per unit time
	// entropy production rate = 0.613 +- 0.070 per unit time
	// symmetric: p = 1.00
}

// The grid maps states to bins; its flat index is row-major.
func ExampleGrid_Index() {
	g, _ := balance.NewGrid([]int{4, 4}, [][2]float64{{-2, 2}, {-2, 2}})
	idx := g.IndexSeries(nil, []float64{-1.5, -1.5, 0.5, -1.5, 0.5, 1.9, 3, 0})
	fmt.Println(idx)
	// Output:
	// [0 8 11 -1]
}
