package langevin

import (
	"math"

	"github.com/thermosim/thermosim/internal/rng"
)

// forceScratch is the per-batch memory of the overdamped schemes.
type forceScratch struct {
	f, f2, y, e1, e2 []float64
}

func newForceScratch(n, d int) *forceScratch {
	return &forceScratch{f: make([]float64, n*d), f2: make([]float64, n*d), y: make([]float64, n*d), e1: make([]float64, max(n, d)), e2: make([]float64, n)}
}

// Force sets dst to the total force -grad U + f_nc on every state of x.
func Force(pot Potential, dst, x, lambda []float64, tmp []float64) {
	pot.Gradient(dst, x, lambda)
	if nc, ok := pot.(NonConservative); ok {
		nc.Force(tmp, x, lambda)
		for i := range dst {
			dst[i] = tmp[i] - dst[i]
		}
		return
	}
	for i := range dst {
		dst[i] = -dst[i]
	}
}

// noiseScale returns sqrt(2 T_i dt / gamma) for coordinate i: the bath
// temperature, or the per-coordinate temperatures of anisotropic noise.
func noiseScale(dst []float64, noise []float64, T, dt, gamma float64) {
	for i := range dst {
		ti := T
		if len(noise) > 0 {
			ti = noise[i]
		}
		dst[i] = math.Sqrt(2 * ti * dt / gamma)
	}
}

// EulerMaruyama is the overdamped Euler–Maruyama scheme
//
//	x' = x + (dt/gamma) F(x; lambda') + sqrt(2 T dt / gamma) xi,
//
// with F = -grad U + f_nc. Noise, if not empty, gives a temperature per
// coordinate (anisotropic noise) in place of Control.T.
type EulerMaruyama struct {
	Pot   Potential
	Gamma float64
	Noise []float64
}

func (e *EulerMaruyama) Name() string             { return "euler-maruyama" }
func (e *EulerMaruyama) Underdamped() bool        { return false }
func (e *EulerMaruyama) NewScratch(n int) Scratch { return newForceScratch(n, e.Pot.Dim()) }
func (e *EulerMaruyama) Step(b *Batch, c *Control, s Scratch) {
	sc := s.(*forceScratch)
	nd := b.N * b.D
	f := sc.f[:nd]
	Force(e.Pot, f, b.X, c.Lambda, sc.f2[:nd])
	a := c.Dt / e.Gamma
	if b.D == 1 && len(e.Noise) == 0 {
		sig := math.Sqrt(2 * c.T * c.Dt / e.Gamma)
		x := b.X[:b.N]
		src := b.Src[:b.N]
		f = f[:len(x)]
		for j := range x {
			// the ziggurat's fast path, inlined: trajectories are independent,
			// so the CPU overlaps their generators' dependency chains
			u := src[j].Uint64()
			z, ok := rng.ZigFast(u)
			if !ok {
				z = src[j].NormSlow(u)
			}
			x[j] += a*f[j] + sig*z
		}
		return
	}
	sig := sc.e1[:b.D]
	noiseScale(sig, e.Noise, c.T, c.Dt, e.Gamma)
	d := b.D
	for j := 0; j < b.N; j++ {
		src := &b.Src[j]
		x := b.X[j*d : (j+1)*d]
		fj := f[j*d : (j+1)*d]
		for i := range x {
			x[i] += a*fj[i] + sig[i]*src.Norm()
		}
	}
}

// Heun is the stochastic Heun (predictor–corrector) scheme for additive
// noise: y = x + a F(x) + s xi; x' = x + a/2 (F(x) + F(y)) + s xi, with the
// same xi in both.
type Heun struct {
	Pot   Potential
	Gamma float64
	Noise []float64
}

type heunScratch struct{ f, fy, y, xi, tmp, sig []float64 }

func (h *Heun) Name() string      { return "heun" }
func (h *Heun) Underdamped() bool { return false }
func (h *Heun) NewScratch(n int) Scratch {
	d := h.Pot.Dim()
	return &heunScratch{f: make([]float64, n*d), fy: make([]float64, n*d), y: make([]float64, n*d), xi: make([]float64, n*d), tmp: make([]float64, n*d), sig: make([]float64, d)}
}
func (h *Heun) Step(b *Batch, c *Control, s Scratch) {
	sc := s.(*heunScratch)
	nd := b.N * b.D
	d := b.D
	f, fy, y, xi, tmp := sc.f[:nd], sc.fy[:nd], sc.y[:nd], sc.xi[:nd], sc.tmp[:nd]
	Force(h.Pot, f, b.X, c.Lambda, tmp)
	a := c.Dt / h.Gamma
	noiseScale(sc.sig, h.Noise, c.T, c.Dt, h.Gamma)
	for j := 0; j < b.N; j++ {
		src := &b.Src[j]
		for i := 0; i < d; i++ {
			xi[j*d+i] = sc.sig[i] * src.Norm()
		}
	}
	for k := range y {
		y[k] = b.X[k] + a*f[k] + xi[k]
	}
	Force(h.Pot, fy, y, c.Lambda, tmp)
	for k := range y {
		b.X[k] += 0.5*a*(f[k]+fy[k]) + xi[k]
	}
}
