package balance

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// DefaultMinPair is the smallest number of transitions C_ij + C_ji a pair of
// states must have to enter the detailed-balance test and the
// transition-ratio fit when the caller passes minPair <= 0. Below it the
// normal approximation to the binomial split of C_ij + C_ji is poor (the
// usual rule of thumb for Pearson statistics asks for about 5 expected in
// each direction).
const DefaultMinPair = 10

// TestResult is the outcome of a detailed-balance test.
type TestResult struct {
	// Chi2 is the cycle statistic (divided by Dispersion for TestBatches),
	// DoF its degrees of freedom, PValue the probability of a statistic at
	// least as large under detailed balance.
	Chi2   float64
	DoF    int
	PValue float64
	// Pairs, States and Components describe the graph of the pairs used:
	// DoF = Pairs - States + Components, its number of independent cycles.
	Pairs, States, Components int
	// Dropped is the number of pairs with 0 < C_ij + C_ji < minPair left
	// out of the test.
	Dropped int
	// Dispersion is the variance inflation factor estimated from batches by
	// TestBatches (1 for Test).
	Dispersion float64
	Warnings   []string
}

// Test tests detailed balance, pi_i P_ij = pi_j P_ji, i.e. E[C_ij] = E[C_ji]
// for every pair of states, from transition counts. Pairs with
// C_ij + C_ji < minPair (DefaultMinPair if minPair <= 0) are dropped.
//
// The statistic is the Pearson statistic of the antisymmetric counts
// D_ij = C_ij - C_ji with variances n_ij = C_ij + C_ji, restricted to the
// cycle space of the graph of pairs used:
//
//	X^2 = min_psi sum_{i<j} (D_ij - n_ij (psi_i - psi_j))^2 / n_ij
//	    = sum_{i<j} D_ij^2 / n_ij - b^T L^+ b,
//
// where b_i = sum_j D_ij is the net outflow of state i and L the graph
// Laplacian with edge weights n_ij. Under detailed balance X^2 is
// asymptotically chi-square with DoF = Pairs - States + Components degrees
// of freedom when the counts come from a Markov chain on the states (one or
// several trajectories, any initial distribution) or from independent pairs.
// The projection removes the gradient (potential-flow) part of D: the net
// outflow of a state is fixed by where the trajectories start and end, not
// by a circulating current, and the fluctuations of the state occupations
// also enter D only through gradients; see the package documentation.
func Test(c *Counts, minPair int64) TestResult {
	g := newPairGraph(c, minPair)
	r := TestResult{Pairs: len(g.w), States: g.nv, Components: g.nc, Dropped: g.dropped, Dispersion: 1}
	r.DoF = len(g.w) - g.nv + g.nc
	r.Chi2 = g.stat(g.d)
	r.PValue = chi2Survival(r.Chi2, r.DoF)
	r.warn(g)
	return r
}

// TestBatches tests detailed balance like Test on the pooled counts of
// independent batches (independent trajectories, or blocks of one long
// trajectory much longer than its correlation time), and calibrates the
// statistic with the spread of the batches instead of the Markov-chain
// variance: with Q(.) the cycle quadratic form of the pooled counts, D_b the
// antisymmetric counts of batch b and w_b its share of the pairs,
//
//	phi = sum_b Q(D_b - w_b D) / (DoF sum_b w_b (1 - w_b)),
//
// estimates the variance inflation (phi = 1 for a Markov chain on the
// states). Chi2 is then X^2/phi, and PValue uses X^2/(DoF phi) ~
// F(DoF, (B-1) DoF). Use it for binned (coarse-grained) continuous
// dynamics, whose bin sequence is not Markov. It needs at least 2 batches.
func TestBatches(batches []*Counts, minPair int64) (TestResult, error) {
	if len(batches) < 2 {
		return TestResult{}, fmt.Errorf("balance: TestBatches needs at least 2 batches, got %d", len(batches))
	}
	pool := batches[0].Clone()
	for i, b := range batches[1:] {
		if b.M != pool.M {
			return TestResult{}, fmt.Errorf("balance: TestBatches: batch %d has %d states, batch 0 has %d", i+1, b.M, pool.M)
		}
		pool.Merge(b)
	}
	g := newPairGraph(pool, minPair)
	r := TestResult{Pairs: len(g.w), States: g.nv, Components: g.nc, Dropped: g.dropped}
	r.DoF = len(g.w) - g.nv + g.nc
	q := g.stat(g.d)
	r.warn(g)
	if r.DoF == 0 {
		r.Dispersion, r.Chi2, r.PValue = math.NaN(), 0, 1
		return r, nil
	}
	var ntot float64
	for _, e := range g.n {
		ntot += e
	}
	db := make([]float64, len(g.w))
	var num, den float64
	for _, b := range batches {
		var nb float64
		for k, e := range g.e {
			db[k] = float64(b.C[e[0]*b.M+e[1]] - b.C[e[1]*b.M+e[0]])
			nb += float64(b.C[e[0]*b.M+e[1]] + b.C[e[1]*b.M+e[0]])
		}
		w := nb / ntot
		for k := range db {
			db[k] -= w * g.d[k]
		}
		num += g.stat(db)
		den += w * (1 - w)
	}
	phi := num / (float64(r.DoF) * den)
	r.Dispersion = phi
	if !(phi > 0) || math.IsInf(phi, 0) {
		r.Chi2, r.PValue = math.NaN(), math.NaN()
		r.Warnings = append(r.Warnings, "the batches do not vary (or carry no pairs): the dispersion cannot be estimated")
		return r, nil
	}
	r.Chi2 = q / phi
	f := distuv.F{D1: float64(r.DoF), D2: float64((len(batches) - 1) * r.DoF)}
	r.PValue = f.Survival(q / (float64(r.DoF) * phi))
	if len(batches) < 10 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("only %d batches: the dispersion estimate is rough", len(batches)))
	}
	return r, nil
}

func (r *TestResult) warn(g *pairGraph) {
	if r.DoF == 0 {
		r.Warnings = append(r.Warnings, "the pairs with enough counts form no cycle (e.g. nearest-neighbour jumps in 1-D): net currents are forced to balance and detailed balance cannot be tested; use a larger lag, other bins or more data")
	}
	if g.dropped > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d pairs with fewer than %d transitions left out", g.dropped, g.minPair))
	}
}

func chi2Survival(x float64, dof int) float64 {
	if dof == 0 {
		return 1
	}
	return distuv.ChiSquared{K: float64(dof)}.Survival(x)
}

// pairGraph is the graph of unordered pairs i<j with n_ij >= minPair: edge k
// joins states e[k] with antisymmetric count d[k] = C_ij - C_ji and weight
// n[k] = C_ij + C_ji; node[i] is the compact index of state i (-1 if unused).
type pairGraph struct {
	e        [][2]int
	a, b     []int // compact end points of each edge
	d, n, w  []float64
	nv, nc   int
	dropped  int
	minPair  int64
	deg      []float64 // weighted degree (Jacobi preconditioner)
	scratchB []float64
	cg       cgScratch
}

func newPairGraph(c *Counts, minPair int64) *pairGraph {
	if minPair <= 0 {
		minPair = DefaultMinPair
	}
	g := &pairGraph{minPair: minPair}
	node := make([]int, c.M)
	for i := range node {
		node[i] = -1
	}
	for i := 0; i < c.M; i++ {
		for j := i + 1; j < c.M; j++ {
			cij, cji := c.C[i*c.M+j], c.C[j*c.M+i]
			n := cij + cji
			if n == 0 {
				continue
			}
			if n < minPair {
				g.dropped++
				continue
			}
			for _, s := range [2]int{i, j} {
				if node[s] < 0 {
					node[s] = g.nv
					g.nv++
				}
			}
			g.e = append(g.e, [2]int{i, j})
			g.a = append(g.a, node[i])
			g.b = append(g.b, node[j])
			g.d = append(g.d, float64(cij-cji))
			g.n = append(g.n, float64(n))
		}
	}
	g.w = g.n
	// connected components by union-find
	parent := make([]int, g.nv)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	g.nc = g.nv
	for k := range g.a {
		ra, rb := find(g.a[k]), find(g.b[k])
		if ra != rb {
			parent[ra] = rb
			g.nc--
		}
	}
	g.deg = make([]float64, g.nv)
	for k, w := range g.w {
		g.deg[g.a[k]] += w
		g.deg[g.b[k]] += w
	}
	g.scratchB = make([]float64, g.nv)
	g.cg = newCG(g.nv)
	return g
}

// stat returns the cycle quadratic form Q(d) = sum d^2/w - b^T L^+ b with
// b the divergence of d.
func (g *pairGraph) stat(d []float64) float64 {
	q := 0.0
	for k, v := range d {
		q += v * v / g.w[k]
	}
	if g.nv == 0 {
		return 0
	}
	b := g.scratchB
	for i := range b {
		b[i] = 0
	}
	for k, v := range d {
		b[g.a[k]] += v
		b[g.b[k]] -= v
	}
	psi := g.cg.solve(g, b)
	s := 0.0
	for i, v := range b {
		s += v * psi[i]
	}
	q -= s
	if q < 0 { // rounding: Q is a sum of squares
		q = 0
	}
	return q
}

// mulL sets y = L x for the weighted Laplacian of g.
func (g *pairGraph) mulL(y, x []float64) {
	for i := range y {
		y[i] = 0
	}
	for k, w := range g.w {
		i, j := g.a[k], g.b[k]
		f := w * (x[i] - x[j])
		y[i] += f
		y[j] -= f
	}
}

type cgScratch struct{ x, r, z, p, q []float64 }

func newCG(n int) cgScratch {
	return cgScratch{make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)}
}

// solve returns a solution psi of L psi = b by Jacobi-preconditioned
// conjugate gradients. L is singular (constants on each component) but the
// system is consistent because b sums to zero on each component; CG started
// at 0 stays in the range of L. The answer is used only through b^T psi,
// which does not depend on the constants.
func (s *cgScratch) solve(g *pairGraph, b []float64) []float64 {
	x, r, z, p, q := s.x, s.r, s.z, s.p, s.q
	bn := 0.0
	for i := range x {
		x[i] = 0
		r[i] = b[i]
		bn += b[i] * b[i]
	}
	if bn == 0 {
		return x
	}
	for i := range z {
		z[i] = r[i] / g.deg[i]
		p[i] = z[i]
	}
	rz := dot(r, z)
	tol := 1e-28 * bn
	for it := 0; it < 20*len(x)+100; it++ {
		g.mulL(q, p)
		pq := dot(p, q)
		if pq <= 0 {
			break
		}
		alpha := rz / pq
		rr := 0.0
		for i := range x {
			x[i] += alpha * p[i]
			r[i] -= alpha * q[i]
			rr += r[i] * r[i]
		}
		if rr <= tol {
			break
		}
		for i := range z {
			z[i] = r[i] / g.deg[i]
		}
		rzNew := dot(r, z)
		beta := rzNew / rz
		rz = rzNew
		for i := range p {
			p[i] = z[i] + beta*p[i]
		}
	}
	return x
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s
}
