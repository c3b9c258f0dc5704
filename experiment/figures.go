package experiment

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/thermosim/thermosim/balance"
	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/fluctuation"
	"github.com/thermosim/thermosim/freeenergy"
	"github.com/thermosim/thermosim/models"
	"github.com/thermosim/thermosim/paths"
	"github.com/thermosim/thermosim/report"
	"github.com/thermosim/thermosim/report/plot"
	"github.com/thermosim/thermosim/sim"
)

// Figure is a plot described by its data, so that `thermosim plot DIR` can
// redraw it from the results folder (plots/figures.gob) without running
// anything.
type Figure struct {
	Name    string // file base name under plots/
	Kind    string // histogram | lines | bars | density2d
	Options plot.Options
	Hist    []plot.HistSeries
	Lines   []plot.Series
	Bars    *plot.Binned
	Grid    *plot.Grid
	Arrows  *plot.Arrows
}

// Draw writes the figure as base.svg and base.png in dir.
func (f *Figure) Draw(dir string) error {
	base := filepath.Join(dir, f.Name)
	switch f.Kind {
	case "histogram":
		return plot.Histogram(base, f.Options, f.Hist...)
	case "lines":
		return plot.Lines(base, f.Options, f.Lines...)
	case "bars":
		return plot.Bars(base, f.Options, *f.Bars)
	case "density2d":
		return plot.Density2D(base, f.Options, *f.Grid, f.Arrows)
	}
	return fmt.Errorf("figure %s: unknown kind %q", f.Name, f.Kind)
}

// SaveFigures writes the figures' data (plots/figures.gob) and draws them.
func SaveFigures(dir string, figs []Figure) error {
	if len(figs) == 0 {
		return nil
	}
	pd := filepath.Join(dir, "plots")
	if err := os.MkdirAll(pd, 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(figs); err != nil {
		return err
	}
	if err := report.WriteFileAtomic(filepath.Join(pd, "figures.gob"), buf.Bytes()); err != nil {
		return err
	}
	return DrawFigures(pd, figs)
}

// DrawFigures draws figures into dir on every core, continuing past
// failures; it returns the failure of the first figure (in order) that
// failed. Drawing is deterministic, so the files do not depend on the order.
func DrawFigures(dir string, figs []Figure) error {
	errs := make([]error, len(figs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range figs {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			if err := figs[i].Draw(dir); err != nil {
				errs[i] = fmt.Errorf("plot %s: %w", figs[i].Name, err)
			}
		}(i)
	}
	wg.Wait()
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// LoadFigures reads plots/figures.gob of a results folder.
func LoadFigures(dir string) ([]Figure, error) {
	b, err := os.ReadFile(filepath.Join(dir, "plots", "figures.gob"))
	if err != nil {
		return nil, err
	}
	var figs []Figure
	err = gob.NewDecoder(bytes.NewReader(b)).Decode(&figs)
	return figs, err
}

func workFigure(fw, rv *sim.Samples) Figure {
	f := Figure{Name: "work", Kind: "histogram", Options: plot.Options{Title: "Work distribution", XLabel: "W", YLabel: "density"},
		Hist: []plot.HistSeries{{Label: "forward P_F(W)", Values: fw.W, Normalize: true}}}
	if rv != nil {
		neg := make([]float64, len(rv.W))
		for i, w := range rv.W {
			neg[i] = -w
		}
		f.Hist = append(f.Hist, plot.HistSeries{Label: "reverse P_R(-W)", Values: neg, Normalize: true})
	}
	return f
}

func crooksFigure(fw, rv *sim.Samples, df float64) Figure {
	f := workFigure(fw, rv)
	f.Name = "crooks"
	f.Options.Title = "Crooks: P_F(W) and P_R(-W) cross at Delta F"
	f.Options.VLines = []plot.Marker{{At: df, Label: fmt.Sprintf("crossing %.4g", df)}}
	return f
}

func entropyFigures(stot []float64) []Figure {
	w := make([]float64, len(stot))
	for i, s := range stot {
		w[i] = math.Exp(-s)
	}
	h := Figure{Name: "entropy", Kind: "histogram", Options: plot.Options{Title: "Total entropy production", XLabel: "Delta s_tot", YLabel: "density",
		VLines: []plot.Marker{{At: 0}}},
		Hist: []plot.HistSeries{{Label: "P(Delta s_tot)", Values: stot, Normalize: true}, {Label: "weighted by exp(-Delta s_tot)", Values: stot, Weights: w, Normalize: true}}}
	run := fluctuation.RunningIFT(stot, 60)
	x, y, e := make([]float64, len(run)), make([]float64, len(run)), make([]float64, len(run))
	for i, r := range run {
		x[i], y[i], e[i] = float64(r.N), r.Value, r.StdErr
	}
	c := Figure{Name: "ift-convergence", Kind: "lines", Options: plot.Options{Title: "<exp(-Delta s_tot)> against the number of trajectories", XLabel: "trajectories", YLabel: "<exp(-Delta s_tot)>", LogX: true,
		HLines: []plot.Marker{{At: 1, Label: "1"}}},
		Lines: []plot.Series{{Label: "running estimate ± se", X: x, Y: y, Err: e}}}
	return []Figure{h, c}
}

func balanceFigures(grid *balance.Grid, field *balance.Field, total *balance.Counts, cfg *sim.Config, tau float64) []Figure {
	d := grid.Dim()
	M := 1
	for i := 0; i < d; i++ {
		M *= grid.Bins(i)
	}
	pi := total.Stationary(nil)
	c := make([]float64, d)
	if d == 1 {
		edges := make([]float64, M+1)
		for i := 0; i < M; i++ {
			grid.Center(c, i)
			edges[i] = c[0]
		}
		w := edges[1] - edges[0]
		for i := 0; i < M; i++ {
			edges[i] -= w / 2
		}
		edges[M] = edges[M-1] + w
		b := &plot.Binned{Edges: edges, Values: pi, Label: "stationary (measured)"}
		if g, ok := cfg.Model.Potential.(models.GibbsSampler); ok && cfg.ConstantTemperature() {
			T := cfg.Temp[0]
			lam := cfg.Lambda[cfg.Steps]
			logZ := g.LogZ(lam, T)
			one := []float64{0}
			f := func(x float64) float64 {
				cfg.Model.Potential.Energy(one, []float64{x}, lam)
				return math.Exp(-one[0]/T - logZ)
			}
			ref := make([]float64, M)
			for i := range ref {
				ref[i] = models.Integrate(f, edges[i], edges[i+1], 1e-10)
			}
			// normalise to the probability inside the grid, like pi
			s := 0.0
			for _, r := range ref {
				s += r
			}
			for i := range ref {
				ref[i] /= s
			}
			b.Ref, b.RefLabel = ref, "Boltzmann"
		}
		return []Figure{{Name: "balance-stationary", Kind: "bars", Options: plot.Options{Title: "Stationary distribution", XLabel: "x", YLabel: "probability"}, Bars: b}}
	}
	nx, ny := grid.Bins(0), grid.Bins(1)
	xe, ye := make([]float64, nx+1), make([]float64, ny+1)
	for ix := 0; ix < nx; ix++ {
		grid.Center(c, ix*ny)
		xe[ix] = c[0]
	}
	for iy := 0; iy < ny; iy++ {
		grid.Center(c, iy)
		ye[iy] = c[1]
	}
	wx, wy := xe[1]-xe[0], ye[1]-ye[0]
	for i := range xe[:nx] {
		xe[i] -= wx / 2
	}
	for i := range ye[:ny] {
		ye[i] -= wy / 2
	}
	xe[nx], ye[ny] = xe[nx-1]+wx, ye[ny-1]+wy
	dens := field.Density(nil)
	j, _ := field.Current(nil, nil, tau)
	vals := make([]float64, nx*ny)
	ar := &plot.Arrows{}
	for ix := 0; ix < nx; ix++ {
		for iy := 0; iy < ny; iy++ {
			i := ix*ny + iy // grid index, first coordinate slowest
			vals[iy*nx+ix] = dens[i]
			grid.Center(c, i)
			if dens[i] > 0 {
				ar.X = append(ar.X, c[0])
				ar.Y = append(ar.Y, c[1])
				ar.U = append(ar.U, j[i*2])
				ar.V = append(ar.V, j[i*2+1])
			}
		}
	}
	return []Figure{{Name: "balance-current", Kind: "density2d", Options: plot.Options{Title: "Stationary density and probability current", XLabel: "x", YLabel: "y"},
		Grid: &plot.Grid{XEdges: xe, YEdges: ye, Values: vals, Label: "p(x, y)"}, Arrows: ar}}
}

func freeEnergyFigure(o *Outcome, hasZ bool, g models.GibbsSampler, cfg *sim.Config) Figure {
	s := &o.Series
	ct, cF, cFs, cFx, cU := s.Col("t"), s.Col("F"), s.Col("F.stderr"), s.Col("F.exact"), s.Col("U.ensemble")
	n := len(s.Rows)
	t, F, Fe, Fx, U := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i, r := range s.Rows {
		t[i], F[i], Fe[i], Fx[i], U[i] = r[ct], r[cF], r[cFs], r[cFx], r[cU]
	}
	f := Figure{Name: "free-energy", Kind: "lines", Options: plot.Options{Title: "Free energy F[p_t] = <U> - T S[p_t]", XLabel: "t", YLabel: "energy"},
		Lines: []plot.Series{{Label: "F (measured ± se)", X: t, Y: F, Err: Fe}, {Label: "<U>", X: t, Y: U}}}
	if !math.IsNaN(Fx[0]) {
		f.Lines = append(f.Lines, plot.Series{Label: "F (exact)", X: t, Y: Fx})
	}
	if hasZ {
		T := cfg.Temp[0]
		f.Options.HLines = []plot.Marker{{At: -T * g.LogZ(cfg.Lambda[cfg.Steps], T), Label: "F_eq = -T ln Z"}}
	}
	return f
}

// pathsFigure draws the first coordinate of the stored paths against time.
func pathsFigure(ps []*paths.Path) Figure {
	f := Figure{Name: "paths", Kind: "lines", Options: plot.Options{Title: "Stored trajectories", XLabel: "t", YLabel: "x_0(t)"}}
	for _, p := range ps {
		y := make([]float64, p.Len())
		for r := range y {
			y[r] = p.At(r)[0]
		}
		f.Lines = append(f.Lines, plot.Series{Label: fmt.Sprintf("trajectory %d", p.Index), X: p.T, Y: y})
	}
	return f
}

// convergenceFigure plots Delta F from EXP (forward) and BAR on the first n
// trajectories of each direction against n, with the exact value if known.
func convergenceFigure(cfg *sim.Config, fw, rv *sim.Samples, T float64) Figure {
	var ns []int
	for n := 16; n < fw.N; n *= 2 {
		ns = append(ns, n)
	}
	ns = append(ns, fw.N)
	ex := plot.Series{Label: "EXP forward ± se", Style: plot.LinePoints}
	br := plot.Series{Label: "BAR ± se", Style: plot.LinePoints}
	for _, n := range ns {
		e := fluctuation.Jarzynski(fw.W[:n], T)
		b := freeenergy.BAR(fw.W[:n], rv.W[:min(n, rv.N)], T)
		ex.X, ex.Y, ex.Err = append(ex.X, float64(n)), append(ex.Y, e.Value), append(ex.Err, e.StdErr)
		br.X, br.Y, br.Err = append(br.X, float64(n)), append(br.Y, b.Value), append(br.Err, b.StdErr)
	}
	f := Figure{Name: "delta-f-convergence", Kind: "lines", Options: plot.Options{Title: "Delta F against the number of trajectories", XLabel: "trajectories per direction", YLabel: "Delta F", LogX: true},
		Lines: []plot.Series{ex, br}}
	if d, ok := exactDeltaF(cfg); ok {
		f.Options.HLines = []plot.Marker{{At: d, Label: "exact"}}
	}
	return f
}

var _ = estimate.Z95
