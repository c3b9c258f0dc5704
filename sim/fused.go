package sim

import (
	"github.com/thermosim/thermosim/internal/rng"
	"github.com/thermosim/thermosim/langevin"
)

// fusedLinearEM reports whether the block can use the fused kernel: a
// potential with linear forces (langevin.Gaussian, conservative) under plain
// Euler–Maruyama with isotropic noise and no path log ratio. The fused kernel
// performs, per trajectory and step, exactly the operations of the generic
// path (work, move, heat), in one pass with the state in registers and the
// ziggurat inlined; TestFusedMatchesGeneric checks that both agree.
func fusedLinearEM(cfg *Config) (langevin.Gaussian, bool) {
	g, ok := cfg.Model.Potential.(langevin.Gaussian)
	if !ok {
		return nil, false
	}
	if _, nc := cfg.Model.Potential.(langevin.NonConservative); nc {
		return nil, false
	}
	em, ok := cfg.Integrator.(*langevin.EulerMaruyama)
	if !ok || len(em.Noise) > 0 || cfg.PathLogRatio || cfg.Model.Potential.Dim() != 1 {
		return nil, false
	}
	return g, true
}

// stepLinearEM1 advances a 1-D block by one step of the fused kernel: work at
// fixed x as (k, c) move from step k to k+1, the Euler–Maruyama move under
// the new values, and the heat. eold holds U(x_k; lambda_k) on entry and
// U(x_{k+1}; lambda_{k+1}) on return (the constant term cancels in every
// difference and is added by the caller where energies are reported).
// It returns e*0 summed over the block: NaN if any energy is not finite.
func stepLinearEM1(x, eold, w, q []float64, src []rng.Source, k0, c0, k1, c1, a, sig float64) float64 {
	x = x[:len(src)]
	eold = eold[:len(x)]
	w = w[:len(x)]
	q = q[:len(x)]
	bad := 0.0
	moved := k0 != k1 || c0 != c1
	for j := range x {
		xj := x[j]
		r := xj - c1
		emid := 0.5 * k1 * r * r
		if moved {
			w[j] += emid - eold[j]
		} else {
			emid = eold[j]
		}
		u := src[j].Uint64()
		z, ok := rng.ZigFast(u)
		if !ok {
			z = src[j].NormSlow(u)
		}
		xj += a*(-(k1 * r)) + sig*z
		r = xj - c1
		enew := 0.5 * k1 * r * r
		q[j] -= enew - emid
		bad += enew * 0
		eold[j] = enew
		x[j] = xj
	}
	return bad
}
