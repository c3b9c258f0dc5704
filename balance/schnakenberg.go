package balance

import (
	"fmt"
	"math"

	"github.com/thermosim/thermosim/estimate"
)

// EntropyProduction returns the Schnakenberg entropy production rate (per
// unit time, k_B = 1) of the binned dynamics,
//
//	sigma = 1/2 sum_{i,j} J_ij ln(C_ij / C_ji) = 1/(N tau) sum_{i<j} (C_ij - C_ji) ln(C_ij / C_ji),
//
// where N = c.Total() is the number of pairs and tau the time between the
// two ends of a pair (lag times the time step). It is the entropy produced
// per unit time by the discrete-time chain of lag tau, ln of the ratio of the
// probabilities of a pair and of its reverse, averaged over pairs. Pairs seen
// in one direction only (ln 0) are left out with a warning.
//
// StdErr is the delta-method standard error treating the N pairs as
// independent draws from the pair distribution p_ij = C_ij/N:
// Var = (sum_ij p_ij g_ij^2 - sigma^2)/N with g_ij = d sigma/d p_ij. It is
// exact asymptotically for independent pairs, approximate for pairs from one
// long trajectory (successive pairs share a state), and it ignores the
// positive bias of the plug-in estimate: under detailed balance
// (C_ij - C_ji) ln(C_ij/C_ji) ~ 2 (C_ij - C_ji)^2/(C_ij + C_ji), so
// N tau sigma is about twice the Pearson statistic of the pairs, with
// expectation 2 DoF for one long Markov chain (see Test). This matters when
// sigma is small: use EntropyProductionBatches to remove the bias and measure the
// error from independent batches.
//
// The binned rate is a lower bound on the rate of the underlying dynamics:
// coarse-graining never increases the relative entropy of forward and
// backward paths (Esposito 2012), and sampling at a finite lag loses more.
func EntropyProduction(c *Counts, tau float64) estimate.Result {
	n := float64(c.Total())
	var s, s2 float64
	oneWay := 0
	for i := 0; i < c.M; i++ {
		for j := i + 1; j < c.M; j++ {
			a, b := c.C[i*c.M+j], c.C[j*c.M+i]
			if a == 0 && b == 0 {
				continue
			}
			if a == 0 || b == 0 {
				oneWay++
				continue
			}
			fa, fb := float64(a), float64(b)
			l := math.Log(fa / fb)
			s += (fa - fb) * l
			// g for p_ij and p_ji (in units of 1/tau): ln r + (a-b)/a and -ln r - (a-b)/b
			ga := l + (fa-fb)/fa
			gb := -l - (fa-fb)/fb
			s2 += fa*ga*ga + fb*gb*gb
		}
	}
	sigma := s / (n * tau)
	v := (s2/n - (s/n)*(s/n)) / n
	r := estimate.NewResult(sigma, math.Sqrt(math.Max(v, 0))/tau, int(c.Total()))
	if oneWay > 0 {
		r.Warn("%d pairs of bins seen in one direction only were left out (their ln(C_ij/C_ji) is infinite)", oneWay)
	}
	return r
}

// EntropyProductionBatches returns the Schnakenberg rate of the pooled
// counts of independent batches (independent trajectories, or blocks of a
// trajectory much longer than its correlation time) with the jackknife over
// batches: with sigma the pooled estimate and sigma_(-b) the estimate without
// batch b (B batches),
//
//	Value  = B sigma - (B-1) mean_b sigma_(-b)                 (bias-corrected)
//	StdErr = sqrt((B-1)/B sum_b (sigma_(-b) - mean sigma_(-b))^2).
//
// The jackknife removes the O(1/N) bias of the plug-in logarithm, and its
// error accounts for the correlations within a trajectory. It needs at least
// 2 batches of the same number of states.
func EntropyProductionBatches(batches []*Counts, tau float64) (estimate.Result, error) {
	B := len(batches)
	if B < 2 {
		return estimate.Result{}, fmt.Errorf("balance: EntropyProductionBatches needs at least 2 batches, got %d", B)
	}
	pool := batches[0].Clone()
	for i, b := range batches[1:] {
		if b.M != pool.M {
			return estimate.Result{}, fmt.Errorf("balance: EntropyProductionBatches: batch %d has %d states, batch 0 has %d", i+1, b.M, pool.M)
		}
		pool.Merge(b)
	}
	full := EntropyProduction(pool, tau)
	loo := make([]float64, B)
	rest := pool.Clone()
	for k, b := range batches {
		for i, v := range b.C {
			rest.C[i] = pool.C[i] - v
		}
		rest.Outside = pool.Outside - b.Outside
		loo[k] = EntropyProduction(rest, tau).Value
	}
	var m estimate.Moments
	m.AddAll(loo)
	fb := float64(B)
	value := fb*full.Value - (fb-1)*m.Mean
	se := math.Sqrt((fb - 1) / fb * m.M2)
	r := estimate.NewResult(value, se, full.N)
	r.Warnings = full.Warnings
	if B < 10 {
		r.Warn("only %d batches: the jackknife error is rough", B)
	}
	return r, nil
}
