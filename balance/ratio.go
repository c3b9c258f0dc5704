package balance

import (
	"math"

	"github.com/thermosim/thermosim/estimate"
	"gonum.org/v1/gonum/stat/distuv"
)

// RatioFit is the transition-ratio check of detailed balance with respect to
// the Gibbs density exp(-beta L): a weighted least-squares fit of
//
//	y_ij = ln(P_ij / P_ji)   against   x_ij = L_j - L_i,   y = -Beta x,
//
// over the pairs of bins. At equilibrium P_ij / P_ji = pi_j / pi_i =
// exp(-beta (L_j - L_i)) and the slope is beta.
type RatioFit struct {
	// Beta is the fitted slope with its standard error (weighted least
	// squares, weights 1/Var(y_ij)).
	Beta estimate.Result
	// Chi2, DoF and PValue measure the goodness of fit of the straight line
	// through the origin (DoF = Pairs - 1); a small p-value says the ratios
	// are not exp(-beta' dL) for any single beta'.
	Chi2   float64
	DoF    int
	PValue float64
	Pairs  int
	// DL, LogRatio and StdErr hold x_ij, y_ij and the standard error of y_ij
	// for each pair used, for plots.
	DL, LogRatio, StdErr []float64
}

// TransitionRatio fits the transition-ratio check from counts and the
// energies (losses) L_i of the bins: L at the bin centres, or better the bin
// free energies -T ln int_bin exp(-L/T) dx, which make the check exact for
// any bin width. Pairs need both C_ij > 0, C_ji > 0 and
// C_ij + C_ji >= minPair (DefaultMinPair if minPair <= 0).
//
// y_ij = ln(C_ij / N_i) - ln(C_ji / N_j) with N_i = sum_j C_ij. Given the
// visits, the rows of a Markov chain's counts are independent multinomials
// (Anderson & Goodman 1957), so Var(y_ij) ~ 1/C_ij - 1/N_i + 1/C_ji - 1/N_j;
// the small covariances -1/N_i between pairs sharing a row are neglected.
func TransitionRatio(c *Counts, energy []float64, minPair int64) RatioFit {
	if len(energy) != c.M {
		panic("balance: TransitionRatio: need one energy per state")
	}
	if minPair <= 0 {
		minPair = DefaultMinPair
	}
	rows := make([]float64, c.M)
	for i := 0; i < c.M; i++ {
		var n int64
		for _, v := range c.C[i*c.M : (i+1)*c.M] {
			n += v
		}
		rows[i] = float64(n)
	}
	var f RatioFit
	var sxx, sxy float64
	for i := 0; i < c.M; i++ {
		for j := i + 1; j < c.M; j++ {
			a, b := c.C[i*c.M+j], c.C[j*c.M+i]
			if a == 0 || b == 0 || a+b < minPair {
				continue
			}
			fa, fb := float64(a), float64(b)
			y := math.Log(fa/rows[i]) - math.Log(fb/rows[j])
			v := 1/fa - 1/rows[i] + 1/fb - 1/rows[j]
			x := energy[j] - energy[i]
			f.DL = append(f.DL, x)
			f.LogRatio = append(f.LogRatio, y)
			f.StdErr = append(f.StdErr, math.Sqrt(v))
			sxx += x * x / v
			sxy += x * y / v
		}
	}
	f.Pairs = len(f.DL)
	if f.Pairs == 0 || sxx == 0 {
		f.Beta = estimate.Exact(math.NaN(), 0)
		f.Beta.Warn("no pair of bins with counts in both directions and distinct energies")
		f.PValue = math.NaN()
		return f
	}
	beta := -sxy / sxx
	f.Beta = estimate.NewResult(beta, 1/math.Sqrt(sxx), f.Pairs)
	for k, x := range f.DL {
		r := (f.LogRatio[k] + beta*x) / f.StdErr[k]
		f.Chi2 += r * r
	}
	f.DoF = f.Pairs - 1
	if f.DoF > 0 {
		f.PValue = distuv.ChiSquared{K: float64(f.DoF)}.Survival(f.Chi2)
		if f.PValue < 1e-3 {
			f.Beta.Warn("the ratios do not follow one exp(-beta dL) (goodness of fit chi2 = %.4g on %d dof, p = %.2g)", f.Chi2, f.DoF, f.PValue)
		}
	} else {
		f.PValue = math.NaN()
	}
	return f
}
