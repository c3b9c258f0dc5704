package sim

import (
	"math"

	"github.com/thermosim/thermosim/internal/rng"
	"github.com/thermosim/thermosim/langevin"
)

// fusedLinearEM reports whether a run can use the fused kernel: a 1-D
// potential with linear forces (langevin.Gaussian, conservative) under plain
// Euler–Maruyama with isotropic noise, constant temperature and no path log
// ratio. The fused kernel performs, per trajectory and step, exactly the
// floating-point operations of the generic path (work, move, heat, in that
// order), so both give the same bits (TestFusedMatchesGeneric). Because a
// linear force needs no call into the model per step, the kernel runs
// trajectory by trajectory over all steps, with the state and the generator
// in registers, instead of advancing the block in lockstep.
func fusedLinearEM(cfg *Config) (langevin.Gaussian, bool) {
	g, ok := cfg.Model.Potential.(langevin.Gaussian)
	if !ok {
		return nil, false
	}
	if _, nc := cfg.Model.Potential.(langevin.NonConservative); nc {
		return nil, false
	}
	em, ok := cfg.Integrator.(*langevin.EulerMaruyama)
	if !ok || len(em.Noise) > 0 || cfg.PathLogRatio || cfg.Model.Potential.Dim() != 1 || !constant(cfg.Temp) {
		return nil, false
	}
	return g, true
}

// runFusedLinearEM1 runs every trajectory of the block through all steps.
// On entry b holds the initial states and eold their energies; on return
// out's work, heat, final states, energies and records are filled.
func runFusedLinearEM1(cfg *Config, g langevin.Gaussian, b *langevin.Batch, out *BlockOut, eold []float64, recSteps []int) error {
	K, n := cfg.Steps, b.N
	kk := make([]float64, K+1)
	cc := make([]float64, K+1)
	moved := make([]bool, K+1)
	var k1, c1 [1]float64
	for k := 0; k <= K; k++ {
		g.Quadratic(k1[:], c1[:], cfg.Lambda[k])
		kk[k], cc[k] = k1[0], c1[0]
		if k > 0 {
			moved[k] = !sameControls(cfg.Lambda[k-1], cfg.Lambda[k])
		}
	}
	a := cfg.Dt / cfg.Gamma
	sig := math.Sqrt(2 * cfg.Temp[0] * cfg.Dt / cfg.Gamma)
	R := len(recSteps)
	recE := make([]float64, R*n) // record r of trajectory j at r*n + j
	recX := make([]float64, R*n)
	for j := 0; j < n; j++ {
		src := b.Src[j] // a local copy: its state stays in registers
		x, e := b.X[j], eold[j]
		w, q, bad := 0.0, 0.0, 0.0
		recE[j], recX[j] = e, x
		lo := 0
		for r := 1; r < R; r++ {
			// steps lo..hi-1 move t_k to t_{k+1}; record after step hi-1
			hi := recSteps[r]
			kn, cn, mv := kk[lo+1:hi+1], cc[lo+1:hi+1], moved[lo+1:hi+1]
			for i := range kn {
				kc, c1 := kn[i], cn[i]
				rr := x - c1
				emid := 0.5 * kc * rr * rr
				if mv[i] {
					w += emid - e
				} else {
					emid = e
				}
				u := src.Uint64()
				z, ok := rng.ZigFast(u)
				if !ok {
					z = src.NormSlow(u)
				}
				x += a*(-(kc * rr)) + sig*z
				rr = x - c1
				enew := 0.5 * kc * rr * rr
				q -= enew - emid
				bad += enew * 0
				e = enew
			}
			recE[r*n+j], recX[r*n+j] = e, x
			lo = hi
		}
		if bad != 0 {
			// find the first non-finite step by replaying this trajectory
			return replayNonFinite(cfg, b, j, kk, cc, moved, a, sig)
		}
		b.Src[j] = src
		b.X[j], eold[j] = x, e
		out.W[j], out.Q[j] = w, q
	}
	for r := 0; r < R; r++ {
		out.RecU[r] = blockMoments(recE[r*n:(r+1)*n], 0, 1)
		out.RecX[r] = blockMoments(recX[r*n:(r+1)*n], 0, 1)
		if out.States != nil {
			for j := 0; j < n; j++ {
				out.States[j*R+r] = recX[r*n+j]
			}
		}
		for j := 0; j < len(out.Paths)/R; j++ {
			out.Paths[j*R+r] = recX[r*n+j]
		}
	}
	copy(out.UK, eold)
	copy(out.XK, b.X)
	return nil
}

// replayNonFinite re-runs trajectory j from its saved initial state to
// report the first step whose energy is not finite.
func replayNonFinite(cfg *Config, b *langevin.Batch, j int, kk, cc []float64, moved []bool, a, sig float64) error {
	src := b.Src[j]
	x := b.X[j]
	for k := 0; k < cfg.Steps; k++ {
		rr := x - cc[k+1]
		u := src.Uint64()
		z, ok := rng.ZigFast(u)
		if !ok {
			z = src.NormSlow(u)
		}
		x += a*(-(kk[k+1] * rr)) + sig*z
		rr = x - cc[k+1]
		if e := 0.5 * kk[k+1] * rr * rr; !(e <= math.MaxFloat64) {
			return &langevin.NonFiniteError{Trajectory: b.Index[j], Step: k + 1, Value: e, What: "energy"}
		}
	}
	return &langevin.NonFiniteError{Trajectory: b.Index[j], Step: cfg.Steps, Value: math.NaN(), What: "energy"}
}
