package langevin_test

import (
	"fmt"
	"math"

	"github.com/thermosim/thermosim/langevin"
)

// radialLoss is L = 1/4 (|q|^2 - 1)^2 in the plane.
type radialLoss struct{}

func (radialLoss) Dim() int { return 2 }
func (radialLoss) Energy(dst, x, _ []float64) {
	r := x[0]*x[0] + x[1]*x[1] - 1
	dst[0] = 0.25 * r * r
}
func (radialLoss) Gradient(dst, x, _ []float64) {
	r := x[0]*x[0] + x[1]*x[1] - 1
	dst[0], dst[1] = r*x[0], r*x[1]
}

// Conservative dynamics of the action int [1/2 q'^T G q' - L] dt with the
// Euclidean metric: the generalised leapfrog keeps the energy within
// O(dt^2) and the angular momentum of the rotation-invariant loss to rounding.
func ExampleMetricHamiltonian() {
	h := &langevin.MetricHamiltonian{Potential: radialLoss{}, Metric: langevin.Identity(2)}
	w := h.NewWork()
	q, p := []float64{1.2, 0}, []float64{0, 0.8}
	e0, _ := h.Energy(q, p, nil, w)
	l0 := q[0]*p[1] - q[1]*p[0]
	worst := 0.0
	for k := 0; k < 10000; k++ {
		if err := h.Step(q, p, nil, 0.01, w); err != nil {
			panic(err)
		}
		e, _ := h.Energy(q, p, nil, w)
		worst = math.Max(worst, math.Abs(e-e0)/e0)
	}
	l := q[0]*p[1] - q[1]*p[0]
	fmt.Printf("max |E - E0|/E0 = %.0e, angular momentum kept to 1e-12: %v\n", worst, math.Abs(l-l0) < 1e-12)
	// Output: max |E - E0|/E0 = 4e-08, angular momentum kept to 1e-12: true
}

// Gradient flow with Dormand–Prince 5(4): x' = -grad U for U = x^2/2 gives
// x(t) = x0 e^{-t}.
func ExampleDormandPrince() {
	x := []float64{1}
	f := func(dst, x []float64) { dst[0] = -x[0] }
	st, _ := langevin.DormandPrince{RTol: 1e-10, ATol: 1e-12}.Integrate(f, x, 0, 2)
	fmt.Printf("x(2) = %.10f (exact %.10f), %d steps\n", x[0], math.Exp(-2), st.Accepted)
	// Output: x(2) = 0.1353352832 (exact 0.1353352832), 55 steps
}
