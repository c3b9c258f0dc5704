package paths

// Path is one stored trajectory, thinned to the recorded times: T[r] is the
// r-th recorded time, X[r*D:(r+1)*D] the state then and, for underdamped
// dynamics, P[r*D:(r+1)*D] the momentum (nil otherwise).
type Path struct {
	Index int // trajectory index
	D     int
	T     []float64
	X, P  []float64
}

// Len returns the number of recorded times.
func (p *Path) Len() int { return len(p.T) }

// At returns the state at recorded time r.
func (p *Path) At(r int) []float64 { return p.X[r*p.D : (r+1)*p.D] }

// Reverse returns the time-reversed path: x~(t) = x(tau - t) on the
// reflected time grid t~_r = tau - t_{R-1-r} (tau = T[0] + T[R-1]), with
// momenta flipped, p~(t) = -p(tau - t), since momenta are odd under time
// reversal. It is the path whose probability under the reversed protocol
// lambda~(t) = lambda(tau - t) enters the fluctuation theorems (Crooks 1999;
// Seifert 2005).
func (p *Path) Reverse() *Path {
	R, D := len(p.T), p.D
	q := &Path{Index: p.Index, D: D, T: make([]float64, R), X: make([]float64, len(p.X))}
	tau := p.T[0] + p.T[R-1]
	for r := 0; r < R; r++ {
		q.T[r] = tau - p.T[R-1-r]
		copy(q.X[r*D:(r+1)*D], p.X[(R-1-r)*D:(R-r)*D])
	}
	if p.P != nil {
		q.P = make([]float64, len(p.P))
		for r := 0; r < R; r++ {
			for i := 0; i < D; i++ {
				q.P[r*D+i] = -p.P[(R-1-r)*D+i]
			}
		}
	}
	return q
}

// ReverseProtocol returns the reversed protocol grid lambda~_k =
// lambda_{K-k} (the slices are shared, not copied).
func ReverseProtocol(lambda [][]float64) [][]float64 {
	K := len(lambda) - 1
	out := make([][]float64, K+1)
	for k := range out {
		out[k] = lambda[K-k]
	}
	return out
}
