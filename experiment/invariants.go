package experiment

import (
	"fmt"
	"math"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/scenarios"
	"github.com/thermosim/thermosim/sim"
)

// invariantsMeasure monitors the ensemble-mean total energy along the run:
// eps(t) = |E(t) - E(0)| / |E(0)| with E = U (+ kinetic energy for
// underdamped dynamics, recorded as the shadow work closes the first law).
// The seed's statements about other invariants are measured by `thermosim
// claims` (package claims), which needs dynamics with a metric.
func invariantsMeasure(o *Outcome, m scenarios.Measure, cfg *sim.Config, fw *sim.Samples) error {
	qs, _ := m.Options["quantities"].([]string)
	for _, q := range qs {
		if q != "energy" {
			return fmt.Errorf("quantity %q is measured by `thermosim claims` (package claims); in scenarios only energy is monitored", q)
		}
	}
	// Energy of each trajectory at the end against its start: for
	// conservative dynamics (leapfrog, no protocol) it is conserved up to
	// the integrator's shadow error.
	eps := make([]float64, fw.N)
	for j := range eps {
		e0, e1 := fw.U0[j], fw.UK[j]
		if fw.Underdamped {
			k0, k1 := 0.0, 0.0
			for i := j * fw.D; i < (j+1)*fw.D; i++ {
				k0 += fw.P0[i] * fw.P0[i]
				k1 += fw.PK[i] * fw.PK[i]
			}
			e0 += 0.5 * k0 / cfg.Mass
			e1 += 0.5 * k1 / cfg.Mass
		}
		eps[j] = math.Abs(e1-e0) / math.Abs(e0)
	}
	o.Metrics.Set("invariants.energy.eps", estimate.Mean(eps))
	// Balance law: Delta E - W + Q - W_shadow = 0 per trajectory (first law).
	res := make([]float64, fw.N)
	for j := range res {
		res[j] = math.Abs((fw.UK[j] - fw.U0[j]) - fw.W[j] + fw.Q[j])
		if fw.Underdamped {
			res[j] = math.Abs(fw.WShadow[j] + fw.W[j] - fw.Q[j] - ((fw.UK[j] - fw.U0[j]) + kinetic(fw, j, cfg.Mass)))
		}
	}
	o.Metrics.Set("invariants.first_law.residual", estimate.Mean(res))
	return nil
}

func kinetic(fw *sim.Samples, j int, mass float64) float64 {
	k0, k1 := 0.0, 0.0
	for i := j * fw.D; i < (j+1)*fw.D; i++ {
		k0 += fw.P0[i] * fw.P0[i]
		k1 += fw.PK[i] * fw.PK[i]
	}
	return 0.5 * (k1 - k0) / mass
}
