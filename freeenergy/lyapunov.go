package freeenergy

import (
	"fmt"
	"math"

	"github.com/thermosim/thermosim/estimate"
)

// LyapunovZ is the smallest z-score that LyapunovCheck counts as a
// significant increase; with many recorded times the threshold is raised by
// a Bonferroni correction (see LyapunovCheck).
const LyapunovZ = 4.0

// LyapunovFamilyLevel is the family-wise false-alarm level of the Bonferroni
// correction in LyapunovCheck.
const LyapunovFamilyLevel = 1e-3

// LyapunovResult is the outcome of LyapunovCheck.
type LyapunovResult struct {
	// Final is F at the last recorded time (metric freeenergy.final).
	Final estimate.Result
	// MaxIncrease is the largest F(t_j) - F(t_i) over recorded times
	// t_j > t_i (metric freeenergy.max_increase), with standard error
	// sqrt(se_i^2 + se_j^2). Negative when F fell between every pair of times.
	MaxIncrease estimate.Result
	// From and To are the indices (i, j) of MaxIncrease.
	From, To int
	// Z is MaxIncrease in units of its standard error.
	Z float64
	// MaxZ is the largest z-score (F_j - F_i)/sqrt(se_i^2 + se_j^2) over all
	// pairs j > i, at indices MaxZFrom, MaxZTo; it decides Significant.
	MaxZ               float64
	MaxZFrom, MaxZTo   int
	Pairs              int     // m(m-1)/2, the number of pairs compared
	Threshold          float64 // max(LyapunovZ, Bonferroni z at LyapunovFamilyLevel)
	Significant        bool    // MaxZ > Threshold: F increased
	ConsecutiveMaxZ    float64 // the largest z over consecutive pairs (i, i+1) only
	ConsecutiveMaxFrom int     // i of ConsecutiveMaxZ
}

// LyapunovCheck tests whether the sequence F (estimates of the free-energy
// functional, or of any quantity that should not increase, at strictly
// increasing times) is non-increasing within its errors. Over all pairs of
// recorded times t_i < t_j it finds the largest increase F_j - F_i and the
// largest z-score
//
//	z_ij = (F_j - F_i) / sqrt(se_i^2 + se_j^2),
//
// and declares a significant increase when max z_ij exceeds
// max(LyapunovZ, z_B), with z_B = sqrt(2) erfcinv(2 alpha / pairs) the
// one-sided Bonferroni quantile at family-wise level alpha =
// LyapunovFamilyLevel over the m(m-1)/2 pairs (4.0 up to 31 pairs, 5.07 for
// 100 times).
//
// Correlation: estimates at different times from the same trajectories are
// positively correlated, so Var(F_j - F_i) = se_i^2 + se_j^2 - 2 Cov <=
// se_i^2 + se_j^2: the standard error used is conservative (a rise it flags
// is real; a small rise may be missed). Estimates from independent ensembles
// make it exact.
//
// Estimates without a standard error (NaN, as from estimate.Exact, or 0)
// count as exact, with a rounding floor of 1e-13 max(|F_i|, |F_j|): an exact
// sequence must be non-increasing to that precision. LyapunovCheck panics if
// the lengths differ or the times are not strictly increasing (a programming
// error); with fewer than two times nothing is compared and MaxIncrease is
// NaN.
func LyapunovCheck(times []float64, F []estimate.Result) LyapunovResult {
	if len(times) != len(F) {
		panic(fmt.Sprintf("freeenergy: LyapunovCheck with %d times and %d values", len(times), len(F)))
	}
	for i := 1; i < len(times); i++ {
		if !(times[i] > times[i-1]) {
			panic(fmt.Sprintf("freeenergy: LyapunovCheck times not strictly increasing at %d: %v after %v", i, times[i], times[i-1]))
		}
	}
	m := len(F)
	res := LyapunovResult{
		MaxIncrease: estimate.Exact(math.NaN(), 0),
		Z:           math.NaN(), MaxZ: math.NaN(), ConsecutiveMaxZ: math.NaN(),
		From: -1, To: -1, MaxZFrom: -1, MaxZTo: -1, ConsecutiveMaxFrom: -1,
		Threshold: LyapunovZ,
	}
	if m == 0 {
		res.Final = estimate.Exact(math.NaN(), 0)
		return res
	}
	res.Final = F[m-1]
	if m < 2 {
		return res
	}
	res.Pairs = m * (m - 1) / 2
	res.Threshold = math.Max(LyapunovZ, math.Sqrt2*math.Erfcinv(2*LyapunovFamilyLevel/float64(res.Pairs)))
	se := func(i int) float64 {
		if !F[i].HasError() {
			return 0
		}
		return F[i].StdErr
	}
	bestInc := math.Inf(-1)
	bestZ := math.Inf(-1)
	var bestIncSE float64
	for j := 1; j < m; j++ {
		for i := 0; i < j; i++ {
			inc := F[j].Value - F[i].Value
			s := math.Max(math.Hypot(se(i), se(j)), 1e-13*math.Max(math.Abs(F[i].Value), math.Abs(F[j].Value)))
			z := 0.0
			if inc != 0 {
				z = inc / s
			}
			if inc > bestInc {
				bestInc, bestIncSE, res.From, res.To = inc, s, i, j
			}
			if z > bestZ {
				bestZ, res.MaxZFrom, res.MaxZTo = z, i, j
			}
			if i == j-1 && (res.ConsecutiveMaxFrom < 0 || z > res.ConsecutiveMaxZ) {
				res.ConsecutiveMaxZ, res.ConsecutiveMaxFrom = z, i
			}
		}
	}
	res.MaxIncrease = estimate.NewResult(bestInc, bestIncSE, F[res.To].N)
	res.Z = 0
	if bestInc != 0 {
		res.Z = bestInc / bestIncSE
	}
	res.MaxZ = bestZ
	res.Significant = bestZ > res.Threshold
	if res.Significant {
		res.MaxIncrease.Warn("F rose by %.4g between t = %v and t = %v, %.3g standard errors (threshold %.3g)",
			F[res.MaxZTo].Value-F[res.MaxZFrom].Value, times[res.MaxZFrom], times[res.MaxZTo], bestZ, res.Threshold)
	}
	return res
}

// GradientFlowResult is the outcome of GradientFlowCheck.
type GradientFlowResult struct {
	// MaxResidual is max_j |L(t_j) - L(t_0) + eta int_{t_0}^{t_j} |grad L|^2 dt|
	// with the integral by the trapezoid rule on the recorded times, at
	// index At.
	MaxResidual float64
	At          int
	// QuadratureError estimates the trapezoid rule's error on the recorded
	// times by Richardson's rule, |I_h - I_2h|/3 with I_2h the rule on every
	// other time, over [t_0, t_2q] with 2q the largest even index (exact
	// asymptotically for uniform spacing).
	QuadratureError float64
	// Drop is L(t_0) - L(t_end), the scale of the residuals.
	Drop float64
	// Holds reports MaxResidual <= tol + 2 QuadratureError.
	Holds bool
}

// GradientFlowCheck checks the T = 0 identity dL/dt = -eta |grad L|^2 on a
// recorded path of the gradient flow dtheta/dt = -eta grad L: in integrated
// form, L(t_j) - L(t_0) = -eta int_{t_0}^{t_j} |grad L|^2 dt at every recorded
// time. loss[j] is L(theta(t_j)) and gradSq[j] is |grad L(theta(t_j))|^2. The
// residual combines the integrator's error in the path and the quadrature
// error of the recorded |grad L|^2; the identity holds when the residual is
// within tol (the path's integration tolerance, absolute, in units of L)
// plus twice the estimated quadrature error. At T = 0 the free-energy
// functional is F = <L>, and for an ensemble of deterministic gradient flows
// the check applies to each member.
//
// It panics if the lengths differ, there are fewer than two times, or the
// times are not strictly increasing.
func GradientFlowCheck(times, loss, gradSq []float64, eta, tol float64) GradientFlowResult {
	m := len(times)
	if len(loss) != m || len(gradSq) != m {
		panic(fmt.Sprintf("freeenergy: GradientFlowCheck with %d times, %d losses, %d squared gradients", m, len(loss), len(gradSq)))
	}
	if m < 2 {
		panic("freeenergy: GradientFlowCheck needs at least two recorded times")
	}
	for i := 1; i < m; i++ {
		if !(times[i] > times[i-1]) {
			panic(fmt.Sprintf("freeenergy: GradientFlowCheck times not strictly increasing at %d", i))
		}
	}
	var r GradientFlowResult
	integral := 0.0
	for j := 1; j < m; j++ {
		integral += 0.5 * (times[j] - times[j-1]) * (gradSq[j] + gradSq[j-1])
		if res := math.Abs(loss[j] - loss[0] + eta*integral); res > r.MaxResidual || j == 1 {
			r.MaxResidual, r.At = res, j
		}
	}
	if q := (m - 1) / 2; q >= 1 {
		ih, i2h := 0.0, 0.0
		for j := 1; j <= 2*q; j++ {
			ih += 0.5 * (times[j] - times[j-1]) * (gradSq[j] + gradSq[j-1])
		}
		for j := 2; j <= 2*q; j += 2 {
			i2h += 0.5 * (times[j] - times[j-2]) * (gradSq[j] + gradSq[j-2])
		}
		r.QuadratureError = eta * math.Abs(ih-i2h) / 3
	}
	r.Drop = loss[0] - loss[m-1]
	r.Holds = r.MaxResidual <= tol+2*r.QuadratureError
	return r
}
