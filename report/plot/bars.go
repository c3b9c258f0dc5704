package plot

import (
	"fmt"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Binned is a measured histogram against reference values on the same
// bins: Edges has one more element than Values; Err (optional) holds the
// standard error of each value; Ref (optional) the reference value of each
// bin, e.g. the Boltzmann probability of the bin, exp(-beta U)/Z integrated
// over it. Labels default to "measured" and "exact".
type Binned struct {
	Edges    []float64
	Values   []float64
	Err      []float64
	Label    string
	Ref      []float64
	RefLabel string
}

// Bars draws b.Values as bars on b.Edges with error bars +- b.Err and b.Ref
// as a black step line, with the reference lines of opts; it writes
// base.svg and base.png. Bins whose value is not finite are left out (and
// not drawn on a log axis when not positive). It returns an error if the
// lengths do not match, the edges are not finite and increasing, or no bin
// is left to draw.
func Bars(base string, opts Options, b Binned) error {
	n := len(b.Values)
	if n == 0 || len(b.Edges) != n+1 || (b.Err != nil && len(b.Err) != n) || (b.Ref != nil && len(b.Ref) != n) {
		return fmt.Errorf("plot: %s: %d edges, %d values, %d errors and %d reference values: want n+1 edges and n of the others, n > 0",
			base, len(b.Edges), n, len(b.Err), len(b.Ref))
	}
	for i, e := range b.Edges {
		if !finite(e) || (i > 0 && e <= b.Edges[i-1]) || (opts.LogX && e <= 0) {
			return fmt.Errorf("plot: %s: edges must be finite and increasing (positive on a log axis); edge %d is %g", base, i, e)
		}
	}
	if b.Label == "" {
		b.Label = "measured"
	}
	if b.RefLabel == "" {
		b.RefLabel = "exact"
	}
	p := newPlot(opts, true)
	col := seriesColor(0)
	var bins []plotter.HistogramBin
	var centers plotter.XYs
	var errs plotter.YErrors
	for j, v := range b.Values {
		if !finite(v) || (opts.LogY && v <= 0) {
			continue
		}
		bins = append(bins, plotter.HistogramBin{Min: b.Edges[j], Max: b.Edges[j+1], Weight: v})
		if b.Err != nil && finite(b.Err[j]) {
			e := math.Abs(b.Err[j])
			lo := e
			if opts.LogY && v-lo <= 0 {
				lo = v / 2
			}
			centers = append(centers, plotter.XY{X: (b.Edges[j] + b.Edges[j+1]) / 2, Y: v})
			errs = append(errs, struct{ Low, High float64 }{lo, e})
		}
	}
	if len(bins) == 0 {
		return fmt.Errorf("plot: %s: no finite value to draw", base)
	}
	h := &plotter.Histogram{Bins: bins, Width: bins[0].Max - bins[0].Min, FillColor: withAlpha(col, 110),
		LineStyle: draw.LineStyle{Color: col, Width: vg.Points(0.8)}, LogY: opts.LogY}
	p.Add(h)
	thumbs := []gplot.Thumbnailer{h}
	if len(centers) > 0 {
		eb := &plotter.YErrorBars{XYs: centers, YErrors: errs, CapWidth: vg.Points(3),
			LineStyle: draw.LineStyle{Color: rgb(40, 40, 40), Width: vg.Points(1)}}
		p.Add(eb)
	}
	p.Legend.Add(b.Label, thumbs...)
	if b.Ref != nil {
		var steps plotter.XYs
		for j, r := range b.Ref {
			if !finite(r) || (opts.LogY && r <= 0) {
				continue
			}
			steps = append(steps, plotter.XY{X: b.Edges[j], Y: r}, plotter.XY{X: b.Edges[j+1], Y: r})
		}
		if len(steps) > 0 {
			l := &plotter.Line{XYs: steps, LineStyle: draw.LineStyle{Color: rgb(0, 0, 0), Width: vg.Points(1.5)}}
			p.Add(l)
			p.Legend.Add(b.RefLabel, l)
		}
	}
	addMarkers(p, opts)
	return savePlot(base, opts, p)
}
