package fluctuation

import (
	"fmt"
	"math"

	"github.com/thermosim/thermosim/estimate"
)

// DetailedFTResult is the outcome of a fit of the detailed fluctuation
// theorem ln(P(s) / P(-s)) = s.
type DetailedFTResult struct {
	// Slope of ln(n+ / n-) against s (should be 1) and Intercept (should
	// be 0), with their standard errors from the weighted least-squares fit.
	Slope, Intercept estimate.Result
	// Chi2 is the weighted sum of squared residuals, with DOF = points - 2
	// degrees of freedom; Chi2/DOF much above 1 means the linear law does
	// not describe the data (a warning is added when Chi2 exceeds
	// DOF + 4 sqrt(2 DOF)).
	Chi2 float64
	DOF  int
	// Centre, LogRatio and LogRatioErr are the fitted points: bin centres
	// s_i > 0, y_i = ln(n+_i / n-_i) and sqrt(1/n+_i + 1/n-_i).
	Centre, LogRatio, LogRatioErr []float64
	// Width is the bin width h.
	Width float64
	// Warnings about the fit.
	Warnings []string
}

// DetailedFT tests P(s) / P(-s) = exp(s) on samples s: it bins |s| in bins
// bins of equal width on [0, max |s|], counts n+_i (samples s in bin i) and
// n-_i (samples -s in bin i), keeps the bins where both counts are at least
// minCount (minCount < 5 is raised to 5, the least for which the Poisson
// variance 1/n of ln n is a fair approximation), and fits
// ln(n+_i / n-_i) = a + b s_i by weighted least squares with weights
// 1 / (1/n+_i + 1/n-_i). It returns an error if fewer than 3 bins qualify
// (too few negative samples: the theorem cannot be checked).
func DetailedFT(s []float64, bins, minCount int) (DetailedFTResult, error) {
	var r DetailedFTResult
	if bins < 1 {
		return r, fmt.Errorf("detailed fluctuation theorem: %d bins, want at least 1", bins)
	}
	if minCount < 5 {
		minCount = 5
	}
	smax := 0.0
	for j, v := range s {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return r, fmt.Errorf("detailed fluctuation theorem: sample %d is %v", j, v)
		}
		smax = math.Max(smax, math.Abs(v))
	}
	if smax == 0 {
		return r, fmt.Errorf("detailed fluctuation theorem: all %d samples are 0", len(s))
	}
	h := smax / float64(bins)
	r.Width = h
	pos := make([]float64, bins)
	neg := make([]float64, bins)
	for _, v := range s {
		if v == 0 {
			continue
		}
		i := min(int(math.Abs(v)/h), bins-1)
		if v > 0 {
			pos[i]++
		} else {
			neg[i]++
		}
	}
	for i := range bins {
		if pos[i] < float64(minCount) || neg[i] < float64(minCount) {
			continue
		}
		r.Centre = append(r.Centre, (float64(i)+0.5)*h)
		r.LogRatio = append(r.LogRatio, math.Log(pos[i]/neg[i]))
		r.LogRatioErr = append(r.LogRatioErr, math.Sqrt(1/pos[i]+1/neg[i]))
	}
	m := len(r.Centre)
	if m < 3 {
		return r, fmt.Errorf("detailed fluctuation theorem: only %d bins with at least %d samples of both signs (of %d bins, %d samples); need 3: too few negative samples, run more trajectories or use fewer bins", m, minCount, bins, len(s))
	}
	// Weighted least squares y = a + b x with weights w = 1/sigma^2:
	// the normal equations [[S, Sx], [Sx, Sxx]] (a, b) = (Sy, Sxy).
	var S, Sx, Sxx, Sy, Sxy float64
	for i := range m {
		w := 1 / (r.LogRatioErr[i] * r.LogRatioErr[i])
		x, y := r.Centre[i], r.LogRatio[i]
		S += w
		Sx += w * x
		Sxx += w * x * x
		Sy += w * y
		Sxy += w * x * y
	}
	det := S*Sxx - Sx*Sx
	b := (S*Sxy - Sx*Sy) / det
	a := (Sxx*Sy - Sx*Sxy) / det
	r.Slope = estimate.NewResult(b, math.Sqrt(S/det), m)
	r.Intercept = estimate.NewResult(a, math.Sqrt(Sxx/det), m)
	for i := range m {
		e := (r.LogRatio[i] - a - b*r.Centre[i]) / r.LogRatioErr[i]
		r.Chi2 += e * e
	}
	r.DOF = m - 2
	// chi^2 has mean DOF and variance 2 DOF: warn beyond 4 standard deviations.
	if r.DOF > 0 && r.Chi2 > float64(r.DOF)+4*math.Sqrt(2*float64(r.DOF)) {
		r.Warnings = append(r.Warnings, fmt.Sprintf("poor fit: chi2 = %.3g for %d degrees of freedom (more than 4 standard deviations above its mean); ln(P(s)/P(-s)) is not linear in s over the fitted range", r.Chi2, r.DOF))
	}
	return r, nil
}
