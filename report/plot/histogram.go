package plot

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// HistSeries is one sample to histogram. Weights, when not nil, has one
// non-negative weight per value (1 each when nil). Bins is the number of
// bins over the common range of the figure (0: Rice's rule). Normalize
// divides the summed weights by the number of values and the bin width:
// with unit weights a probability density, with weights w_i the density
// of (1/n) sum_i w_i delta(x - x_i), whose integral is the mean weight.
// Values or weights that are not finite are left out.
type HistSeries struct {
	Label     string
	Values    []float64
	Weights   []float64
	Bins      int
	Normalize bool
}

// Histogram draws the histograms of series on a common x range, each as
// translucent bars with a coloured outline, with the reference lines of
// opts (Delta F, the Crooks crossing); it writes base.svg and base.png. The
// y label defaults to "probability density" when every series is
// normalized and "count" otherwise. It returns an error if there is no
// series, if a series has no finite value, or if weights are negative or
// do not match the values.
func Histogram(base string, opts Options, series ...HistSeries) error {
	if len(series) == 0 {
		return fmt.Errorf("plot: %s: no series", base)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	allNorm := true
	for i, s := range series {
		if s.Weights != nil && len(s.Weights) != len(s.Values) {
			return fmt.Errorf("plot: %s: series %s has %d values and %d weights", base, name(s.Label, i), len(s.Values), len(s.Weights))
		}
		if s.Bins < 0 {
			return fmt.Errorf("plot: %s: series %s has %d bins", base, name(s.Label, i), s.Bins)
		}
		n := 0
		for k, v := range s.Values {
			w := 1.0
			if s.Weights != nil {
				w = s.Weights[k]
			}
			if !finite(v) || !finite(w) {
				continue
			}
			if w < 0 {
				return fmt.Errorf("plot: %s: series %s: negative weight %g at index %d", base, name(s.Label, i), w, k)
			}
			lo, hi = math.Min(lo, v), math.Max(hi, v)
			n++
		}
		if n == 0 {
			return fmt.Errorf("plot: %s: series %s has no finite value to draw", base, name(s.Label, i))
		}
		allNorm = allNorm && s.Normalize
	}
	if lo == hi { // a single value: a bin of width 1 around it
		lo, hi = lo-0.5, hi+0.5
	}
	if opts.YLabel == "" {
		opts.YLabel = "count"
		if allNorm {
			opts.YLabel = "probability density"
		}
	}
	p := newPlot(opts, true)
	for i, s := range series {
		bins := histogram(s, lo, hi)
		if opts.LogY && !anyPositive(bins) {
			return fmt.Errorf("plot: %s: series %s has no positive bin for a logarithmic axis", base, name(s.Label, i))
		}
		col := seriesColor(i)
		h := &plotter.Histogram{Bins: bins, Width: bins[0].Max - bins[0].Min, FillColor: withAlpha(col, 70),
			LineStyle: draw.LineStyle{Color: col, Width: vg.Points(1.2)}, LogY: opts.LogY}
		p.Add(h)
		if s.Label != "" {
			p.Legend.Add(s.Label, h)
		}
	}
	addMarkers(p, opts)
	return savePlot(base, opts, p)
}

// histogram bins the finite values of s on [lo, hi].
func histogram(s HistSeries, lo, hi float64) []plotter.HistogramBin {
	n := 0 // values to bin
	for k, v := range s.Values {
		if finite(v) && (s.Weights == nil || finite(s.Weights[k])) {
			n++
		}
	}
	k := s.Bins
	if k == 0 {
		k = min(80, max(10, int(math.Ceil(2*math.Cbrt(float64(n))))))
	}
	width := (hi - lo) / float64(k)
	bins := make([]plotter.HistogramBin, k)
	for j := range bins {
		bins[j].Min = lo + float64(j)*width
		bins[j].Max = lo + float64(j+1)*width
	}
	bins[k-1].Max = hi
	used := 0
	for i, v := range s.Values {
		w := 1.0
		if s.Weights != nil {
			w = s.Weights[i]
		}
		if !finite(v) || !finite(w) {
			continue
		}
		j := min(k-1, max(0, int((v-lo)/width))) // hi falls in the last bin
		bins[j].Weight += w
		used++
	}
	if s.Normalize && used > 0 {
		for j := range bins {
			bins[j].Weight /= float64(used) * width
		}
	}
	return bins
}

func anyPositive(bins []plotter.HistogramBin) bool {
	for _, b := range bins {
		if b.Weight > 0 {
			return true
		}
	}
	return false
}
