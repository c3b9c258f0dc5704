package freeenergy

import (
	"math"

	"github.com/thermosim/thermosim/estimate"
)

// Thresholds of the warnings (see doc.go and docs/free-energy.md).
const (
	// MinESS is the Kish effective sample size of the exponential weights
	// below which EXP warns that its error bar is unreliable.
	MinESS = 50
	// MinOverlap is the smallest off-diagonal element of the two-state MBAR
	// overlap matrix below which BAR and CrooksCrossing warn of poor overlap
	// (Klimovich, Shirts & Mobley 2015 recommend at least 0.03).
	MinOverlap = 0.03
)

// workScan holds one pass over a work sample: its extremes and a shifted
// one-pass mean and variance.
type workScan struct {
	n        int
	min, max float64
	mean     float64
	varW     float64 // unbiased sample variance of w
	finite   bool
}

func scanWork(w []float64) workScan {
	s := workScan{n: len(w)}
	mn, mx := w[0], w[0]
	k := w[0] // shift for the one-pass variance
	// Two interleaved accumulators per sum shorten the dependency chains.
	var s1a, s2a, s1b, s2b, bad float64
	i := 0
	for ; i+1 < len(w); i += 2 {
		u, v := w[i], w[i+1]
		if u < mn {
			mn = u
		}
		if u > mx {
			mx = u
		}
		if v < mn {
			mn = v
		}
		if v > mx {
			mx = v
		}
		bad += (u - u) + (v - v) // NaN if any sample is NaN or Inf
		du, dv := u-k, v-k
		s1a += du
		s2a += du * du
		s1b += dv
		s2b += dv * dv
	}
	for ; i < len(w); i++ {
		v := w[i]
		mn, mx = min(mn, v), max(mx, v)
		bad += v - v
		d := v - k
		s1a += d
		s2a += d * d
	}
	s1, s2 := s1a+s1b, s2a+s2b
	n := float64(len(w))
	s.min, s.max = mn, mx
	s.mean = k + s1/n
	if len(w) > 1 {
		s.varW = math.Max(0, (s2-s1*s1/n)/(n-1))
	} else {
		s.varW = math.NaN()
	}
	s.finite = bad == 0
	return s
}

// expSums returns the one-pass sums of x_i = exp((wmin - w_i)/T):
// sx = sum x, and the shifted sums d1 = sum (x - x0), d2 = sum (x - x0)^2
// with x0 = x_0, from which the variance of x is computed without
// cancellation when x is nearly constant.
func expSums(w []float64, wmin, invT float64) (sx, x0, d1, d2 float64) {
	x0 = fastExp((wmin - w[0]) * invT)
	var sa, sb, d1a, d1b, d2a, d2b float64
	i := 0
	for ; i+1 < len(w); i += 2 {
		xa := fastExp((wmin - w[i]) * invT)
		xb := fastExp((wmin - w[i+1]) * invT)
		sa += xa
		sb += xb
		da, db := xa-x0, xb-x0
		d1a += da
		d1b += db
		d2a += da * da
		d2b += db * db
	}
	for ; i < len(w); i++ {
		x := fastExp((wmin - w[i]) * invT)
		sa += x
		d := x - x0
		d1a += d
		d2a += d * d
	}
	return sa + sb, x0, d1a + d1b, d2a + d2b
}

func checkT(T float64) {
	if !(T > 0) || math.IsInf(T, 0) {
		panic("freeenergy: temperature must be positive and finite")
	}
}

// EXP returns the exponential-averaging (Zwanzig 1954; Jarzynski 1997)
// estimate of the free-energy difference from work samples w at temperature
// T (k_B = 1):
//
//	Delta F = -T ln <exp(-W/T)>,
//
// computed in log space (relative to the smallest work), with the
// delta-method standard error exactly as pymbar 3.1's EXP computes it:
//
//	x_i = exp(-(W_i - W_min)/T),  SE = T std(x) / (sqrt(N) <x>),
//
// where std uses the divisor N. For forward work w = W_F this estimates
// F(lambda_1) - F(lambda_0); for reverse work it estimates F(lambda_0) -
// F(lambda_1) (see EXPReverse). CI95 is Value +- 1.96 SE.
//
// Warnings: a Kish effective sample size of the weights x below MinESS, and
// the finite-sample bias of EXP when the dissipated work is large, W_dis/T >
// (1/2) ln N, with W_dis = max(<W> - Delta F, Var(W)/(2T)) (see doc.go).
// With one sample SE is NaN. A non-finite sample gives a NaN result with a
// warning. EXP panics if w is empty or T is not positive and finite.
func EXP(w []float64, T float64) estimate.Result {
	checkT(T)
	if len(w) == 0 {
		panic("freeenergy: EXP of an empty sample")
	}
	s := scanWork(w)
	if !s.finite {
		r := estimate.Exact(math.NaN(), len(w))
		r.Warn("non-finite work sample")
		return r
	}
	invT := 1 / T
	sx, x0, d1, d2 := expSums(w, s.min, invT)
	return expResult(s, T, sx, x0, d1, d2)
}

func expResult(s workScan, T, sx, x0, d1, d2 float64) estimate.Result {
	n := float64(s.n)
	ex := sx / n
	value := s.min - T*math.Log(ex)
	if s.n < 2 {
		r := estimate.Exact(value, s.n)
		r.Warn("one sample: no error bar")
		return r
	}
	varx := math.Max(0, d2/n-(d1/n)*(d1/n)) // population variance, as numpy's std
	r := estimate.NewResult(value, T*math.Sqrt(varx)/math.Sqrt(n)/ex, s.n)
	// Kish ESS = (sum x)^2 / sum x^2, sum x^2 = d2 + 2 x0 d1 + n x0^2.
	ess := sx * sx / (d2 + 2*x0*d1 + n*x0*x0)
	if ess < MinESS {
		r.Warn("small effective sample size of the weights exp(-W/T): ESS = %.3g of N = %d (threshold %d); the error bar is unreliable", ess, s.n, MinESS)
	}
	wdis := math.Max(s.mean-value, s.varW/(2*T))
	if lim := 0.5 * math.Log(n); wdis/T > lim {
		r.Warn("dissipated work W_dis = %.3g T exceeds (1/2) ln N = %.3g T: EXP is biased (toward <W>) by more than its error bar; about N > exp(2 W_dis/T) = %.3g samples are needed (Gore, Ritort & Bustamante 2003; Jarzynski 2006)", wdis/T, lim, math.Exp(2*wdis/T))
	}
	return r
}

// EXPReverse returns the EXP estimate of Delta F = F(lambda_1) - F(lambda_0)
// from reverse work samples wR (the protocol run backwards from equilibrium
// at lambda_1): Delta F = T ln <exp(-W_R/T)>, that is -EXP(wR, T), with the
// same standard error and warnings.
func EXPReverse(wR []float64, T float64) estimate.Result {
	r := EXP(wR, T)
	r.Value = -r.Value
	r.CI95 = [2]float64{-r.CI95[1], -r.CI95[0]}
	return r
}

// WeightESS returns Kish's effective sample size (sum x)^2 / sum x^2 of the
// exponential weights x_i = exp(-W_i/T) (Kish 1965), between 1 and len(w).
func WeightESS(w []float64, T float64) float64 {
	checkT(T)
	if len(w) == 0 {
		return 0
	}
	s := scanWork(w)
	sx, x0, d1, d2 := expSums(w, s.min, 1/T)
	return sx * sx / (d2 + 2*x0*d1 + float64(len(w))*x0*x0)
}
