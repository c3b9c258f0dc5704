package plot

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/thermosim/thermosim/internal/rng"
)

// outDir is where the figures of the tests go: a temporary folder, or
// $THERMOSIM_PLOT_DIR to look at them.
func outDir(t *testing.T) string {
	if d := os.Getenv("THERMOSIM_PLOT_DIR"); d != "" {
		return d
	}
	return t.TempDir()
}

// checkFigure checks that base.svg is well-formed XML with an <svg> root
// whose text contains every label, and that base.png decodes to an image of
// the expected size with more than two colours.
func checkFigure(t *testing.T, base string, opts Options, labels ...string) {
	t.Helper()
	raw, err := os.ReadFile(base + ".svg")
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(raw))
	var txt strings.Builder
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s.svg is not well-formed XML: %v", base, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
		case xml.CharData:
			txt.Write(tok)
			txt.WriteByte('\n')
		}
	}
	if root != "svg" {
		t.Errorf("%s.svg: root element %q, want svg", base, root)
	}
	for _, l := range labels {
		if !strings.Contains(txt.String(), l) {
			t.Errorf("%s.svg: label %q missing", base, l)
		}
	}
	if bytes.Contains(raw, []byte("NaN")) || bytes.Contains(raw, []byte("Inf")) {
		t.Errorf("%s.svg contains NaN or Inf coordinates", base)
	}

	f, err := os.Open(base + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s.png: %v", base, err)
	}
	w, h := opts.Width, opts.Height
	if w == 0 {
		w, h = 16, 10
	}
	wantW, wantH := w/2.54*PNGDPI, h/2.54*PNGDPI
	b := img.Bounds()
	if math.Abs(float64(b.Dx())-wantW) > 1 || math.Abs(float64(b.Dy())-wantH) > 1 {
		t.Errorf("%s.png is %dx%d, want %.0fx%.0f", base, b.Dx(), b.Dy(), wantW, wantH)
	}
	if n := colours(img); n <= 2 {
		t.Errorf("%s.png has %d colours: blank?", base, n)
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(base), ".*.tmp")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}
}

func colours(img image.Image) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(seen)
}

func normals(label string, n int, mu, sigma float64) []float64 {
	src := rng.Stream(1, label, 0)
	x := make([]float64, n)
	for i := range x {
		x[i] = mu + sigma*src.Norm()
	}
	return x
}

func TestLines(t *testing.T) {
	dir := outDir(t)
	// F(t) relaxing to F_eq with a band, as freeenergy draws it.
	var tt, f, fe []float64
	for k := 0; k <= 50; k++ {
		x := float64(k) * 0.1
		tt, f, fe = append(tt, x), append(f, -1+2*math.Exp(-x)), append(fe, 0.05+0.1*math.Exp(-x))
	}
	f[10] = math.NaN() // a hole, left out
	opts := Options{Title: "Free energy F(t)", XLabel: "t", YLabel: "F", HLines: []Marker{{At: -1, Label: "F_eq"}}}
	base := filepath.Join(dir, "plots", "freeenergy")
	if err := Lines(base, opts, Series{Label: "F(t) ± stderr", X: tt, Y: f, Err: fe}); err != nil {
		t.Fatal(err)
	}
	checkFigure(t, base, opts, "Free energy F(t)", "F_eq", "F(t) ± stderr")

	// Running IFT estimate against N on a log axis, with y = 1.
	var n, ift, se []float64
	for k := 1; k <= 5; k++ {
		N := math.Pow(10, float64(k))
		n, ift, se = append(n, N), append(ift, 1+0.5/math.Sqrt(N)), append(se, 1/math.Sqrt(N))
	}
	n = append(n, 0, -1) // not drawable on a log axis: left out
	ift = append(ift, 1, 1)
	se = append(se, 0, 0)
	opts = Options{Title: "IFT", XLabel: "trajectories N", YLabel: "<exp(-Δs_tot)>", LogX: true, HLines: []Marker{{At: 1, Label: "1"}}}
	base = filepath.Join(dir, "plots", "ift-running")
	if err := Lines(base, opts, Series{Label: "estimate", X: n, Y: ift, Err: se, Style: LinePoints}); err != nil {
		t.Fatal(err)
	}
	checkFigure(t, base, opts, "trajectories N", "<exp(-Δs_tot)>", "estimate")

	// eps(t) on log-log axes, within one decade on y (labels on 2..9 too).
	var e []float64
	for _, x := range tt {
		e = append(e, 2e-3*(1+x/5))
	}
	e[0] = 0 // not drawable on a log axis
	opts = Options{Title: "energy drift", XLabel: "t", YLabel: "ε(t)", LogX: true, LogY: true}
	base = filepath.Join(dir, "plots", "invariant-energy")
	if err := Lines(base, opts, Series{Label: "BAOAB", X: tt, Y: e}, Series{Label: "Euler", X: tt, Y: e, Style: Points}); err != nil {
		t.Fatal(err)
	}
	checkFigure(t, base, opts, "ε(t)", "BAOAB", "Euler", "0.003")
}

func TestHistogramCrooks(t *testing.T) {
	// Gaussian work: P_F(W) = N(dF + s^2/2, s^2), P_R(-W) = N(dF - s^2/2, s^2)
	// cross at W = dF (Crooks 1999).
	const dF, s = 1.0, 1.2
	wf := normals("forward", 4000, dF+s*s/2, s)
	wr := normals("reverse", 4000, dF-s*s/2, s) // already -W_R
	wf[0], wr[1] = math.NaN(), math.Inf(1)
	opts := Options{Title: "Work distributions", XLabel: "W", VLines: []Marker{{At: dF, Label: "ΔF"}, {At: 1.02, Label: "Crooks crossing"}}}
	base := filepath.Join(outDir(t), "plots", "work-histogram")
	err := Histogram(base, opts,
		HistSeries{Label: "P_F(W)", Values: wf, Bins: 40, Normalize: true},
		HistSeries{Label: "P_R(-W)", Values: wr, Bins: 40, Normalize: true})
	if err != nil {
		t.Fatal(err)
	}
	checkFigure(t, base, opts, "Work distributions", "P_F(W)", "P_R(-W)", "ΔF", "Crooks crossing", "probability density")

	// Weighted, log y: p(Δs) and p(Δs) exp(-Δs).
	ds := normals("entropy", 4000, 0.8, math.Sqrt(1.6))
	w := make([]float64, len(ds))
	for i, v := range ds {
		w[i] = math.Exp(-v)
	}
	opts = Options{Title: "Entropy production", XLabel: "Δs_tot", LogY: true}
	base = filepath.Join(outDir(t), "plots", "entropy-histogram")
	err = Histogram(base, opts,
		HistSeries{Label: "p(Δs)", Values: ds, Normalize: true},
		HistSeries{Label: "p(Δs) exp(-Δs)", Values: ds, Weights: w, Normalize: true})
	if err != nil {
		t.Fatal(err)
	}
	checkFigure(t, base, opts, "Δs_tot", "p(Δs) exp(-Δs)", "probability density")
	opts.Title = "Counts"
	base += "-counts"
	if err := Histogram(base, opts, HistSeries{Label: "Δs", Values: ds, Bins: 30}); err != nil {
		t.Fatal(err)
	}
	checkFigure(t, base, opts, "count")
}

// TestHistogramBins checks the binning exactly: weights add up in the
// right bins (the largest value in the last one), and a normalized
// histogram integrates to the mean weight: one for unit weights.
func TestHistogramBins(t *testing.T) {
	v := []float64{0, 0.1, 0.5, 0.99, 1, math.NaN(), 2}
	w := []float64{1, 2, 3, 4, 5, 6, math.Inf(1)}
	bins := histogram(HistSeries{Values: v, Weights: w, Bins: 4}, 0, 1)
	// [0, .25): 1+2; [.25, .5): none; [.5, .75): 3; [.75, 1]: 4+5.
	want := []float64{3, 0, 3, 9}
	for j, b := range bins {
		if b.Weight != want[j] {
			t.Errorf("bin %d [%g, %g]: %g, want %g", j, b.Min, b.Max, b.Weight, want[j])
		}
	}
	if bins[0].Min != 0 || bins[3].Max != 1 {
		t.Errorf("range [%g, %g], want [0, 1]", bins[0].Min, bins[3].Max)
	}
	x := normals("bins", 1000, 0, 1)
	wx := make([]float64, len(x))
	mean := 0.0
	for i, v := range x {
		wx[i] = math.Exp(-v)
		mean += wx[i] / float64(len(x))
	}
	for _, c := range []struct {
		weights []float64
		want    float64
	}{{nil, 1}, {wx, mean}} {
		bins = histogram(HistSeries{Values: x, Weights: c.weights, Normalize: true}, -5, 5)
		integral := 0.0
		for _, b := range bins {
			integral += b.Weight * (b.Max - b.Min)
		}
		if math.Abs(integral-c.want) > 1e-12*c.want {
			t.Errorf("normalized histogram integrates to %.15g, want %.15g", integral, c.want)
		}
		if len(bins) != 20 { // Rice: ceil(2 * 1000^(1/3)) = 20
			t.Errorf("%d bins by default for n = 1000, want 20", len(bins))
		}
	}
}

func TestTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   string // labels
	}{
		{0.841886116991581, 1.474341649025257, "1 1.2 1.4"},
		{-1.05, 1.1, "-1 -0.5 0 0.5 1"},
		{0.0021, 0.004, "0.0025 0.003 0.0035 0.004"},
		{0, 1e6, "0 200000 400000 600000 800000 1e+06"},
		{-3, 3, "-2 0 2"},
	} {
		var labels []string
		for _, tk := range (linTicks{}).Ticks(c.lo, c.hi) {
			if tk.Value < c.lo || tk.Value > c.hi {
				t.Errorf("[%g, %g]: tick %g outside", c.lo, c.hi, tk.Value)
			}
			if tk.Label == "" {
				continue
			}
			labels = append(labels, tk.Label)
			if v, err := strconv.ParseFloat(tk.Label, 64); err != nil || v != tk.Value {
				t.Errorf("[%g, %g]: label %q of tick %v", c.lo, c.hi, tk.Label, tk.Value)
			}
		}
		if got := strings.Join(labels, " "); got != c.want {
			t.Errorf("[%g, %g]: labels %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{
		{0.1, 5, "0.1 1"},
		{0.0021, 0.004, "0.003 0.004"},
		{0.5, 3, "0.5 1 2"},
		{1e-5, 1e2, "1e-05 0.0001 0.001 0.01 0.1 1 10 100"},
	} {
		var labels []string
		for _, tk := range (logTicks{}).Ticks(c.lo, c.hi) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, " "); got != c.want {
			t.Errorf("log [%g, %g]: labels %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
}

func TestBars(t *testing.T) {
	// Stationary histogram of a harmonic trap (beta k = 1) against the exact
	// bin probabilities Phi(b) - Phi(a).
	edges := make([]float64, 21)
	for i := range edges {
		edges[i] = -4 + 0.4*float64(i)
	}
	x := normals("stationary", 5000, 0, 1)
	val, se, ref := make([]float64, 20), make([]float64, 20), make([]float64, 20)
	for _, v := range x {
		if j := int((v + 4) / 0.4); j >= 0 && j < 20 {
			val[j]++
		}
	}
	for j := range val {
		p := val[j] / 5000
		val[j], se[j] = p, math.Sqrt(p*(1-p)/5000)
		ref[j] = (math.Erf(edges[j+1]/math.Sqrt2) - math.Erf(edges[j]/math.Sqrt2)) / 2
	}
	val[0] = math.NaN()
	opts := Options{Title: "Stationary distribution", XLabel: "x", YLabel: "probability of bin"}
	base := filepath.Join(outDir(t), "plots", "stationary")
	if err := Bars(base, opts, Binned{Edges: edges, Values: val, Err: se, Ref: ref, RefLabel: "Boltzmann"}); err != nil {
		t.Fatal(err)
	}
	checkFigure(t, base, opts, "Stationary distribution", "measured", "Boltzmann", "probability of bin")
	opts.LogY = true
	base += "-log"
	if err := Bars(base, opts, Binned{Edges: edges, Values: val, Err: se, Ref: ref}); err != nil {
		t.Fatal(err)
	}
	checkFigure(t, base, opts, "exact")
}

func TestDensity2D(t *testing.T) {
	// A Gaussian density with a rotational current J = omega (-y, x) p, as
	// in a non-conservative drift at stationarity.
	const n = 40
	edges := make([]float64, n+1)
	for i := range edges {
		edges[i] = -3 + 6*float64(i)/n
	}
	vals := make([]float64, n*n)
	for iy := range n {
		for ix := range n {
			x, y := (edges[ix]+edges[ix+1])/2, (edges[iy]+edges[iy+1])/2
			vals[iy*n+ix] = math.Exp(-(x*x+y*y)/2) / (2 * math.Pi)
		}
	}
	vals[0] = math.NaN()
	vals[1] = math.Inf(1)
	var a Arrows
	for iy := 2; iy < n; iy += 4 {
		for ix := 2; ix < n; ix += 4 {
			x, y := edges[ix], edges[iy]
			p := math.Exp(-(x*x+y*y)/2) / (2 * math.Pi)
			a.X, a.Y, a.U, a.V = append(a.X, x), append(a.Y, y), append(a.U, -y*p), append(a.V, x*p)
		}
	}
	a.X, a.Y, a.U, a.V = append(a.X, 10), append(a.Y, 0), append(a.U, 1), append(a.V, 1) // outside: left out
	opts := Options{Title: "Stationary density and current", XLabel: "x", YLabel: "y", Width: 14, Height: 12}
	base := filepath.Join(outDir(t), "plots", "current")
	if err := Density2D(base, opts, Grid{XEdges: edges, YEdges: edges, Values: vals, Label: "p(x, y)"}, &a); err != nil {
		t.Fatal(err)
	}
	checkFigure(t, base, opts, "Stationary density and current", "p(x, y)", "x", "y")
	if err := Density2D(base+"-noarrows", Options{}, Grid{XEdges: edges, YEdges: edges, Values: vals}, nil); err != nil {
		t.Fatal(err)
	}
	checkFigure(t, base+"-noarrows", Options{})
}

func TestDeterministic(t *testing.T) {
	// `thermosim plot DIR` redraws from saved data: the same data must give
	// the same bytes.
	dir := t.TempDir()
	draw := func(base string) {
		err := Histogram(base, Options{Title: "W"}, HistSeries{Label: "P_F", Values: normals("d", 500, 0, 1), Normalize: true})
		if err != nil {
			t.Fatal(err)
		}
	}
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	draw(a)
	draw(b)
	for _, ext := range []string{".svg", ".png"} {
		x, _ := os.ReadFile(a + ext)
		y, _ := os.ReadFile(b + ext)
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two drawings of the same data", ext)
		}
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "x")
	nan := math.NaN()
	good := Grid{XEdges: []float64{0, 1}, YEdges: []float64{0, 1}, Values: []float64{1}}
	for name, err := range map[string]error{
		"no series":             Lines(base, Options{}),
		"all NaN":               Lines(base, Options{}, Series{Label: "a", X: []float64{1, 2}, Y: []float64{nan, nan}}),
		"empty series":          Lines(base, Options{}, Series{Label: "a"}),
		"log of negatives":      Lines(base, Options{LogY: true}, Series{X: []float64{1, 2}, Y: []float64{-1, 0}}),
		"x/y lengths":           Lines(base, Options{}, Series{X: []float64{1, 2}, Y: []float64{1}}),
		"err length":            Lines(base, Options{}, Series{X: []float64{1}, Y: []float64{1}, Err: []float64{1, 2}}),
		"empty base":            Lines("", Options{}, Series{X: []float64{1}, Y: []float64{1}}),
		"no histogram":          Histogram(base, Options{}),
		"empty histogram":       Histogram(base, Options{}, HistSeries{Label: "w", Values: []float64{nan, math.Inf(-1)}}),
		"weights length":        Histogram(base, Options{}, HistSeries{Values: []float64{1, 2}, Weights: []float64{1}}),
		"negative weight":       Histogram(base, Options{}, HistSeries{Values: []float64{1, 2}, Weights: []float64{1, -1}}),
		"negative bins":         Histogram(base, Options{}, HistSeries{Values: []float64{1, 2}, Bins: -3}),
		"zero weights log":      Histogram(base, Options{LogY: true}, HistSeries{Values: []float64{1, 2}, Weights: []float64{0, 0}}),
		"bars lengths":          Bars(base, Options{}, Binned{Edges: []float64{0, 1}, Values: []float64{1, 2}}),
		"bars no values":        Bars(base, Options{}, Binned{}),
		"bars edges":            Bars(base, Options{}, Binned{Edges: []float64{0, 2, 1}, Values: []float64{1, 2}}),
		"bars all NaN":          Bars(base, Options{}, Binned{Edges: []float64{0, 1}, Values: []float64{nan}}),
		"grid size":             Density2D(base, Options{}, Grid{XEdges: []float64{0, 1, 2}, YEdges: []float64{0, 1}, Values: []float64{1}}, nil),
		"grid edges":            Density2D(base, Options{}, Grid{XEdges: []float64{1, 0}, YEdges: []float64{0, 1}, Values: []float64{1}}, nil),
		"grid NaN":              Density2D(base, Options{}, Grid{XEdges: []float64{0, 1}, YEdges: []float64{0, 1}, Values: []float64{nan}}, nil),
		"grid log":              Density2D(base, Options{LogX: true}, good, nil),
		"arrows lengths":        Density2D(base, Options{}, good, &Arrows{X: []float64{0.5}, Y: []float64{0.5}, U: []float64{1}}),
		"grid without any edge": Density2D(base, Options{}, Grid{}, nil),
	} {
		if err == nil {
			t.Errorf("%s: want an error", name)
		} else if name != "empty base" && !strings.Contains(err.Error(), base) {
			t.Errorf("%s: error %q does not name the figure", name, err)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) != 0 {
		t.Errorf("failed figures left files: %v", m)
	}
}
