package langevin

import "math"

// MALA is the Metropolis-adjusted Langevin algorithm (Roberts & Tweedie,
// Bernoulli 2, 1996): an Euler–Maruyama proposal
//
//	y = x - (dt/gamma) grad U(x) + sqrt(2 T dt/gamma) xi
//
// accepted with probability min(1, exp(-(U(y) - U(x))/T) q(x|y) / q(y|x)),
// where q is the proposal's Gaussian density. The chain satisfies detailed
// balance with respect to exp(-U(x; lambda)/T) exactly at any dt. Each step
// draws d normals and then one uniform per trajectory, accepted or not, so the
// stream layout never depends on the outcome. MALA needs a conservative force.
type MALA struct {
	Pot   Potential
	Gamma float64
}

type malaScratch struct{ f, fy, y, ux, uy []float64 }

func (m *MALA) Name() string      { return "mala" }
func (m *MALA) Underdamped() bool { return false }
func (m *MALA) NewScratch(n int) Scratch {
	d := m.Pot.Dim()
	return &malaScratch{f: make([]float64, n*d), fy: make([]float64, n*d), y: make([]float64, n*d), ux: make([]float64, n), uy: make([]float64, n)}
}

func (m *MALA) Step(b *Batch, c *Control, s Scratch) {
	sc := s.(*malaScratch)
	nd, d := b.N*b.D, b.D
	g, gy, y := sc.f[:nd], sc.fy[:nd], sc.y[:nd]
	m.Pot.Gradient(g, b.X, c.Lambda)
	a := c.Dt / m.Gamma
	sig := math.Sqrt(2 * c.T * c.Dt / m.Gamma)
	for j := 0; j < b.N; j++ {
		src := &b.Src[j]
		for i := j * d; i < (j+1)*d; i++ {
			y[i] = b.X[i] - a*g[i] + sig*src.Norm()
		}
	}
	m.Pot.Gradient(gy, y, c.Lambda)
	m.Pot.Energy(sc.ux[:b.N], b.X, c.Lambda)
	m.Pot.Energy(sc.uy[:b.N], y, c.Lambda)
	inv := 1 / (2 * sig * sig)
	for j := 0; j < b.N; j++ {
		// log q(x|y) - log q(y|x)
		var fwd, bwd float64
		for i := j * d; i < (j+1)*d; i++ {
			r := y[i] - b.X[i] + a*g[i]
			fwd += r * r
			r = b.X[i] - y[i] + a*gy[i]
			bwd += r * r
		}
		logA := -(sc.uy[j]-sc.ux[j])/c.T - (bwd-fwd)*inv
		u := b.Src[j].OpenFloat64()
		if logA >= 0 || math.Log(u) < logA {
			copy(b.X[j*d:(j+1)*d], y[j*d:(j+1)*d])
			if b.Accepted != nil {
				b.Accepted[j]++
			}
		}
	}
}
