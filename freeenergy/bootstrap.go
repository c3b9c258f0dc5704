package freeenergy

import (
	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/internal/rng"
)

// BootstrapEXP returns EXP(w, T) with its standard error and 95% interval
// replaced by those of a nonparametric bootstrap with the given number of
// replicates drawn from src (percentile interval; estimate.FromReplicates).
// EXP's warnings are kept. The bootstrap, like the asymptotic error, cannot
// see the bias of an undersampled exponential average: heed the warnings.
func BootstrapEXP(src *rng.Source, w []float64, T float64, replicates int) estimate.Result {
	full := EXP(w, T)
	reps := make([]float64, replicates)
	estimate.Bootstrap(reps, src, w, func(x []float64) float64 { return EXP(x, T).Value })
	r := estimate.FromReplicates(full.Value, reps, full.N)
	r.Warnings = append(full.Warnings, r.Warnings...)
	return r
}

// BootstrapBAR returns BAR(wF, wR, T) with a bootstrap standard error and
// percentile 95% interval from the given number of replicates drawn from
// src. With paired true, forward and reverse work are resampled as pairs
// (wF[i], wR[i]) (one run measured both, cycle by cycle; equal lengths
// required); otherwise independently. BAR's warnings are kept.
func BootstrapBAR(src *rng.Source, wF, wR []float64, T float64, replicates int, paired bool) estimate.Result {
	full := BAR(wF, wR, T)
	buf := make([]float64, len(wF)+len(wR))
	reps := make([]float64, replicates)
	estimate.BootstrapPair(reps, src, wF, wR, paired, func(a, b []float64) float64 {
		s := newBARSolver(a, b, scanWork(a), scanWork(b), T, buf)
		st, ok := s.solve()
		if !ok {
			return nan
		}
		return T * st.d
	})
	r := estimate.FromReplicates(full.Value, reps, full.N)
	r.Warnings = append(full.Warnings, r.Warnings...)
	return r
}
