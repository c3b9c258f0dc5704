package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Grid is a function of two variables on a rectangular grid of cells:
// cell (ix, iy) spans [XEdges[ix], XEdges[ix+1]] x [YEdges[iy], YEdges[iy+1]]
// and has the value Values[iy*nx + ix], nx = len(XEdges) - 1 (row-major,
// x fastest); edges must increase but need not be evenly spaced. Label names the values on the colour bar ("p(x, y)").
// Cells whose value is not finite are left blank.
type Grid struct {
	XEdges, YEdges []float64
	Values         []float64
	Label          string
}

// Arrows is a vector field: the vector (U[i], V[i]) at (X[i], Y[i]), the
// probability current J(x, y), say. Arrows that are not finite or lie
// outside the grid are left out.
type Arrows struct {
	X, Y, U, V []float64
}

// Density2D draws g as a heat map with a colour bar and, when a is not
// nil, its arrows on top; it writes base.svg and base.png. The colour map
// runs from dark purple (the smallest finite value) to yellow (the
// largest), with luminance increasing linearly (Moreland 2009). It returns
// an error if the grid is malformed, has no finite value, or opts asks for
// logarithmic axes.
func Density2D(base string, opts Options, g Grid, a *Arrows) error {
	nx, ny := len(g.XEdges)-1, len(g.YEdges)-1
	if nx < 1 || ny < 1 || len(g.Values) != nx*ny {
		return fmt.Errorf("plot: %s: grid with %d x edges and %d y edges needs %d values, has %d",
			base, len(g.XEdges), len(g.YEdges), max(nx, 0)*max(ny, 0), len(g.Values))
	}
	for _, e := range [][]float64{g.XEdges, g.YEdges} {
		for i, v := range e {
			if !finite(v) || (i > 0 && v <= e[i-1]) {
				return fmt.Errorf("plot: %s: grid edges must be finite and increasing; edge %d is %g", base, i, v)
			}
		}
	}
	if opts.LogX || opts.LogY {
		return fmt.Errorf("plot: %s: Density2D draws linear axes only", base)
	}
	zmin, zmax := math.Inf(1), math.Inf(-1)
	for _, v := range g.Values {
		if finite(v) {
			zmin, zmax = math.Min(zmin, v), math.Max(zmax, v)
		}
	}
	if zmin > zmax {
		return fmt.Errorf("plot: %s: grid has no finite value to draw", base)
	}
	if zmin == zmax { // a constant map: one colour, a colour bar of unit span
		zmin, zmax = zmin-0.5, zmax+0.5
	}
	if a != nil {
		n := len(a.X)
		if len(a.Y) != n || len(a.U) != n || len(a.V) != n {
			return fmt.Errorf("plot: %s: arrows have %d x, %d y, %d u and %d v values", base, len(a.X), len(a.Y), len(a.U), len(a.V))
		}
	}

	cmap, err := moreland.NewLuminance([]color.Color{
		color.NRGBA{68, 1, 84, 255}, color.NRGBA{59, 82, 139, 255}, color.NRGBA{33, 145, 140, 255},
		color.NRGBA{94, 201, 98, 255}, color.NRGBA{253, 231, 37, 255},
	})
	if err != nil {
		return fmt.Errorf("plot: %s: colour map: %w", base, err)
	}
	cmap.SetMin(zmin)
	cmap.SetMax(zmax)

	p := newPlot(opts, false)
	p.X.Padding, p.Y.Padding = 0, 0
	p.Add(&heatCells{g: g, nx: nx, ny: ny, cmap: cmap})
	if a != nil {
		p.Add(newArrowField(*a, g))
	}
	addMarkers(p, opts)

	bar := gplot.New()
	bar.Add(&plotter.ColorBar{ColorMap: cmap, Vertical: true})
	bar.HideX()
	bar.X.Padding, bar.Y.Padding = 0, 0
	bar.Y.Tick.Label.Font.Size = font.Length(tickSize)
	bar.Y.Tick.Marker = linTicks{}
	bar.Y.Tick.Label.Font.Typeface, bar.Y.Tick.Label.Font.Variant = "Liberation", "Sans"

	return save(base, opts, func(c draw.Canvas) {
		const barWidth = 0.45 * vg.Centimeter
		const rightMargin = 0.25 * vg.Centimeter
		const gap = 0.4 * vg.Centimeter
		// Width of the colour bar's tick labels.
		probe := bar.DataCanvas(c)
		axisW := probe.Min.X - c.Min.X
		barArea := c
		barArea.Min.X = c.Max.X - rightMargin - barWidth - axisW
		barArea.Max.X = c.Max.X - rightMargin
		mainArea := c
		mainArea.Max.X = barArea.Min.X - gap
		data := drawPlot(mainArea, p)
		barArea.Min.Y, barArea.Max.Y = data.Min.Y, data.Max.Y
		bar.Draw(barArea)
		if g.Label != "" {
			sty := text.Style{Color: color.Black, Font: font.Font{Typeface: "Liberation", Variant: "Sans", Size: font.Length(labelSize)},
				XAlign: draw.XRight, YAlign: draw.YBottom, Handler: p.Title.TextStyle.Handler}
			c.FillText(sty, vg.Point{X: barArea.Max.X, Y: data.Max.Y + vg.Points(4)}, g.Label)
		}
	})
}

// heatCells fills each cell of a grid with the colour of its value. Cells
// overlap their upper and right neighbours by a hair, so that
// anti-aliasing leaves no light seams between them.
type heatCells struct {
	g      Grid
	nx, ny int
	cmap   palette.ColorMap
}

func (h *heatCells) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	const seam = vg.Length(0.5)
	for iy := range h.ny {
		y0, y1 := trY(h.g.YEdges[iy]), trY(h.g.YEdges[iy+1])
		if iy < h.ny-1 {
			y1 += seam
		}
		for ix := range h.nx {
			v := h.g.Values[iy*h.nx+ix]
			if !finite(v) {
				continue
			}
			col, err := h.cmap.At(v)
			if err != nil { // outside [Min, Max] by rounding: clamp
				col, _ = h.cmap.At(math.Min(math.Max(v, h.cmap.Min()), h.cmap.Max()))
			}
			x0, x1 := trX(h.g.XEdges[ix]), trX(h.g.XEdges[ix+1])
			if ix < h.nx-1 {
				x1 += seam
			}
			c.FillPolygon(col, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
		}
	}
}

func (h *heatCells) DataRange() (xmin, xmax, ymin, ymax float64) {
	return h.g.XEdges[0], h.g.XEdges[h.nx], h.g.YEdges[0], h.g.YEdges[h.ny]
}

// arrowField draws arrows centred on their points, the longest as long as
// the spacing of the arrows (or the smallest grid cell).
type arrowField struct {
	x, y, u, v []float64 // finite arrows inside the grid
	scale      float64   // data units per unit of |(u, v)|
}

func newArrowField(a Arrows, g Grid) *arrowField {
	xlo, xhi := g.XEdges[0], g.XEdges[len(g.XEdges)-1]
	ylo, yhi := g.YEdges[0], g.YEdges[len(g.YEdges)-1]
	f := &arrowField{}
	maxNorm := 0.0
	for i := range a.X {
		x, y, u, v := a.X[i], a.Y[i], a.U[i], a.V[i]
		if !finite(x) || !finite(y) || !finite(u) || !finite(v) || x < xlo || x > xhi || y < ylo || y > yhi {
			continue
		}
		f.x, f.y, f.u, f.v = append(f.x, x), append(f.y, y), append(f.u, u), append(f.v, v)
		maxNorm = math.Max(maxNorm, math.Hypot(u, v))
	}
	cell := math.Min(minGap(f.x), minGap(f.y))
	if math.IsInf(cell, 1) {
		cell = math.Min(minGap(g.XEdges), minGap(g.YEdges))
	}
	if maxNorm > 0 {
		f.scale = 0.9 * cell / maxNorm
	}
	return f
}

// minGap returns the smallest positive difference between values of v
// (+Inf with fewer than two distinct values).
func minGap(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	gap := math.Inf(1)
	for i := 1; i < len(s); i++ {
		if d := s[i] - s[i-1]; d > 0 {
			gap = math.Min(gap, d)
		}
	}
	return gap
}

func (f *arrowField) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	halo := draw.LineStyle{Color: color.White, Width: vg.Points(2.2)}
	ink := draw.LineStyle{Color: color.Black, Width: vg.Points(1)}
	for i := range f.x {
		hu, hv := f.scale*f.u[i]/2, f.scale*f.v[i]/2
		p0 := vg.Point{X: trX(f.x[i] - hu), Y: trY(f.y[i] - hv)}
		p1 := vg.Point{X: trX(f.x[i] + hu), Y: trY(f.y[i] + hv)}
		d := p1.Sub(p0)
		l := vg.Length(math.Hypot(float64(d.X), float64(d.Y)))
		if l < vg.Points(4) { // too short to show a direction
			continue
		}
		// Arrow head: two barbs at +-25 degrees, at most 5 pt long.
		head := min(0.4*l, vg.Points(5))
		ux, uy := float64(d.X/l), float64(d.Y/l)
		barb := func(ang float64) vg.Point {
			s, co := math.Sincos(ang)
			return vg.Point{X: p1.X - head*vg.Length(co*ux-s*uy), Y: p1.Y - head*vg.Length(s*ux+co*uy)}
		}
		b1, b2 := barb(25*math.Pi/180), barb(-25*math.Pi/180)
		var tri vg.Path
		tri.Move(p1)
		tri.Line(b1)
		tri.Line(b2)
		tri.Close()
		c.StrokeLine2(halo, p0.X, p0.Y, p1.X, p1.Y)
		c.SetLineStyle(halo)
		c.Stroke(tri)
		c.StrokeLine2(ink, p0.X, p0.Y, p1.X, p1.Y)
		c.SetColor(color.Black)
		c.Fill(tri)
	}
}
