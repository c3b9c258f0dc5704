package plot

import (
	"fmt"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Style is how a Series is drawn.
type Style int

const (
	// Line joins the points; with Err, a shaded band y +- err surrounds it.
	Line Style = iota
	// Points marks the points; with Err, each has an error bar y +- err.
	Points
	// LinePoints joins and marks the points; with Err, each has an error
	// bar.
	LinePoints
)

// Series is a curve y(x). Err, when not nil, holds the half-width of the
// uncertainty of each y (a standard error, say) and must have the length of
// X and Y. Points where x, y or err is not finite, or where x or y is not
// positive on a logarithmic axis, are left out.
type Series struct {
	Label string
	X, Y  []float64
	Err   []float64
	Style Style
}

// Lines draws series as curves, points or both, with error bands or bars,
// and the reference lines of opts; it writes base.svg and base.png. It
// returns an error if there is no series, if X, Y and Err of a series differ
// in length, or if a series has no point left to draw.
func Lines(base string, opts Options, series ...Series) error {
	if len(series) == 0 {
		return fmt.Errorf("plot: %s: no series", base)
	}
	p := newPlot(opts, true)
	// The lower edge of a band on a log axis must stay positive.
	ymin := math.Inf(1)
	for _, s := range series {
		for _, y := range s.Y {
			if finite(y) && (!opts.LogY || y > 0) {
				ymin = math.Min(ymin, y)
			}
		}
	}
	for i, s := range series {
		if len(s.X) != len(s.Y) || (s.Err != nil && len(s.Err) != len(s.X)) {
			return fmt.Errorf("plot: %s: series %s has %d x, %d y and %d err values", base, name(s.Label, i), len(s.X), len(s.Y), len(s.Err))
		}
		var pts plotter.XYs
		var errs plotter.YErrors
		for k := range s.X {
			x, y := s.X[k], s.Y[k]
			e := 0.0
			if s.Err != nil {
				e = math.Abs(s.Err[k])
			}
			if !finite(x) || !finite(y) || !finite(e) || (opts.LogX && x <= 0) || (opts.LogY && y <= 0) {
				continue
			}
			pts = append(pts, plotter.XY{X: x, Y: y})
			lo, hi := e, e
			if opts.LogY && y-lo <= 0 {
				lo = y - ymin/2 // clipped at half the smallest value drawn
			}
			errs = append(errs, struct{ Low, High float64 }{lo, hi})
		}
		if len(pts) == 0 {
			return fmt.Errorf("plot: %s: series %s has no finite point to draw", base, name(s.Label, i))
		}
		col := seriesColor(i)
		var thumbs []gplot.Thumbnailer
		if s.Err != nil && s.Style == Line {
			band := make(plotter.XYs, 0, 2*len(pts))
			for k, pt := range pts {
				band = append(band, plotter.XY{X: pt.X, Y: pt.Y + errs[k].High})
			}
			for k := len(pts) - 1; k >= 0; k-- {
				band = append(band, plotter.XY{X: pts[k].X, Y: pts[k].Y - errs[k].Low})
			}
			poly, err := plotter.NewPolygon(band)
			if err != nil {
				return fmt.Errorf("plot: %s: %w", base, err)
			}
			poly.Color = withAlpha(col, 60)
			poly.LineStyle.Width = 0
			p.Add(poly)
			thumbs = append(thumbs, poly)
		}
		if s.Err != nil && s.Style != Line {
			eb := &plotter.YErrorBars{XYs: pts, YErrors: errs, CapWidth: vg.Points(5),
				LineStyle: draw.LineStyle{Color: col, Width: vg.Points(1)}}
			p.Add(eb)
		}
		if s.Style == Line || s.Style == LinePoints {
			l := &plotter.Line{XYs: pts, LineStyle: draw.LineStyle{Color: col, Width: vg.Points(1.5)}}
			p.Add(l)
			thumbs = append(thumbs, l)
		}
		if s.Style == Points || s.Style == LinePoints {
			sc := &plotter.Scatter{XYs: pts, GlyphStyle: draw.GlyphStyle{Color: col, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}}
			p.Add(sc)
			thumbs = append(thumbs, sc)
		}
		if s.Label != "" {
			p.Legend.Add(s.Label, thumbs...)
		}
	}
	addMarkers(p, opts)
	return savePlot(base, opts, p)
}
