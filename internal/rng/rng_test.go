package rng

import (
	"math"
	"sort"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestStreamsReproducible(t *testing.T) {
	a := Stream(42, "forward", 7)
	b := Stream(42, "forward", 7)
	for i := 0; i < 100; i++ {
		if a.Uint64() != b.Uint64() {
			t.Fatal("same triple gave different streams")
		}
	}
	c := Stream(42, "forward", 8)
	d := Stream(42, "reverse", 7)
	a = Stream(42, "forward", 7)
	same := 0
	for i := 0; i < 64; i++ {
		x := a.Uint64()
		if x == c.Uint64() || x == d.Uint64() {
			same++
		}
	}
	if same > 0 {
		t.Fatalf("neighbouring streams share %d words", same)
	}
}

// TestNormMoments checks the first four moments of the ziggurat against the
// standard normal (0, 1, 0, 3) within 5 standard errors of each estimate.
func TestNormMoments(t *testing.T) {
	const n = 2_000_000
	s := Stream(1, "test", 0)
	var m1, m2, m3, m4 float64
	for i := 0; i < n; i++ {
		x := s.Norm()
		x2 := x * x
		m1 += x
		m2 += x2
		m3 += x2 * x
		m4 += x2 * x2
	}
	m1 /= n
	m2 /= n
	m3 /= n
	m4 /= n
	// Standard errors: sqrt(Var(X^k)/n) with Var(X)=1, Var(X^2)=2, Var(X^3)=15, Var(X^4)=96.
	check := func(name string, got, want, v float64) {
		if se := math.Sqrt(v / n); math.Abs(got-want) > 5*se {
			t.Errorf("%s = %g, want %g +- %g", name, got, want, 5*se)
		}
	}
	check("mean", m1, 0, 1)
	check("E x^2", m2, 1, 2)
	check("E x^3", m3, 0, 15)
	check("E x^4", m4, 3, 96)
}

// TestNormKS runs a Kolmogorov–Smirnov test of 200000 draws against the
// normal CDF; the 0.1% critical value of sqrt(n) D is 1.95.
func TestNormKS(t *testing.T) {
	const n = 200_000
	s := Stream(3, "ks", 0)
	xs := make([]float64, n)
	s.NormFill(xs)
	sort.Float64s(xs)
	std := distuv.UnitNormal
	d := 0.0
	for i, x := range xs {
		c := std.CDF(x)
		d = math.Max(d, math.Max(math.Abs(c-float64(i)/n), math.Abs(float64(i+1)/n-c)))
	}
	if stat := math.Sqrt(n) * d; stat > 1.95 {
		t.Fatalf("KS statistic %g > 1.95", stat)
	}
}

// TestNormTail checks the probability beyond the ziggurat's base layer edge
// (|x| > 3.654, p = 2.58e-4), exercised only by the slow path.
func TestNormTail(t *testing.T) {
	const n = 4_000_000
	s := Stream(5, "tail", 0)
	cnt := 0
	for i := 0; i < n; i++ {
		if math.Abs(s.Norm()) > zigR {
			cnt++
		}
	}
	p := 2 * distuv.UnitNormal.Survival(zigR)
	want := p * n
	if math.Abs(float64(cnt)-want) > 5*math.Sqrt(want) {
		t.Fatalf("tail count %d, want %g +- %g", cnt, want, 5*math.Sqrt(want))
	}
}

func TestIntNUniform(t *testing.T) {
	s := Stream(9, "int", 0)
	const n, k = 700_000, 7
	var c [k]int
	for i := 0; i < n; i++ {
		c[s.IntN(k)]++
	}
	chi2 := 0.0
	for _, v := range c {
		d := float64(v) - n/k
		chi2 += d * d / (n / k)
	}
	// 6 degrees of freedom: P(chi2 > 22.46) = 0.001.
	if chi2 > 22.46 {
		t.Fatalf("chi2 = %g", chi2)
	}
}

func BenchmarkNorm(b *testing.B) {
	s := Stream(1, "bench", 0)
	var acc float64
	for i := 0; i < b.N; i++ {
		acc += s.Norm()
	}
	sink = acc
}

func BenchmarkNormFill(b *testing.B) {
	s := Stream(1, "bench", 0)
	buf := make([]float64, 1024)
	b.SetBytes(0)
	for i := 0; i < b.N; i += len(buf) {
		s.NormFill(buf)
	}
}

var sink float64
