package paths

import (
	"fmt"
	"math"
)

// Linear holds the coefficients of a linear (harmonic) force at one step:
// the force on coordinate i is -K[i] (x_i - C[i]) (see langevin.Gaussian), and
// the bath temperature is T, or TCoord[i] per coordinate when TCoord is
// non-nil (anisotropic noise). Propagators read the values at the end of the
// step (the protocol moves first, then the state).
type Linear struct {
	K, C   []float64
	T      float64
	TCoord []float64
}

// temp returns the temperature of coordinate i.
func (l *Linear) temp(i int) float64 {
	if l.TCoord != nil {
		return l.TCoord[i]
	}
	return l.T
}

func (l *Linear) check(d int) {
	if len(l.K) != d || len(l.C) != d || (l.TCoord != nil && len(l.TCoord) != d) {
		panic(fmt.Sprintf("paths: Linear with len(K)=%d, len(C)=%d, len(TCoord)=%d for a density of dimension %d", len(l.K), len(l.C), len(l.TCoord), d))
	}
}

// GaussianDensity is a Gaussian density with independent coordinates:
// coordinate i of the position is N(Mean[i], Var[i]). For underdamped
// dynamics (Phase reports true) each pair (x_i, p_i) is a bivariate Gaussian
// with means (Mean[i], MeanP[i]) and covariance
// [[Var[i], CovXP[i]], [CovXP[i], VarP[i]]], independent of the other pairs;
// for overdamped dynamics MeanP, VarP and CovXP are nil.
//
// A variance of 0 is a point mass (a deterministic start): it has no density,
// so Seifert's system entropy -ln p(x_0, 0) is undefined for it. Check
// reports this as an error; for a point start measure the system entropy from
// the first step on, where the density of the discrete-time propagator
// (OverdampedEM, variance 2 T dt / gamma after one step) is proper.
type GaussianDensity struct {
	Mean, Var          []float64
	MeanP, VarP, CovXP []float64
}

// NewGaussianDensity returns the density prod_i N(mean[i], variance[i]) (a
// copy of the slices).
func NewGaussianDensity(mean, variance []float64) *GaussianDensity {
	if len(mean) != len(variance) {
		panic("paths: NewGaussianDensity with slices of different lengths")
	}
	return &GaussianDensity{Mean: append([]float64(nil), mean...), Var: append([]float64(nil), variance...)}
}

// NewPointDensity returns the point mass at x (zero variances); see Check.
func NewPointDensity(x []float64) *GaussianDensity {
	return &GaussianDensity{Mean: append([]float64(nil), x...), Var: make([]float64, len(x))}
}

// NewEquilibrium returns the overdamped Gibbs density exp(-U/T)/Z of the
// linear force l, N(C[i], T_i / K[i]). It returns an error if a stiffness is
// not positive (no equilibrium exists).
func NewEquilibrium(l *Linear) (*GaussianDensity, error) {
	d := len(l.K)
	l.check(d)
	g := &GaussianDensity{Mean: make([]float64, d), Var: make([]float64, d)}
	for i := range d {
		if !(l.K[i] > 0) || !(l.temp(i) > 0) {
			return nil, fmt.Errorf("paths: no equilibrium density: coordinate %d has stiffness %v and temperature %v (both must be positive)", i, l.K[i], l.temp(i))
		}
		g.Mean[i] = l.C[i]
		g.Var[i] = l.temp(i) / l.K[i]
	}
	return g, nil
}

// NewEquilibriumPhase returns the underdamped Gibbs density of the linear
// force l with mass m: x_i ~ N(C[i], T_i/K[i]) and p_i ~ N(0, m T_i),
// uncorrelated.
func NewEquilibriumPhase(l *Linear, mass float64) (*GaussianDensity, error) {
	if !(mass > 0) {
		return nil, fmt.Errorf("paths: mass %v, want > 0", mass)
	}
	g, err := NewEquilibrium(l)
	if err != nil {
		return nil, err
	}
	d := g.Dim()
	g.MeanP, g.VarP, g.CovXP = make([]float64, d), make([]float64, d), make([]float64, d)
	for i := range d {
		g.VarP[i] = mass * l.temp(i)
	}
	return g, nil
}

// WithMomenta adds (copies of) the momentum moments to g, making it a
// phase-space density, and returns g.
func (g *GaussianDensity) WithMomenta(meanP, varP, covXP []float64) *GaussianDensity {
	d := g.Dim()
	if len(meanP) != d || len(varP) != d || len(covXP) != d {
		panic("paths: WithMomenta with slices of the wrong length")
	}
	g.MeanP = append([]float64(nil), meanP...)
	g.VarP = append([]float64(nil), varP...)
	g.CovXP = append([]float64(nil), covXP...)
	return g
}

// Dim returns the number of coordinates.
func (g *GaussianDensity) Dim() int { return len(g.Mean) }

// Phase reports whether g is a phase-space (position and momentum) density.
func (g *GaussianDensity) Phase() bool { return g.VarP != nil }

// Clone returns a deep copy of g.
func (g *GaussianDensity) Clone() *GaussianDensity {
	h := &GaussianDensity{}
	h.CopyFrom(g)
	return h
}

// CopyFrom sets g to a copy of h, reusing g's storage where it can.
func (g *GaussianDensity) CopyFrom(h *GaussianDensity) {
	cp := func(dst, src []float64) []float64 {
		if src == nil {
			return nil
		}
		return append(dst[:0], src...)
	}
	g.Mean, g.Var = cp(g.Mean, h.Mean), cp(g.Var, h.Var)
	g.MeanP, g.VarP, g.CovXP = cp(g.MeanP, h.MeanP), cp(g.VarP, h.VarP), cp(g.CovXP, h.CovXP)
}

// DegenerateError reports a density without a density function: a
// coordinate with zero (or negative, or NaN) variance, or a singular
// position–momentum covariance.
type DegenerateError struct {
	Coord int
	Det   float64 // the variance (overdamped) or the 2x2 determinant (phase space)
}

func (e *DegenerateError) Error() string {
	return fmt.Sprintf("paths: the density is degenerate in coordinate %d (variance or covariance determinant %v): a point start has no density, so the system entropy -ln p(x_0, 0) is undefined; start from a Gaussian or equilibrium density, or measure the system entropy from step 1 on with the discrete-time propagator's density", e.Coord, e.Det)
}

// Check returns a *DegenerateError if g has no density function.
func (g *GaussianDensity) Check() error {
	for i := range g.Mean {
		det := g.Var[i]
		if g.Phase() {
			det = g.Var[i]*g.VarP[i] - g.CovXP[i]*g.CovXP[i]
		}
		if !(det > 0) || math.IsInf(det, 0) {
			return &DegenerateError{Coord: i, Det: det}
		}
	}
	return nil
}

const ln2Pi = 1.8378770664093453 // ln(2 pi)

// LogPdf returns ln p(x) of the position marginal prod_i N(Mean[i], Var[i]).
// The result is meaningless (Inf or NaN) for a degenerate density: see Check.
func (g *GaussianDensity) LogPdf(x []float64) float64 {
	s := 0.0
	for i, m := range g.Mean {
		d := x[i] - m
		v := g.Var[i]
		s -= 0.5 * (d*d/v + math.Log(v) + ln2Pi)
	}
	return s
}

// LogPdfBatch sets dst[j] = LogPdf(x_j) for the n = len(dst) states stored
// row-major in x (x_j = x[j*d:(j+1)*d]).
func (g *GaussianDensity) LogPdfBatch(dst, x []float64) {
	d := g.Dim()
	for j := range dst {
		dst[j] = g.LogPdf(x[j*d : (j+1)*d])
	}
}

// LogPdfPhase returns ln rho(x, p) of the phase-space density (g.Phase() must
// be true).
func (g *GaussianDensity) LogPdfPhase(x, p []float64) float64 {
	s := 0.0
	for i, m := range g.Mean {
		a, b, c := g.Var[i], g.CovXP[i], g.VarP[i]
		det := a*c - b*b
		dx, dp := x[i]-m, p[i]-g.MeanP[i]
		q := (c*dx*dx - 2*b*dx*dp + a*dp*dp) / det
		s -= 0.5*(q+math.Log(det)) + ln2Pi
	}
	return s
}

// LogPdfPhaseBatch sets dst[j] = LogPdfPhase(x_j, p_j) for n = len(dst)
// states stored row-major.
func (g *GaussianDensity) LogPdfPhaseBatch(dst, x, p []float64) {
	d := g.Dim()
	for j := range dst {
		dst[j] = g.LogPdfPhase(x[j*d:(j+1)*d], p[j*d:(j+1)*d])
	}
}

// Entropy returns the Shannon (differential) entropy -<ln p> of g: of the
// phase-space density if g.Phase(), else of the positions,
// sum_i 1/2 ln(2 pi e Var[i]) and sum_i 1/2 ln((2 pi e)^2 det Sigma_i).
func (g *GaussianDensity) Entropy() float64 {
	s := 0.0
	for i := range g.Mean {
		if g.Phase() {
			s += 0.5*math.Log(g.Var[i]*g.VarP[i]-g.CovXP[i]*g.CovXP[i]) + ln2Pi + 1
		} else {
			s += 0.5 * (math.Log(g.Var[i]) + ln2Pi + 1)
		}
	}
	return s
}

// Propagator advances a Gaussian density by one time step dt under a linear
// force with the coefficients of the end of the step. Implementations are
// immutable and allocate nothing.
type Propagator interface {
	Step(g *GaussianDensity, l *Linear, dt float64)
}

// OverdampedExact propagates the density of continuous-time overdamped
// Langevin dynamics dx = -(K/Gamma)(x - C) dt + sqrt(2 T/Gamma) dW with the
// coefficients held at their end-of-step values over the step: the moment
// equations dm/dt = -(K/Gamma)(m - C), dv/dt = -2 (K/Gamma) v + 2 T/Gamma are
// solved exactly,
//
//	m' = C + (m - C) e^{-a},  v' = v e^{-2a} + (T/K)(1 - e^{-2a}),  a = K dt/Gamma
//
// (v' = v + 2 T dt/Gamma for K = 0). This is the exact density of the
// continuum process driven by the piecewise-constant protocol the integrator
// sees; it differs from the density of the Euler–Maruyama chain by O(dt).
type OverdampedExact struct{ Gamma float64 }

// Step implements Propagator.
func (o OverdampedExact) Step(g *GaussianDensity, l *Linear, dt float64) {
	l.check(g.Dim())
	for i := range g.Mean {
		k, c, T := l.K[i], l.C[i], l.temp(i)
		if k == 0 {
			g.Var[i] += 2 * T * dt / o.Gamma
			continue
		}
		a := k * dt / o.Gamma
		e := math.Exp(-a)
		g.Mean[i] = c + (g.Mean[i]-c)*e
		g.Var[i] = g.Var[i]*e*e - T/k*math.Expm1(-2*a)
	}
}

// OverdampedEM propagates the density of the Euler–Maruyama chain itself.
// The map x' = x - (dt/Gamma) K (x - C) + sqrt(2 T dt/Gamma) xi is linear
// with Gaussian noise (an AR(1) map), so a Gaussian density stays Gaussian
// with, exactly,
//
//	m' = m - (dt/Gamma) K (m - C),  v' = (1 - K dt/Gamma)^2 v + 2 T dt/Gamma.
//
// With these densities as boundary terms the discrete-time entropy
// production satisfies the IFT exactly at any dt.
type OverdampedEM struct{ Gamma float64 }

// Step implements Propagator.
func (o OverdampedEM) Step(g *GaussianDensity, l *Linear, dt float64) {
	l.check(g.Dim())
	h := dt / o.Gamma
	for i := range g.Mean {
		k := l.K[i]
		g.Mean[i] -= h * k * (g.Mean[i] - l.C[i])
		r := 1 - k*h
		g.Var[i] = r*r*g.Var[i] + 2*l.temp(i)*h
	}
}

// UnderdampedBAOAB propagates the phase-space density of the BAOAB chain
// (Leimkuhler & Matthews 2013) with friction Gamma and mass Mass, all five
// substeps using the end-of-step coefficients. Every substep is linear in
// (x_i, p_i), so the means and the 2x2 covariance propagate exactly:
//
//	B: p += -(dt/2) K (x - C)           M = [[1, 0], [-K dt/2, 1]]
//	A: x += (dt/2) p / Mass             M = [[1, dt/(2 Mass)], [0, 1]]
//	O: p = c1 p + sqrt((1 - c1^2) Mass T) xi,  c1 = exp(-Gamma dt / Mass)
//
// with Sigma -> M Sigma M^T for B and A, and VarP -> c1^2 VarP +
// (1 - c1^2) Mass T, CovXP -> c1 CovXP for O.
type UnderdampedBAOAB struct{ Gamma, Mass float64 }

// Step implements Propagator. g must be a phase-space density.
func (u UnderdampedBAOAB) Step(g *GaussianDensity, l *Linear, dt float64) {
	l.check(g.Dim())
	c1 := math.Exp(-u.Gamma * dt / u.Mass)
	h := dt / 2
	b := h / u.Mass
	for i := range g.Mean {
		k, c, T := l.K[i], l.C[i], l.temp(i)
		mx, mp := g.Mean[i], g.MeanP[i]
		sxx, sxp, spp := g.Var[i], g.CovXP[i], g.VarP[i]
		kick := func() {
			f := -k * h
			mp += f * (mx - c)
			spp += 2*f*sxp + f*f*sxx
			sxp += f * sxx
		}
		drift := func() {
			mx += b * mp
			sxx += 2*b*sxp + b*b*spp
			sxp += b * spp
		}
		kick()
		drift()
		mp *= c1
		spp = c1*c1*spp - math.Expm1(-2*u.Gamma*dt/u.Mass)*u.Mass*T
		sxp *= c1
		drift()
		kick()
		g.Mean[i], g.MeanP[i] = mx, mp
		g.Var[i], g.CovXP[i], g.VarP[i] = sxx, sxp, spp
	}
}

// UnderdampedExact propagates the phase-space density of continuous-time
// underdamped Langevin dynamics, dx = p/Mass dt,
// dp = -K (x - C) dt - (Gamma/Mass) p dt + sqrt(2 Gamma T) dW, with the
// coefficients held at their end-of-step values. With z = (x - C, p) and
// A = [[0, 1/Mass], [-K, -Gamma/Mass]] the moments obey dz/dt = A z and
// dSigma/dt = A Sigma + Sigma A^T + diag(0, 2 Gamma T); they are solved
// exactly: z' = E z with E = exp(A dt) in closed form (Cayley–Hamilton), and
// for K != 0, Sigma' = Sigma_inf + E (Sigma - Sigma_inf) E^T with
// Sigma_inf = diag(T/K, Mass T), which solves the Lyapunov equation
// A Sigma_inf + Sigma_inf A^T + diag(0, 2 Gamma T) = 0; for K = 0 the noise
// integral int_0^dt E(s) diag(0, 2 Gamma T) E(s)^T ds is done in closed form.
type UnderdampedExact struct{ Gamma, Mass float64 }

// Step implements Propagator. g must be a phase-space density.
func (u UnderdampedExact) Step(g *GaussianDensity, l *Linear, dt float64) {
	l.check(g.Dim())
	m, gm := u.Mass, u.Gamma/u.Mass
	for i := range g.Mean {
		k, c, T := l.K[i], l.C[i], l.temp(i)
		e := expA(k, m, gm, dt)
		zx, zp := g.Mean[i]-c, g.MeanP[i]
		g.Mean[i] = c + e[0]*zx + e[1]*zp
		g.MeanP[i] = e[2]*zx + e[3]*zp
		sxx, sxp, spp := g.Var[i], g.CovXP[i], g.VarP[i]
		var ixx, ixp, ipp float64 // the stationary (K != 0) or noise (K = 0) term
		if k != 0 {
			ixx, ipp = T/k, m*T
			sxx -= ixx
			spp -= ipp
		} else if gm > 0 {
			ixx, ixp, ipp = freeNoise(u.Gamma, gm, T, dt)
		}
		// E S E^T for symmetric S = [[sxx, sxp], [sxp, spp]].
		a0 := e[0]*sxx + e[1]*sxp
		a1 := e[0]*sxp + e[1]*spp
		b0 := e[2]*sxx + e[3]*sxp
		b1 := e[2]*sxp + e[3]*spp
		g.Var[i] = a0*e[0] + a1*e[1] + ixx
		g.CovXP[i] = a0*e[2] + a1*e[3] + ixp
		g.VarP[i] = b0*e[2] + b1*e[3] + ipp
	}
}

// expA returns exp(A t) row-major for A = [[0, 1/m], [-k, -g]]: with
// tau = -g (the trace) and w^2 = g^2/4 - k/m,
// exp(A t) = e^{tau t/2} [cosh(w t) I + sinh(w t)/w (A - tau/2 I)]
// (cos and sin for w^2 < 0, 1 and t for w = 0).
func expA(k, m, g, t float64) [4]float64 {
	w2 := g*g/4 - k/m
	var ch, sh float64
	switch {
	case w2 > 0:
		w := math.Sqrt(w2)
		ch, sh = math.Cosh(w*t), math.Sinh(w*t)/w
	case w2 < 0:
		w := math.Sqrt(-w2)
		ch, sh = math.Cos(w*t), math.Sin(w*t)/w
	default:
		ch, sh = 1, t
	}
	f := math.Exp(-g * t / 2)
	// A - tau/2 I = [[g/2, 1/m], [-k, -g/2]]
	return [4]float64{f * (ch + sh*g/2), f * sh / m, -f * sh * k, f * (ch - sh*g/2)}
}

// freeNoise returns the noise covariance int_0^t E(s) diag(0, 2 Gamma T)
// E(s)^T ds of a free particle (K = 0), g = Gamma/m > 0: with u = g t,
// b(s) = (1 - e^{-g s})/Gamma and d(s) = e^{-g s},
//
//	xx = 2 T / (Gamma g) f3(u),  f3(u) = u - 2(1 - e^{-u}) + (1 - e^{-2u})/2
//	xp = 2 T / g f2(u),          f2(u) = (1 - e^{-u}) - (1 - e^{-2u})/2
//	pp = Gamma T / g (1 - e^{-2u})
//
// summing the series f3 = sum_{n>=3} (-1)^{n+1} (2^{n-1} - 2) u^n / n!,
// f2 = sum_{n>=2} (-1)^{n+1} (1 - 2^{n-1}) u^n / n! for small u, where the
// closed forms cancel.
func freeNoise(gamma, g, T, t float64) (xx, xp, pp float64) {
	u := g * t
	var f2, f3 float64
	if u < 0.5 {
		term := u // u^n / n!, n = 1
		p2 := 1.0 // 2^{n-1}
		sign := 1.0
		for n := 1; n < 40; n++ {
			if n >= 2 {
				f2 += sign * (1 - p2) * term
			}
			if n >= 3 {
				f3 += sign * (p2 - 2) * term
			}
			term *= u / float64(n+1)
			p2 *= 2
			sign = -sign
		}
	} else {
		e1, e2 := -math.Expm1(-u), -math.Expm1(-2*u)
		f3 = u - 2*e1 + e2/2
		f2 = e1 - e2/2
	}
	xx = 2 * T / (gamma * g) * f3
	xp = 2 * T / g * f2
	pp = -gamma * T / g * math.Expm1(-2*u)
	return
}
