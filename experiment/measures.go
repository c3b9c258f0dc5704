package experiment

import (
	"fmt"
	"math"

	"github.com/thermosim/thermosim/balance"
	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/fluctuation"
	"github.com/thermosim/thermosim/freeenergy"
	"github.com/thermosim/thermosim/internal/rng"
	"github.com/thermosim/thermosim/langevin"
	"github.com/thermosim/thermosim/models"
	"github.com/thermosim/thermosim/paths"
	"github.com/thermosim/thermosim/scenarios"
	"github.com/thermosim/thermosim/sim"
)

var nan = math.NaN()

// Outcome is everything a point produces besides its raw samples.
type Outcome struct {
	Metrics  Metrics
	Series   Series
	Samples  map[string][]float64 // per-trajectory samples written under samples/
	Figures  []Figure
	Warnings []string
	Notes    []string      // how a metric was computed (e.g. which density)
	Paths    []*paths.Path // whole stored paths (record.paths), written to samples/paths.csv
}

func (o *Outcome) warn(format string, args ...any) {
	o.Warnings = append(o.Warnings, fmt.Sprintf(format, args...))
}

// measure computes the metrics of every measure of s from the forward (and
// reverse) samples.
func measure(s *scenarios.Scenario, cfg, rcfg *sim.Config, fw, rv *sim.Samples) (*Outcome, error) {
	o := &Outcome{Samples: map[string][]float64{}}
	T0 := cfg.Temp[0]
	timeseries(o, cfg, fw)
	if ps := fw.StoredPaths(cfg.Dt); len(ps) > 0 {
		o.Paths = ps
		o.Figures = append(o.Figures, pathsFigure(ps))
	}
	for _, m := range s.Measure {
		var err error
		switch m.Name {
		case "work":
			var mo estimate.Moments
			mo.AddAll(fw.W)
			o.Metrics.Set("work.mean", mo.MeanResult())
			o.Metrics.Set("work.var", estimate.VarianceOf(fw.W))
			if fw.Underdamped {
				o.Metrics.Set("work.shadow.mean", estimate.Mean(fw.WShadow))
			}
			o.Samples["work_forward"] = fw.W
			if rv != nil {
				o.Samples["work_reverse"] = rv.W
			}
			o.Figures = append(o.Figures, workFigure(fw, rv))
		case "heat":
			o.Metrics.Set("heat.mean", estimate.Mean(fw.Q))
			o.Samples["heat"] = fw.Q
		case "jarzynski":
			if !cfg.ConstantTemperature() {
				return nil, fmt.Errorf("measure jarzynski: the temperature must be constant along the protocol")
			}
			r := fluctuation.Jarzynski(fw.W, T0)
			o.Metrics.Set("jarzynski.delta_f", r)
			if ex, ok := exactDeltaF(cfg); ok {
				o.Notes = append(o.Notes, fmt.Sprintf("exact Delta F = %.6g", ex))
				o.Metrics.Set("jarzynski.exact_delta_f", estimate.Exact(ex, 0))
			}
		case "entropy", "ift":
			if _, done := o.Metrics.Get("entropy.total.mean"); !done {
				err = entropy(o, s, cfg, fw)
			}
		case "crooks":
			if rv == nil {
				return nil, fmt.Errorf("measure crooks needs the reverse run")
			}
			src := rng.Stream(cfg.Seed, "crooks-bootstrap", 0)
			c := freeenergy.CrooksCrossing(&src, fw.W, rv.W, T0, freeenergy.CrooksOptions{})
			o.Metrics.Set("crooks.delta_f", c.DeltaF)
			o.Metrics.Set("crooks.slope", c.Slope)
			o.Figures = append(o.Figures, crooksFigure(fw, rv, c.DeltaF.Value))
		case "bar":
			if rv == nil {
				return nil, fmt.Errorf("measure bar needs the reverse run")
			}
			o.Metrics.Set("bar.delta_f", freeenergy.BAR(fw.W, rv.W, T0))
			o.Figures = append(o.Figures, convergenceFigure(cfg, fw, rv, T0))
			o.Metrics.Set("exp.reverse.delta_f", freeenergy.EXPReverse(rv.W, T0))
			o.Metrics.Set("gaussian.delta_f", freeenergy.GaussianWork(fw.W, T0))
		case "balance":
			err = balanceMeasure(o, m, cfg, fw)
		case "free-energy":
			err = freeEnergyMeasure(o, m, cfg, fw)
		case "sgd":
			err = sgdMeasure(o, m, cfg, fw)
		case "invariants":
			err = invariantsMeasure(o, m, cfg, fw)
		default:
			err = fmt.Errorf("measure %q is not implemented", m.Name)
		}
		if err != nil {
			return nil, fmt.Errorf("measure %s: %w", m.Name, err)
		}
	}
	if acc := fw.Accepted; acc != nil {
		tot := 0
		for _, a := range acc {
			tot += a
		}
		o.Metrics.Set("mala.acceptance", estimate.Exact(float64(tot)/float64(len(acc)*cfg.Steps), len(acc)))
	}
	for _, name := range o.Metrics.Names() {
		r, _ := o.Metrics.Get(name)
		for _, w := range r.Warnings {
			o.warn("%s: %s", name, w)
		}
	}
	return o, nil
}

// exactDeltaF returns F(lambda_K) - F(lambda_0) = -T ln Z_K/Z_0 for models
// with a known normaliser at constant temperature.
func exactDeltaF(cfg *sim.Config) (float64, bool) {
	g, ok := cfg.Model.Potential.(models.GibbsSampler)
	if !ok || !cfg.ConstantTemperature() {
		return 0, false
	}
	T := cfg.Temp[0]
	return -T * (g.LogZ(cfg.Lambda[cfg.Steps], T) - g.LogZ(cfg.Lambda[0], T)), true
}

// timeseries fills the ensemble means over recorded times.
func timeseries(o *Outcome, cfg *sim.Config, s *sim.Samples) {
	d := s.D
	cols := []string{"step", "t", "U.mean", "U.stderr"}
	for i := 0; i < d; i++ {
		cols = append(cols, fmt.Sprintf("x%d.mean", i), fmt.Sprintf("x%d.var", i))
	}
	o.Series.Columns = cols
	for r, k := range s.RecSteps {
		row := []float64{float64(k), float64(k) * cfg.Dt, s.RecU[r].Mean, s.RecU[r].MeanResult().StdErr}
		for i := 0; i < d; i++ {
			row = append(row, s.RecX[r*d+i].Mean, s.RecX[r*d+i].Var())
		}
		o.Series.Rows = append(o.Series.Rows, row)
	}
}

// linearAt returns the linear-force coefficients at step k.
func linearAt(g langevin.Gaussian, cfg *sim.Config, k int, noise []float64) *paths.Linear {
	d := g.Dim()
	l := &paths.Linear{K: make([]float64, d), C: make([]float64, d), T: cfg.Temp[k]}
	g.Quadratic(l.K, l.C, cfg.Lambda[k])
	if len(noise) > 0 {
		l.TCoord = noise
	}
	return l
}

func integratorNoise(in langevin.Integrator) []float64 {
	switch z := in.(type) {
	case *langevin.EulerMaruyama:
		return z.Noise
	case *langevin.Heun:
		return z.Noise
	case *langevin.BAOAB:
		return z.Noise
	}
	return nil
}

// initialDensity is the exact density at t = 0 for a linear model.
func initialDensity(cfg *sim.Config, g langevin.Gaussian) (*paths.GaussianDensity, error) {
	l := linearAt(g, cfg, 0, nil)
	under := cfg.Integrator.Underdamped()
	switch cfg.Initial.Kind {
	case "equilibrium":
		if under {
			return paths.NewEquilibriumPhase(l, cfg.Mass)
		}
		return paths.NewEquilibrium(l)
	case "gaussian":
		d := len(cfg.Initial.Mean)
		v := make([]float64, d)
		for i := 0; i < d; i++ {
			for j := 0; j < d; j++ {
				if i != j && cfg.Initial.Cov[i][j] != 0 {
					return nil, fmt.Errorf("the exact density needs a diagonal initial.cov")
				}
			}
			v[i] = cfg.Initial.Cov[i][i]
		}
		gd := paths.NewGaussianDensity(append([]float64(nil), cfg.Initial.Mean...), v)
		if under {
			mp := make([]float64, d)
			vp := make([]float64, d)
			for i := range vp {
				vp[i] = cfg.Mass * cfg.Temp[0]
			}
			gd = gd.WithMomenta(mp, vp, make([]float64, d))
		}
		return gd, nil
	}
	return nil, fmt.Errorf("a point start has no density: Seifert's system entropy -ln p(x_0, 0) is undefined (use initial.kind gaussian or equilibrium)")
}

// propagate advances a density through the whole protocol and returns the
// densities at every recorded step (index by record) and at the end.
func propagate(cfg *sim.Config, g langevin.Gaussian, p paths.Propagator, start *paths.GaussianDensity) []*paths.GaussianDensity {
	rs := cfg.RecordSteps()
	out := make([]*paths.GaussianDensity, 0, len(rs))
	cur := start.Clone()
	noise := integratorNoise(cfg.Integrator)
	next := 0
	if rs[0] == 0 {
		out = append(out, cur.Clone())
		next = 1
	}
	for k := 0; k < cfg.Steps; k++ {
		p.Step(cur, linearAt(g, cfg, k+1, noise), cfg.Dt)
		if next < len(rs) && rs[next] == k+1 {
			out = append(out, cur.Clone())
			next++
		}
	}
	return out
}

// entropy computes the entropy productions per trajectory and the IFT.
func entropy(o *Outcome, s *scenarios.Scenario, cfg *sim.Config, fw *sim.Samples) error {
	n, d := fw.N, fw.D
	T0 := cfg.Temp[0]
	sm := fw.Sm
	if sm == nil {
		sm = make([]float64, n)
		for j := range sm {
			sm[j] = fw.Q[j] / T0
		}
	}
	if len(integratorNoise(cfg.Integrator)) > 0 {
		o.warn("entropy: with anisotropic noise the medium entropy Q/T uses the bath temperature %g for every coordinate; the IFT is not expected to hold for it (seed statement 5.1's negative control)", T0)
	}
	opts := map[string]any{}
	for _, m := range s.Measure {
		if m.Name == "entropy" {
			opts = m.Options
		}
	}
	density, _ := opts["density"].(string)
	bins := 50
	if b, ok := opts["bins"].(int); ok {
		bins = b
	}
	g, linear := cfg.Model.Potential.(langevin.Gaussian)
	if _, nc := cfg.Model.Potential.(langevin.NonConservative); nc {
		linear = false
	}
	if density == "" {
		density = "kde"
		if linear {
			density = "exact"
		} else if d == 2 {
			density = "histogram"
		}
	}
	lp0 := make([]float64, n)
	lpK := make([]float64, n)
	var err error
	var lp0d, lpKd []float64 // discrete-time (Euler–Maruyama) exact densities
	st, stationary := cfg.Model.Potential.(models.Stationary)
	if density == "exact" && !linear && stationary && cfg.Initial.Kind == "equilibrium" && !fw.Underdamped &&
		cfg.ConstantTemperature() && sim.SameControls(cfg.Lambda[0], cfg.Lambda[cfg.Steps]) && len(integratorNoise(cfg.Integrator)) == 0 {
		// A start in the known steady state at constant controls: p(x, t)
		// is the steady state at every time.
		lam, T := cfg.Lambda[0], cfg.Temp[0]
		for j := 0; j < n; j++ {
			lp0[j] = st.StationaryLogPdf(fw.X0[j*d:(j+1)*d], lam, T)
			lpK[j] = st.StationaryLogPdf(fw.XK[j*d:(j+1)*d], lam, T)
		}
		o.Notes = append(o.Notes, "entropy: system entropy from the exact steady-state density (the run starts in it at constant controls)")
		density = "stationary"
	}
	if density == "exact" && linear && cfg.Initial.Kind == "gaussian" && !diagonal(cfg.Initial.Cov) {
		// the exact propagators hold independent coordinates; with a
		// correlated start in 1-D/2-D the ensemble estimate serves
		density = "histogram"
		o.Notes = append(o.Notes, "entropy: the initial covariance is not diagonal, which the exact propagators do not follow: the density is estimated from the ensemble")
	}
	switch density {
	case "stationary":
	case "exact":
		if !linear {
			return fmt.Errorf("density exact needs a linear (harmonic or quadratic) model, or a start in a model's known steady state at constant controls; use histogram or kde")
		}
		start, err := initialDensity(cfg, g)
		if err != nil {
			return err
		}
		var prop paths.Propagator = paths.OverdampedExact{Gamma: cfg.Gamma}
		if cfg.Integrator.Underdamped() {
			prop = paths.UnderdampedExact{Gamma: cfg.Gamma, Mass: cfg.Mass}
		}
		ds := propagate(cfg, g, prop, start)
		p0, pK := ds[0], ds[len(ds)-1]
		for j := 0; j < n; j++ {
			x0, xK := fw.X0[j*d:(j+1)*d], fw.XK[j*d:(j+1)*d]
			if fw.Underdamped {
				lp0[j] = p0.LogPdfPhase(x0, fw.P0[j*d:(j+1)*d])
				lpK[j] = pK.LogPdfPhase(xK, fw.PK[j*d:(j+1)*d])
			} else {
				lp0[j] = p0.LogPdf(x0)
				lpK[j] = pK.LogPdf(xK)
			}
		}
		o.Notes = append(o.Notes, "entropy: system entropy from the exact Gaussian density of the continuum dynamics (closed moment equations)")
		if _, baoab := cfg.Integrator.(*langevin.BAOAB); baoab && cfg.Gamma > 0 && len(integratorNoise(cfg.Integrator)) == 0 && cfg.ConstantTemperature() {
			// BAOAB: the O-step heat over T is exactly the log ratio of
			// forward to reversed path probabilities (momenta flipped;
			// Sivak, Chodera & Crooks 2013), so with the exact densities of
			// the discrete chain the IFT holds at any dt.
			dd := propagate(cfg, g, paths.UnderdampedBAOAB{Gamma: cfg.Gamma, Mass: cfg.Mass}, start)
			q0, qK := dd[0], dd[len(dd)-1]
			lp0d, lpKd = make([]float64, n), make([]float64, n)
			for j := 0; j < n; j++ {
				lp0d[j] = q0.LogPdfPhase(fw.X0[j*d:(j+1)*d], fw.P0[j*d:(j+1)*d])
				lpKd[j] = qK.LogPdfPhase(fw.XK[j*d:(j+1)*d], fw.PK[j*d:(j+1)*d])
			}
			fw.LogRatio = sm
			fw.HasLogRatio = true
		}
		if fw.HasLogRatio && !fw.Underdamped {
			dd := propagate(cfg, g, paths.OverdampedEM{Gamma: cfg.Gamma}, start)
			q0, qK := dd[0], dd[len(dd)-1]
			lp0d, lpKd = make([]float64, n), make([]float64, n)
			for j := 0; j < n; j++ {
				lp0d[j] = q0.LogPdf(fw.X0[j*d : (j+1)*d])
				lpKd[j] = qK.LogPdf(fw.XK[j*d : (j+1)*d])
			}
		}
	case "histogram", "kde":
		if fw.Underdamped {
			return fmt.Errorf("density %s: the system entropy of underdamped dynamics needs the phase-space density; use density exact with a linear model", density)
		}
		if lp0, err = logDensity(fw.X0, d, density, bins); err != nil {
			return err
		}
		if lpK, err = logDensity(fw.XK, d, density, bins); err != nil {
			return err
		}
		est := density
		if density == "kde" && d == 2 {
			est = "histogram (no 2-D kernel estimate)"
		}
		o.Notes = append(o.Notes, fmt.Sprintf("entropy: system entropy from a %s density estimate of the ensemble at t = 0 and t = tau (biased by the bin width or bandwidth)", est))
		lp0d, lpKd = lp0, lpK
	}
	ssys := make([]float64, n)
	stot := make([]float64, n)
	for j := 0; j < n; j++ {
		ssys[j] = -lpK[j] + lp0[j]
		stot[j] = sm[j] + ssys[j]
	}
	o.Metrics.Set("entropy.medium.mean", estimate.Mean(sm))
	o.Metrics.Set("entropy.system.mean", estimate.Mean(ssys))
	o.Metrics.Set("entropy.total.mean", estimate.Mean(stot))
	o.Metrics.Set("entropy.negative_fraction", fluctuation.NegativeFraction(stot))
	o.Metrics.Set("ift.mean", fluctuation.IFT(stot))
	o.Samples["entropy_total"] = stot
	o.Samples["entropy_medium"] = sm
	o.Samples["entropy_system"] = ssys
	if fw.HasLogRatio && lp0d != nil {
		sd := make([]float64, n)
		sh := make([]float64, n)
		for j := 0; j < n; j++ {
			sd[j] = fw.LogRatio[j] + lp0d[j] - lpKd[j]
			sh[j] = sd[j] - stot[j]
		}
		o.Metrics.Set("entropy.discrete.total.mean", estimate.Mean(sd))
		o.Metrics.Set("entropy.shadow.mean", estimate.Mean(sh))
		o.Metrics.Set("ift.discrete.mean", fluctuation.IFT(sd))
		o.Samples["entropy_discrete_total"] = sd
	}
	// The detailed FT ln P(s)/P(-s) = s holds in a steady state (Seifert
	// 2005): constant controls and temperature, started in the stationary
	// state (the Gibbs state of a conservative potential, or a model's
	// known steady state). Elsewhere its slope means nothing, so it is not
	// reported.
	steady := cfg.ConstantTemperature() && sim.SameControls(cfg.Lambda[0], cfg.Lambda[cfg.Steps]) && cfg.Initial.Kind == "equilibrium" && len(integratorNoise(cfg.Integrator)) == 0
	for k := 1; steady && k <= cfg.Steps; k++ {
		steady = sim.SameControls(cfg.Lambda[k], cfg.Lambda[0])
	}
	if steady {
		if r, err := fluctuation.DetailedFT(stot, 30, 10); err == nil {
			o.Metrics.Set("ift.dft_slope", r.Slope)
		}
	} else {
		o.Notes = append(o.Notes, "ift.dft_slope: not reported: the detailed fluctuation theorem needs a steady state (constant protocol, started in the stationary state)")
	}
	o.Figures = append(o.Figures, entropyFigures(stot)...)
	return nil
}

// balanceMeasure bins the recorded states and tests detailed balance.
func balanceMeasure(o *Outcome, m scenarios.Measure, cfg *sim.Config, fw *sim.Samples) error {
	d := fw.D
	if d > 2 {
		return fmt.Errorf("binned transition counts are available in 1-D and 2-D, not %d-D", d)
	}
	var grid *balance.Grid
	var err error
	if e, ok := m.Options["edges"].([]float64); ok {
		edges := make([][]float64, d)
		for i := range edges {
			edges[i] = e
		}
		grid, err = balance.NewGridEdges(edges...)
	} else {
		rg, ok := m.Options["range"].([]float64)
		if !ok {
			return fmt.Errorf("range (or edges) is required")
		}
		bins, _ := m.Options["bins"].([]int)
		bs := make([]int, d)
		rs := make([][2]float64, d)
		for i := range bs {
			bs[i] = bins[min(i, len(bins)-1)]
			rs[i] = [2]float64{rg[0], rg[1]}
		}
		grid, err = balance.NewGrid(bs, rs)
	}
	if err != nil {
		return err
	}
	lag := 1
	if l, ok := m.Options["lag"].(int); ok {
		lag = l
	}
	R := len(fw.RecSteps)
	every := cfg.RecordEvery
	if every <= 0 {
		every = cfg.Steps
	}
	for r := 1; r < R-1; r++ {
		if fw.RecSteps[r]-fw.RecSteps[r-1] != every {
			return fmt.Errorf("recorded times must be evenly spaced")
		}
	}
	tau := float64(lag*every) * cfg.Dt
	M := 1
	for i := 0; i < d; i++ {
		M *= grid.Bins(i)
	}
	// Batches: the trajectories of each block of sim.BlockSize, independent.
	var batches []*balance.Counts
	total := balance.NewCounts(M)
	field := balance.NewField(grid)
	idx := make([]int, R)
	series := make([]float64, R*d)
	winding := make([]float64, 0, fw.N)
	for j := 0; j < fw.N; j++ {
		if j%sim.BlockSize == 0 {
			batches = append(batches, balance.NewCounts(M))
		}
		for r := 0; r < R; r++ {
			x := fw.State(j, r)
			idx[r] = grid.Index(x)
			copy(series[r*d:], x)
		}
		c := batches[len(batches)-1]
		c.AddSeries(idx, lag)
		field.AddSeries(series, lag)
		if d == 2 {
			// winding angle over the recorded path, per unit time
			w := 0.0
			for r := 1; r < R; r++ {
				a0 := math.Atan2(series[(r-1)*2+1], series[(r-1)*2])
				a1 := math.Atan2(series[r*2+1], series[r*2])
				da := a1 - a0
				da -= 2 * math.Pi * math.Round(da/(2*math.Pi))
				w += da
			}
			winding = append(winding, w/(float64(fw.RecSteps[R-1])*cfg.Dt))
		}
	}
	for _, c := range batches {
		total.Merge(c)
	}
	tr, err := balance.TestBatches(batches, balance.DefaultMinPair)
	if err != nil {
		tr = balance.Test(total, balance.DefaultMinPair)
	}
	chi := estimate.Exact(tr.Chi2, tr.DoF)
	chi.Warnings = tr.Warnings
	o.Metrics.Set("balance.chi2", chi)
	o.Metrics.Set("balance.dof", estimate.Exact(float64(tr.DoF), tr.DoF))
	o.Metrics.Set("balance.p_value", estimate.Exact(tr.PValue, tr.DoF))
	epr, err := balance.EntropyProductionBatches(batches, tau)
	if err != nil {
		epr = balance.EntropyProduction(total, tau)
	}
	o.Metrics.Set("balance.entropy_production_rate", epr)
	if len(winding) > 0 {
		o.Metrics.Set("balance.angular_velocity", estimate.Mean(winding))
		// thermodynamic uncertainty relation: the integrated winding
		// current J = omega t of each trajectory bounds the entropy
		// production rate from below, sigma >= 2 <J>^2/(t Var J)
		// (Barato & Seifert 2015)
		tt := float64(fw.RecSteps[R-1]) * cfg.Dt
		J := make([]float64, len(winding))
		for i, w := range winding {
			J[i] = w * tt
		}
		o.Metrics.Set("balance.tur_bound", balance.TURBound(J, tt))
	}
	if fw.HasLogRatio {
		durations := make([]float64, fw.N)
		for j := range durations {
			durations[j] = float64(cfg.Steps) * cfg.Dt
		}
		o.Metrics.Set("balance.path_entropy_rate", balance.EntropyRate(fw.LogRatio, durations))
	}
	// Transition-ratio check against exp(-beta dL) at bin centres.
	if cfg.ConstantTemperature() {
		e := make([]float64, M)
		c := make([]float64, d)
		one := []float64{0}
		lam := cfg.Lambda[cfg.Steps]
		T := cfg.Temp[0]
		for i := 0; i < M; i++ {
			grid.Center(c, i)
			if d == 1 {
				// the bin's free energy -T ln (int_bin exp(-U/T) dx / width):
				// at equilibrium P_ij/P_ji = exp(-(F_j - F_i)/T) exactly
				// for binned transitions, while bin-centre energies bias
				// the fitted beta by the curvature within a bin
				ed := grid.Edges(0)
				lo, hi := ed[i], ed[i+1]
				u0 := math.Inf(1)
				for k := 0; k <= 16; k++ {
					cfg.Model.Potential.Energy(one, []float64{lo + (hi-lo)*float64(k)/16}, lam)
					u0 = math.Min(u0, one[0])
				}
				f := func(x float64) float64 {
					cfg.Model.Potential.Energy(one, []float64{x}, lam)
					return math.Exp(-(one[0] - u0) / T)
				}
				e[i] = u0 - T*math.Log(models.Integrate(f, lo, hi, 1e-10)/(hi-lo))
				continue
			}
			cfg.Model.Potential.Energy(one, c, lam)
			e[i] = one[0]
		}
		fit := balance.TransitionRatio(total, e, balance.DefaultMinPair)
		if fit.Pairs > 1 {
			o.Metrics.Set("balance.ratio_beta", fit.Beta)
			o.Metrics.Set("balance.ratio_p_value", estimate.Exact(fit.PValue, fit.DoF))
		}
	}
	o.Figures = append(o.Figures, balanceFigures(grid, field, total, cfg, tau)...)
	return nil
}

// freeEnergyMeasure estimates F[p_t] at every recorded time.
func freeEnergyMeasure(o *Outcome, m scenarios.Measure, cfg *sim.Config, fw *sim.Samples) error {
	d, n, R := fw.D, fw.N, len(fw.RecSteps)
	method, _ := m.Options["entropy"].(string)
	g, linear := cfg.Model.Potential.(langevin.Gaussian)
	if method == "" {
		method = "knn"
		if linear {
			method = "gaussian"
		}
	}
	spec := freeenergy.EntropySpec{Method: freeenergy.EntropyMethod(method)}
	if b, ok := m.Options["bins"].(int); ok {
		spec.Bins = b
	}
	if k, ok := m.Options["k"].(int); ok {
		spec.K = k
	}
	if !cfg.ConstantTemperature() {
		return fmt.Errorf("the free-energy functional needs a constant temperature")
	}
	T := cfg.Temp[0]
	var exact []*paths.GaussianDensity
	if linear && !cfg.Integrator.Underdamped() {
		if start, err := initialDensity(cfg, g); err == nil {
			if _, isEM := cfg.Integrator.(*langevin.EulerMaruyama); isEM {
				exact = propagate(cfg, g, paths.OverdampedEM{Gamma: cfg.Gamma}, start)
			} else {
				exact = propagate(cfg, g, paths.OverdampedExact{Gamma: cfg.Gamma}, start)
			}
		}
	}
	gs, hasZ := cfg.Model.Potential.(models.GibbsSampler)
	x := make([]float64, n*d)
	e := make([]float64, n)
	times := make([]float64, R)
	Fs := make([]estimate.Result, R)
	cF, cFs, cS, cSs := o.Series.Col("F"), o.Series.Col("F.stderr"), o.Series.Col("S"), o.Series.Col("S.stderr")
	cUm, cD, cFx := o.Series.Col("U.ensemble"), o.Series.Col("D"), o.Series.Col("F.exact")
	cDr, cDrs := o.Series.Col("dFdt"), o.Series.Col("dFdt.stderr")
	grad := make([]float64, n*d)
	for r, k := range fw.RecSteps {
		for j := 0; j < n; j++ {
			copy(x[j*d:(j+1)*d], fw.State(j, r))
		}
		lam := cfg.Lambda[k]
		cfg.Model.Potential.Energy(e, x, lam)
		fr, err := freeenergy.FunctionalEnsemble(x, d, e, T, spec)
		if err != nil {
			return fmt.Errorf("at step %d: %v", k, err)
		}
		times[r] = float64(k) * cfg.Dt
		Fs[r] = fr.F
		row := o.Series.Rows[r]
		row[cF], row[cFs], row[cS], row[cSs], row[cUm] = fr.F.Value, fr.F.StdErr, fr.S.Value, fr.S.StdErr, fr.MeanU.Value
		if hasZ {
			row[cD] = (fr.F.Value + T*gs.LogZ(lam, T)) / T
		}
		if exact != nil {
			l := linearAt(g, cfg, k, nil)
			row[cFx] = freeenergy.GaussianFunctional(exact[r].Mean, exact[r].Var, l.K, l.C, T)
		}
		// dF/dt = -(1/gamma) <|grad U + T grad ln p|^2> with a Gaussian
		// score (exact for Gaussian ensembles; docs/free-energy-functional.md)
		if !cfg.Integrator.Underdamped() && cfg.Eta == nil {
			cfg.Model.Potential.Gradient(grad, x, lam)
			if dr, err := freeenergy.DissipationRate(x, d, grad, T, cfg.Gamma, freeenergy.ScoreSpec{Method: freeenergy.ScoreGaussian}); err == nil {
				row[cDr], row[cDrs] = dr.Value, dr.StdErr
			}
		}
	}
	lc := freeenergy.LyapunovCheck(times, Fs)
	o.Metrics.Set("freeenergy.final", lc.Final)
	o.Metrics.Set("freeenergy.max_increase", lc.MaxIncrease)
	o.Metrics.Set("freeenergy.max_z", estimate.Exact(lc.MaxZ, lc.Pairs))
	if hasZ {
		lam := cfg.Lambda[cfg.Steps]
		feq := -T * gs.LogZ(lam, T)
		o.Metrics.Set("freeenergy.equilibrium", estimate.Exact(feq, 0))
		fin := lc.Final
		fin.Value = (fin.Value - feq) / T
		fin.StdErr /= T
		fin.CI95 = [2]float64{fin.Value - estimate.Z95*fin.StdErr, fin.Value + estimate.Z95*fin.StdErr}
		o.Metrics.Set("freeenergy.relative_entropy", fin)
	}
	if lc.Significant {
		o.warn("free-energy: F increased significantly (z = %.1f between t = %g and t = %g): the dynamics' stationary state is not the Gibbs state of the loss at this temperature, or the estimator is biased", lc.MaxZ, times[lc.MaxZFrom], times[lc.MaxZTo])
	}
	o.Figures = append(o.Figures, freeEnergyFigure(o, hasZ, gs, cfg))
	return nil
}
