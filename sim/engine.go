package sim

import (
	"context"
	"math"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/internal/rng"
	"github.com/thermosim/thermosim/langevin"
	"github.com/thermosim/thermosim/mc"
	"github.com/thermosim/thermosim/models"
	"github.com/thermosim/thermosim/paths"
)

// BlockOut is what one block of trajectories produces. Per-trajectory slices
// are indexed by j = index - Block.Lo; states are row-major (j*d + i).
type BlockOut struct {
	Block mc.Block
	// Work W, heat Q (dissipated into the bath), shadow work (underdamped
	// dynamics; zero otherwise), energies at the start and the end.
	W, Q, WShadow, U0, UK []float64
	// Sm is the medium entropy sum_k q_k / T_{k+1} when the temperature
	// changes along the protocol (nil otherwise: then Sm = Q/T).
	Sm []float64
	// LogRatio is the exact discrete-time ln P[path]/P~[reversed path] (nil
	// unless Config.PathLogRatio).
	LogRatio []float64
	// States at the start and the end; momenta for underdamped dynamics.
	X0, XK, P0, PK []float64
	// Accepted counts accepted MALA proposals per trajectory (nil otherwise).
	Accepted []int
	// RecU[r] and RecX[r*d+i] summarise the block's energies and coordinates
	// at the r-th recorded time, accumulated in trajectory order.
	RecU []estimate.Moments
	RecX []estimate.Moments
	// States[(j*R + r)*d + i]: trajectory j's coordinate i at recorded time r
	// (nil unless Config.KeepStates).
	States []float64
	// Paths and PathsP hold the recorded positions and momenta of the
	// block's trajectories with index < Config.KeepPaths, laid out like
	// States.
	Paths, PathsP []float64
}

// Run simulates the blocks in todo on up to workers goroutines and returns
// their outputs (see mc.Run for the meaning of done and of cancellation).
func Run(ctx context.Context, cfg *Config, label string, todo []mc.Block, workers int, progress func(int)) ([]*BlockOut, []bool, error) {
	return mc.Run(ctx, todo, workers, func(b mc.Block) (*BlockOut, error) { return RunBlock(cfg, label, b) }, progress)
}

// RunBlock simulates one block of trajectories.
func RunBlock(cfg *Config, label string, blk mc.Block) (*BlockOut, error) {
	pot := cfg.Model.Potential
	integ := cfg.Integrator
	n, d := blk.Len(), pot.Dim()
	under := integ.Underdamped()
	b := langevin.NewBatch(n, d, under)
	recSteps := cfg.RecordSteps()
	R := len(recSteps)
	out := &BlockOut{
		Block: blk,
		W:     make([]float64, n), Q: make([]float64, n), WShadow: make([]float64, n),
		U0: make([]float64, n), UK: make([]float64, n),
		X0: make([]float64, n*d), XK: make([]float64, n*d),
		RecU: make([]estimate.Moments, R), RecX: make([]estimate.Moments, R*d),
	}
	if cfg.KeepStates {
		out.States = make([]float64, n*R*d)
	}
	np := min(max(cfg.KeepPaths-blk.Lo, 0), n)
	if np > 0 {
		out.Paths = make([]float64, np*R*d)
		if under {
			out.PathsP = make([]float64, np*R*d)
		}
	}
	if integ.Name() == "mala" {
		b.Accepted = make([]int, n)
		out.Accepted = b.Accepted
	}
	if under {
		b.Heat = out.Q
	}

	// Initial states, each from its own stream.
	lam0, T0 := cfg.Lambda[0], cfg.Temp[0]
	for j := 0; j < n; j++ {
		b.Index[j] = blk.Lo + j
		b.Src[j].Reset(cfg.Seed, label, uint64(blk.Lo+j))
		x := b.X[j*d : (j+1)*d]
		src := &b.Src[j]
		switch cfg.Initial.Kind {
		case "equilibrium":
			pot.(models.GibbsSampler).SampleGibbs(x, lam0, T0, src)
		case "point":
			copy(x, cfg.Initial.Point)
		case "gaussian":
			sampleGaussian(x, cfg.Initial.Mean, cfg.Initial.chol, src)
		}
		if under {
			s := math.Sqrt(cfg.Mass * T0)
			for i := range x {
				b.P[j*d+i] = s * src.Norm()
			}
		}
	}
	copy(out.X0, b.X)
	if under {
		out.P0 = append([]float64(nil), b.P...)
	}

	eold := make([]float64, n)
	emid := make([]float64, n)
	enew := make([]float64, n)
	pot.Energy(eold, b.X, lam0)
	copy(out.U0, eold)
	if err := checkFinite(eold, b, 0, "initial energy"); err != nil {
		return nil, err
	}
	rec := 0
	record := func(e []float64) {
		var a shifted
		for _, v := range e {
			a.add(v)
		}
		out.RecU[rec] = a.moments()
		for i := 0; i < d; i++ {
			var a shifted
			for j := 0; j < n; j++ {
				a.add(b.X[j*d+i])
			}
			out.RecX[rec*d+i] = a.moments()
		}
		if out.States != nil {
			for j := 0; j < n; j++ {
				copy(out.States[(j*R+rec)*d:(j*R+rec+1)*d], b.X[j*d:(j+1)*d])
			}
		}
		for j := 0; j < np; j++ {
			copy(out.Paths[(j*R+rec)*d:(j*R+rec+1)*d], b.X[j*d:(j+1)*d])
			if out.PathsP != nil {
				copy(out.PathsP[(j*R+rec)*d:(j*R+rec+1)*d], b.P[j*d:(j+1)*d])
			}
		}
		rec++
	}
	record(eold)

	nc, nonCons := pot.(langevin.NonConservative)
	var xold, fa, fb, tmp, mid []float64
	if cfg.PathLogRatio || nonCons {
		xold = make([]float64, n*d)
		tmp = make([]float64, n*d)
	}
	if cfg.PathLogRatio {
		out.LogRatio = make([]float64, n)
		fa = make([]float64, n*d)
		fb = make([]float64, n*d)
	}
	if nonCons {
		mid = make([]float64, n*d)
		if fb == nil {
			fb = make([]float64, n*d)
		}
	}

	if g, ok := fusedLinearEM(cfg); ok {
		if err := runFusedLinearEM1(cfg, g, b, out, eold, recSteps); err != nil {
			return nil, err
		}
		return out, nil
	}

	varT := !constant(cfg.Temp)
	if varT {
		out.Sm = make([]float64, n)
	}
	var qprev []float64
	if varT && under {
		qprev = make([]float64, n)
	}

	lrT := make([]float64, 2*d)
	scratch := integ.NewScratch(n)
	ctrl := &langevin.Control{Dt: cfg.Dt}
	next := 1
	if cfg.NoEnergetics {
		for k := 0; k < cfg.Steps; k++ {
			cfg.control(ctrl, k)
			integ.Step(b, ctrl, scratch)
			if (next < R && recSteps[next] == k+1) || k+1 == cfg.Steps {
				pot.Energy(eold, b.X, cfg.Lambda[k+1])
				if err := checkFinite(eold, b, k+1, "loss"); err != nil {
					return nil, err
				}
				if next < R && recSteps[next] == k+1 {
					record(eold)
					next++
				}
			}
		}
		copy(out.UK, eold)
		copy(out.XK, b.X)
		if under {
			out.PK = append([]float64(nil), b.P...)
		}
		return out, nil
	}
	for k := 0; k < cfg.Steps; k++ {
		lamK, lamK1 := cfg.Lambda[k], cfg.Lambda[k+1]
		if SameControls(lamK, lamK1) {
			copy(emid, eold)
		} else {
			pot.Energy(emid, b.X, lamK1)
			for j := range emid {
				out.W[j] += emid[j] - eold[j]
			}
		}
		if xold != nil {
			copy(xold, b.X)
		}
		if cfg.PathLogRatio {
			langevin.Force(pot, fa, b.X, lamK1, tmp)
		}
		cfg.control(ctrl, k)
		integ.Step(b, ctrl, scratch)
		pot.Energy(enew, b.X, lamK1)
		// e*0 is NaN exactly when e is NaN or infinite: one fused pass
		// updates the heat and screens the block for divergence.
		bad := 0.0
		if !under {
			q := out.Q[:len(enew)]
			emid := emid[:len(enew)]
			for j, e := range enew {
				q[j] -= e - emid[j]
				bad += e * 0
			}
		} else {
			for _, e := range enew {
				bad += e * 0
			}
		}
		if bad != 0 {
			return nil, checkFinite(enew, b, k+1, "energy")
		}
		if varT && !under {
			inv := 1 / cfg.Temp[k+1]
			for j, e := range enew {
				out.Sm[j] -= (e - emid[j]) * inv
			}
		}
		if nonCons {
			// Work of the non-conservative force on the move, f o dx at the
			// midpoint (Stratonovich): it is dissipated as heat.
			for i := range mid {
				mid[i] = 0.5 * (xold[i] + b.X[i])
			}
			nc.Force(fb, mid, lamK1)
			for j := 0; j < n; j++ {
				s := 0.0
				for i := j * d; i < (j+1)*d; i++ {
					s += fb[i] * (b.X[i] - xold[i])
				}
				if !under {
					out.Q[j] += s
				}
			}
		}
		if varT {
			if under {
				inv := 1 / cfg.Temp[k+1]
				for j := range qprev {
					out.Sm[j] += (out.Q[j] - qprev[j]) * inv
					qprev[j] = out.Q[j]
				}
			} else if nonCons {
				inv := 1 / cfg.Temp[k+1]
				for j := 0; j < n; j++ {
					s := 0.0
					for i := j * d; i < (j+1)*d; i++ {
						s += fb[i] * (b.X[i] - xold[i])
					}
					out.Sm[j] += s * inv
				}
			}
		}
		if cfg.PathLogRatio {
			langevin.Force(pot, fb, b.X, lamK, tmp)
			if em, ok := integ.(*langevin.EulerMaruyama); ok && len(em.Noise) > 0 {
				paths.LogRatioEMDiag(out.LogRatio, xold, b.X, fa, fb, em.Noise, em.Noise, cfg.Dt, cfg.Gamma)
			} else if cfg.Temp[k] == cfg.Temp[k+1] {
				paths.LogRatioEM(out.LogRatio, xold, b.X, fa, fb, cfg.Temp[k+1], cfg.Dt, cfg.Gamma)
			} else {
				tf, tb := fillTemp(lrT, d, cfg.Temp[k+1], cfg.Temp[k])
				paths.LogRatioEMDiag(out.LogRatio, xold, b.X, fa, fb, tf, tb, cfg.Dt, cfg.Gamma)
			}
		}
		eold, enew = enew, eold
		if next < R && recSteps[next] == k+1 {
			record(eold)
			next++
		}
	}
	copy(out.UK, eold)
	copy(out.XK, b.X)
	if under {
		out.PK = append([]float64(nil), b.P...)
		// Shadow work closes the first law: Delta E = W + W_shadow - Q.
		for j := 0; j < n; j++ {
			k0, k1 := 0.0, 0.0
			for i := j * d; i < (j+1)*d; i++ {
				k0 += out.P0[i] * out.P0[i]
				k1 += out.PK[i] * out.PK[i]
			}
			dE := (out.UK[j] + 0.5*k1/cfg.Mass) - (out.U0[j] + 0.5*k0/cfg.Mass)
			out.WShadow[j] = dE - out.W[j] + out.Q[j]
		}
	}
	return out, nil
}

func fillTemp(buf []float64, d int, tf, tb float64) ([]float64, []float64) {
	for i := 0; i < d; i++ {
		buf[i], buf[d+i] = tf, tb
	}
	return buf[:d], buf[d : 2*d]
}

// control sets the inputs of step k (t_k -> t_{k+1}): the values at its end.
func (c *Config) control(ctrl *langevin.Control, k int) {
	ctrl.Lambda, ctrl.T, ctrl.Step = c.Lambda[k+1], c.Temp[k+1], k
	if c.Eta != nil {
		ctrl.Eta = c.Eta[k+1]
	}
	if c.BatchSize != nil {
		ctrl.BatchSize = c.BatchSize[k+1]
	}
}

// ConstantTemperature reports whether the temperature is the same at every
// step of the protocol.
func (c *Config) ConstantTemperature() bool { return constant(c.Temp) }

func constant(xs []float64) bool {
	for _, x := range xs {
		if x != xs[0] {
			return false
		}
	}
	return true
}

// shifted accumulates the moments of a block's values in trajectory order
// as sums of deviations from the first value (the shifted-data algorithm:
// stable when the spread is small against the mean, and free of the
// per-sample division of Welford's update).
type shifted struct {
	n        int
	k, s, s2 float64
}

func (a *shifted) add(x float64) {
	if a.n == 0 {
		a.k = x
	}
	d := x - a.k
	a.s += d
	a.s2 += d * d
	a.n++
}

func (a shifted) moments() estimate.Moments {
	if a.n == 0 {
		return estimate.Moments{}
	}
	n := float64(a.n)
	m2 := a.s2 - a.s*a.s/n
	if m2 < 0 {
		m2 = 0
	}
	return estimate.Moments{N: a.n, Mean: a.k + a.s/n, M2: m2}
}

// SameControls reports whether two control vectors are bitwise equal (the
// protocol did not move between them).
func SameControls(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

func checkFinite(e []float64, b *langevin.Batch, step int, what string) error {
	for j, v := range e {
		if !(v <= math.MaxFloat64 && v >= -math.MaxFloat64) {
			return &langevin.NonFiniteError{Trajectory: b.Index[j], Step: step, Value: v, What: what}
		}
	}
	return nil
}

func sampleGaussian(x, mean, chol []float64, src *rng.Source) {
	d := len(x)
	var zb [16]float64
	z := zb[:0]
	if d <= len(zb) {
		z = zb[:d]
	} else {
		z = make([]float64, d)
	}
	src.NormFill(z)
	for i := 0; i < d; i++ {
		s := mean[i]
		for k := 0; k <= i; k++ {
			s += chol[i*d+k] * z[k]
		}
		x[i] = s
	}
}
