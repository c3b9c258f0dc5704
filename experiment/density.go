package experiment

import (
	"fmt"
	"math"
	"sort"
)

// logDensity estimates ln p at each of the n points of x (row-major, d
// dimensions) from the points themselves: a histogram in 1-D and 2-D with
// bins per dimension over the sample range, or (kde, 1-D) a binned Gaussian
// kernel density estimate with Silverman's bandwidth (Silverman 1986,
// eq. 3.31) on a fine grid, linearly interpolated. Both are biased (bin width,
// bandwidth): the metric's docs say so, and exact densities are preferred
// where the model is linear.
func logDensity(x []float64, d int, method string, bins int) ([]float64, error) {
	n := len(x) / d
	out := make([]float64, n)
	switch {
	case method == "kde" && d == 1:
		return kde1(x), nil
	case method == "kde" && d == 2:
		// no 2-D kernel estimate: the histogram serves (stated in the notes)
		return logDensity(x, d, "histogram", bins)
	case d == 1 || d == 2:
		lo := make([]float64, d)
		hi := make([]float64, d)
		for i := 0; i < d; i++ {
			lo[i], hi[i] = math.Inf(1), math.Inf(-1)
		}
		for j := 0; j < n; j++ {
			for i := 0; i < d; i++ {
				lo[i] = math.Min(lo[i], x[j*d+i])
				hi[i] = math.Max(hi[i], x[j*d+i])
			}
		}
		vol := 1.0
		w := make([]float64, d)
		for i := 0; i < d; i++ {
			if hi[i] == lo[i] {
				return nil, fmt.Errorf("all samples equal in coordinate %d: no density", i)
			}
			w[i] = (hi[i] - lo[i]) / float64(bins) * (1 + 1e-12)
			vol *= w[i]
		}
		idx := make([]int, n)
		counts := map[int]int{}
		for j := 0; j < n; j++ {
			b := 0
			for i := 0; i < d; i++ {
				k := int((x[j*d+i] - lo[i]) / w[i])
				b = b*bins + min(k, bins-1)
			}
			idx[j] = b
			counts[b]++
		}
		for j := range out {
			out[j] = math.Log(float64(counts[idx[j]]) / (float64(n) * vol))
		}
		return out, nil
	}
	return nil, fmt.Errorf("density %q is available in 1-D (histogram, kde) and 2-D (histogram), not in %d dimensions; use a linear model with density: exact", method, d)
}

func kde1(x []float64) []float64 {
	n := len(x)
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	mean, m2 := 0.0, 0.0
	for i, v := range s {
		dlt := v - mean
		mean += dlt / float64(i+1)
		m2 += dlt * (v - mean)
	}
	sd := math.Sqrt(m2 / float64(n-1))
	iqr := s[3*n/4] - s[n/4]
	h := 0.9 * math.Min(sd, iqr/1.34) * math.Pow(float64(n), -0.2)
	const G = 2048
	lo, hi := s[0]-4*h, s[n-1]+4*h
	dx := (hi - lo) / (G - 1)
	grid := make([]float64, G)
	for _, v := range x { // linear binning
		u := (v - lo) / dx
		k := int(u)
		f := u - float64(k)
		grid[k] += 1 - f
		if k+1 < G {
			grid[k+1] += f
		}
	}
	R := int(4*h/dx) + 1
	ker := make([]float64, 2*R+1)
	for i := range ker {
		z := float64(i-R) * dx / h
		ker[i] = math.Exp(-0.5*z*z) / (math.Sqrt(2*math.Pi) * h * float64(n))
	}
	dens := make([]float64, G)
	for k, c := range grid {
		if c == 0 {
			continue
		}
		for i := max(0, k-R); i <= min(G-1, k+R); i++ {
			dens[i] += c * ker[i-k+R]
		}
	}
	out := make([]float64, n)
	for j, v := range x {
		u := (v - lo) / dx
		k := min(int(u), G-2)
		f := u - float64(k)
		out[j] = math.Log((1-f)*dens[k] + f*dens[k+1])
	}
	return out
}
