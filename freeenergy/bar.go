package freeenergy

import (
	"math"

	"github.com/thermosim/thermosim/estimate"
)

// fastRange is the largest spread (max - min)/T of a work sample for which
// BAR precomputes the weights x_i = exp(-(W_i - W_min)/T) once: they stay
// normal floating-point numbers (> exp(-708)). Wider samples take the slow
// path, which evaluates one exponential per sample and per iteration.
const fastRange = 700

var nan = math.NaN()

// fermiSide is one direction's work sample prepared for the sums of Fermi
// functions f_i(c) = 1 / (1 + exp(u_i + c)), u_i = W_i/T.
type fermiSide struct {
	n    int
	umin float64   // min_i u_i
	sx   float64   // sum_i exp(umin - u_i)
	x    []float64 // exp(umin - u_i) (fast path), or nil
	w    []float64 // the work (slow path)
	invT float64
}

func newFermiSide(w []float64, wmin, invT float64, buf []float64) fermiSide {
	s := fermiSide{n: len(w), umin: wmin * invT, w: w, invT: invT}
	if buf != nil {
		var sa, sb float64
		i := 0
		for ; i+1 < len(w); i += 2 {
			xa := fastExp((wmin - w[i]) * invT)
			xb := fastExp((wmin - w[i+1]) * invT)
			buf[i], buf[i+1] = xa, xb
			sa += xa
			sb += xb
		}
		for ; i < len(w); i++ {
			x := fastExp((wmin - w[i]) * invT)
			buf[i] = x
			sa += x
		}
		s.sx = sa + sb
		s.x = buf
		return s
	}
	for _, v := range w {
		s.sx += fastExp((wmin - v) * invT)
	}
	return s
}

// sums returns ln sum_i f_i(c) and r = sum_i f_i^2 / sum_i f_i, both
// computed without overflow for any c. sum_i f_i >= f_min >= 1/2 exp(-max(0,
// umin + c)), so the logarithm is always finite.
func (s *fermiSide) sums(c float64) (logS, r float64) {
	L := s.umin + c
	var a, b float64
	if s.x != nil {
		// f_i = x_i / (x_i + exp(L)) = exp(-L) x_i / (1 + x_i exp(-L)).
		if L > 0 {
			a, b = sumRatio1(s.x, math.Exp(-L))
			return -L + math.Log(a), math.Exp(-L) * b / a
		}
		a, b = sumRatio2(s.x, math.Exp(L))
		return math.Log(a), b / a
	}
	// Slow path, as pymbar: shift by sh = max(0, umin + c), so that the
	// smallest-work term is 1/(exp(-sh) + exp(umin + c - sh)) >= 1/2;
	// overflowing terms contribute 0, correctly.
	sh := math.Max(0, L)
	es := math.Exp(-sh)
	k := c - sh
	for _, v := range s.w {
		g := 1 / (es + math.Exp(v*s.invT+k))
		a += g
		b += g * g
	}
	return -sh + math.Log(a), es * b / a
}

// sumRatio1 returns sum x/(1 + x e) and sum (x/(1 + x e))^2.
func sumRatio1(x []float64, e float64) (a, b float64) {
	var a1, b1, a2, b2 float64
	i := 0
	for ; i+1 < len(x); i += 2 {
		h0 := x[i] / (1 + x[i]*e)
		h1 := x[i+1] / (1 + x[i+1]*e)
		a1 += h0
		b1 += h0 * h0
		a2 += h1
		b2 += h1 * h1
	}
	for ; i < len(x); i++ {
		h := x[i] / (1 + x[i]*e)
		a1 += h
		b1 += h * h
	}
	return a1 + a2, b1 + b2
}

// sumRatio2 returns sum x/(x + k) and sum (x/(x + k))^2.
func sumRatio2(x []float64, k float64) (a, b float64) {
	var a1, b1, a2, b2 float64
	i := 0
	for ; i+1 < len(x); i += 2 {
		h0 := x[i] / (x[i] + k)
		h1 := x[i+1] / (x[i+1] + k)
		a1 += h0
		b1 += h0 * h0
		a2 += h1
		b2 += h1 * h1
	}
	for ; i < len(x); i++ {
		h := x[i] / (x[i] + k)
		a1 += h
		b1 += h * h
	}
	return a1 + a2, b1 + b2
}

// barState is the BAR equation evaluated at one trial d = Delta F / T.
type barState struct {
	d      float64
	g, dg  float64 // the log-form equation and its derivative in d
	lF, rF float64 // ln sum f_F and sum f_F^2 / sum f_F
	lR, rR float64
}

type barSolver struct {
	F, R fermiSide
	M    float64 // ln(N_F/N_R)
	eval int
}

// at evaluates Bennett's equation in log form (Shirts et al. 2003, eq. 4):
//
//	g(d) = ln sum_F f(u_F + M - d) - ln sum_R f(u_R - M + d),
//
// with f(x) = 1/(1 + e^x); g increases with d, with slope
// g'(d) = (1 - r_F) + (1 - r_R) in (0, 2).
func (s *barSolver) at(d float64) barState {
	s.eval++
	c := s.M - d
	lF, rF := s.F.sums(c)
	lR, rR := s.R.sums(-c)
	return barState{d: d, g: lF - lR, dg: (1 - rF) + (1 - rR), lF: lF, rF: rF, lR: lR, rR: rR}
}

// solve finds the root of g by bracketing from the two EXP estimates and a
// safeguarded Newton iteration (bisection whenever a Newton step leaves the
// bracket). It returns false if no bracket is found.
func (s *barSolver) solve() (barState, bool) {
	nF, nR := float64(s.F.n), float64(s.R.n)
	expF := s.F.umin - math.Log(s.F.sx/nF)    // EXP forward, reduced
	expR := -(s.R.umin - math.Log(s.R.sx/nR)) // minus EXP reverse, reduced
	lo, hi := math.Min(expF, expR), math.Max(expF, expR)
	if hi-lo < 1e-3 {
		lo, hi = lo-0.05, hi+0.05
	}
	a, b := s.at(lo), s.at(hi)
	for k := 0; a.g > 0 || b.g < 0; k++ {
		if k == 200 || math.IsNaN(a.g) || math.IsNaN(b.g) {
			return a, false
		}
		w := math.Max(2*(b.d-a.d), 0.1)
		if a.g > 0 {
			b = a
			a = s.at(a.d - w)
		} else {
			a = b
			b = s.at(b.d + w)
		}
	}
	if a.g == 0 {
		return a, true
	}
	if b.g == 0 {
		return b, true
	}
	cur := a
	if math.Abs(b.g) < math.Abs(a.g) {
		cur = b
	}
	lo, hi = a.d, b.d
	for it := 0; it < 400; it++ {
		dn, newton := 0.0, false
		if cur.dg > 0 {
			dn = cur.d - cur.g/cur.dg
			newton = dn > lo && dn < hi
		}
		if !newton {
			dn = 0.5 * (lo + hi)
		}
		next := s.at(dn)
		step := dn - cur.d
		cur = next
		switch {
		case next.g < 0:
			lo = dn
		case next.g > 0:
			hi = dn
		default:
			return cur, true
		}
		// A Newton step this small leaves an error of order step^2; and
		// when the next Newton step would be below 1e-14 (1 + |d|), d is
		// already that close to the root.
		if newton && math.Abs(step) <= 1e-12*(1+math.Abs(dn)) {
			return cur, true
		}
		if next.dg > 0 && math.Abs(next.g/next.dg) <= 1e-14*(1+math.Abs(dn)) {
			return cur, true
		}
		if hi-lo <= 4e-16*math.Max(math.Abs(lo), math.Abs(hi)) || hi-lo < 1e-300 {
			return cur, true
		}
	}
	return cur, true
}

// BAR returns Bennett's acceptance-ratio estimate of Delta F = F(lambda_1) -
// F(lambda_0) from forward work wF (protocol lambda_0 -> lambda_1, started in
// equilibrium at lambda_0) and reverse work wR (lambda_1 -> lambda_0, started
// in equilibrium at lambda_1) at temperature T: the root Delta F of
//
//	sum_F 1/(1 + exp((M + W_F - Delta F)/T)) = sum_R 1/(1 + exp((-M + W_R + Delta F)/T)),
//
// M = T ln(N_F/N_R) (Bennett 1976; Crooks 2000; Shirts, Bair, Hooker & Pande
// 2003). The equation is solved in log form, robustly (bracket, then
// safeguarded Newton to a relative step of 1e-12), and the Fermi weights
// are precomputed once so that an iteration costs one division per sample.
// The standard error is pymbar 3.1's default ('BAR', Bennett 1976 eq. 10a as
// corrected there):
//
//	SE^2/T^2 = <f_F^2>/(N_F <f_F>^2) + <f_R^2>/(N_R <f_R>^2) - 1/N_F - 1/N_R.
//
// The result agrees with pymbar.BAR(w_F/T, w_R/T) (times T) to the
// tolerance of pymbar's own iteration. Warnings: poor overlap (an
// off-diagonal element of the two-state overlap matrix, see BAROverlap, below
// MinOverlap). With fewer than two samples on a side SE is NaN. BAR panics if
// a sample is empty or T is not positive and finite.
func BAR(wF, wR []float64, T float64) estimate.Result {
	checkT(T)
	if len(wF) == 0 || len(wR) == 0 {
		panic("freeenergy: BAR of an empty sample")
	}
	sF, sR := scanWork(wF), scanWork(wR)
	if !sF.finite || !sR.finite {
		r := estimate.Exact(math.NaN(), len(wF)+len(wR))
		r.Warn("non-finite work sample")
		return r
	}
	s := newBARSolver(wF, wR, sF, sR, T, nil)
	st, ok := s.solve()
	return barResult(s, st, ok, T)
}

func newBARSolver(wF, wR []float64, sF, sR workScan, T float64, buf []float64) *barSolver {
	invT := 1 / T
	var bF, bR []float64
	fast := (sF.max-sF.min)*invT < fastRange && (sR.max-sR.min)*invT < fastRange
	if fast {
		if len(buf) < len(wF)+len(wR) {
			buf = make([]float64, len(wF)+len(wR))
		}
		bF, bR = buf[:len(wF)], buf[len(wF):len(wF)+len(wR)]
	}
	return &barSolver{
		F: newFermiSide(wF, sF.min, invT, bF),
		R: newFermiSide(wR, sR.min, invT, bR),
		M: math.Log(float64(len(wF)) / float64(len(wR))),
	}
}

func barResult(s *barSolver, st barState, ok bool, T float64) estimate.Result {
	n := s.F.n + s.R.n
	if !ok {
		r := estimate.Exact(math.NaN(), n)
		r.Warn("BAR: the equation has no bracketed root (no overlap between forward and reverse work)")
		return r
	}
	nF, nR := float64(s.F.n), float64(s.R.n)
	value := T * st.d
	if s.F.n < 2 || s.R.n < 2 {
		r := estimate.Exact(value, n)
		r.Warn("fewer than two samples in a direction: no error bar")
		return r
	}
	// sum f^2/(sum f)^2 = r / sum f.
	v := st.rF*math.Exp(-st.lF) + st.rR*math.Exp(-st.lR) - 1/nF - 1/nR
	var r estimate.Result
	if v >= 0 {
		r = estimate.NewResult(value, T*math.Sqrt(v), n)
	} else {
		r = estimate.Exact(value, n)
		r.Warn("BAR: the asymptotic variance is negative by rounding (%.3g); no error bar", v)
	}
	// Two-state overlap matrix (Shirts & Chodera 2008): sum_n p_n0 p_n1
	// = sum_F f(1-f) + sum_R f(1-f).
	p := math.Exp(st.lF)*(1-st.rF) + math.Exp(st.lR)*(1-st.rR)
	warnOverlap(&r, p/nF, p/nR)
	return r
}

func warnOverlap(r *estimate.Result, o01, o10 float64) {
	if m := math.Min(o01, o10); m < MinOverlap {
		r.Warn("poor overlap between forward and reverse work: overlap-matrix element %.3g < %.3g; sample more or use intermediate states", m, MinOverlap)
	}
}

// BAROverlap returns the off-diagonal elements O_01 and O_10 of the
// two-state MBAR overlap matrix (Shirts & Chodera 2008; Klimovich, Shirts &
// Mobley 2015) at the free-energy difference deltaF (normally BAR's):
//
//	O_01 = (1/N_F) sum_n p_n0 p_n1,   O_10 = (1/N_R) sum_n p_n0 p_n1,
//
// where n runs over forward and reverse samples and p_n1 = 1 - p_n0 is the
// Fermi function of BAR's equation. O_01 + O_10 is pymbar's scalar overlap
// (1 minus the second eigenvalue); identical states give O_01 + O_10 = 1,
// disjoint ones 0.
func BAROverlap(wF, wR []float64, T, deltaF float64) (o01, o10 float64) {
	checkT(T)
	if len(wF) == 0 || len(wR) == 0 {
		panic("freeenergy: BAROverlap of an empty sample")
	}
	s := newBARSolver(wF, wR, scanWork(wF), scanWork(wR), T, nil)
	st := s.at(deltaF / T)
	p := math.Exp(st.lF)*(1-st.rF) + math.Exp(st.lR)*(1-st.rR)
	return p / float64(len(wF)), p / float64(len(wR))
}
