package balance

import "fmt"

// Counts holds the transition counts C_ij between M states (bins): C_ij is the
// number of observed pairs (s_t, s_{t+lag}) = (i, j). The counts are integers,
// so merging the Counts of several trajectories gives the same result in any
// order. Pairs with an end outside the grid (index -1) are counted in Outside
// only; they enter the total number of pairs used to normalise currents.
//
// The zero value is not usable; use NewCounts.
type Counts struct {
	M       int     // number of states
	C       []int64 // M*M, row-major: C[i*M+j] = number of transitions i -> j
	Outside int64   // pairs with at least one end outside the grid
}

// NewCounts returns empty counts over m states.
func NewCounts(m int) *Counts {
	if m < 1 {
		panic(fmt.Sprintf("balance: NewCounts(%d): need at least one state", m))
	}
	return &Counts{M: m, C: make([]int64, m*m)}
}

// At returns C_ij.
func (c *Counts) At(i, j int) int64 { return c.C[i*c.M+j] }

// Add counts one transition from -> to. An index of -1 (outside the grid)
// increments Outside; any other index outside [0, M) panics.
func (c *Counts) Add(from, to int) {
	if from == -1 || to == -1 {
		c.Outside++
		return
	}
	c.C[from*c.M+to]++
}

// AddSeries counts the transitions of one trajectory of bin indices sampled
// at a fixed time step, observed every lag steps: the pairs
// (idx[0], idx[lag]), (idx[lag], idx[2 lag]), ... The pairs do not overlap:
// the subsampled sequence idx[0], idx[lag], idx[2 lag], ... is itself a
// Markov chain (with the lag-step kernel) whenever idx is one, which is what
// the chi-square calibration of Test assumes. Counting the overlapping pairs
// (idx[t], idx[t+lag]) for every t would give lag interleaved, mutually
// dependent chains and an over-dispersed statistic; to use every sample, call
// AddSeries on the lag offsets idx[r:] (r = 0..lag-1) into separate Counts and
// pass them to TestBatches, which calibrates the dispersion empirically.
// AddSeries panics if lag < 1.
func (c *Counts) AddSeries(idx []int, lag int) {
	if lag < 1 {
		panic(fmt.Sprintf("balance: AddSeries: lag must be >= 1, got %d", lag))
	}
	for t := lag; t < len(idx); t += lag {
		c.Add(idx[t-lag], idx[t])
	}
}

// Merge adds o's counts to c. It panics if the numbers of states differ.
func (c *Counts) Merge(o *Counts) {
	if o.M != c.M {
		panic(fmt.Sprintf("balance: Merge: %d states into %d", o.M, c.M))
	}
	for k, v := range o.C {
		c.C[k] += v
	}
	c.Outside += o.Outside
}

// Clone returns a deep copy of c.
func (c *Counts) Clone() *Counts {
	return &Counts{M: c.M, C: append([]int64(nil), c.C...), Outside: c.Outside}
}

// Total returns the number of pairs counted, inside the grid or not.
func (c *Counts) Total() int64 {
	s := c.Outside
	for _, v := range c.C {
		s += v
	}
	return s
}

// Stationary sets dst[i] to the estimate pi_i = N_i / sum_k N_k of the
// stationary distribution over the bins, where N_i = sum_j C_ij is the number
// of pairs starting in bin i (pairs leaving the grid excluded), and returns
// dst (allocated if nil). It is the occupation histogram of the grid,
// normalised on the grid. With no counts, dst is all NaN.
func (c *Counts) Stationary(dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, c.M)
	}
	var tot int64
	for i := 0; i < c.M; i++ {
		var n int64
		for _, v := range c.C[i*c.M : (i+1)*c.M] {
			n += v
		}
		dst[i] = float64(n)
		tot += n
	}
	for i := range dst[:c.M] {
		dst[i] /= float64(tot)
	}
	return dst
}

// Transition sets dst to the row-stochastic maximum-likelihood transition
// matrix P_ij = C_ij / N_i (row-major, M*M) and returns dst (allocated if
// nil). A row with no counts is left all zero.
func (c *Counts) Transition(dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, c.M*c.M)
	}
	for i := 0; i < c.M; i++ {
		row := c.C[i*c.M : (i+1)*c.M]
		var n int64
		for _, v := range row {
			n += v
		}
		for j, v := range row {
			if n == 0 {
				dst[i*c.M+j] = 0
			} else {
				dst[i*c.M+j] = float64(v) / float64(n)
			}
		}
	}
	return dst
}

// Currents sets dst to the net probability currents per unit time
//
//	J_ij = (C_ij - C_ji) / (N_pairs tau)
//
// (row-major, M*M, antisymmetric), where N_pairs = Total() and tau is the
// time between the two ends of a pair (lag times the time step). J_ij
// estimates pi_i P_ij - pi_j P_ji per unit time. It returns dst (allocated
// if nil).
func (c *Counts) Currents(dst []float64, tau float64) []float64 {
	if dst == nil {
		dst = make([]float64, c.M*c.M)
	}
	norm := 1 / (float64(c.Total()) * tau)
	for i := 0; i < c.M; i++ {
		for j := 0; j < c.M; j++ {
			dst[i*c.M+j] = float64(c.C[i*c.M+j]-c.C[j*c.M+i]) * norm
		}
	}
	return dst
}
