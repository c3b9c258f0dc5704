package balance

import (
	"fmt"
	"math"

	"github.com/thermosim/thermosim/estimate"
)

// EntropyRate returns the entropy production rate sum_b s_b / sum_b t_b from
// independent trajectories, where s_b is the total log-ratio of the forward
// to the time-reversed path probability of trajectory b (its entropy
// production, e.g. the heat it dissipated over T in a steady state) and t_b
// its duration. StdErr is the delta-method error of a ratio estimator,
//
//	Var ~ Var_b(s_b - sigma t_b) / (n tbar^2),
//
// which reduces to sd(s)/(sqrt(n) t) for equal durations. It panics if the
// slices differ in length; it needs at least 2 trajectories for an error.
func EntropyRate(sums, durations []float64) estimate.Result {
	if len(sums) != len(durations) {
		panic(fmt.Sprintf("balance: EntropyRate: %d sums, %d durations", len(sums), len(durations)))
	}
	var ss, st float64
	for i, s := range sums {
		ss += s
		st += durations[i]
	}
	n := float64(len(sums))
	sigma := ss / st
	var m estimate.Moments
	for i, s := range sums {
		m.Add(s - sigma*durations[i])
	}
	tbar := st / n
	return estimate.NewResult(sigma, math.Sqrt(m.Var()/n)/tbar, len(sums))
}

// EntropyRateSteps returns the entropy production rate mean(steps)/dt from
// the per-step log-ratios of one stationary trajectory with time step dt,
// with a batch-means standard error over blocks contiguous blocks (at least
// 2; use about 20-50 blocks, each much longer than the correlation time).
// Samples that do not fill the last block are left out.
func EntropyRateSteps(steps []float64, dt float64, blocks int) estimate.Result {
	if blocks < 2 {
		panic(fmt.Sprintf("balance: EntropyRateSteps: need at least 2 blocks, got %d", blocks))
	}
	size := len(steps) / blocks
	if size == 0 {
		r := estimate.Exact(math.NaN(), len(steps))
		r.Warn("fewer samples (%d) than blocks (%d)", len(steps), blocks)
		return r
	}
	var m estimate.Moments
	for b := 0; b < blocks; b++ {
		s := 0.0
		for _, v := range steps[b*size : (b+1)*size] {
			s += v
		}
		m.Add(s / float64(size))
	}
	r := m.MeanResult()
	r.Value /= dt
	r.StdErr /= dt
	r = estimate.NewResult(r.Value, r.StdErr, blocks*size)
	return r
}

// TURBound returns the thermodynamic-uncertainty-relation lower bound on the
// entropy production rate,
//
//	sigma >= 2 <J>^2 / (t Var(J))     (k_B = 1),
//
// from the integrated currents J of independent trajectories of duration t
// in a steady state (Barato & Seifert 2015; Gingrich et al. 2016). StdErr is
// the delta-method error with the sample moments, including the covariance of
// the mean and the variance through the third central moment:
//
//	Var(B) ~ (g_m^2 v + g_v^2 (mu4 - v^2) + 2 g_m g_v mu3) / n,
//	g_m = 4 m/(t v),  g_v = -2 m^2/(t v^2).
func TURBound(currents []float64, t float64) estimate.Result {
	var m estimate.Moments
	m.AddAll(currents)
	n := float64(m.N)
	v := m.Var()
	var mu3, mu4 float64
	for _, x := range currents {
		d := x - m.Mean
		mu3 += d * d * d
		mu4 += d * d * d * d
	}
	mu3 /= n
	mu4 /= n
	b := 2 * m.Mean * m.Mean / (t * v)
	gm := 4 * m.Mean / (t * v)
	gv := -2 * m.Mean * m.Mean / (t * v * v)
	vb := (gm*gm*v + gv*gv*(mu4-v*v) + 2*gm*gv*mu3) / n
	return estimate.NewResult(b, math.Sqrt(math.Max(vb, 0)), m.N)
}
