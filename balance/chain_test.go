package balance

import (
	"math"

	"github.com/thermosim/thermosim/internal/rng"
)

// simulate returns n steps of the Markov chain with row-stochastic P (m x m,
// row-major) started in s0, drawing from src.
func simulate(dst []int, p []float64, m, s0 int, src *rng.Source) []int {
	s := s0
	for t := range dst {
		dst[t] = s
		u := src.Float64()
		row := p[s*m : (s+1)*m]
		next := m - 1
		acc := 0.0
		for j, v := range row {
			acc += v
			if u < acc {
				next = j
				break
			}
		}
		s = next
	}
	return dst
}

// metropolis returns the Metropolis chain on m states with energies e at
// inverse temperature beta and proposals to every other state with equal
// probability 1/(m-1) (a complete graph, so that it has cycles). It is
// reversible with respect to exp(-beta e).
func metropolis(e []float64, beta float64) []float64 {
	m := len(e)
	p := make([]float64, m*m)
	for i := 0; i < m; i++ {
		stay := 1.0
		for j := 0; j < m; j++ {
			if j == i {
				continue
			}
			a := math.Min(1, math.Exp(-beta*(e[j]-e[i]))) / float64(m-1)
			p[i*m+j] = a
			stay -= a
		}
		p[i*m+i] = stay
	}
	return p
}

// ring returns the driven 3-state ring: i -> i+1 with probability fw,
// i -> i-1 with probability bw, else stay. Its stationary law is uniform and
// its entropy production per step is (fw - bw) ln(fw/bw) (Schnakenberg 1976).
func ring(fw, bw float64) []float64 {
	p := make([]float64, 9)
	for i := 0; i < 3; i++ {
		p[i*3+(i+1)%3] = fw
		p[i*3+(i+2)%3] = bw
		p[i*3+i] = 1 - fw - bw
	}
	return p
}
