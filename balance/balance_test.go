package balance

import (
	"math"
	"testing"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/internal/rng"
)

func TestGridIndex(t *testing.T) {
	g, err := NewGrid([]int{4}, [][2]float64{{-2, 2}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		x    float64
		want int
	}{{-2, 0}, {-1.0000001, 0}, {-1, 1}, {0, 2}, {1.999, 3}, {2, 3}, {2.0001, -1}, {-2.1, -1}, {math.NaN(), -1}} {
		if got := g.Index([]float64{c.x}); got != c.want {
			t.Errorf("Index(%v) = %d, want %d", c.x, got, c.want)
		}
	}
	g2, err := NewGrid([]int{2, 3}, [][2]float64{{0, 1}, {0, 3}})
	if err != nil {
		t.Fatal(err)
	}
	// row-major, first coordinate slowest: (k0, k1) -> 3 k0 + k1
	if i := g2.Index([]float64{0.75, 2.5}); i != 5 {
		t.Errorf("2-D index %d, want 5", i)
	}
	if c := g2.Center(nil, 5); c[0] != 0.75 || c[1] != 2.5 {
		t.Errorf("centre %v", c)
	}
	if v := g2.Volume(4); v != 0.5 {
		t.Errorf("volume %v", v)
	}
	ge, err := NewGridEdges([]float64{0, 1, 3, 7})
	if err != nil {
		t.Fatal(err)
	}
	for x, want := range map[float64]int{0: 0, 0.5: 0, 1: 1, 2.9: 1, 3: 2, 7: 2, 7.5: -1, -0.1: -1} {
		if got := ge.Index([]float64{x}); got != want {
			t.Errorf("edges Index(%v) = %d, want %d", x, got, want)
		}
	}
	if _, err := NewGridEdges([]float64{0, 1, 1}); err == nil {
		t.Error("repeated edge accepted")
	}
	if _, err := NewGrid([]int{0}, [][2]float64{{0, 1}}); err == nil {
		t.Error("zero bins accepted")
	}
}

// TestCountsMergeOrder: integer counts give the same bits whatever the
// order in which the trajectories' counts are merged.
func TestCountsMergeOrder(t *testing.T) {
	p := metropolis([]float64{0, 0.5, 1, 0.2}, 1)
	parts := make([]*Counts, 7)
	idx := make([]int, 1000)
	for k := range parts {
		src := rng.Stream(3, "merge", uint64(k))
		parts[k] = NewCounts(4)
		parts[k].AddSeries(simulate(idx, p, 4, k%4, &src), 1+k%3)
		parts[k].Add(-1, 2)
	}
	fwd, rev := NewCounts(4), NewCounts(4)
	for k := range parts {
		fwd.Merge(parts[k])
		rev.Merge(parts[len(parts)-1-k])
	}
	for i := range fwd.C {
		if fwd.C[i] != rev.C[i] {
			t.Fatalf("merge order changed C[%d]: %d vs %d", i, fwd.C[i], rev.C[i])
		}
	}
	if fwd.Outside != 7 || fwd.Total() != rev.Total() {
		t.Fatalf("outside %d totals %d %d", fwd.Outside, fwd.Total(), rev.Total())
	}
	a, b := Test(fwd, 0), Test(rev, 0)
	if math.Float64bits(a.Chi2) != math.Float64bits(b.Chi2) {
		t.Fatalf("chi2 %v vs %v", a.Chi2, b.Chi2)
	}
}

// TestSchnakenbergExact: counts exactly proportional to the stationary pair
// fluxes F_ij = pi_i P_ij of a 3-state ring give the exact Schnakenberg rate
// sum_{i<j} (F_ij - F_ji) ln(F_ij/F_ji) per step (Schnakenberg 1976).
func TestSchnakenbergExact(t *testing.T) {
	// Non-uniform ring: rates chosen by hand; the fluxes below are an
	// admissible stationary flux matrix (row sums equal column sums).
	// F = [[., 6, 2], [3, ., 5], [5, 2, .]] x 1e-2, self-transitions 0.77 total.
	f := [9]float64{0, 6, 2, 3, 0, 5, 5, 2, 0}
	var sum float64
	for _, v := range f {
		sum += v
	}
	self := 100 - sum
	c := NewCounts(3)
	const scale = 1000000
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			c.C[i*3+j] = int64(f[i*3+j] * scale)
		}
	}
	c.C[0] += int64(self * scale)
	want := ((6-3)*math.Log(6.0/3) + (2-5)*math.Log(2.0/5) + (5-2)*math.Log(5.0/2)) / 100
	tau := 0.25
	got := EntropyProduction(c, tau)
	if math.Abs(got.Value-want/tau) > 1e-12 {
		t.Fatalf("rate %.15g, want %.15g", got.Value, want/tau)
	}
	j := c.Currents(nil, tau)
	// J_01 = (6 - 3)/100/tau
	if math.Abs(j[1]-0.03/tau) > 1e-14 || j[3] != -j[1] {
		t.Fatalf("currents %v", j)
	}
	pi := c.Stationary(nil)
	if math.Abs(pi[1]-0.08) > 1e-15 || math.Abs(pi[2]-0.07) > 1e-15 {
		t.Fatalf("stationary %v", pi)
	}
	pm := c.Transition(nil)
	if math.Abs(pm[3*1+2]-5.0/8) > 1e-15 {
		t.Fatalf("P_12 = %v", pm[5])
	}
	// symmetric counts: rate exactly 0, chi2 exactly 0
	s := NewCounts(3)
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			s.C[i*3+j] = 100 + int64(i+j)
		}
	}
	if r := EntropyProduction(s, 1); r.Value != 0 {
		t.Fatalf("symmetric rate %v", r.Value)
	}
	if r := Test(s, 0); r.Chi2 != 0 || r.DoF != 1 || r.PValue != 1 {
		t.Fatalf("symmetric test %+v", r)
	}
}

// TestCycleStatisticExact checks the projected statistic on a hand-solved
// case: a triangle with D = (d01, d12, d20) and equal weights n has one
// cycle; the cycle component of D is its mean circulation c = (d01 + d12 +
// d20)/3 on each edge, so X^2 = 3 c^2 / n.
func TestCycleStatisticExact(t *testing.T) {
	c := NewCounts(3)
	set := func(i, j int, a, b int64) { c.C[i*3+j], c.C[j*3+i] = a, b }
	set(0, 1, 70, 30) // d01 = 40, n = 100
	set(1, 2, 45, 55) // d12 = -10
	set(2, 0, 60, 40) // d20 = 20
	r := Test(c, 0)
	circ := (40.0 - 10 + 20) / 3
	want := 3 * circ * circ / 100
	if math.Abs(r.Chi2-want) > 1e-12 || r.DoF != 1 || r.Pairs != 3 || r.States != 3 || r.Components != 1 {
		t.Fatalf("got %+v, want chi2 %.15g", r, want)
	}
	// a path (tree) has no cycle: DoF 0, p = 1, a warning
	c2 := NewCounts(3)
	c2.C[1], c2.C[3], c2.C[5], c2.C[7] = 50, 10, 40, 3
	r2 := Test(c2, 0)
	if r2.DoF != 0 || r2.PValue != 1 || r2.Chi2 != 0 || len(r2.Warnings) == 0 {
		t.Fatalf("tree %+v", r2)
	}
	// sparse pairs are dropped and reported
	c.C[0*3+2], c.C[2*3+0] = 3, 2
	if r3 := Test(c, 0); r3.Dropped != 1 || r3.DoF != 0 {
		t.Fatalf("sparse %+v", r3)
	}
}

// TestReversibleChainCalibrated: for a reversible (Metropolis) chain the
// statistic is chi-square with DoF = (M-1)(M-2)/2 = 6 on 5 states (complete
// graph): over R independent replicates its mean must be DoF within
// 4 sqrt(2 DoF / R), and its variance 2 DoF within 4 standard errors. Half
// the replicates start far from stationarity (state 4) to check that the
// projection removes the start/end effects.
func TestReversibleChainCalibrated(t *testing.T) {
	e := []float64{0, 0.3, 1.1, 0.6, 2}
	p := metropolis(e, 1)
	const R, L = 400, 4000
	idx := make([]int, L)
	var m estimate.Moments
	var pvals []float64
	for r := 0; r < R; r++ {
		src := rng.Stream(11, "reversible", uint64(r))
		c := NewCounts(5)
		c.AddSeries(simulate(idx, p, 5, 4*(r%2), &src), 1)
		res := Test(c, 0)
		if res.DoF != 6 {
			t.Fatalf("replicate %d: dof %d (pairs %d)", r, res.DoF, res.Pairs)
		}
		m.Add(res.Chi2)
		pvals = append(pvals, res.PValue)
	}
	const dof = 6.0
	if se := math.Sqrt(2 * dof / R); math.Abs(m.Mean-dof) > 4*se {
		t.Errorf("mean chi2 %.3f, want %v +- %.3f", m.Mean, dof, se)
	}
	// Var of the sample variance of chi2_k: (mu4 - s^4 (R-3)/(R-1))/R with
	// mu4 = 12 k (k + 4) for chi2_k.
	vse := math.Sqrt((12*dof*(dof+4) - 4*dof*dof) / R)
	if math.Abs(m.Var()-2*dof) > 4*vse {
		t.Errorf("var chi2 %.3f, want %v +- %.3f", m.Var(), 2*dof, vse)
	}
	// fraction of p-values below 0.05: binomial(R, 0.05)
	small := 0
	for _, pv := range pvals {
		if pv < 0.05 {
			small++
		}
	}
	if se := math.Sqrt(R * 0.05 * 0.95); math.Abs(float64(small)-R*0.05) > 4*se {
		t.Errorf("%d of %d p-values below 0.05, want %v +- %.1f", small, R, R*0.05, se)
	}
	t.Logf("reversible chain: mean chi2 %.3f (dof 6), var %.3f (12), %d/%d p < 0.05", m.Mean, m.Var(), small, R)
}

// TestDrivenRing: the driven 3-state ring fails the test and its
// Schnakenberg rate (fw - bw) ln(fw/bw) per step is recovered within
// 4 standard errors, by the delta method and by the batch jackknife; the
// reversible Metropolis chain passes and its jackknifed rate is consistent
// with 0.
func TestDrivenRing(t *testing.T) {
	const fw, bw = 0.3, 0.2
	p := ring(fw, bw)
	want := (fw - bw) * math.Log(fw/bw) // Schnakenberg 1976, uniform pi = 1/3
	const B, L = 20, 5000
	idx := make([]int, L)
	batches := make([]*Counts, B)
	pool := NewCounts(3)
	for b := range batches {
		src := rng.Stream(5, "ring", uint64(b))
		batches[b] = NewCounts(3)
		batches[b].AddSeries(simulate(idx, p, 3, b%3, &src), 1)
		pool.Merge(batches[b])
	}
	res := Test(pool, 0)
	if res.PValue > 1e-6 {
		t.Errorf("driven ring passes: %+v", res)
	}
	sig := EntropyProduction(pool, 1)
	if math.Abs(sig.Value-want) > 4*sig.StdErr {
		t.Errorf("rate %v, want %v", sig, want)
	}
	jk, err := EntropyProductionBatches(batches, 1)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(jk.Value-want) > 4*jk.StdErr {
		t.Errorf("jackknife rate %v, want %v", jk, want)
	}
	tb, err := TestBatches(batches, 0)
	if err != nil {
		t.Fatal(err)
	}
	if tb.PValue > 1e-6 {
		t.Errorf("driven ring passes the batch test: %+v", tb)
	}
	t.Logf("ring: chi2 %.1f (dof %d, p %.2g); rate %v (delta), %v (jackknife), exact %.6f; batch test phi %.3f p %.2g",
		res.Chi2, res.DoF, res.PValue, sig, jk, want, tb.Dispersion, tb.PValue)

	// reversible control on the same design
	pm := metropolis([]float64{0, 0.4, 0.9}, 1.5)
	for b := range batches {
		src := rng.Stream(5, "metropolis", uint64(b))
		batches[b] = NewCounts(3)
		batches[b].AddSeries(simulate(idx, pm, 3, 0, &src), 1)
	}
	jk0, err := EntropyProductionBatches(batches, 1)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(jk0.Value) > 4*jk0.StdErr {
		t.Errorf("reversible jackknife rate %v, want 0", jk0)
	}
	tb0, err := TestBatches(batches, 0)
	if err != nil {
		t.Fatal(err)
	}
	if tb0.PValue < 1e-3 {
		t.Errorf("reversible chain fails the batch test: %+v", tb0)
	}
	t.Logf("metropolis: jackknife rate %v; batch test chi2 %.3f dof %d phi %.3f p %.3f", jk0, tb0.Chi2, tb0.DoF, tb0.Dispersion, tb0.PValue)
}

// TestTransitionRatioSlope: for a Metropolis chain reversible with respect
// to exp(-beta e), P_ij/P_ji = exp(-beta (e_j - e_i)) exactly, so the fitted
// slope is beta within 4 standard errors and the line fits.
func TestTransitionRatioSlope(t *testing.T) {
	e := []float64{0, 0.3, 1.1, 0.6, 1.5}
	const beta = 1.7
	p := metropolis(e, beta)
	c := NewCounts(5)
	idx := make([]int, 100000)
	src := rng.Stream(9, "ratio", 0)
	c.AddSeries(simulate(idx, p, 5, 0, &src), 1)
	f := TransitionRatio(c, e, 0)
	if f.Pairs != 10 {
		t.Fatalf("pairs %d", f.Pairs)
	}
	if math.Abs(f.Beta.Value-beta) > 4*f.Beta.StdErr {
		t.Errorf("slope %v, want %v", f.Beta, beta)
	}
	if f.PValue < 1e-3 {
		t.Errorf("goodness of fit chi2 %.2f on %d dof, p %.2g", f.Chi2, f.DoF, f.PValue)
	}
	t.Logf("slope %v (beta %v), fit chi2 %.2f / %d dof", f.Beta, beta, f.Chi2, f.DoF)
}
