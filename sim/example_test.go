package sim_test

import (
	"context"
	"fmt"

	"github.com/thermosim/thermosim/langevin"
	"github.com/thermosim/thermosim/mc"
	"github.com/thermosim/thermosim/models"
	"github.com/thermosim/thermosim/sim"
)

// A trap whose stiffness jumps from 1 to 2 at t = 0 (a quench): all the work
// is done at fixed x_0, W = (2 - 1) x_0^2 / 2, and the first law holds per
// trajectory.
func ExampleRun() {
	h := &models.Harmonic{D: 1}
	m := &models.Model{Kind: "harmonic", Potential: h, Controls: []string{"stiffness", "center"}, Lambda0: []float64{1, 0}}
	cfg := &sim.Config{Seed: 1, Model: m, Integrator: &langevin.EulerMaruyama{Pot: h, Gamma: 1},
		Dt: 0.01, Steps: 2, Gamma: 1, Mass: 1, Trajectories: 3,
		Lambda: [][]float64{{1, 0}, {2, 0}, {2, 0}}, Temp: []float64{1, 1, 1},
		Initial: sim.Initial{Kind: "equilibrium"}}
	if err := cfg.Validate(); err != nil {
		panic(err)
	}
	outs, _, err := sim.Run(context.Background(), cfg, "forward", mc.Blocks(3, sim.BlockSize), 1, nil)
	if err != nil {
		panic(err)
	}
	s, _ := sim.Collect(cfg, outs)
	for j := 0; j < s.N; j++ {
		x0 := s.X0[j]
		fmt.Printf("W = x0^2/2: %v; first law: %v\n", s.W[j] == 0.5*x0*x0, s.UK[j]-s.U0[j]-(s.W[j]-s.Q[j]) < 1e-15)
	}
	// Output:
	// W = x0^2/2: true; first law: true
	// W = x0^2/2: true; first law: true
	// W = x0^2/2: true; first law: true
}
