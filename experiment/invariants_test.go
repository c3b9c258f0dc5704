package experiment

import "testing"

// TestInvariantsMonitors: frictionless leapfrog keeps the energy to its
// bounded O(dt^2) shadow error while BAOAB with friction does not; gradient
// descent on a two-layer linear net keeps C = W1 W1^T - W2^T W2 up to its
// O(eta^2) drift per step (Du, Hu & Lee 2018).
func TestInvariantsMonitors(t *testing.T) {
	lf := runYAML(t, `
name: lf
model: {kind: harmonic, dim: 2, params: {stiffness: 1.0}}
dynamics: {kind: underdamped, integrator: leapfrog, dt: 0.01, steps: 2000, friction: 0}
ensemble: {trajectories: 300}
measure:
  - invariants: {quantities: [energy, angular-momentum]}
`)
	e, _ := metric(t, lf, "invariants.energy.eps")
	l, _ := metric(t, lf, "invariants.angular_momentum.eps")
	// leapfrog on k = m = 1: relative energy error at most (dt/2)^2 = 2.5e-5
	// in magnitude, angular momentum exactly conserved up to rounding
	if e > 5e-5 || l > 1e-10 {
		t.Errorf("leapfrog: energy eps %g, angular momentum eps %g", e, l)
	}
	fr := runYAML(t, `
name: baoab
model: {kind: harmonic, dim: 2, params: {stiffness: 1.0}}
dynamics: {kind: underdamped, dt: 0.01, steps: 2000, friction: 1.0}
ensemble: {trajectories: 300}
measure:
  - invariants: {quantities: [energy, angular-momentum]}
`)
	if e2, _ := metric(t, fr, "invariants.energy.eps"); e2 < 0.1 {
		t.Errorf("with friction and noise the energy eps %g should be of order one", e2)
	}
	// Over a fixed time eta K the drifts add up to O(eta): halving eta
	// halves the violation of C (gradient flow conserves it), while
	// eta tr G changes by order one whatever eta.
	twoLayer := func(eta float64, steps int) (float64, float64) {
		o := runYAML(t, sprintf(`
name: twolayer
model:
  kind: two-layer-linear
  params: {hidden: 2, data: {synthetic: linear, n: 50, features: 2, noise: 0.1, seed: 4}}
dynamics: {kind: gd, dt: 1.0, steps: %d, learning_rate: %g}
initial: {kind: gaussian, mean: [0.3, -0.2, 0.1, 0.4, 0.5, -0.3], cov: 0.01}
ensemble: {trajectories: 50}
measure:
  - invariants: {quantities: [balancedness, eta-trace-g]}
`, steps, eta))
		b, _ := metric(t, o, "invariants.balancedness.eps")
		g, _ := metric(t, o, "invariants.eta_trace_g.eps")
		return b, g
	}
	b1, g1 := twoLayer(0.02, 100)
	b2, _ := twoLayer(0.01, 200)
	b3, _ := twoLayer(0.005, 400)
	t.Logf("GD at eta = 0.02, 0.01, 0.005 (eta K = 2): balancedness eps %.4g, %.4g, %.4g; eta tr G eps %.3g", b1, b2, b3, g1)
	if r1, r2 := b1/b2, b2/b3; r1 < 1.8 || r1 > 2.2 || r2 < 1.8 || r2 > 2.2 {
		t.Errorf("balancedness violation does not scale as eta: ratios %.3f, %.3f (want 2)", r1, r2)
	}
	if g1 < 0.5 {
		t.Errorf("eta tr G eps %g: expected an order-one change", g1)
	}
}
