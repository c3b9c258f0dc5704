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
	n := b.N
	co := cfg.fused
	if co == nil {
		co = linearCoefficients(cfg, g)
	}
	kk, hk, cc, moved := co.k, co.h, co.c, co.moved
	a := cfg.Dt / cfg.Gamma
	sig := math.Sqrt(2 * cfg.Temp[0] * cfg.Dt / cfg.Gamma)
	R := len(recSteps)
	accE := make([]shifted, R)
	accX := make([]shifted, R)
	np := len(out.Paths) / R
	rec := func(r, j int, e, x float64) {
		accE[r].add(e)
		accX[r].add(x)
		if out.States != nil {
			out.States[j*R+r] = x
		}
		if j < np {
			out.Paths[j*R+r] = x
		}
	}
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
		rec(0, j, e0, x0)
		rec(0, j+1, e1, x1)
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
			rec(r, j, e0, x0)
			rec(r, j+1, e1, x1)
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
		rec(0, j, e, x)
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
			rec(r, j, e, x)
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
		out.RecU[r] = accE[r].moments()
		out.RecX[r] = accX[r].moments()
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

// linearCoeffs are the per-step coefficients of a linear force along the
// protocol: k, k/2 (0.5*k is exact, so (k/2)*r*r has the bits of 0.5*k*r*r),
// the centre, and whether the controls moved on the step. They depend only
// on the configuration, so Validate computes them once for every block.
type linearCoeffs struct {
	k, h, c []float64
	moved   []bool
}

func linearCoefficients(cfg *Config, g langevin.Gaussian) *linearCoeffs {
	K := cfg.Steps
	co := &linearCoeffs{k: make([]float64, K+1), h: make([]float64, K+1), c: make([]float64, K+1), moved: make([]bool, K+1)}
	var k1, c1 [1]float64
	for k := 0; k <= K; k++ {
		g.Quadratic(k1[:], c1[:], cfg.Lambda[k])
		co.k[k], co.c[k] = k1[0], c1[0]
		co.h[k] = 0.5 * k1[0]
		if k > 0 {
			co.moved[k] = !SameControls(cfg.Lambda[k-1], cfg.Lambda[k])
		}
	}
	return co
}
