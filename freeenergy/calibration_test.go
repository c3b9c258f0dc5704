package freeenergy

import (
	"math"
	"testing"

	"github.com/thermosim/thermosim/internal/rng"
)

// coverage runs reps independent repetitions of the Gaussian-work trap jump
// (jumpWork: Delta F = 0, sigma_W^2 = c^2 T) with n forward and n reverse
// samples, and returns the fraction of repetitions whose 95% intervals of
// BAR, EXP (forward) and the Gaussian estimate contain 0, with the number
// of repetitions that raised at least one warning.
func coverage(seed uint64, reps, n int, c float64) (bar, exp, gauss float64, warned int) {
	var nb, ne, ng int
	for r := 0; r < reps; r++ {
		src := rng.Stream(seed, "coverage", uint64(r))
		wF, wR := jumpWork(&src, n, n, 1, c, 1)
		b, e, g := BAR(wF, wR, 1), EXP(wF, 1), GaussianWork(wF, 1)
		if b.CI95[0] <= 0 && 0 <= b.CI95[1] {
			nb++
		}
		if e.CI95[0] <= 0 && 0 <= e.CI95[1] {
			ne++
		}
		if g.CI95[0] <= 0 && 0 <= g.CI95[1] {
			ng++
		}
		if len(b.Warnings)+len(e.Warnings) > 0 {
			warned++
		}
	}
	f := float64(reps)
	return float64(nb) / f, float64(ne) / f, float64(ng) / f, warned
}

// BenchmarkCoverageWellOverlapping measures the coverage of the 95%
// intervals over 1000 independent repetitions of a well-overlapping case
// (sigma_W = T, W_dis = T/2, N = 1000 each way; population overlap element
// 0.40). The binomial standard error of a 95% coverage over 1000
// repetitions is 0.7%, so 93-97% is the acceptance band.
func BenchmarkCoverageWellOverlapping(b *testing.B) {
	const reps = 1000
	for b.Loop() {
		cb, ce, cg, w := coverage(1, reps, 1000, 1)
		b.ReportMetric(100*cb, "%BAR")
		b.ReportMetric(100*ce, "%EXP")
		b.ReportMetric(100*cg, "%Gauss")
		b.ReportMetric(float64(w), "warned")
		b.Logf("well overlapping, %d repetitions: coverage BAR %.1f%%, EXP %.1f%%, Gaussian %.1f%% (binomial SE %.1f%%); %d repetitions warned", reps, 100*cb, 100*ce, 100*cg, 100*math.Sqrt(0.95*0.05/reps), w)
	}
}

// BenchmarkCoveragePoorOverlap is the same with sigma_W = 5 T (W_dis = 12.5
// T, N = 300 each way; population overlap element 0.009): EXP's interval
// undercovers badly (its bias is far larger than its error bar), and the
// warnings fire in (nearly) every repetition.
func BenchmarkCoveragePoorOverlap(b *testing.B) {
	const reps = 400
	for b.Loop() {
		cb, ce, cg, w := coverage(2, reps, 300, 5)
		b.ReportMetric(100*cb, "%BAR")
		b.ReportMetric(100*ce, "%EXP")
		b.ReportMetric(100*cg, "%Gauss")
		b.ReportMetric(float64(w), "warned")
		b.Logf("poor overlap, %d repetitions: coverage BAR %.1f%%, EXP %.1f%%, Gaussian %.1f%%; %d of %d repetitions warned", reps, 100*cb, 100*ce, 100*cg, w, reps)
	}
}

// BenchmarkCoverageBootstrap checks the bootstrap intervals of BAR and the
// Crooks crossing on the well-overlapping case (200 repetitions, N = 500,
// 200 replicates; binomial SE 1.5%).
func BenchmarkCoverageBootstrap(b *testing.B) {
	const reps = 200
	for b.Loop() {
		var nb, nc int
		for r := 0; r < reps; r++ {
			src := rng.Stream(3, "coverage-bootstrap", uint64(r))
			wF, wR := jumpWork(&src, 500, 500, 1, 1, 1)
			bb := BootstrapBAR(&src, wF, wR, 1, 200, false)
			cc := CrooksCrossing(&src, wF, wR, 1, CrooksOptions{Replicates: 200})
			if bb.CI95[0] <= 0 && 0 <= bb.CI95[1] {
				nb++
			}
			if cc.DeltaF.CI95[0] <= 0 && 0 <= cc.DeltaF.CI95[1] {
				nc++
			}
		}
		b.ReportMetric(100*float64(nb)/reps, "%BARboot")
		b.ReportMetric(100*float64(nc)/reps, "%Crooks")
		b.Logf("bootstrap, %d repetitions: coverage BAR %.1f%%, Crooks %.1f%% (binomial SE %.1f%%)", reps, 100*float64(nb)/reps, 100*float64(nc)/reps, 100*math.Sqrt(0.95*0.05/reps))
	}
}
