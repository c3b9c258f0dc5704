package balance

import (
	"math"
	"testing"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/internal/rng"
)

// ouCounts bins an exactly sampled Ornstein–Uhlenbeck process
// x' = rho x + sqrt(1 - rho^2) xi (stationary N(0, 1), reversible) on g and
// returns the counts of B independent trajectories of L steps.
func ouCounts(g *Grid, rho float64, B, L int, seed uint64) []*Counts {
	out := make([]*Counts, B)
	idx := make([]int, L)
	for b := range out {
		src := rng.Stream(seed, "ou", uint64(b))
		x := src.Norm()
		for t := range idx {
			idx[t] = g.Index([]float64{x})
			x = rho*x + math.Sqrt(1-rho*rho)*src.Norm()
		}
		out[b] = NewCounts(g.Len())
		out[b].AddSeries(idx, 1)
	}
	return out
}

// TestCoarseGrainedReversible: bins of a reversible diffusion are not a
// Markov chain, but E[C_ij] = E[C_ji] still holds. Over replicates of a
// binned OU process, the batch-calibrated test must reject at the nominal
// rate: the number of p-values below 0.05 is binomial(R, 0.05) within 4
// standard errors. The Markov-calibrated Test's dispersion is reported.
func TestCoarseGrainedReversible(t *testing.T) {
	g, _ := NewGrid([]int{12}, [][2]float64{{-3, 3}})
	const R, B, L = 60, 20, 2000
	small, smallMarkov := 0, 0
	var phi estimate.Moments
	for r := 0; r < R; r++ {
		batches := ouCounts(g, 0.8, B, L, uint64(100+r))
		tb, err := TestBatches(batches, 0)
		if err != nil {
			t.Fatal(err)
		}
		if tb.PValue < 0.05 {
			small++
		}
		phi.Add(tb.Dispersion)
		pool := NewCounts(g.Len())
		for _, b := range batches {
			pool.Merge(b)
		}
		if Test(pool, 0).PValue < 0.05 {
			smallMarkov++
		}
	}
	if se := math.Sqrt(R * 0.05 * 0.95); math.Abs(float64(small)-R*0.05) > 4*se {
		t.Errorf("batch test: %d of %d p-values below 0.05, want %v +- %.1f", small, R, R*0.05, se)
	}
	t.Logf("binned OU (rho 0.8, 12 bins): batch test %d/%d p < 0.05; Markov test %d/%d; dispersion %v", small, R, smallMarkov, R, phi.MeanResult())
}
