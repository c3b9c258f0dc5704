package paths_test

import (
	"math"
	"testing"

	"github.com/thermosim/thermosim/internal/rng"
	"github.com/thermosim/thermosim/paths"
)

// baoabRun holds per-trajectory results of a BAOAB simulation.
type baoabRun struct {
	exact, cont []float64 // log ratio + boundary terms of the BAOAB / continuum densities
	firstLaw    []float64 // (W - Delta E)/T + boundary terms of the BAOAB densities
	xK, pK      []float64
	rhoK, contK *paths.GaussianDensity
}

// simulateBAOAB runs n one-dimensional BAOAB trajectories (mass m, friction
// gamma, T = tr.T[0]) from the Gibbs density at lambda_0, all substeps of
// step k under lambda_{k+1}.
func simulateBAOAB(tr trap, gamma, m float64, n, K int, dt float64, seed uint64) baoabRun {
	T := tr.T[0]
	l0 := tr.linear(0)
	rho, err := paths.NewEquilibriumPhase(l0, m)
	if err != nil {
		panic(err)
	}
	cont := rho.Clone()
	x, p := make([]float64, n), make([]float64, n)
	pb, pa := make([]float64, n), make([]float64, n)
	src := make([]rng.Source, n)
	r := baoabRun{exact: make([]float64, n), cont: make([]float64, n), firstLaw: make([]float64, n)}
	energy := func(x, p float64, l *paths.Linear) float64 {
		return p*p/(2*m) + 0.5*l.K[0]*(x-l.C[0])*(x-l.C[0])
	}
	qfl := make([]float64, n) // first-law heat W - Delta E, accumulated
	for j := range n {
		src[j] = rng.Stream(seed, "paths-baoab-test", uint64(j))
		x[j] = rho.Mean[0] + math.Sqrt(rho.Var[0])*src[j].Norm()
		p[j] = math.Sqrt(rho.VarP[0]) * src[j].Norm()
	}
	rho.LogPdfPhaseBatch(r.exact, x, p)
	copy(r.cont, r.exact)
	ratio := make([]float64, n)
	c1 := math.Exp(-gamma * dt / m)
	sO := math.Sqrt((1 - c1*c1) * m * T)
	h := dt / 2
	for k := range K {
		l := tr.linear(float64(k+1) * dt)
		kk, cc := l.K[0], l.C[0]
		for j := range n {
			// first law: Q_k = W_k - Delta E_k = E(z_k, lambda_{k+1}) - E(z_{k+1}, lambda_{k+1})
			e1 := energy(x[j], p[j], l)
			p[j] -= h * kk * (x[j] - cc)
			x[j] += h * p[j] / m
			pb[j] = p[j]
			p[j] = c1*p[j] + sO*src[j].Norm()
			pa[j] = p[j]
			x[j] += h * p[j] / m
			p[j] -= h * kk * (x[j] - cc)
			qfl[j] += e1 - energy(x[j], p[j], l)
		}
		paths.LogRatioBAOAB(ratio, pb, pa, T, m)
		paths.UnderdampedBAOAB{Gamma: gamma, Mass: m}.Step(rho, l, dt)
		paths.UnderdampedExact{Gamma: gamma, Mass: m}.Step(cont, l, dt)
	}
	lK := make([]float64, n)
	rho.LogPdfPhaseBatch(lK, x, p)
	lC := make([]float64, n)
	cont.LogPdfPhaseBatch(lC, x, p)
	for j := range n {
		r.cont[j] += ratio[j] - lC[j]
		r.firstLaw[j] = r.exact[j] + qfl[j]/T - lK[j]
		r.exact[j] += ratio[j] - lK[j]
	}
	r.xK, r.pK, r.rhoK, r.contK = x, p, rho, cont
	return r
}

// BAOAB at a coarse step (k dt^2/m = 0.64 to 1.9): the log ratio of the O
// substeps (= O-step heat / T) with the BAOAB propagator's phase-space
// densities as boundary terms satisfies the IFT within 4 SE (Sivak, Chodera &
// Crooks 2013). So does the same log ratio with the continuum final density
// (any normalised final density is a valid start of the reversed chain). The
// first-law heat W - Delta E, which adds the shadow work of the deterministic
// B and A substeps, misses by many SE.
func TestIFTBAOABCoarseDt(t *testing.T) {
	// shadow: whether the first-law failure is asserted. For the trap dragged
	// at fixed stiffness the shadow work is small at this dt (measured
	// IFT 1.027 +- 0.010, 2.7 SE): it is only logged.
	cases := []struct {
		name   string
		tr     trap
		shadow bool
	}{
		{"BAOAB dragged trap v=0.5", dragged(0.5), false},
		{"BAOAB breathing trap k 1->3", breathing(1, 3, 6.4), true},
	}
	for i, c := range cases {
		r := simulateBAOAB(c.tr, 1, 1, 200000, 8, 0.8, uint64(40+i))
		_, z := zFrom1(t, c.name+" exact", r.exact)
		if math.Abs(z) > 4 {
			t.Errorf("%s: exact BAOAB IFT %.1f standard errors from 1", c.name, z)
		}
		_, z = zFrom1(t, c.name+" continuum p_K", r.cont)
		if math.Abs(z) > 4 {
			t.Errorf("%s: O-step heat with the continuum final density: IFT %.1f standard errors from 1", c.name, z)
		}
		_, z = zFrom1(t, c.name+" first-law heat", r.firstLaw)
		if c.shadow && math.Abs(z) < 8 {
			t.Errorf("%s: first-law heat (with shadow work) only %.1f standard errors from 1 at dt = 0.8", c.name, z)
		}
		// <Delta s_cont> - <Delta s_exact> = <ln rho_K - ln rho_cont>_{rho_K}
		// = D(rho_K || rho_cont) >= 0, the closed-form relative entropy of two
		// bivariate normals.
		diff := make([]float64, len(r.exact))
		for j := range diff {
			diff[j] = r.cont[j] - r.exact[j]
		}
		m, se := meanSE(diff)
		want := kl2(r.rhoK, r.contK)
		if z := (m - want) / se; math.Abs(z) > 4 {
			t.Errorf("%s: <ln rho_K/rho_cont> = %v +- %v, D(rho_K||rho_cont) = %v, z = %.1f", c.name, m, se, want, z)
		}
		t.Logf("%s: <ln rho_K/rho_cont> = %.5f +- %.5f, KL %.5f", c.name, m, se, want)
	}
}

func meanSE(s []float64) (m, se float64) {
	m = mean(s)
	v := 0.0
	for _, x := range s {
		v += (x - m) * (x - m)
	}
	return m, math.Sqrt(v / float64(len(s)-1) / float64(len(s)))
}

// kl2 is D(p || q) of two one-coordinate phase-space Gaussians:
// 1/2 [tr(Sq^-1 Sp) + dm^T Sq^-1 dm - 2 + ln(det Sq / det Sp)].
func kl2(p, q *paths.GaussianDensity) float64 {
	a, b, c := q.Var[0], q.CovXP[0], q.VarP[0]
	det := a*c - b*b
	ia, ib, ic := c/det, -b/det, a/det // Sq^-1
	tr := ia*p.Var[0] + 2*ib*p.CovXP[0] + ic*p.VarP[0]
	dx, dp := p.Mean[0]-q.Mean[0], p.MeanP[0]-q.MeanP[0]
	quad := ia*dx*dx + 2*ib*dx*dp + ic*dp*dp
	detp := p.Var[0]*p.VarP[0] - p.CovXP[0]*p.CovXP[0]
	return 0.5 * (tr + quad - 2 + math.Log(det/detp))
}

// The BAOAB log ratio equals the O-step Gaussian transition densities'
// log ratio computed directly, ln N(p'; c1 p, s2) - ln N(-p; -c1 p', s2).
func TestLogRatioBAOABExact(t *testing.T) {
	const T, m, gamma, dt = 0.7, 1.3, 0.9, 0.4
	c1 := math.Exp(-gamma * dt / m)
	s2 := (1 - c1*c1) * m * T
	lnN := func(x, mu, v float64) float64 { return -0.5*(x-mu)*(x-mu)/v - 0.5*math.Log(2*math.Pi*v) }
	pb := []float64{0.3, -1.2, 2.0, 0.1}
	pa := []float64{-0.8, 0.5, 1.7, 0.0}
	dst := []float64{1, 2} // two states of dimension 2; increments are added
	paths.LogRatioBAOAB(dst, pb, pa, T, m)
	for j := range 2 {
		want := float64(j + 1)
		for i := 2 * j; i < 2*j+2; i++ {
			want += lnN(pa[i], c1*pb[i], s2) - lnN(-pb[i], -c1*pa[i], s2)
		}
		near(t, "BAOAB log ratio", dst[j], want, 1e-13)
	}
	d2 := []float64{1, 2}
	paths.LogRatioBAOABDiag(d2, pb, pa, []float64{T, T}, m)
	near(t, "Diag[0]", d2[0], dst[0], 1e-15)
	near(t, "Diag[1]", d2[1], dst[1], 1e-15)
}
