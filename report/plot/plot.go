package plot

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/thermosim/thermosim/report"
)

// Marker is a labelled reference line: vertical at x = At in
// Options.VLines, horizontal at y = At in Options.HLines (Delta F, the
// Crooks crossing, F_eq, y = 1 for the IFT). An empty Label keeps the line
// out of the legend.
type Marker struct {
	At    float64
	Label string
}

// Options are the settings shared by all figures. The zero value gives an
// untitled 16 cm x 10 cm figure with linear axes.
type Options struct {
	Title, XLabel, YLabel string
	LogX, LogY            bool     // logarithmic axes
	VLines, HLines        []Marker // reference lines
	// Width and Height of the figure in centimetres; 0 means 16 x 10.
	Width, Height float64
}

// PNGDPI is the resolution of the PNG files.
const PNGDPI = 150

// Text sizes, readable when the PNG is shown at its natural size.
const (
	titleSize = 13
	labelSize = 12
	tickSize  = 10
	legSize   = 10
)

// colorCycle is the Tableau 10 colour cycle (colour-blind friendly in its first
// four colours), the default of matplotlib.
var colorCycle = []color.RGBA{
	{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {214, 39, 40, 255},
	{148, 103, 189, 255}, {140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255},
	{188, 189, 34, 255}, {23, 190, 207, 255},
}

func seriesColor(i int) color.RGBA { return colorCycle[i%len(colorCycle)] }

func withAlpha(c color.RGBA, a uint8) color.Color {
	// Premultiplied, as color.RGBA requires.
	f := float64(a) / 255
	return color.RGBA{uint8(float64(c.R) * f), uint8(float64(c.G) * f), uint8(float64(c.B) * f), a}
}

// markerDashes are the dash patterns of successive reference lines.
var markerDashes = [][]vg.Length{{vg.Points(6), vg.Points(3)}, {vg.Points(2), vg.Points(2)}, {vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3)}, nil}

var markerColors = []color.RGBA{{0, 0, 0, 255}, {90, 90, 90, 255}, {180, 30, 30, 255}, {30, 30, 150, 255}}

// errNoBase is returned for an empty file name.
var errNoBase = errors.New("plot: empty file name")

// newPlot returns a plot set up from opts: title, labels, font sizes, grid
// and axis scales.
func newPlot(opts Options, grid bool) *gplot.Plot {
	p := gplot.New()
	p.Title.Text = opts.Title
	p.Title.TextStyle.Font.Size = font.Length(titleSize)
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = opts.XLabel
	p.Y.Label.Text = opts.YLabel
	for _, a := range []*gplot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = font.Length(labelSize)
		a.Tick.Label.Font.Size = font.Length(tickSize)
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = linTicks{}, linTicks{}
	if opts.LogX {
		p.X.Scale = gplot.LogScale{}
		p.X.Tick.Marker = logTicks{}
	}
	if opts.LogY {
		p.Y.Scale = gplot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
	}
	p.Legend.TextStyle.Font.Size = font.Length(legSize)
	for _, f := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font,
		&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font, &p.Legend.TextStyle.Font} {
		f.Typeface, f.Variant = "Liberation", "Sans"
	}
	p.Legend.Padding = vg.Points(2)
	p.Legend.ThumbnailWidth = vg.Points(20)
	if grid {
		g := plotter.NewGrid()
		g.Vertical.Color = color.Gray{Y: 225}
		g.Horizontal.Color = color.Gray{Y: 225}
		p.Add(g)
	}
	return p
}

// addMarkers adds the reference lines of opts to p, with legend entries.
func addMarkers(p *gplot.Plot, opts Options) {
	k := 0
	add := func(m Marker, vertical bool) {
		if !finite(m.At) || (vertical && opts.LogX && m.At <= 0) || (!vertical && opts.LogY && m.At <= 0) {
			return
		}
		l := &refLine{at: m.At, vertical: vertical, LineStyle: draw.LineStyle{
			Color:  markerColors[k%len(markerColors)],
			Width:  vg.Points(1.2),
			Dashes: markerDashes[k%len(markerDashes)],
		}}
		k++
		p.Add(l)
		if m.Label != "" {
			p.Legend.Add(m.Label, l)
		}
	}
	for _, m := range opts.VLines {
		add(m, true)
	}
	for _, m := range opts.HLines {
		add(m, false)
	}
}

// refLine is a horizontal or vertical line across the data area. It
// extends the data range in its own direction only.
type refLine struct {
	at       float64
	vertical bool
	draw.LineStyle
}

func (l *refLine) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	if l.vertical {
		x := trX(l.at)
		c.StrokeLine2(l.LineStyle, x, c.Min.Y, x, c.Max.Y)
		return
	}
	y := trY(l.at)
	c.StrokeLine2(l.LineStyle, c.Min.X, y, c.Max.X, y)
}

func (l *refLine) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	if l.vertical {
		xmin, xmax = l.at, l.at
	} else {
		ymin, ymax = l.at, l.at
	}
	return
}

func (l *refLine) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.LineStyle, c.Min.X, y, c.Max.X, y)
}

// logTicks puts ticks at 1..9 x 10^k on a logarithmic axis and labels the
// powers of ten; when fewer than two of them fall inside the range it also
// labels 2 x 10^k and 5 x 10^k, and failing that every tick. (gonum's
// LogTicks misses the decades below 1 and can leave an axis unlabelled.)
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []gplot.Tick {
	lo, hi := int(math.Floor(math.Log10(min))), int(math.Ceil(math.Log10(max)))
	var ticks []gplot.Tick
	for e := lo; e <= hi; e++ {
		for m := 1; m <= 9; m++ {
			// Parsing "me" + "e" gives the float64 nearest to m x 10^e.
			v, _ := strconv.ParseFloat(strconv.Itoa(m)+"e"+strconv.Itoa(e), 64)
			if v >= min && v <= max {
				ticks = append(ticks, gplot.Tick{Value: v})
			}
		}
	}
	label := func(ok func(m float64) bool) int {
		n := 0
		for i, t := range ticks {
			if m := t.Value / math.Pow10(int(math.Floor(math.Log10(t.Value)+1e-9))); ok(math.Round(m)) {
				ticks[i].Label = strconv.FormatFloat(t.Value, 'g', -1, 64)
				n++
			}
		}
		return n
	}
	if label(func(m float64) bool { return m == 1 }) >= 2 {
		return ticks
	}
	if label(func(m float64) bool { return m == 1 || m == 2 || m == 5 }) >= 2 {
		return ticks
	}
	label(func(float64) bool { return true })
	return ticks
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// size returns the figure size of opts.
func size(opts Options) (w, h vg.Length) {
	wcm, hcm := opts.Width, opts.Height
	if wcm <= 0 {
		wcm = 16
	}
	if hcm <= 0 {
		hcm = 10
	}
	return vg.Length(wcm) * vg.Centimeter, vg.Length(hcm) * vg.Centimeter
}

// save renders the figure drawn by fn as base.svg and base.png.
func save(base string, opts Options, fn func(draw.Canvas)) (err error) {
	if base == "" {
		return errNoBase
	}
	defer func() {
		// gonum/plot reports some impossible layouts by panicking; they
		// become errors that name the figure.
		if r := recover(); r != nil {
			err = fmt.Errorf("plot: drawing %s: %v", base, r)
		}
	}()
	w, h := size(opts)

	svg := vgsvg.New(w, h)
	fn(draw.New(svg))
	var sb bytes.Buffer
	if _, err := svg.WriteTo(&sb); err != nil {
		return fmt.Errorf("plot: rendering %s.svg: %w", base, err)
	}

	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(PNGDPI), vgimg.UseBackgroundColor(color.White))
	fn(draw.New(img))
	var pb bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&pb); err != nil {
		return fmt.Errorf("plot: rendering %s.png: %w", base, err)
	}

	if err := report.WriteFileAtomic(base+".svg", sb.Bytes()); err != nil {
		return err
	}
	return report.WriteFileAtomic(base+".png", pb.Bytes())
}

// savePlot saves a single plot.
func savePlot(base string, opts Options, p *gplot.Plot) error {
	return save(base, opts, func(c draw.Canvas) { drawPlot(c, p) })
}

// drawPlot draws p on c with its legend to the right of the data area,
// top-aligned with it, so that the legend never hides data, and returns the
// data area. It draws the y label itself, centred on the data area: gonum
// centres it on the arithmetic mid-range, which on a logarithmic axis lies
// near the top and pushes the plot down.
func drawPlot(c draw.Canvas, p *gplot.Plot) draw.Canvas {
	leg, yl := p.Legend, p.Y.Label
	defer func() { p.Legend, p.Y.Label = leg, yl }()
	p.Legend = gplot.NewLegend()
	p.Y.Label.Text = ""

	main := c
	var labelX vg.Length
	if yl.Text != "" {
		labelX = main.Min.X + yl.TextStyle.Height(yl.Text) - yl.TextStyle.FontExtents().Descent
		main.Min.X += yl.TextStyle.Height(yl.Text) + yl.TextStyle.FontExtents().Descent + yl.Padding
	}
	const gap, margin = 0.3 * vg.Centimeter, 0.15 * vg.Centimeter
	if w := leg.Rectangle(c).Size().X; w > 0 {
		main.Max.X -= w + gap + margin
	}
	p.Draw(main)
	data := p.DataCanvas(main)
	if yl.Text != "" {
		sty := yl.TextStyle
		sty.Rotation += math.Pi / 2
		c.FillText(sty, vg.Point{X: labelX, Y: (data.Min.Y + data.Max.Y) / 2}, yl.Text)
	}
	if leg.Rectangle(c).Size().X > 0 {
		lc := c
		lc.Min.X = main.Max.X + gap
		lc.Max.Y = data.Max.Y
		l := leg
		l.Left, l.Top = true, true
		l.Draw(lc)
	}
	return data
}

// name returns a series label for error messages.
func name(label string, i int) string {
	if label != "" {
		return strconv.Quote(label)
	}
	return "#" + strconv.Itoa(i+1)
}

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{r, g, b, 255} }
