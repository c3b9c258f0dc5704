package claims

import (
	"context"
	"fmt"
	"math"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/internal/rng"
	"github.com/thermosim/thermosim/invariants"
	"github.com/thermosim/thermosim/models"
)

func init() {
	add("3.1", "relative entropy is conserved for reversible dynamics", claimKL)
	add("5.1", "fluctuation theorem <exp(-Delta S_tot)> = 1", claimIFT)
	add("5.2", "detailed balance p(theta->theta')/p(theta'->theta) = exp(-beta Delta L)", claimDetailedBalance)
	add("6.1", "free energy F = L - T S is a Lyapunov function, dF/dt = -eta |grad L|^2", claimFreeEnergy)
	add("8.1", "E_total * S_information = constant", claimEnergyInformation)
	add("8.3", "B(t) * T(t) = constant", claimBatchTemperature)
}

// ouStep advances x by the exact Ornstein–Uhlenbeck transition of
// dx = -(a/gamma)(x - c) dt + sqrt(2T/gamma) dW over dt (gamma = 1).
func ouStep(x, a, c, temp, dt float64, src *rng.Source) float64 {
	e := math.Exp(-a * dt)
	x = c + (x-c)*e
	if temp > 0 {
		x += math.Sqrt(temp*(1-e*e)/a) * src.Norm()
	}
	return x
}

func claimKL(_ context.Context, o Options) (Claim, error) {
	// Overdamped OU in 2-D with stiffnesses (1, 3), two Gaussian ensembles.
	a := [2]float64{1, 3}
	const n, tEnd, nt = 4000, 3.0, 12
	run := func(temp float64, label string) ([]float64, Series, error) {
		p, q := make([]float64, 2*n), make([]float64, 2*n)
		src := rng.Stream(o.Seed, label, 0)
		for j := 0; j < n; j++ {
			p[2*j], p[2*j+1] = 1+0.7*src.Norm(), -1+0.5*src.Norm()
			q[2*j], q[2*j+1] = src.Norm(), src.Norm()
		}
		s := Series{Name: fmt.Sprintf("D(p_t || q_t), T = %g", temp), XLabel: "t", YLabel: "KL"}
		var kls []float64
		for i := 0; i <= nt; i++ {
			if i > 0 {
				dt := tEnd / nt
				for j := 0; j < 2*n; j++ {
					p[j] = ouStep(p[j], a[j%2], 0, temp, dt, &src)
					q[j] = ouStep(q[j], a[j%2], 0, temp, dt, &src)
				}
			}
			kl, err := invariants.EnsembleKL(p, q, 2)
			if err != nil {
				return nil, s, err
			}
			kls = append(kls, kl)
			s.X, s.Y = append(s.X, tEnd*float64(i)/nt), append(s.Y, kl)
		}
		return kls, s, nil
	}
	ctlT := 1.0
	if o.FlowTemperature != 0 {
		ctlT = 0
	}
	km, sm, err := run(o.FlowTemperature, "claims/3.1/main")
	if err != nil {
		return Claim{}, err
	}
	kc, sc, err := run(ctlT, "claims/3.1/control")
	if err != nil {
		return Claim{}, err
	}
	rm, rc := km[len(km)-1]/km[0], kc[len(kc)-1]/kc[0]
	conserved := math.Abs(rm-1) < 1e-6
	v := conditional(conserved, math.Abs(rc-1) > 0.5)
	name := func(t float64) string {
		if t == 0 {
			return "deterministic gradient flow (T = 0)"
		}
		return fmt.Sprintf("overdamped Langevin at T = %g", t)
	}
	return Claim{
		Dynamics: "two 2-D Gaussian ensembles (4000 points each) in U = (x^2 + 3 y^2)/2: " + name(o.FlowTemperature) + ", exact propagator, t = 3; KL of Gaussian fits",
		Measured: fmt.Sprintf("KL(t=3)/KL(0) = %.12g (main, KL0 = %s); %s: %s", rm, g(km[0]), name(ctlT), g(rc)),
		Verdict:  v,
		Conditions: "conserved by any deterministic invertible flow (even a contracting one: KL is invariant under bijections); decreases under stochastic dynamics with the same stationary state, " +
			"so \"reversible\" must mean deterministic and invertible, not detailed-balanced",
		Rule:    "conserved if |KL(3)/KL(0) - 1| < 1e-6; the condition is shown necessary if the control changes KL by more than 50%",
		Figures: map[string]float64{"ratio_main": rm, "ratio_control": rc, "kl0_main": km[0]},
		Series:  []Series{sm, sc},
	}, nil
}

// draggedTrap simulates U = k/2 (x - lambda)^2 with lambda = v t, k = gamma =
// T = 1, from equilibrium, with the exact propagator on a piecewise-constant
// protocol (so the discrete process obeys the fluctuation theorems exactly),
// and returns the total entropy production (or the naive one that takes
// heat = -Delta U and ignores the work) and the work.
func draggedTrap(src *rng.Source, v, tau float64, steps int, naive, steady bool) (dS, w float64) {
	const k, temp = 1.0, 1.0
	dt := tau / float64(steps)
	lambda, m := 0.0, 0.0
	if steady {
		m = -v // lag of the steady state: m - lambda = -v gamma / k
	}
	x := m + math.Sqrt(temp/k)*src.Norm()
	lnp := func(x, m float64) float64 { return -k * (x - m) * (x - m) / (2 * temp) }
	lnp0 := lnp(x, m)
	u0 := 0.5 * k * (x - lambda) * (x - lambda)
	for s := 1; s <= steps; s++ {
		ln := v * dt * float64(s)
		w += 0.5 * k * ((x-ln)*(x-ln) - (x-lambda)*(x-lambda))
		lambda = ln
		x = ouStep(x, k, lambda, temp, dt, src)
		m = lambda + (m-lambda)*math.Exp(-k*dt)
	}
	u1 := 0.5 * k * (x - lambda) * (x - lambda)
	heat := w - (u1 - u0)
	if naive {
		heat = -(u1 - u0)
	}
	return lnp0 - lnp(x, m) + heat/temp, w
}

func claimIFT(_ context.Context, o Options) (Claim, error) {
	const n = 10000
	var main estimate.LogMeanExp
	for j := 0; j < n; j++ {
		src := rng.Stream(o.Seed, "claims/5.1/dragged", uint64(j))
		ds, _ := draggedTrap(&src, 1, 1, 100, o.NaiveHeat, false)
		main.Add(-ds)
	}
	rm := main.MeanExp()
	zm := (rm.Value - 1) / rm.StdErr
	// Control: anisotropic noise T = (0.8, 1.2) in U = |x|^2/2, steady state,
	// heat taken as -Delta U / T_eff with T_eff = 1.
	const nc, tau = 20000, 1.0
	tx := [2]float64{0.8, 1.2}
	var ctl estimate.LogMeanExp
	for j := 0; j < nc; j++ {
		src := rng.Stream(o.Seed, "claims/5.1/anisotropic", uint64(j))
		ds := 0.0
		for i := 0; i < 2; i++ {
			x0 := math.Sqrt(tx[i]) * src.Norm()
			x1 := ouStep(x0, 1, 0, tx[i], tau, &src)
			ds += (x1*x1-x0*x0)/(2*tx[i]) - (x1*x1-x0*x0)/2
		}
		ctl.Add(-ds)
	}
	rc := ctl.MeanExp()
	zc := (rc.Value - 1) / rc.StdErr
	v := conditional(math.Abs(zm) < 5, math.Abs(zc) > 5)
	heat := "heat = W - Delta U (Sekimoto), Seifert's system entropy"
	if o.NaiveHeat {
		heat = "naive heat = -Delta L (no work term)"
	}
	return Claim{
		Dynamics: "dragged harmonic trap (k = gamma = T = 1, v = 1, t = 1, exact propagator, 10000 trajectories from equilibrium), " + heat + "; control: anisotropic noise T = (0.8, 1.2) steady state, heat = -Delta L / T_eff (20000 samples)",
		Measured: fmt.Sprintf("<exp(-Delta S_tot)> = %s (z = %.2f vs 1, ESS %.0f of %d); control: %s (z = %.1f)", pm(rm.Value, rm.StdErr), zm, main.ESS(), n, pm(rc.Value, rc.StdErr), zc),
		Verdict:  v,
		Conditions: "Markov dynamics with thermal noise, Seifert's system entropy -ln p(theta_t, t), heat including the work, and the time-reversed protocol (Seifert 2005); " +
			"fails for heat = -Delta L / T_eff with anisotropic (SGD-like) noise",
		Rule:    "holds if |<exp(-Delta S)> - 1| < 5 standard errors; the control breaks it if it deviates by more than 5 standard errors",
		Figures: map[string]float64{"ift_main": rm.Value, "ift_main_stderr": rm.StdErr, "z_main": zm, "ift_control": rc.Value, "ift_control_stderr": rc.StdErr, "z_control": zc},
	}, nil
}

func claimDetailedBalance(_ context.Context, o Options) (Claim, error) {
	// 1-D double well U = (x^2 - 1)^2 at T = 1, dt = 0.06.
	u := func(x float64) float64 { return (x*x - 1) * (x*x - 1) }
	du := func(x float64) float64 { return 4 * x * (x*x - 1) }
	const n, steps, dt = 8000, 400, 0.06
	run := func(mala bool, label string) (vse, float64) {
		x2 := make([]float64, n)
		acc := 0
		for j := range x2 {
			src := rng.Stream(o.Seed, label, uint64(j))
			x := 1.0
			if j%2 == 1 {
				x = -1
			}
			for s := 0; s < steps; s++ {
				y := x - dt*du(x) + math.Sqrt(2*dt)*src.Norm()
				if mala {
					fwd := y - x + dt*du(x)
					bwd := x - y + dt*du(y)
					la := -(u(y) - u(x)) - (bwd*bwd-fwd*fwd)/(4*dt)
					if la >= 0 || src.Float64() < math.Exp(la) {
						x = y
						acc++
					}
				} else {
					x = y
				}
			}
			x2[j] = x * x
		}
		return meanSE(x2), float64(acc) / float64(n*steps)
	}
	num := models.Integrate(func(x float64) float64 { return x * x * math.Exp(-u(x)) }, -4, 4, 1e-13)
	den := models.Integrate(func(x float64) float64 { return math.Exp(-u(x)) }, -4, 4, 1e-13)
	exact := num / den
	mainMALA := o.Integrator != "euler-maruyama"
	rm, accM := run(mainMALA, "claims/5.2/main")
	rc, _ := run(!mainMALA, "claims/5.2/control")
	zm, zc := (rm.v-exact)/rm.se, (rc.v-exact)/rc.se
	// Anisotropic noise in a correlated 2-D trap: the steady state carries a
	// probability current, measured as the mean area velocity <x o dy - y o dx>/dt.
	cur, curPred := anisotropicCurrent(o.Seed)
	zCur := cur.v / cur.se
	v := conditional(math.Abs(zm) < 5, math.Abs(zc) > 5 && math.Abs(zCur) > 5)
	accText := ""
	if mainMALA {
		accText = fmt.Sprintf("; acceptance %.3f", accM)
	}
	names := map[bool]string{true: "MALA", false: "Euler–Maruyama (unadjusted)"}
	return Claim{
		Dynamics: fmt.Sprintf("double well (x^2 - 1)^2, T = 1, dt = 0.06, 8000 chains x 400 steps: %s vs %s; 2-D trap with anisotropic noise T = (0.5, 1.5)", names[mainMALA], names[!mainMALA]),
		Measured: fmt.Sprintf("<x^2> = %s with %s (z = %.1f vs exact %.5g%s), %s with %s (z = %.1f); anisotropic noise: current %s (z = %.1f; predicted %s)",
			pm(rm.v, rm.se), names[mainMALA], zm, exact, accText, pm(rc.v, rc.se), names[!mainMALA], zc, pm(cur.v, cur.se), zCur, g(curPred)),
		Verdict:    v,
		Conditions: "holds for MALA (exactly, any dt) and for exact overdamped Langevin with isotropic thermal noise; unadjusted Langevin violates it at O(dt); anisotropic noise creates steady currents; underdamped needs the momentum flip",
		Rule:       "holds if the stationary <x^2> matches exp(-beta L) within 5 standard errors; the controls break it if the other integrator deviates by > 5 standard errors and the anisotropic steady current differs from 0 by > 5 standard errors",
		Figures:    map[string]float64{"x2_main": rm.v, "x2_main_stderr": rm.se, "z_main": zm, "x2_control": rc.v, "x2_control_stderr": rc.se, "z_control": zc, "x2_exact": exact, "current": cur.v, "current_stderr": cur.se, "current_predicted": curPred},
	}, nil
}

// anisotropicCurrent runs dx = -A x dt + sqrt(2 T_i) dW_i with
// A = [[2, 0.8], [0.8, 1]], T = (0.5, 1.5) (Euler–Maruyama dt = 0.01) and
// returns the mean area velocity <x o dy - y o dx>/dt, with the prediction
// -A21 Sxx - A22 Sxy + A11 Sxy + A12 Syy from the stationary covariance S
// solving A S + S A^T = 2 diag(T) (zero for isotropic T).
func anisotropicCurrent(seed uint64) (vse, float64) {
	a11, a12, a22 := 2.0, 0.8, 1.0
	t1, t2 := 0.5, 1.5
	// A S + S A = 2D for symmetric A, S: 3 linear equations in (sxx, sxy, syy).
	// 2 a11 sxx + 2 a12 sxy = 2 t1; 2 a12 sxy + 2 a22 syy = 2 t2;
	// a12 sxx + (a11 + a22) sxy + a12 syy = 0.
	// Solve by substitution.
	// sxx = (t1 - a12 sxy)/a11, syy = (t2 - a12 sxy)/a22.
	sxy := -(a12*t1/a11 + a12*t2/a22) / ((a11 + a22) - a12*a12/a11 - a12*a12/a22)
	sxx, syy := (t1-a12*sxy)/a11, (t2-a12*sxy)/a22
	pred := -a12*sxx - a22*sxy + a11*sxy + a12*syy
	const chains, burn, steps, dt = 1000, 500, 3000, 0.01
	vals := make([]float64, chains)
	for j := range vals {
		src := rng.Stream(seed, "claims/5.2/current", uint64(j))
		x, y := 0.0, 0.0
		s := 0.0
		for k := 0; k < burn+steps; k++ {
			nx := x + (-a11*x-a12*y)*dt + math.Sqrt(2*t1*dt)*src.Norm()
			ny := y + (-a12*x-a22*y)*dt + math.Sqrt(2*t2*dt)*src.Norm()
			if k >= burn {
				s += 0.5*(x+nx)*(ny-y) - 0.5*(y+ny)*(nx-x)
			}
			x, y = nx, ny
		}
		vals[j] = s / (steps * dt)
	}
	return meanSE(vals), pred
}

// gaussF is the free-energy functional of a Gaussian density N(m, v) in
// U = k x^2/2: F = k (m^2 + v)/2 - T/2 ln(2 pi e v).
func gaussF(m, v, k, temp float64) float64 {
	f := 0.5 * k * (m*m + v)
	if temp != 0 {
		f -= 0.5 * temp * math.Log(2*math.Pi*math.E*v)
	}
	return f
}

func sampleMV(x []float64) (m, v float64) {
	for _, a := range x {
		m += a
	}
	m /= float64(len(x))
	for _, a := range x {
		v += (a - m) * (a - m)
	}
	return m, v / float64(len(x)-1)
}

func claimFreeEnergy(_ context.Context, o Options) (Claim, error) {
	const k, n, groups = 1.0, 8000, 20
	temp := o.Temperature
	const tStar, delta = 1.5, 0.05
	x := make([]float64, n)
	src := rng.Stream(o.Seed, "claims/6.1", 0)
	for j := range x {
		x[j] = 2 + 0.3*src.Norm()
	}
	// Series F(t) (Gaussian-fit estimate vs closed form) on a grid to t*-delta.
	s := Series{Name: fmt.Sprintf("F[p_t] (ensemble), T = %g", temp), XLabel: "t", YLabel: "F"}
	sc := Series{Name: "F[p_t] closed form", XLabel: "t", YLabel: "F"}
	closed := func(t float64) float64 {
		m := 2 * math.Exp(-k*t)
		v := temp/k + (0.09-temp/k)*math.Exp(-2*k*t)
		return gaussF(m, v, k, temp)
	}
	const nt = 29
	maxDev := 0.0
	for i := 0; i <= nt; i++ {
		t := (tStar - delta) * float64(i) / nt
		if i > 0 {
			for j := range x {
				x[j] = ouStep(x[j], k, 0, temp, (tStar-delta)/nt, &src)
			}
		}
		m, v := sampleMV(x)
		f := gaussF(m, v, k, temp)
		s.X, s.Y = append(s.X, t), append(s.Y, f)
		sc.X, sc.Y = append(sc.X, t), append(sc.Y, closed(t))
		maxDev = math.Max(maxDev, math.Abs(f-closed(t)))
	}
	// Rates at t*: seed's -<|grad L|^2>, the true -<|grad L + T grad ln p|^2>
	// (p the Gaussian fit), both per particle at t*; the measured slope of
	// F by central differences over [t* - delta, t* + delta], per group.
	before := append([]float64(nil), x...)
	mid := make([]float64, n)
	for j := range x {
		mid[j] = ouStep(x[j], k, 0, temp, delta, &src)
		x[j] = ouStep(mid[j], k, 0, temp, delta, &src)
	}
	mm, vm := sampleMV(mid)
	seedRate, trueRate := make([]float64, n), make([]float64, n)
	for j, a := range mid {
		seedRate[j] = -(k * a) * (k * a)
		r := k*a - temp*(a-mm)/vm
		trueRate[j] = -r * r
	}
	slopes := make([]float64, groups)
	gs := n / groups
	for i := range slopes {
		m0, v0 := sampleMV(before[i*gs : (i+1)*gs])
		m1, v1 := sampleMV(x[i*gs : (i+1)*gs])
		slopes[i] = (gaussF(m1, v1, k, temp) - gaussF(m0, v0, k, temp)) / (2 * delta)
	}
	meas, sr, tr := meanSE(slopes), meanSE(seedRate), meanSE(trueRate)
	zSeed := (meas.v - sr.v) / math.Hypot(meas.se, sr.se)
	zTrue := (meas.v - tr.v) / math.Hypot(meas.se, tr.se)
	seedOK := math.Abs(zSeed) < 5
	v := Fails
	if seedOK {
		v = Holds
		if temp == 0 {
			v = HoldsUnderConditions
		}
	}
	return Claim{
		Dynamics: fmt.Sprintf("ensemble of 8000 particles relaxing in U = x^2/2 (overdamped, gamma = 1, exact propagator) at T = %g from N(2, 0.3^2); F[p] = <L> + T int p ln p from Gaussian fits", temp),
		Measured: fmt.Sprintf("dF/dt at t = 1.5: measured %s; seed's -<|grad L|^2> = %s (z = %.1f); -<|grad L + T grad ln p|^2> = %s (z = %.1f); max |F_ensemble - F_closed| = %s",
			pm(meas.v, meas.se), pm(sr.v, sr.se), zSeed, pm(tr.v, tr.se), zTrue, g(maxDev)),
		Verdict:    v,
		Conditions: "F is a functional of the density, F[p] = <L> + T int p ln p, with dF/dt = -<|grad L + T grad ln p|^2>/gamma <= 0 and F - F_eq = T D(p || pi); the stated rate -eta|grad L|^2 holds only at T = 0",
		Rule:       "the stated rate holds if the measured dF/dt agrees with -<|grad L|^2> within 5 standard errors (combined); at T = 0 that is the condition under which it holds",
		Figures:    map[string]float64{"dFdt_measured": meas.v, "dFdt_measured_stderr": meas.se, "rate_seed": sr.v, "rate_true": tr.v, "z_seed": zSeed, "z_true": zTrue, "max_dev_closed_form": maxDev},
		Series:     []Series{s, sc},
	}, nil
}

func claimEnergyInformation(_ context.Context, o Options) (Claim, error) {
	// Relaxation: E(t) = <U>, S(t) = differential entropy of the ensemble.
	const k, n, temp = 1.0, 8000, 1.0
	x := make([]float64, n)
	src := rng.Stream(o.Seed, "claims/8.1", 0)
	for j := range x {
		x[j] = 2 + 0.3*src.Norm()
	}
	s := Series{Name: "E(t) * S(t)", XLabel: "t", YLabel: "E S"}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := 0; i <= 30; i++ {
		if i > 0 {
			for j := range x {
				x[j] = ouStep(x[j], k, 0, temp, 0.1, &src)
			}
		}
		m, v := sampleMV(x)
		e := 0.5 * k * (m*m + v)
		ent := 0.5 * math.Log(2*math.Pi*math.E*v)
		p := e * ent
		lo, hi = math.Min(lo, p), math.Max(hi, p)
		s.X, s.Y = append(s.X, 0.1*float64(i)), append(s.Y, p)
	}
	variation := (hi - lo) / math.Max(math.Abs(hi), math.Abs(lo))
	// The true trade-off: the thermodynamic uncertainty relation in a
	// non-equilibrium steady state (a tilted periodic potential on a ring,
	// U = -cos x, force F = 1, T = 1): for the displacement X over tau,
	// Var(X) <Delta S_tot> / <X>^2 >= 2 with Delta S_tot = (F X - Delta U)/T.
	const groups, per = 20, 100
	tur := make([]float64, groups)
	for gi := range tur {
		xs, ss := make([]float64, per), make([]float64, per)
		for j := range xs {
			src := rng.Stream(o.Seed, "claims/8.1/tur", uint64(gi*per+j))
			xs[j], ss[j] = tiltedRing(&src)
		}
		_, vx := sampleMV(xs)
		mx, _ := sampleMV(xs)
		ms, _ := sampleMV(ss)
		tur[gi] = vx * ms / (mx * mx)
	}
	t := meanSE(tur)
	constant := variation < 0.05
	v := Holds
	if !constant {
		v = Fails
	}
	return Claim{
		Dynamics:   "relaxing ensemble (8000 particles, U = x^2/2, T = 1, from N(2, 0.3^2)): E = <L>, S = differential entropy; tilted periodic potential -cos x + force 1 on a ring (T = 1, Euler–Maruyama dt = 0.01, displacement over t = 10, 2000 trajectories) for the uncertainty relation",
		Measured:   fmt.Sprintf("E*S ranges over [%s, %s] (relative variation %s); TUR ratio Var(X)<Delta S_tot>/<X>^2 = %s (bound 2)", g(lo), g(hi), g(variation), pm(t.v, t.se)),
		Verdict:    v,
		Conditions: "no such law; the true energy–information trade-off is the thermodynamic uncertainty relation Var(X)<Delta S_tot>/<X>^2 >= 2 (Barato & Seifert 2015)",
		Rule:       "constant if (max - min)/max|E S| < 0.05 along the relaxation, fails otherwise (the TUR ratio, with its standard error over 20 groups, is reported as what is true instead)",
		Figures:    map[string]float64{"product_min": lo, "product_max": hi, "relative_variation": variation, "tur_ratio": t.v, "tur_ratio_stderr": t.se},
		Series:     []Series{s},
	}, nil
}

// sgdTemperature runs 1-D regression SGD at step eta and batch b and returns
// B T with T = h Var(theta), its standard error by block means.
func sgdTemperature(r *regression1D, eta float64, b int, steps int, src *rng.Source) vse {
	const blocks, burn = 50, 5000
	th := r.theta0
	for k := 0; k < burn; k++ {
		th -= eta * r.batchGrad(th, b, src)
	}
	per := steps / blocks
	bv := make([]float64, blocks)
	for i := range bv {
		s := 0.0
		for k := 0; k < per; k++ {
			th -= eta * r.batchGrad(th, b, src)
			d := th - r.theta0
			s += d * d
		}
		bv[i] = float64(b) * r.h * s / float64(per)
	}
	return meanSE(bv)
}

func claimBatchTemperature(_ context.Context, o Options) (Claim, error) {
	r := newRegression1D(o.Seed, 1000)
	bs := []int{2, 4, 8, 16, 32}
	const eta, ratio, steps = 0.02, 0.01, 400000
	fixed := Series{Name: "B T at fixed eta = 0.02", XLabel: "B", YLabel: "B T", LogX: true}
	scaled := Series{Name: "B T at fixed eta/B = 0.01", XLabel: "B", YLabel: "B T", LogX: true}
	var fv, sv []vse
	for i, b := range bs {
		src := rng.Stream(o.Seed, "claims/8.3/fixed-eta", uint64(i))
		f := sgdTemperature(r, eta, b, steps, &src)
		src = rng.Stream(o.Seed, "claims/8.3/fixed-ratio", uint64(i))
		s := sgdTemperature(r, ratio*float64(b), b, steps, &src)
		fv, sv = append(fv, f), append(sv, s)
		fixed.X, fixed.Y = append(fixed.X, float64(b)), append(fixed.Y, f.v)
		scaled.X, scaled.Y = append(scaled.X, float64(b)), append(scaled.Y, s.v)
	}
	spread := func(xs []vse) (mean, rel, zmax float64) {
		lo, hi := math.Inf(1), math.Inf(-1)
		w, sw := 0.0, 0.0
		for _, x := range xs {
			w += x.v / (x.se * x.se)
			sw += 1 / (x.se * x.se)
			lo, hi = math.Min(lo, x.v), math.Max(hi, x.v)
		}
		mean = w / sw
		for _, x := range xs {
			zmax = math.Max(zmax, math.Abs(x.v-mean)/x.se)
		}
		return mean, (hi - lo) / mean, zmax
	}
	fm, frel, fz := spread(fv)
	sm, srel, _ := spread(sv)
	pred := eta * r.sigma2 / (2 - eta*r.h)
	constant := fz < 5
	v := conditional(constant, srel > 0.2)
	return Claim{
		Dynamics: "1-D linear regression (1000 examples), SGD with replacement from the minimum, B = 2..32, 400000 steps each; T = h Var(theta) (block means)",
		Measured: fmt.Sprintf("fixed eta = 0.02: B T = %s, spread %s, max |z| = %.1f (AR(1) prediction eta sigma^2/(2 - eta h) = %s); fixed eta/B = 0.01: B T from %s to %s (spread %s)",
			g(fm), g(frel), fz, g(pred), g(sv[0].v), g(sv[len(sv)-1].v), g(srel)),
		Verdict:    v,
		Conditions: "B T is constant when eta is held fixed (T ~ eta sigma^2/(2B), exactly eta sigma^2/(2 - eta h) for this quadratic loss with additive noise, -> eta sigma^2/2 at small eta; isotropic noise); under the linear scaling rule eta ~ B it is T that stays constant and B T grows like B (Mandt, Hoffman & Blei 2017; Smith & Le 2018)",
		Rule:       "constant at fixed eta if every B T is within 5 standard errors of their weighted mean; the condition (fixed eta) is shown necessary if scaling eta with B spreads B T by > 20% (of the mean)",
		Figures:    map[string]float64{"BT_fixed_eta_mean": fm, "BT_fixed_eta_spread": frel, "BT_fixed_eta_zmax": fz, "BT_fixed_ratio_spread": srel, "BT_fixed_ratio_mean": sm, "BT_predicted": pred},
		Series:     []Series{fixed, scaled},
	}, nil
}

// tiltedRing runs dx = (F - U'(x)) dt + sqrt(2T) dW with U = -cos x, F = 1,
// T = 1 (Euler–Maruyama, dt = 0.01): 10 time units to reach the steady
// state, then returns the displacement X over the next 10 and the entropy
// produced, Delta S_tot = (F X - Delta U)/T (the system-entropy change
// averages to 0 in the steady state).
func tiltedRing(src *rng.Source) (x, ds float64) {
	const f, temp, dt = 1.0, 1.0, 0.01
	s := src.Float64() * 2 * math.Pi
	for k := 0; k < 1000; k++ {
		s += (f-math.Sin(s))*dt + math.Sqrt(2*temp*dt)*src.Norm()
	}
	s0 := s
	for k := 0; k < 1000; k++ {
		s += (f-math.Sin(s))*dt + math.Sqrt(2*temp*dt)*src.Norm()
	}
	x = s - s0
	return x, (f*x - (-math.Cos(s) + math.Cos(s0))) / temp
}
