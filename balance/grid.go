package balance

import (
	"fmt"
	"math"
	"sort"
)

// Grid is a regular or user-given rectangular binning of R^d (d >= 1). Bin k
// of dimension a is the interval [e_k, e_{k+1}) of that dimension's edges,
// except the last bin, which is closed, [e_{n-1}, e_n], as in a histogram.
// A d-dimensional bin has the flat index
//
//	i = ((k_0 n_1 + k_1) n_2 + k_2) ...   (row-major, the first coordinate slowest)
//
// A Grid is immutable after construction and safe to share between goroutines.
type Grid struct {
	edges [][]float64
	// uniform[a] reports whether dimension a is regular; lo and inv are then
	// its lower edge and 1/width, for an O(1) index.
	uniform []bool
	lo, inv []float64
	stride  []int
	n       int
}

// NewGrid returns a regular grid with bins[a] bins on ranges[a] = [lo, hi] in
// dimension a.
func NewGrid(bins []int, ranges [][2]float64) (*Grid, error) {
	if len(bins) == 0 || len(bins) != len(ranges) {
		return nil, fmt.Errorf("balance: grid needs one bin count per range (got %d bins, %d ranges)", len(bins), len(ranges))
	}
	edges := make([][]float64, len(bins))
	for a, n := range bins {
		lo, hi := ranges[a][0], ranges[a][1]
		if n < 1 {
			return nil, fmt.Errorf("balance: dimension %d: bins must be >= 1, got %d", a, n)
		}
		if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
			return nil, fmt.Errorf("balance: dimension %d: range must be finite with lo < hi, got [%g, %g]", a, lo, hi)
		}
		e := make([]float64, n+1)
		w := (hi - lo) / float64(n)
		for k := range e {
			e[k] = lo + float64(k)*w
		}
		e[n] = hi
		edges[a] = e
	}
	g, err := NewGridEdges(edges...)
	if err != nil {
		return nil, err
	}
	for a, n := range bins {
		g.uniform[a] = true
		g.lo[a] = ranges[a][0]
		g.inv[a] = float64(n) / (ranges[a][1] - ranges[a][0])
	}
	return g, nil
}

// NewGridEdges returns a grid with the given bin edges per dimension (each
// strictly increasing, at least two edges). The slices are copied.
func NewGridEdges(edges ...[]float64) (*Grid, error) {
	if len(edges) == 0 {
		return nil, fmt.Errorf("balance: grid needs at least one dimension")
	}
	g := &Grid{
		edges:   make([][]float64, len(edges)),
		uniform: make([]bool, len(edges)),
		lo:      make([]float64, len(edges)),
		inv:     make([]float64, len(edges)),
		stride:  make([]int, len(edges)),
		n:       1,
	}
	for a, e := range edges {
		if len(e) < 2 {
			return nil, fmt.Errorf("balance: dimension %d: need at least 2 edges, got %d", a, len(e))
		}
		for k := 1; k < len(e); k++ {
			if !(e[k] > e[k-1]) || math.IsInf(e[k], 0) || math.IsInf(e[k-1], 0) {
				return nil, fmt.Errorf("balance: dimension %d: edges must be finite and strictly increasing (edge %d = %g after %g)", a, k, e[k], e[k-1])
			}
		}
		g.edges[a] = append([]float64(nil), e...)
	}
	for a := len(edges) - 1; a >= 0; a-- {
		g.stride[a] = g.n
		g.n *= len(edges[a]) - 1
	}
	return g, nil
}

// Dim returns the dimension d of the grid.
func (g *Grid) Dim() int { return len(g.edges) }

// Len returns the total number of bins.
func (g *Grid) Len() int { return g.n }

// Bins returns the number of bins of dimension a.
func (g *Grid) Bins(a int) int { return len(g.edges[a]) - 1 }

// Edges returns the bin edges of dimension a. The slice must not be modified.
func (g *Grid) Edges(a int) []float64 { return g.edges[a] }

// Index returns the flat index of the bin holding the point x (len(x) >=
// Dim; extra coordinates are ignored), or -1 if x is outside the grid or NaN.
func (g *Grid) Index(x []float64) int {
	i := 0
	for a, e := range g.edges {
		k := g.index1(a, e, x[a])
		if k < 0 {
			return -1
		}
		i += k * g.stride[a]
	}
	return i
}

func (g *Grid) index1(a int, e []float64, v float64) int {
	n := len(e) - 1
	if !(v >= e[0] && v <= e[n]) { // also rejects NaN
		return -1
	}
	var k int
	if g.uniform[a] {
		k = int((v - g.lo[a]) * g.inv[a])
		// guard against rounding at the edges: keep e[k] <= v < e[k+1]
		if k > n-1 {
			k = n - 1
		}
		for k > 0 && v < e[k] {
			k--
		}
		for k < n-1 && v >= e[k+1] {
			k++
		}
		return k
	}
	k = sort.SearchFloat64s(e, v) // first e[k] >= v
	if k == 0 {
		return 0
	}
	if k <= n && e[k] == v && k < n {
		return k
	}
	return k - 1
}

// IndexSeries sets dst[t] = Index(x[t*d:(t+1)*d]) for the len(x)/d states
// of a time series stored row-major and returns dst (allocated if nil or
// short).
func (g *Grid) IndexSeries(dst []int, x []float64) []int {
	d := len(g.edges)
	m := len(x) / d
	if cap(dst) < m {
		dst = make([]int, m)
	}
	dst = dst[:m]
	for t := range dst {
		dst[t] = g.Index(x[t*d : (t+1)*d])
	}
	return dst
}

// Coords sets dst[a] to the bin number in dimension a of flat bin i and
// returns dst (allocated if nil).
func (g *Grid) Coords(dst []int, i int) []int {
	if dst == nil {
		dst = make([]int, len(g.edges))
	}
	for a := range g.edges {
		dst[a] = i / g.stride[a]
		i %= g.stride[a]
	}
	return dst
}

// Center sets dst[a] to the centre of flat bin i in dimension a and returns
// dst (allocated if nil).
func (g *Grid) Center(dst []float64, i int) []float64 {
	if dst == nil {
		dst = make([]float64, len(g.edges))
	}
	for a, e := range g.edges {
		k := i / g.stride[a]
		i %= g.stride[a]
		dst[a] = 0.5 * (e[k] + e[k+1])
	}
	return dst
}

// Volume returns the length (d = 1), area (d = 2) or volume of flat bin i.
func (g *Grid) Volume(i int) float64 {
	v := 1.0
	for a, e := range g.edges {
		k := i / g.stride[a]
		i %= g.stride[a]
		v *= e[k+1] - e[k]
	}
	return v
}
