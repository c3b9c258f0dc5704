package experiment

import (
	"fmt"
	"testing"
)

var sprintf = fmt.Sprintf

// TestDetailedBalanceMALAvsEM: MALA satisfies detailed balance with respect
// to exp(-U/T) at any dt (Roberts & Tweedie 1996); the unadjusted
// Euler–Maruyama chain at a coarse dt does not (its stationary density is
// biased at O(dt)), and the binned test detects it.
func TestDetailedBalanceMALAvsEM(t *testing.T) {
	const tmpl = `
name: dw
seed: 21
model: {kind: double-well, params: {height: 1.0}}
dynamics: {kind: %s, dt: 0.06, steps: 600, temperature: 0.7}
ensemble: {trajectories: 3000}
record: {every: 1}
measure:
  - balance: {bins: 12, range: [-2, 2], lag: 3}
`
	mala := runYAML(t, sprintf(tmpl, "mala"))
	p, _ := metric(t, mala, "balance.p_value")
	beta, bse := metric(t, mala, "balance.ratio_beta")
	t.Logf("MALA: p = %.3g, fitted beta = %.4f ± %.4f (1/T = %.4f)", p, beta, bse, 1/0.7)
	if p < 1e-3 {
		t.Errorf("MALA fails detailed balance: p = %g", p)
	}
	em := runYAML(t, sprintf(tmpl, "overdamped"))
	pe, _ := metric(t, em, "balance.p_value")
	be, bes := metric(t, em, "balance.ratio_beta")
	t.Logf("EM: p = %.3g, fitted beta = %.4f ± %.4f", pe, be, bes)
	if pe > 1e-6 {
		t.Errorf("Euler–Maruyama at coarse dt passes detailed balance: p = %g", pe)
	}
}

// TestAnisotropicNoiseBreaksBalance: a coupled quadratic (non-diagonal
// Hessian) with isotropic noise is at equilibrium; with a different
// temperature per coordinate its steady state carries a current and the
// test fails (Kwon, Ao & Thouless 2005).
func TestAnisotropicNoiseBreaksBalance(t *testing.T) {
	const tmpl = `
name: aniso
seed: 8
model: {kind: quadratic, params: {curvatures: [1.0, 1.0], coupling: 0.6}}
dynamics: {kind: overdamped, dt: 0.01, steps: 3000, temperature: 1.0%s}
ensemble: {trajectories: 400}
record: {every: 10}
measure:
  - balance: {bins: 6, range: [-3, 3], lag: 1}
`
	iso := runYAML(t, sprintf(tmpl, ""))
	p, _ := metric(t, iso, "balance.p_value")
	r, rse := metric(t, iso, "balance.entropy_production_rate")
	t.Logf("isotropic: p = %.3g, rate = %.4f ± %.4f", p, r, rse)
	if p < 1e-3 {
		t.Errorf("isotropic noise fails detailed balance: p = %g", p)
	}
	an := runYAML(t, sprintf(tmpl, ", noise: [0.5, 2.0]"))
	pa, _ := metric(t, an, "balance.p_value")
	ra, rase := metric(t, an, "balance.entropy_production_rate")
	t.Logf("anisotropic: p = %.3g, rate = %.4f ± %.4f", pa, ra, rase)
	if pa > 1e-6 || ra < 4*rase {
		t.Errorf("anisotropic noise not detected: p = %g, rate %g ± %g", pa, ra, rase)
	}
	found := false
	for _, f := range an.Figures {
		if f.Name == "balance-current" && f.Arrows != nil && len(f.Arrows.U) > 0 {
			found = true
		}
	}
	if !found {
		t.Error("no current-field figure")
	}
}
