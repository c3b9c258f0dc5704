package experiment

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/invariants"
	"github.com/thermosim/thermosim/langevin"
	"github.com/thermosim/thermosim/models"
	"github.com/thermosim/thermosim/scenarios"
	"github.com/thermosim/thermosim/sim"
)

// invariantsMeasure monitors quantities Q from each trajectory's start to
// its end: the metric invariants.<q>.eps is the mean over trajectories of
// the violation eps = abs(Q(t) - Q(0)) / scale, with scale = abs(Q(0)), or,
// where Q(0) may be near 0, the size of the terms that cancel in Q
// (package invariants). A quantity is conserved only by the dynamics that
// conserve it: energy by frictionless Hamiltonian dynamics (up to the
// integrator's bounded shadow error), angular momentum by rotation-invariant
// potentials without friction, the balancedness C = W1 W1^T - W2^T W2 by
// gradient flow of a two-layer linear net (GD drifts by eta^2 (G1 G1^T -
// G2^T G2) per step; Du, Hu & Lee 2018); eta tr G by nothing in general
// (seed statement 8.2). The first-law residual checks the bookkeeping.
func invariantsMeasure(o *Outcome, m scenarios.Measure, cfg *sim.Config, fw *sim.Samples) error {
	qs, _ := m.Options["quantities"].([]string)
	if len(qs) == 0 {
		qs = []string{"energy"}
	}
	n, d := fw.N, fw.D
	for _, q := range qs {
		eps := make([]float64, n)
		switch q {
		case "energy":
			for j := range eps {
				e0, e1 := fw.U0[j], fw.UK[j]
				if fw.Underdamped {
					k0, k1 := kineticEnergies(fw, j, cfg.Mass)
					e0 += k0
					e1 += k1
				}
				eps[j] = math.Abs(e1-e0) / math.Abs(e0)
			}
		case "angular-momentum":
			if !fw.Underdamped || d != 2 {
				return fmt.Errorf("angular-momentum needs 2-D underdamped dynamics")
			}
			for j := range eps {
				l0 := invariants.AngularMomentum(fw.X0[2*j:2*j+2], fw.P0[2*j:2*j+2])
				l1 := invariants.AngularMomentum(fw.XK[2*j:2*j+2], fw.PK[2*j:2*j+2])
				scale := math.Hypot(fw.X0[2*j], fw.X0[2*j+1]) * math.Hypot(fw.P0[2*j], fw.P0[2*j+1])
				eps[j] = math.Abs(l1-l0) / scale
			}
		case "balancedness":
			tl, ok := cfg.Model.Potential.(*models.TwoLayerLinear)
			if !ok {
				return fmt.Errorf("balancedness needs the two-layer-linear model, not %s", cfg.Model.Kind)
			}
			h, f := tl.Hidden, tl.Data.F
			var c0, c1 mat.Dense
			for j := range eps {
				th0, th1 := fw.X0[j*d:(j+1)*d], fw.XK[j*d:(j+1)*d]
				scale := invariants.Balancedness(&c0, mat.NewDense(h, f, th0[:h*f]), mat.NewDense(1, h, th0[h*f:]))
				invariants.Balancedness(&c1, mat.NewDense(h, f, th1[:h*f]), mat.NewDense(1, h, th1[h*f:]))
				c1.Sub(&c1, &c0)
				eps[j] = mat.Norm(&c1, 2) / scale
			}
		case "eta-trace-g":
			fm, ok := cfg.Model.Potential.(langevin.FisherMetric)
			if !ok || cfg.Eta == nil {
				return fmt.Errorf("eta-trace-g needs learning dynamics on a model with a Fisher metric, not %s", cfg.Model.Kind)
			}
			g := make([]float64, d*d)
			for j := range eps {
				fm.Fisher(g, fw.X0[j*d:(j+1)*d])
				q0 := invariants.EtaTraceG(cfg.Eta[0], g, d)
				fm.Fisher(g, fw.XK[j*d:(j+1)*d])
				q1 := invariants.EtaTraceG(cfg.Eta[cfg.Steps], g, d)
				eps[j] = math.Abs(q1-q0) / math.Abs(q0)
			}
		default:
			return fmt.Errorf("unknown quantity %q", q)
		}
		o.Metrics.Set("invariants."+metricName(q)+".eps", estimate.Mean(eps))
	}
	if !cfg.NoEnergetics {
		// Balance law: Delta E - W + Q (- W_shadow) = 0 per trajectory.
		res := make([]float64, n)
		for j := range res {
			res[j] = math.Abs((fw.UK[j] - fw.U0[j]) - fw.W[j] + fw.Q[j])
			if fw.Underdamped {
				k0, k1 := kineticEnergies(fw, j, cfg.Mass)
				res[j] = math.Abs(fw.WShadow[j] + fw.W[j] - fw.Q[j] - ((fw.UK[j] - fw.U0[j]) + (k1 - k0)))
			}
		}
		o.Metrics.Set("invariants.first_law.residual", estimate.Mean(res))
	}
	return nil
}

func metricName(q string) string {
	out := []byte(q)
	for i, c := range out {
		if c == '-' {
			out[i] = '_'
		}
	}
	return string(out)
}

// kineticEnergies returns |p|^2/(2m) of trajectory j at the start and the end.
func kineticEnergies(fw *sim.Samples, j int, mass float64) (k0, k1 float64) {
	for i := j * fw.D; i < (j+1)*fw.D; i++ {
		k0 += fw.P0[i] * fw.P0[i]
		k1 += fw.PK[i] * fw.PK[i]
	}
	return 0.5 * k0 / mass, 0.5 * k1 / mass
}
