package invariants_test

import (
	"fmt"
	"math"

	"github.com/thermosim/thermosim/invariants"
)

// Monitor the energy of a harmonic oscillator integrated by leapfrog:
// the violation stays small and bounded (symplectic integrator).
func ExampleMonitor() {
	q, p, dt := 1.0, 0.0, 0.01
	energy := func() float64 { return 0.5*p*p + 0.5*q*q }
	m := invariants.NewMonitor("E", 0)
	m.Record(0, energy())
	for k := 1; k <= 10000; k++ {
		p -= 0.5 * dt * q
		q += dt * p
		p -= 0.5 * dt * q
		m.Record(float64(k)*dt, energy())
	}
	fmt.Printf("max eps = %.1e\n", m.MaxViolation())
	// Output: max eps = 2.5e-05
}

// The adiabatic invariant of a recorded orbit: J = 2 pi E / omega.
func ExampleLoopAction() {
	var q, p []float64
	for i := 0; i < 20000; i++ {
		t := 0.001 * float64(i)
		q = append(q, math.Cos(t))
		p = append(p, -math.Sin(t))
	}
	j, periods, _ := invariants.LoopAction(q, p, 0)
	fmt.Printf("J = %.4f over %d periods (2 pi E / omega = %.4f)\n", j, periods, math.Pi)
	// Output: J = 3.1416 over 2 periods (2 pi E / omega = 3.1416)
}
