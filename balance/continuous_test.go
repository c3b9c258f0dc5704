package balance

import (
	"math"
	"testing"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/internal/rng"
)

func TestEntropyRateExact(t *testing.T) {
	// sums 1, 3, 2 over durations 1, 2, 1: rate 6/4 = 1.5; residuals
	// s - 1.5 t = -0.5, 0, 0.5, variance 0.25, tbar 4/3:
	// stderr sqrt(0.25/3)/(4/3).
	r := EntropyRate([]float64{1, 3, 2}, []float64{1, 2, 1})
	if math.Abs(r.Value-1.5) > 1e-15 || math.Abs(r.StdErr-math.Sqrt(0.25/3)*0.75) > 1e-15 {
		t.Fatalf("rate %v", r)
	}
	// per-step samples: blocks of (1, 3) and (2, 6) at dt = 0.5 -> block
	// means 2 and 4, rate 6, stderr (sd 1.4142/sqrt 2)/0.5 = 2.
	s := EntropyRateSteps([]float64{1, 3, 2, 6, 100}, 0.5, 2)
	if s.Value != 6 || math.Abs(s.StdErr-2) > 1e-15 || s.N != 4 {
		t.Fatalf("steps %v", s)
	}
}

// TestTURBound: for Gaussian currents J ~ N(m t, 2 D t) the bound is
// 2 <J>^2/(t Var J) = m^2/D; the estimate must match within 4 of its
// delta-method standard errors, and over replicates the spread of the
// estimates must match the mean standard error (within 4 standard errors of
// the sample standard deviation, sd/sqrt(2(R-1))).
func TestTURBound(t *testing.T) {
	const m, D, tt = 0.8, 0.5, 3.0
	want := m * m / D
	const R, n = 300, 500
	var est, ses estimate.Moments
	j := make([]float64, n)
	for r := 0; r < R; r++ {
		src := rng.Stream(17, "tur", uint64(r))
		for i := range j {
			j[i] = m*tt + math.Sqrt(2*D*tt)*src.Norm()
		}
		b := TURBound(j, tt)
		if r == 0 && math.Abs(b.Value-want) > 4*b.StdErr {
			t.Errorf("bound %v, want %v", b, want)
		}
		est.Add(b.Value)
		ses.Add(b.StdErr)
	}
	sd := math.Sqrt(est.Var())
	if math.Abs(ses.Mean-sd) > 4*sd/math.Sqrt(2*(R-1)) {
		t.Errorf("delta-method stderr %.4g, replicate spread %.4g", ses.Mean, sd)
	}
	if math.Abs(est.Mean-want) > 4*sd/math.Sqrt(R) {
		t.Errorf("mean bound %.4g, want %.4g +- %.2g", est.Mean, want, sd/math.Sqrt(R))
	}
	t.Logf("TUR bound: mean %.4f (exact %.4f), spread %.4f, mean stderr %.4f", est.Mean, want, sd, ses.Mean)
}

func TestFieldExact(t *testing.T) {
	g, err := NewGrid([]int{2, 2}, [][2]float64{{0, 2}, {0, 2}})
	if err != nil {
		t.Fatal(err)
	}
	f := NewField(g)
	f.Add([]float64{0.2, 0.2}, []float64{0.6, 0.4}) // midpoint (0.4, 0.3): bin 0, dx (0.4, 0.2)
	f.Add([]float64{0.5, 0.5}, []float64{0.3, 0.9}) // midpoint (0.4, 0.7): bin 0, dx (-0.2, 0.4)
	f.Add([]float64{1.5, 0.5}, []float64{1.5, 1.7}) // midpoint (1.5, 1.1): bin 3, dx (0, 1.2)
	f.Add([]float64{1.9, 1.9}, []float64{2.9, 2.9}) // midpoint (2.4, 2.4): outside
	j, se := f.Current(nil, nil, 0.5)
	// N = 4 pairs, tau = 0.5, bin volume 1: j = sum dx / 2
	want := []float64{0.1, 0.3, 0, 0, 0, 0, 0, 0.6}
	for i := range want {
		if math.Abs(j[i]-want[i]) > 1e-15 {
			t.Fatalf("current %v, want %v", j, want)
		}
	}
	if math.Abs(se[0]-math.Sqrt(0.16+0.04)/2) > 1e-15 {
		t.Fatalf("stderr %v", se)
	}
	d := f.Density(nil)
	if d[0] != 0.5 || d[3] != 0.25 || d[1] != 0 {
		t.Fatalf("density %v", d)
	}
}

func BenchmarkTest(b *testing.B) {
	// a 2-D 20x20 grid's worth of states with random counts on near
	// neighbours: the cost of the cycle projection (conjugate gradients).
	const side = 20
	c := NewCounts(side * side)
	src := rng.Stream(1, "bench", 0)
	for i := 0; i < side*side; i++ {
		for _, d := range []int{1, side, side + 1, 2} {
			if j := i + d; j < side*side {
				c.C[i*c.M+j] = 50 + int64(src.IntN(50))
				c.C[j*c.M+i] = 50 + int64(src.IntN(50))
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		Test(c, 0)
	}
}

func BenchmarkCountsAddSeries(b *testing.B) {
	idx := make([]int, 10000)
	src := rng.Stream(1, "bench", 1)
	for i := range idx {
		idx[i] = src.IntN(40)
	}
	c := NewCounts(40)
	b.ReportAllocs()
	for b.Loop() {
		c.AddSeries(idx, 1)
	}
}

func BenchmarkFieldAdd(b *testing.B) {
	g, _ := NewGrid([]int{40, 40}, [][2]float64{{-2, 2}, {-2, 2}})
	f := NewField(g)
	x0, x1 := []float64{0.1, 0.2}, []float64{0.15, 0.18}
	b.ReportAllocs()
	for b.Loop() {
		f.Add(x0, x1)
	}
}

func BenchmarkGridIndex(b *testing.B) {
	g, _ := NewGrid([]int{40, 40}, [][2]float64{{-2, 2}, {-2, 2}})
	x := []float64{0.3, -1.1}
	b.ReportAllocs()
	s := 0
	for b.Loop() {
		s += g.Index(x)
	}
	_ = s
}
