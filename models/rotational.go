package models

import (
	"fmt"
	"math"

	"github.com/thermosim/thermosim/internal/rng"
)

// The rotational model: a 2-D harmonic trap with a rotational
// (non-gradient) force, the simplest steady state out of equilibrium.
//
//	U(x, y) = k/2 (x^2 + y^2),   f(x, y) = tau (-y, x),   lambda = (k, tau).
//
// Exact steady state of the overdamped dynamics
// gamma dx = (-grad U + f) dt + sqrt(2 gamma T) dW (Zia & Schmittmann,
// J. Stat. Mech. P07012 (2007) on steady-state currents; Seifert, Rep. Prog.
// Phys. 75, 126001 (2012) on entropy production in overdamped and linear
// systems; the derivation is in docs/balance.md):
//
//   - div f = 0 and f . grad U = 0, so the Gibbs density
//     p(x) = k/(2 pi T) exp(-k |x|^2 / (2T)) solves the stationary
//     Fokker–Planck equation: div(f p) = p div f + f . grad p = 0.
//   - The probability current j = ((-grad U + f) p - T grad p)/gamma
//     reduces to j = f p / gamma = (tau/gamma) (-y, x) p(x): a rigid rotation
//     with local mean velocity v = j/p = (tau/gamma)(-y, x), angular
//     velocity omega = tau/gamma at every radius.
//   - The entropy production rate (k_B = 1) is
//     sigma = int j . (gamma/T) j / p dx = (gamma/T) <|v|^2>
//     = (tau^2/(gamma T)) <x^2 + y^2> = 2 tau^2 / (gamma k),
//     equal to the heat dissipated per unit time over T,
//     <(-grad U + f) o dx>/(T dt) = <f o dx>/(T dt), since <grad U o dx> =
//     d<U> = 0 in the steady state. It does not depend on T.
func init() {
	Register(&Kind{
		Name: "rotational",
		Doc:  "U = k/2 (x^2 + y^2) with the non-gradient force f = tau (-y, x) (2-D only): a steady state with circulating current, omega = tau/gamma, entropy production 2 tau^2/(gamma k)",
		Params: []Param{
			{Name: "stiffness", Doc: "k > 0", Default: 1.0, Schedulable: true},
			{Name: "torque", Doc: "tau, strength of the rotational force f = tau (-y, x)", Default: 0.0, Schedulable: true},
		},
		Build: func(dim int, p Values) (*Model, error) {
			k, tau := p.Float("stiffness"), p.Float("torque")
			if !(k > 0) || math.IsInf(k, 0) {
				return nil, fmt.Errorf("stiffness must be finite and > 0, got %g", k)
			}
			if math.IsNaN(tau) || math.IsInf(tau, 0) {
				return nil, fmt.Errorf("torque must be finite, got %g", tau)
			}
			return &Model{Kind: "rotational", Potential: Rotational{}, Controls: []string{"stiffness", "torque"}, Lambda0: []float64{k, tau}}, nil
		},
	})
}

// Rotational is the 2-D trap U = k/2 |x|^2 with the non-conservative force
// f = tau (-x_2, x_1), lambda = (k, tau). It implements
// langevin.NonConservative and models.GibbsSampler (the Gibbs state of the
// potential is also the steady state).
type Rotational struct{}

// Dim returns 2.
func (Rotational) Dim() int { return 2 }

// Energy sets dst[j] = k/2 |x_j|^2.
func (Rotational) Energy(dst, x, lambda []float64) {
	k := lambda[0]
	x = x[:2*len(dst)]
	for j := range dst {
		a, b := x[2*j], x[2*j+1]
		dst[j] = 0.5 * k * (a*a + b*b)
	}
}

// Gradient sets dst = k x.
func (Rotational) Gradient(dst, x, lambda []float64) {
	k := lambda[0]
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] = k * v
	}
}

// Force sets dst[2j:2j+2] = tau (-y_j, x_j).
func (Rotational) Force(dst, x, lambda []float64) {
	tau := lambda[1]
	dst = dst[:len(x)]
	for j := 0; j+1 < len(x); j += 2 {
		a, b := x[j], x[j+1]
		dst[j] = -tau * b
		dst[j+1] = tau * a
	}
}

// PotentialQuadratic sets k = (k, k), c = 0 and returns 0: the coefficients
// of the potential part. The model deliberately does not implement
// langevin.Gaussian: its non-gradient force rotates the ensemble's mean, so
// the diagonal Gaussian propagators of package paths, which see only the
// potential, would give a wrong density for any start not centred at 0.
func (Rotational) PotentialQuadratic(k, c, lambda []float64) float64 {
	k[0], k[1] = lambda[0], lambda[0]
	c[0], c[1] = 0, 0
	return 0
}

// RotationalSteadyState returns the exact steady-state mean angular velocity
// omega = tau/gamma and entropy production rate sigma = 2 tau^2/(gamma k)
// (k_B = 1, per unit time) of the rotational model under overdamped
// Langevin dynamics with friction gamma at temperature T (T > 0; sigma does
// not depend on it). The stationary density is the Gibbs density
// N(0, (T/k) I) and the current j = (tau/gamma)(-y, x) p(x); see the
// derivation above and docs/balance.md.
func RotationalSteadyState(k, tau, gamma, T float64) (omega, epr float64) {
	return tau / gamma, 2 * tau * tau / (gamma * k)
}

// RotationalEulerMaruyama returns the exact stationary variance per
// coordinate s, the mean of (x_k y_{k+1} - y_k x_{k+1})/(dt <r^2>) (the
// least-squares angular velocity, equal to tau/gamma at any dt) and the
// entropy production rate measured from the Stratonovich heat of the
// Euler–Maruyama chain x' = x + (dt/gamma)(-k x + f(x)) + sqrt(2 T dt/gamma) xi
// with time step dt:
//
//	a = k dt/gamma, b = tau dt/gamma,
//	s = (T/k) 2a / (2a - a^2 - b^2),
//	sigma_dt = 2 s tau^2 / (gamma T) = sigma (2a / (2a - a^2 - b^2)).
//
// The chain's update matrix is M = (1-a) I + b R (R the rotation by pi/2),
// so M M^T = ((1-a)^2 + b^2) I and the stationary covariance s I solves
// s I = M s I M^T + (2 T dt/gamma) I; the heat per step
// (-k x_mid + f(x_mid)) . (x' - x) has mean s tr(B^T (M - M^T))/2 = 2 s b tau
// with B = -k I + tau R. The relative bias of the rate is
// (a^2 + b^2)/(2a) + O(dt^2). It returns NaN values if the chain is unstable
// ((1-a)^2 + b^2 >= 1).
func RotationalEulerMaruyama(k, tau, gamma, T, dt float64) (s, omega, epr float64) {
	a, b := k*dt/gamma, tau*dt/gamma
	den := 2*a - a*a - b*b
	if !(den > 0) {
		return math.NaN(), math.NaN(), math.NaN()
	}
	s = T / k * 2 * a / den
	return s, tau / gamma, 2 * s * tau * tau / (gamma * T)
}

// SampleGibbs draws from N(0, T/k I), the Gibbs state of the potential part,
// which is also the steady state of the overdamped dynamics with torque (the
// rotational force is divergence-free and orthogonal to grad U).
func (Rotational) SampleGibbs(x, lambda []float64, T float64, src *rng.Source) {
	s := math.Sqrt(T / lambda[0])
	for i := range x {
		x[i] = s * src.Norm()
	}
}

// LogZ is ln(2 pi T / k) (two dimensions).
func (Rotational) LogZ(lambda []float64, T float64) float64 {
	return math.Log(2 * math.Pi * T / lambda[0])
}

// StationaryLogPdf is ln N(x; 0, T/k I): the steady state of the overdamped
// dynamics with or without torque (Zia & Schmittmann 2007; docs/balance.md).
func (Rotational) StationaryLogPdf(x, lambda []float64, T float64) float64 {
	v := T / lambda[0]
	return -math.Log(2*math.Pi*v) - (x[0]*x[0]+x[1]*x[1])/(2*v)
}
