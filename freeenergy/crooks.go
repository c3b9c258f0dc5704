package freeenergy

import (
	"math"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/internal/rng"
)

// CrooksOptions configures CrooksCrossing. The zero value is usable.
type CrooksOptions struct {
	// Replicates is the number of bootstrap resamples for the standard error
	// (default 400).
	Replicates int
	// Paired resamples (W_F[i], W_R[i]) together, for forward and reverse
	// work measured cycle by cycle in one run (equal lengths required).
	Paired bool
	// Bins is the number of histogram bins over the overlap region
	// (default: 2 n^(1/3), Rice's rule, with n the smaller number of samples
	// in the region, between 4 and 100).
	Bins int
	// MinCount is the fewest forward and reverse samples a bin needs to
	// enter the fit (default 5).
	MinCount int
}

// CrooksBin is one histogram bin of the fit: [Lo, Hi), the forward and
// reverse counts, the bin's abscissa X (see CrooksCrossing) and the log
// ratio ln(P_F/P_R(-W)) = ln(NF/N_F) - ln(NR/N_R).
type CrooksBin struct {
	Lo, Hi   float64
	NF, NR   int
	X        float64
	LogRatio float64
	Used     bool // entered the fit (both counts >= MinCount)
}

// Crooks is the result of CrooksCrossing.
type Crooks struct {
	// DeltaF is the crossing point, with the bootstrap standard error and
	// percentile 95% interval.
	DeltaF estimate.Result
	// Slope is the fitted slope of ln P_F(W)/P_R(-W) against W, 1/T by
	// Crooks' theorem, with its weighted-least-squares standard error.
	Slope estimate.Result
	// Bins are the histogram bins over the overlap region.
	Bins []CrooksBin
}

// CrooksCrossing estimates Delta F as the work where the forward work
// density P_F(W) and the reflected reverse density P_R(-W) cross. By Crooks'
// theorem (Crooks 1999, 2000)
//
//	ln P_F(W)/P_R(-W) = (W - Delta F)/T,
//
// so the log ratio of the two histograms is a line that crosses zero at
// Delta F. The histograms share bins over the overlap region of the two
// samples (W_F and -W_R); in each bin with at least MinCount samples of
// each, y = ln(n_F/N_F) - ln(n_R/N_R) is fitted by weighted least squares
// (weights 1/(1/n_F + 1/n_R), the inverse delta-method variance) as
// y = a + b X, and the crossing is -a/b. The abscissa X of a bin is not its
// centre but the average of T ln <e^{W/T}> over the reverse samples and
// -T ln <e^{-W/T}> over the forward samples in the bin: by the theorem,
// y = (X - Delta F)/T holds for these exactly in expectation, which removes
// the binning bias of order (bin width)^2/T. The slope is free (a check of
// the theorem: it should be 1/T; a warning fires if it differs by more than
// four standard errors).
//
// The standard error and 95% interval come from a bootstrap of the whole
// procedure with the explicit generator src (CrooksOptions.Paired for
// forward and reverse work from one run). Warnings: poor overlap (as BAR),
// fewer than three usable bins, failed replicates. With no usable overlap
// the value is NaN. CrooksCrossing panics if a sample is empty or T is not
// positive and finite.
func CrooksCrossing(src *rng.Source, wF, wR []float64, T float64, opt CrooksOptions) Crooks {
	checkT(T)
	if len(wF) == 0 || len(wR) == 0 {
		panic("freeenergy: CrooksCrossing of an empty sample")
	}
	if opt.Replicates <= 0 {
		opt.Replicates = 400
	}
	if opt.MinCount <= 0 {
		opt.MinCount = 5
	}
	if opt.Paired && len(wF) != len(wR) {
		panic("freeenergy: paired Crooks bootstrap of samples of different lengths")
	}
	var c Crooks
	fit, ok := crooksFit(wF, wR, T, opt, true)
	c.Bins = fit.bins
	n := len(wF) + len(wR)
	if !ok {
		c.DeltaF = estimate.Exact(math.NaN(), n)
		c.Slope = estimate.Exact(math.NaN(), n)
		c.DeltaF.Warn("Crooks: fewer than two histogram bins where both forward and reverse work have %d samples: no crossing (no overlap)", opt.MinCount)
		return c
	}
	reps := make([]float64, opt.Replicates)
	estimate.BootstrapPair(reps, src, wF, wR, opt.Paired, func(a, b []float64) float64 {
		f, ok := crooksFit(a, b, T, opt, false)
		if !ok {
			return math.NaN()
		}
		return f.crossing
	})
	c.DeltaF = estimate.FromReplicates(fit.crossing, reps, n)
	c.Slope = estimate.NewResult(fit.slope, fit.slopeSE, n)
	if fit.used < 3 {
		c.DeltaF.Warn("Crooks: only %d usable histogram bins; the crossing is poorly determined", fit.used)
	}
	if math.Abs(fit.slope-1/T) > 4*fit.slopeSE {
		c.DeltaF.Warn("Crooks: the log ratio ln P_F(W)/P_R(-W) has slope %.3g +- %.2g, not 1/T = %.3g: check the temperature, the sign of the reverse work (W_R is the work of the reverse protocol) and equilibrium initial states", fit.slope, fit.slopeSE, 1/T)
	}
	o01, o10 := BAROverlap(wF, wR, T, fit.crossing)
	warnOverlap(&c.DeltaF, o01, o10)
	return c
}

type crooksLine struct {
	crossing, slope, slopeSE float64
	used                     int
	bins                     []CrooksBin
}

// crooksFit bins forward work and reflected reverse work over their overlap
// region and fits the log ratio.
func crooksFit(wF, wR []float64, T float64, opt CrooksOptions, keepBins bool) (crooksLine, bool) {
	var line crooksLine
	minF, maxF := minMax(wF)
	minR, maxR := minMax(wR) // -W_R spans [-maxR, -minR]
	lo, hi := math.Max(minF, -maxR), math.Min(maxF, -minR)
	if !(hi > lo) {
		return line, false
	}
	nb := opt.Bins
	if nb <= 0 {
		inF, inR := 0, 0
		for _, v := range wF {
			if v >= lo && v <= hi {
				inF++
			}
		}
		for _, v := range wR {
			if -v >= lo && -v <= hi {
				inR++
			}
		}
		nb = int(math.Round(2 * math.Cbrt(float64(min(inF, inR)))))
		nb = max(4, min(nb, 100))
	}
	width := (hi - lo) / float64(nb)
	invT := 1 / T
	accF := make([]estimate.LogMeanExp, nb) // ln <e^{-W/T}> of forward samples per bin
	accR := make([]estimate.LogMeanExp, nb) // ln <e^{+W/T}> of reflected reverse samples
	bin := func(v float64) int {
		k := int((v - lo) / width)
		if k == nb { // v == hi
			k--
		}
		return k
	}
	for _, v := range wF {
		if v >= lo && v <= hi {
			accF[bin(v)].Add(-v * invT)
		}
	}
	for _, v := range wR {
		if u := -v; u >= lo && u <= hi {
			accR[bin(u)].Add(u * invT)
		}
	}
	lnNF, lnNR := math.Log(float64(len(wF))), math.Log(float64(len(wR)))
	var sw, sx, sy float64
	type pt struct{ x, y, w float64 }
	pts := make([]pt, 0, nb)
	if keepBins {
		line.bins = make([]CrooksBin, nb)
	}
	for k := 0; k < nb; k++ {
		nf, nr := accF[k].N, accR[k].N
		b := CrooksBin{Lo: lo + float64(k)*width, Hi: lo + float64(k+1)*width, NF: nf, NR: nr, X: math.NaN(), LogRatio: math.NaN()}
		if nf > 0 && nr > 0 {
			b.X = 0.5 * (T*accR[k].Log() - T*accF[k].Log())
			b.LogRatio = (math.Log(float64(nf)) - lnNF) - (math.Log(float64(nr)) - lnNR)
		}
		if nf >= opt.MinCount && nr >= opt.MinCount {
			b.Used = true
			w := 1 / (1/float64(nf) + 1/float64(nr))
			pts = append(pts, pt{b.X, b.LogRatio, w})
			sw += w
			sx += w * b.X
			sy += w * b.LogRatio
		}
		if keepBins {
			line.bins[k] = b
		}
	}
	line.used = len(pts)
	if len(pts) < 2 {
		return line, false
	}
	xm, ym := sx/sw, sy/sw
	var sxx, sxy, sres float64
	for _, p := range pts {
		sxx += p.w * (p.x - xm) * (p.x - xm)
		sxy += p.w * (p.x - xm) * (p.y - ym)
	}
	if !(sxx > 0) {
		return line, false
	}
	line.slope = sxy / sxx
	line.crossing = xm - ym/line.slope
	// Weights are inverse variances, so the slope's variance is 1/sxx; if
	// the residuals scatter more than the weights say, scale it up.
	for _, p := range pts {
		r := p.y - ym - line.slope*(p.x-xm)
		sres += p.w * r * r
	}
	scale := 1.0
	if len(pts) > 2 {
		scale = math.Max(1, sres/float64(len(pts)-2))
	}
	line.slopeSE = math.Sqrt(scale / sxx)
	if !(line.slope > 0) {
		return line, false
	}
	return line, true
}

func minMax(w []float64) (lo, hi float64) {
	lo, hi = w[0], w[0]
	for _, v := range w {
		lo = math.Min(lo, v)
		hi = math.Max(hi, v)
	}
	return lo, hi
}
