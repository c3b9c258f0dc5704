package balance

import (
	"fmt"
	"math"
)

// Field accumulates the probability current field of a continuous process on
// a grid from pairs of states (x_k, x_{k+1}) a time tau apart, with the
// Stratonovich (midpoint) rule: the increment x_{k+1} - x_k is credited to
// the bin of the midpoint (x_k + x_{k+1})/2. Then
//
//	j(bin) = sum_{midpoint in bin} (x_{k+1} - x_k) / (N tau V_bin)
//
// estimates the bin average of the current density j(x) = p(x) v(x), where N
// is the number of pairs (inside the grid or not) and V_bin the bin volume;
// p(bin) = N_bin / (N V_bin) is the density. The Ito (start-point) rule would
// add a spurious drift D grad p to the current.
//
// The counts are integers but the sums are floating point: merge Fields in a
// fixed order (trajectory index order) for bit-identical results. A Field
// holds a scratch buffer: use one Field per goroutine.
type Field struct {
	Grid  *Grid
	N     []int64   // midpoints per bin
	Sum   []float64 // bins*d: sum of increments, component a of bin i at i*d+a
	SumSq []float64 // bins*d: sum of squared increments
	Total int64     // pairs added, inside the grid or not
	mid   []float64
}

// NewField returns an empty current field on g.
func NewField(g *Grid) *Field {
	d, m := g.Dim(), g.Len()
	return &Field{Grid: g, N: make([]int64, m), Sum: make([]float64, m*d), SumSq: make([]float64, m*d), mid: make([]float64, d)}
}

// Add adds the pair (x0, x1) (each of length >= Dim).
func (f *Field) Add(x0, x1 []float64) {
	d := len(f.mid)
	for a := 0; a < d; a++ {
		f.mid[a] = 0.5 * (x0[a] + x1[a])
	}
	f.Total++
	i := f.Grid.Index(f.mid)
	if i < 0 {
		return
	}
	f.N[i]++
	s, q := f.Sum[i*d:(i+1)*d], f.SumSq[i*d:(i+1)*d]
	for a := range s {
		dx := x1[a] - x0[a]
		s[a] += dx
		q[a] += dx * dx
	}
}

// AddSeries adds the pairs (x_t, x_{t+lag}) for t = 0, lag, 2 lag, ... of a
// trajectory stored row-major (state t at x[t*d:(t+1)*d]).
func (f *Field) AddSeries(x []float64, lag int) {
	if lag < 1 {
		panic(fmt.Sprintf("balance: Field.AddSeries: lag must be >= 1, got %d", lag))
	}
	d := len(f.mid)
	m := len(x) / d
	for t := lag; t < m; t += lag {
		f.Add(x[(t-lag)*d:(t-lag+1)*d], x[t*d:(t+1)*d])
	}
}

// Merge adds o's sums to f. Both must be on the same grid.
func (f *Field) Merge(o *Field) {
	if o.Grid != f.Grid && (o.Grid.Len() != f.Grid.Len() || o.Grid.Dim() != f.Grid.Dim()) {
		panic("balance: Field.Merge: different grids")
	}
	for i, v := range o.N {
		f.N[i] += v
	}
	for i, v := range o.Sum {
		f.Sum[i] += v
		f.SumSq[i] += o.SumSq[i]
	}
	f.Total += o.Total
}

// Density sets dst[i] = N_i / (N V_i), the estimated probability density in
// bin i, and returns dst (allocated if nil).
func (f *Field) Density(dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, len(f.N))
	}
	for i, n := range f.N {
		dst[i] = float64(n) / (float64(f.Total) * f.Grid.Volume(i))
	}
	return dst
}

// Current sets j[i*d+a] to component a of the current density in bin i for
// pairs a time tau apart, and se[i*d+a] to its standard error (either may be
// nil to skip it), and returns them (allocated if nil, when needed). The
// error sqrt(sum dx^2)/(N tau V) treats the midpoints in a bin as a Poisson
// number of independent increments, which holds when the noise dominates the
// increments (small tau) and neglects the correlations of the drift part.
func (f *Field) Current(j, se []float64, tau float64) ([]float64, []float64) {
	d, m := len(f.mid), len(f.N)
	if j == nil {
		j = make([]float64, m*d)
	}
	if se == nil {
		se = make([]float64, m*d)
	}
	for i := 0; i < m; i++ {
		norm := 1 / (float64(f.Total) * tau * f.Grid.Volume(i))
		for a := 0; a < d; a++ {
			j[i*d+a] = f.Sum[i*d+a] * norm
			se[i*d+a] = math.Sqrt(f.SumSq[i*d+a]) * norm
		}
	}
	return j, se
}
