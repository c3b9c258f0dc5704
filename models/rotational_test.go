package models

import (
	"math"
	"testing"

	"github.com/thermosim/thermosim/balance"
	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/internal/rng"
	"github.com/thermosim/thermosim/langevin"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/stat/distuv"
)

var (
	_ langevin.NonConservative = Rotational{}
)

func TestRotationalExact(t *testing.T) {
	m := build(t, "rotational", 2, Values{"torque": 0.5})
	if m.Potential.Dim() != 2 || len(m.Lambda0) != 2 || m.Lambda0[0] != 1 || m.Lambda0[1] != 0.5 {
		t.Fatalf("model %+v", m)
	}
	r := m.Potential.(Rotational)
	lam := []float64{2, 3}
	x := []float64{1, 2, -0.5, 0.25}
	e := make([]float64, 2)
	r.Energy(e, x, lam)
	// k/2 |x|^2: 5, 0.3125
	if e[0] != 5 || e[1] != 0.3125 {
		t.Fatalf("energy %v", e)
	}
	f := make([]float64, 4)
	r.Force(f, x, lam)
	// tau (-y, x): (-6, 3), (-0.75, -1.5)
	if f[0] != -6 || f[1] != 3 || f[2] != -0.75 || f[3] != -1.5 {
		t.Fatalf("force %v", f)
	}
	// the force is divergence-free and orthogonal to grad U
	if dot := f[0]*x[0] + f[1]*x[1]; dot != 0 {
		t.Fatalf("f . x = %v", dot)
	}
	g := make([]float64, 4)
	r.Gradient(g, x, lam)
	for j := 0; j < 2; j++ {
		fe := func(y []float64) float64 { r.Energy(e[:1], y, lam); return e[0] }
		want := fd.Gradient(nil, fe, x[2*j:2*j+2], &fd.Settings{Formula: fd.Central, Step: 1e-5})
		for i := range want {
			if math.Abs(g[2*j+i]-want[i]) > 1e-8 {
				t.Errorf("gradient %v, finite difference %v", g[2*j:2*j+2], want)
			}
		}
	}
	kq, cq := make([]float64, 2), make([]float64, 2)
	if c0 := r.PotentialQuadratic(kq, cq, lam); c0 != 0 || kq[0] != 2 || kq[1] != 2 || cq[0] != 0 || cq[1] != 0 {
		t.Fatalf("quadratic %v %v", kq, cq)
	}
	kind, _ := Lookup("rotational")
	if _, err := kind.Build(2, Values{"stiffness": -1.0, "torque": 0.0}); err == nil {
		t.Error("negative stiffness accepted")
	}
	omega, epr := RotationalSteadyState(2, 3, 0.5, 7)
	if omega != 6 || epr != 18 {
		t.Fatalf("steady state %v %v", omega, epr)
	}
	// Euler–Maruyama: the exact discrete stationary variance makes
	// s = M s M^T + 2 T dt/gamma hold.
	k, tau, gamma, T, dt := 2.0, 3.0, 0.5, 0.7, 0.01
	s, _, eprDt := RotationalEulerMaruyama(k, tau, gamma, T, dt)
	a, b := k*dt/gamma, tau*dt/gamma
	if res := s*((1-a)*(1-a)+b*b) + 2*T*dt/gamma - s; math.Abs(res) > 1e-15 {
		t.Fatalf("EM variance residual %v", res)
	}
	if math.Abs(eprDt-2*s*tau*tau/(gamma*T)) > 1e-12 || eprDt <= epr {
		t.Fatalf("EM rate %v", eprDt)
	}
}

// rotationalRun simulates R independent Euler–Maruyama trajectories of the
// rotational model, started from the chain's exact stationary law N(0, s I),
// and returns per trajectory: the heat over T (Stratonovich midpoint rule,
// sum (-k x_mid + f(x_mid)) . dx / T), the cross-product current
// sum (x_k y_{k+1} - y_k x_{k+1}), sum r_k^2 dt, the unwrapped winding angle,
// and the current fields.
func rotationalRun(k, tau, gamma, T, dt float64, R, L int, g *balance.Grid) (heat, cross, r2dt, wind []float64, fields []*balance.Field) {
	s, _, _ := RotationalEulerMaruyama(k, tau, gamma, T, dt)
	sd := math.Sqrt(s)
	noise := math.Sqrt(2 * T * dt / gamma)
	mu := dt / gamma
	heat, cross, r2dt, wind = make([]float64, R), make([]float64, R), make([]float64, R), make([]float64, R)
	for r := 0; r < R; r++ {
		src := rng.Stream(2024, "rotational", uint64(r))
		x, y := sd*src.Norm(), sd*src.Norm()
		var f *balance.Field
		if g != nil {
			f = balance.NewField(g)
			fields = append(fields, f)
		}
		var p0, p1 [2]float64
		var q, c, rr, w float64
		for step := 0; step < L; step++ {
			fx, fy := -k*x-tau*y, -k*y+tau*x
			nx := x + mu*fx + noise*src.Norm()
			ny := y + mu*fy + noise*src.Norm()
			mx, my := 0.5*(x+nx), 0.5*(y+ny)
			q += (-k*mx-tau*my)*(nx-x) + (-k*my+tau*mx)*(ny-y)
			cr := x*ny - y*nx
			c += cr
			rr += (x*x + y*y) * dt
			w += math.Atan2(cr, x*nx+y*ny)
			if f != nil {
				p0[0], p0[1], p1[0], p1[1] = x, y, nx, ny
				f.Add(p0[:], p1[:])
			}
			x, y = nx, ny
		}
		heat[r], cross[r], r2dt[r], wind[r] = q/T, c, rr, w
	}
	return
}

// TestRotationalSteadyState checks the exact steady state of the rotational
// model (RotationalSteadyState; Zia & Schmittmann 2007, Seifert 2012) against a direct
// Euler–Maruyama simulation: 200 trajectories of 50 000 steps at dt = 0.002.
// The mean angular velocity and the entropy production rate (heat / T per
// unit time) must agree with tau/gamma and 2 tau^2/(gamma k) within 4
// standard errors (errors from the spread of independent trajectories); the
// closed-form Euler–Maruyama bias of the rate (RotationalEulerMaruyama) is
// far below one standard error at this dt, and is reported. With zero
// torque the rate and the angular velocity are consistent with 0.
func TestRotationalSteadyState(t *testing.T) {
	const k, tau, gamma, T, dt = 1.0, 1.0, 1.0, 1.0, 0.002
	const R, L = 200, 50000
	duration := float64(L) * dt
	heat, cross, r2dt, wind, _ := rotationalRun(k, tau, gamma, T, dt, R, L, nil)
	omega, epr := RotationalSteadyState(k, tau, gamma, T)
	_, _, eprDt := RotationalEulerMaruyama(k, tau, gamma, T, dt)
	durs := make([]float64, R)
	for i := range durs {
		durs[i] = duration
	}
	sig := balance.EntropyRate(heat, durs)
	if math.Abs(sig.Value-epr) > 4*sig.StdErr {
		t.Errorf("entropy production rate %v, exact %v", sig, epr)
	}
	if bias := eprDt - epr; bias > sig.StdErr/4 {
		t.Errorf("Euler–Maruyama bias %v is not small against the error %v: reduce dt", bias, sig.StdErr)
	}
	// omega = sum x x y' / sum r^2 dt: a ratio of sums over independent
	// trajectories, the estimator EntropyRate implements.
	om := balance.EntropyRate(cross, r2dt)
	if math.Abs(om.Value-omega) > 4*om.StdErr {
		t.Errorf("angular velocity %v, exact %v", om, omega)
	}
	wr := balance.EntropyRate(wind, durs)
	// TUR with the integrated cross-product current: a lower bound on the rate.
	tur := balance.TURBound(cross, duration)
	if tur.Value > epr+4*tur.StdErr {
		t.Errorf("TUR bound %v above the exact rate %v", tur, epr)
	}
	t.Logf("rate %v (exact %.4g, EM at dt=%g %.6g, bias %.2g); omega %v (exact %g); winding rate %v (EM ~ atan(b/(1-a))/dt = %.6g); TUR bound %v",
		sig, epr, dt, eprDt, eprDt-epr, om, omega, wr, math.Atan2(tau*dt/gamma, 1-k*dt/gamma)/dt, tur)

	heat0, cross0, r2dt0, _, _ := rotationalRun(k, 0, gamma, T, dt, R, L, nil)
	sig0 := balance.EntropyRate(heat0, durs)
	om0 := balance.EntropyRate(cross0, r2dt0)
	if math.Abs(sig0.Value) > 4*sig0.StdErr || math.Abs(om0.Value) > 4*om0.StdErr {
		t.Errorf("zero torque: rate %v, omega %v, want 0", sig0, om0)
	}
	t.Logf("zero torque: rate %v, omega %v", sig0, om0)
}

// TestRotationalCurrentField compares the Stratonovich current field of
// balance.Field with the exact current of the Euler–Maruyama chain. The pair
// (x, x') is Gaussian, so with the midpoint m = (x + x')/2:
// E[x' - x | m] = (2b/(2-a)) R m and m ~ N(0, s (2-a)/2 I), giving
// j(m) = (tau/gamma) (2/(2-a)) R m N(m; 0, s_m I), within O(dt) of the
// continuum j = (tau/gamma) R x p(x). Bin averages are exact Gaussian
// integrals. Errors from the spread of 40 independent trajectories; the
// sum of squared z-scores over the central bins is referred to chi-square.
func TestRotationalCurrentField(t *testing.T) {
	const k, tau, gamma, T, dt = 1.0, 1.0, 1.0, 1.0, 0.01
	const R, L = 40, 20000
	g, err := balance.NewGrid([]int{6, 6}, [][2]float64{{-1.5, 1.5}, {-1.5, 1.5}})
	if err != nil {
		t.Fatal(err)
	}
	_, _, _, _, fields := rotationalRun(k, tau, gamma, T, dt, R, L, g)
	s, _, _ := RotationalEulerMaruyama(k, tau, gamma, T, dt)
	a := k * dt / gamma
	sm := s * (2 - a) / 2
	amp := tau / gamma * 2 / (2 - a)
	nrm := distuv.Normal{Mu: 0, Sigma: math.Sqrt(sm)}
	// int_lo^hi p(u) du and int_lo^hi u p(u) du = sm (p(lo) - p(hi))
	mass := func(lo, hi float64) float64 { return nrm.CDF(hi) - nrm.CDF(lo) }
	first := func(lo, hi float64) float64 { return sm * (nrm.Prob(lo) - nrm.Prob(hi)) }
	m := g.Len()
	per := make([][]float64, R)
	var ratio estimate.Moments
	for r, f := range fields {
		per[r], _ = f.Current(nil, nil, dt)
	}
	pool := balance.NewField(g)
	for _, f := range fields {
		pool.Merge(f)
	}
	_, poolSE := pool.Current(nil, nil, dt)
	chi2, dof := 0.0, 0
	kc := make([]int, 2)
	for i := 0; i < m; i++ {
		g.Coords(kc, i)
		ex, ey := g.Edges(0), g.Edges(1)
		x0, x1, y0, y1 := ex[kc[0]], ex[kc[0]+1], ey[kc[1]], ey[kc[1]+1]
		vol := g.Volume(i)
		// j = amp (-y, x) p(x) p(y), averaged over the bin
		want := [2]float64{-amp * mass(x0, x1) * first(y0, y1) / vol, amp * first(x0, x1) * mass(y0, y1) / vol}
		for c := 0; c < 2; c++ {
			var mo estimate.Moments
			for r := range per {
				mo.Add(per[r][i*2+c])
			}
			mr := mo.MeanResult()
			z := (mr.Value - want[c]) / mr.StdErr
			chi2 += z * z
			dof++
			ratio.Add(poolSE[i*2+c] / mr.StdErr)
		}
	}
	p := distuv.ChiSquared{K: float64(dof)}.Survival(chi2)
	if p < 1e-3 {
		t.Errorf("current field: chi2 %.1f on %d components, p %.2g", chi2, dof, p)
	}
	t.Logf("current field: chi2 %.1f on %d components (p %.3f); Field's Poisson error / trajectory-spread error: mean %.3f", chi2, dof, p, ratio.Mean)
}
