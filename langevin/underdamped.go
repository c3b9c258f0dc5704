package langevin

import "math"

// BAOAB is the Leimkuhler–Matthews splitting of underdamped Langevin dynamics
// with mass M and friction Gamma:
//
//	B: p += (dt/2) F(x);  A: x += (dt/2) p/M;
//	O: p = c1 p + sqrt((1 - c1^2) M T) xi,  c1 = exp(-Gamma dt / M);
//	A: x += (dt/2) p/M;  B: p += (dt/2) F(x).
//
// Only O exchanges energy with the bath: the heat dissipated on a step is
// minus the kinetic-energy change of O (Sivak, Chodera & Crooks 2013), added
// to Batch.Heat when it is non-nil. The deterministic parts change the total
// energy by the shadow work, which the engine reports separately. With
// Gamma = 0 the scheme is velocity Verlet (leapfrog), symplectic and
// time-reversible. Noise, if not empty, sets a temperature per coordinate.
type BAOAB struct {
	Pot   Potential
	Gamma float64
	Mass  float64
	Noise []float64
}

type baoabScratch struct{ f, tmp, c2 []float64 }

func (z *BAOAB) Name() string {
	if z.Gamma == 0 {
		return "leapfrog"
	}
	return "baoab"
}
func (z *BAOAB) Underdamped() bool { return true }
func (z *BAOAB) NewScratch(n int) Scratch {
	d := z.Pot.Dim()
	return &baoabScratch{f: make([]float64, n*d), tmp: make([]float64, n*d), c2: make([]float64, d)}
}

func (z *BAOAB) Step(b *Batch, c *Control, s Scratch) {
	sc := s.(*baoabScratch)
	nd, d := b.N*b.D, b.D
	f := sc.f[:nd]
	h := 0.5 * c.Dt
	hm := h / z.Mass
	Force(z.Pot, f, b.X, c.Lambda, sc.tmp[:nd])
	for k := range f {
		b.P[k] += h * f[k]
		b.X[k] += hm * b.P[k]
	}
	if z.Gamma > 0 {
		c1 := math.Exp(-z.Gamma * c.Dt / z.Mass)
		for i := range sc.c2 {
			ti := c.T
			if len(z.Noise) > 0 {
				ti = z.Noise[i]
			}
			sc.c2[i] = math.Sqrt((1 - c1*c1) * z.Mass * ti)
		}
		inv2m := 0.5 / z.Mass
		for j := 0; j < b.N; j++ {
			src := &b.Src[j]
			dk := 0.0
			for i := 0; i < d; i++ {
				k := j*d + i
				p0 := b.P[k]
				p1 := c1*p0 + sc.c2[i]*src.Norm()
				b.P[k] = p1
				dk += (p1*p1 - p0*p0) * inv2m
			}
			if b.Heat != nil {
				b.Heat[j] -= dk
			}
		}
	}
	for k := range f {
		b.X[k] += hm * b.P[k]
	}
	Force(z.Pot, f, b.X, c.Lambda, sc.tmp[:nd])
	for k := range f {
		b.P[k] += h * f[k]
	}
}
