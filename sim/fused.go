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
	hk := make([]float64, K+1) // k/2: 0.5*k is exact, so hk*r*r has the bits of 0.5*k*r*r
	cc := make([]float64, K+1)
	moved := make([]bool, K+1)
	var k1, c1 [1]float64
	for k := 0; k <= K; k++ {
		g.Quadratic(k1[:], c1[:], cfg.Lambda[k])
		kk[k], cc[k] = k1[0], c1[0]
		hk[k] = 0.5 * k1[0]
		if k > 0 {
			moved[k] = !sameControls(cfg.Lambda[k-1], cfg.Lambda[k])
		}
	}
	a := cfg.Dt / cfg.Gamma
	sig := math.Sqrt(2 * cfg.Temp[0] * cfg.Dt / cfg.Gamma)
	R := len(recSteps)
	recE := make([]float64, R*n) // record r of trajectory j at r*n + j
	recX := make([]float64, R*n)
	j := 0
	// Two trajectories at a time: their dependency chains (the generator's
	// and the state's) are independent, so the CPU overlaps them; each
	// trajectory still performs exactly the operations of the generic path.
	for ; j+1 < n; j += 2 {
		s0, s1 := b.Src[j], b.Src[j+1]
		x0, e0 := b.X[j], eold[j]
		x1, e1 := b.X[j+1], eold[j+1]
		var w0, w1, bad float64
		u00, u01 := e0, e1 // U(x_0; lambda_0)
		recE[j], recX[j], recE[j+1], recX[j+1] = e0, x0, e1, x1
		lo := 0
		for r := 1; r < R; r++ {
			hi := recSteps[r]
			kn, hn, cn := kk[lo+1:hi+1], hk[lo+1:hi+1], cc[lo+1:hi+1]
			hn, cn = hn[:len(kn)], cn[:len(kn)]
			for i, kc := range kn {
				h, c1 := hn[i], cn[i]
				r0, r1 := x0-c1, x1-c1
				// the work of the step; when the controls did not move, the
				// same operations on the same operands give exactly +0
				w0 += h*r0*r0 - e0
				w1 += h*r1*r1 - e1
				u0, u1 := s0.Uint64(), s1.Uint64()
				z0, ok0 := rng.ZigFast(u0)
				z1, ok1 := rng.ZigFast(u1)
				if !ok0 {
					z0 = s0.NormSlow(u0)
				}
				if !ok1 {
					z1 = s1.NormSlow(u1)
				}
				x0 += a*(-(kc * r0)) + sig*z0
				x1 += a*(-(kc * r1)) + sig*z1
				r0, r1 = x0-c1, x1-c1
				e0, e1 = h*r0*r0, h*r1*r1
			}
			// a non-finite state stays non-finite, and a non-finite energy
			// leaves W or Q NaN: screening once per segment finds every
			// divergence
			bad += e0*0 + e1*0 + w0*0 + w1*0
			recE[r*n+j], recX[r*n+j] = e0, x0
			recE[r*n+j+1], recX[r*n+j+1] = e1, x1
			lo = hi
		}
		if bad != 0 {
			if err := replayNonFinite(cfg, b, j, kk, cc, moved, a, sig); err != nil {
				return err
			}
			return replayNonFinite(cfg, b, j+1, kk, cc, moved, a, sig)
		}
		b.Src[j], b.Src[j+1] = s0, s1
		b.X[j], eold[j], b.X[j+1], eold[j+1] = x0, e0, x1, e1
		// the heat from the first law, Q = W - (U_K - U_0), the telescoped
		// sum of the per-step heats
		out.W[j], out.Q[j], out.W[j+1], out.Q[j+1] = w0, w0-(e0-u00), w1, w1-(e1-u01)
	}
	for ; j < n; j++ {
		src := b.Src[j] // a local copy: its state stays in registers
		x, e := b.X[j], eold[j]
		w, bad := 0.0, 0.0
		u0 := e
		recE[j], recX[j] = e, x
		lo := 0
		for r := 1; r < R; r++ {
			// steps lo..hi-1 move t_k to t_{k+1}; record after step hi-1
			hi := recSteps[r]
			kn, hn, cn, mv := kk[lo+1:hi+1], hk[lo+1:hi+1], cc[lo+1:hi+1], moved[lo+1:hi+1]
			hn, cn, mv = hn[:len(kn)], cn[:len(kn)], mv[:len(kn)]
			for i, kc := range kn {
				h, c1 := hn[i], cn[i]
				rr := x - c1
				if mv[i] {
					w += h*rr*rr - e
				}
				u := src.Uint64()
				z, ok := rng.ZigFast(u)
				if !ok {
					z = src.NormSlow(u)
				}
				x += a*(-(kc * rr)) + sig*z
				rr = x - c1
				e = h * rr * rr
			}
			bad += e*0 + w*0
			recE[r*n+j], recX[r*n+j] = e, x
			lo = hi
		}
		if bad != 0 {
			// find the first non-finite step by replaying this trajectory
			if err := replayNonFinite(cfg, b, j, kk, cc, moved, a, sig); err != nil {
				return err
			}
		}
		b.Src[j] = src
		b.X[j], eold[j] = x, e
		out.W[j], out.Q[j] = w, w-(e-u0)
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

// replayNonFinite re-runs trajectory j from its saved initial state and
// reports the first step whose energy is not finite (nil if none is).
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
	return nil
}
