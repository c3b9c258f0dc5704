package langevin

import (
	"math"
	"testing"
)

// gaussFamily is the loss and Fisher metric of the Gaussian family
// x ~ N(mu, e^{2s}) in the coordinates q = (mu, s): the per-sample negative
// log-likelihood of data with mean m and variance v (constants dropped),
//
//	L(mu, s) = s + ((mu - m)^2 + v) e^{-2s} / 2,   G = diag(e^{-2s}, 2).
type gaussFamily struct{ m, v float64 }

func (g gaussFamily) Dim() int { return 2 }
func (g gaussFamily) Energy(dst, x, _ []float64) {
	for j := range dst {
		mu, s := x[2*j], x[2*j+1]
		dst[j] = s + ((mu-g.m)*(mu-g.m)+g.v)*math.Exp(-2*s)/2
	}
}
func (g gaussFamily) Gradient(dst, x, _ []float64) {
	for j := 0; j < len(x)/2; j++ {
		mu, s := x[2*j], x[2*j+1]
		e := math.Exp(-2 * s)
		dst[2*j] = (mu - g.m) * e
		dst[2*j+1] = 1 - ((mu-g.m)*(mu-g.m)+g.v)*e
	}
}
func (g gaussFamily) Fisher(dst, q []float64) {
	dst[0], dst[1], dst[2], dst[3] = math.Exp(-2*q[1]), 0, 0, 2
}
func (g gaussFamily) FisherDeriv(dst, q []float64) {
	clear(dst[:8])
	dst[4] = -2 * math.Exp(-2*q[1]) // d G_00 / d s
}

func newGauss(gamma float64, drop bool) *MetricHamiltonian {
	f := gaussFamily{m: 0.5, v: 1}
	return &MetricHamiltonian{Potential: f, Metric: f, Gamma: gamma, DropMetricDerivative: drop}
}

// maxEnergyError runs from a fixed initial state for time tEnd and returns
// max |H - H0| over the first and the second half of the run.
func maxEnergyError(t *testing.T, h *MetricHamiltonian, dt, tEnd float64) (first, second float64) {
	w := h.NewWork()
	q, p := []float64{1.5, 0.3}, []float64{0.4, -0.6}
	e0, err := h.Energy(q, p, nil, w)
	if err != nil {
		t.Fatal(err)
	}
	n := int(math.Round(tEnd / dt))
	for k := 1; k <= n; k++ {
		if err := h.Step(q, p, nil, dt, w); err != nil {
			t.Fatal(err)
		}
		e, _ := h.Energy(q, p, nil, w)
		d := math.Abs(e - e0)
		if k <= n/2 {
			first = math.Max(first, d)
		} else {
			second = math.Max(second, d)
		}
	}
	return first, second
}

// The generalised leapfrog is symplectic of order 2: its energy error is
// bounded over long times (no drift; backward error analysis, Hairer, Lubich
// & Wanner 2006, Thm IX.8.1) and scales as dt^2.
func TestGeneralisedLeapfrogEnergyOrderTwo(t *testing.T) {
	h := newGauss(0, false)
	dts := []float64{0.04, 0.02, 0.01}
	errs := make([]float64, len(dts))
	for i, dt := range dts {
		a, b := maxEnergyError(t, h, dt, 400)
		errs[i] = math.Max(a, b)
		// Bounded: the second half of a long run is no worse than the first.
		if b > 1.5*a {
			t.Errorf("dt=%g: energy error grows: first half %.3g, second half %.3g", dt, a, b)
		}
	}
	// Least-squares slope of log err against log dt.
	var sx, sy, sxx, sxy float64
	for i := range dts {
		x, y := math.Log(dts[i]), math.Log(errs[i])
		sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	n := float64(len(dts))
	slope := (n*sxy - sx*sy) / (n*sxx - sx*sx)
	t.Logf("max |H - H0| = %.3g, %.3g, %.3g; order %.3f", errs[0], errs[1], errs[2], slope)
	if math.Abs(slope-2) > 0.1 {
		t.Errorf("energy error order %.3f, want 2", slope)
	}
}

// Dropping the metric-derivative term makes the dynamics non-Hamiltonian: the
// energy error no longer vanishes with dt.
func TestDropMetricDerivativeBreaksEnergy(t *testing.T) {
	a, b := maxEnergyError(t, newGauss(0, false), 0.01, 50)
	c, d := maxEnergyError(t, newGauss(0, true), 0.01, 50)
	good, bad := math.Max(a, b), math.Max(c, d)
	t.Logf("full %.3g, dropped %.3g", good, bad)
	if bad < 1e3*good {
		t.Errorf("dropping the Christoffel term changed the energy error only from %.3g to %.3g", good, bad)
	}
}

// With friction the energy balance E(t) - E0 + int gamma q'^T G q' ds = 0
// holds up to the O(dt^2) error of the integrator and of the trapezoid rule.
func TestFrictionBalanceLaw(t *testing.T) {
	h := newGauss(0.3, false)
	w := h.NewWork()
	resid := func(dt float64) (float64, float64) {
		q, p := []float64{1.5, 0.3}, []float64{0.4, -0.6}
		e0, _ := h.Energy(q, p, nil, w)
		diss, _ := h.Dissipation(q, p, w)
		integ, worst := 0.0, 0.0
		var e float64
		for k := 0; k < int(math.Round(10/dt)); k++ {
			if err := h.Step(q, p, nil, dt, w); err != nil {
				t.Fatal(err)
			}
			d2, _ := h.Dissipation(q, p, w)
			integ += 0.5 * dt * (diss + d2)
			diss = d2
			e, _ = h.Energy(q, p, nil, w)
			worst = math.Max(worst, math.Abs(e-e0+integ))
		}
		return worst, math.Abs(e - e0)
	}
	r1, drop := resid(0.01)
	r2, _ := resid(0.005)
	t.Logf("energy dropped by %.3g; balance residual %.3g (dt=0.01), %.3g (dt=0.005)", drop, r1, r2)
	if drop < 0.1 {
		t.Fatalf("friction dissipated only %.3g", drop)
	}
	if r1 > 1e-3*drop || r2 > r1/3 {
		t.Errorf("balance residual %.3g, %.3g not O(dt^2) small against %.3g", r1, r2, drop)
	}
}

// The step map is symplectic: its Jacobian M (by central differences)
// satisfies M^T Omega M = Omega; with friction M^T Omega M = e^{-gamma dt} Omega.
func TestGeneralisedLeapfrogSymplectic(t *testing.T) {
	for _, gamma := range []float64{0, 0.7} {
		h := newGauss(gamma, false)
		w := h.NewWork()
		dt := 0.1
		z0 := []float64{1.5, 0.3, 0.4, -0.6}
		step := func(z []float64) []float64 {
			q, p := []float64{z[0], z[1]}, []float64{z[2], z[3]}
			for k := 0; k < 5; k++ {
				if err := h.Step(q, p, nil, dt, w); err != nil {
					t.Fatal(err)
				}
			}
			return []float64{q[0], q[1], p[0], p[1]}
		}
		var m [4][4]float64
		const eps = 1e-5
		for j := 0; j < 4; j++ {
			zp, zm := append([]float64(nil), z0...), append([]float64(nil), z0...)
			zp[j] += eps
			zm[j] -= eps
			a, b := step(zp), step(zm)
			for i := 0; i < 4; i++ {
				m[i][j] = (a[i] - b[i]) / (2 * eps)
			}
		}
		omega := func(i, j int) float64 {
			switch {
			case j == i+2:
				return 1
			case i == j+2:
				return -1
			}
			return 0
		}
		c := math.Exp(-gamma * 5 * dt)
		worst := 0.0
		for i := 0; i < 4; i++ {
			for j := 0; j < 4; j++ {
				s := 0.0
				for a := 0; a < 4; a++ {
					for b := 0; b < 4; b++ {
						s += m[a][i] * omega(a, b) * m[b][j]
					}
				}
				worst = math.Max(worst, math.Abs(s-c*omega(i, j)))
			}
		}
		if worst > 1e-8 {
			t.Errorf("gamma=%g: |M^T Omega M - e^{-gamma t} Omega| = %.3g", gamma, worst)
		}
	}
}

func BenchmarkMetricHamiltonianStep(b *testing.B) {
	h := newGauss(0, false)
	w := h.NewWork()
	q, p := []float64{1.5, 0.3}, []float64{0.4, -0.6}
	b.ReportAllocs()
	for b.Loop() {
		if err := h.Step(q, p, nil, 0.01, w); err != nil {
			b.Fatal(err)
		}
	}
}
