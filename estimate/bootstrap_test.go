package estimate

import (
	"math"
	"testing"

	"github.com/thermosim/thermosim/internal/rng"
)

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// The ideal bootstrap standard error of the sample mean is exactly
// sqrt(sum (x_i - xbar)^2 / n) / sqrt(n) (Efron & Tibshirani 1993, eq. 6.6 with
// the plug-in variance). With B replicates the Monte Carlo estimate of a
// standard deviation has relative standard error about 1/sqrt(2(B-1)).
func TestBootstrapMeanMatchesIdealSE(t *testing.T) {
	src := rng.Stream(1, "data", 0)
	xs := make([]float64, 200)
	src.NormFill(xs)
	var m Moments
	m.AddAll(xs)
	n := float64(len(xs))
	ideal := math.Sqrt(m.M2/n) / math.Sqrt(n)

	const B = 4000
	reps := make([]float64, B)
	bs := rng.Stream(1, "bootstrap", 0)
	Bootstrap(reps, &bs, xs, mean)
	r := FromReplicates(m.Mean, reps, len(xs))
	se := ideal / math.Sqrt(2*(B-1))
	if d := math.Abs(r.StdErr - ideal); d > 4*se {
		t.Fatalf("bootstrap SE %v, ideal %v (tolerance 4*%v)", r.StdErr, ideal, se)
	}
	if !(r.CI95[0] < m.Mean && m.Mean < r.CI95[1]) {
		t.Fatalf("percentile interval %v does not contain the mean %v", r.CI95, m.Mean)
	}
	// Reproducible: the same generator gives the same replicates.
	reps2 := make([]float64, B)
	bs = rng.Stream(1, "bootstrap", 0)
	Bootstrap(reps2, &bs, xs, mean)
	r2 := FromReplicates(m.Mean, reps2, len(xs))
	if r2.Value != r.Value || r2.StdErr != r.StdErr || r2.CI95 != r.CI95 {
		t.Fatalf("not reproducible: %v vs %v", r, r2)
	}
}

// Paired bootstrap of mean(a) - mean(b) where b = a + e: the ideal paired SE is
// the plug-in SD of the differences over sqrt(n); the unpaired one is
// sqrt(var_a + var_b)/sqrt(n) (plug-in variances). Both within 4 Monte Carlo
// standard errors, 1/sqrt(2(B-1)) relative.
func TestBootstrapPairPairedAndIndependent(t *testing.T) {
	src := rng.Stream(2, "data", 0)
	const n = 300
	a, b, d := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range a {
		a[i] = src.Norm()
		b[i] = a[i] + 0.1*src.Norm()
		d[i] = a[i] - b[i]
	}
	plug := func(x []float64) float64 {
		var m Moments
		m.AddAll(x)
		return m.M2 / float64(len(x))
	}
	diff := func(x, y []float64) float64 { return mean(x) - mean(y) }
	const B = 3000
	rel := 4 / math.Sqrt(2*(B-1))
	reps := make([]float64, B)

	bs := rng.Stream(2, "bootstrap", 0)
	BootstrapPair(reps, &bs, a, b, true, diff)
	got := FromReplicates(diff(a, b), reps, n).StdErr
	want := math.Sqrt(plug(d) / n)
	if math.Abs(got/want-1) > rel {
		t.Fatalf("paired SE %v want %v", got, want)
	}

	BootstrapPair(reps, &bs, a, b, false, diff)
	got = FromReplicates(diff(a, b), reps, n).StdErr
	want = math.Sqrt((plug(a) + plug(b)) / n)
	if math.Abs(got/want-1) > rel {
		t.Fatalf("independent SE %v want %v", got, want)
	}
}

func TestQuantileExact(t *testing.T) {
	xs := []float64{1, 2, 4, 8, 16}
	for _, c := range []struct{ p, want float64 }{
		{0, 1}, {1, 16}, {0.5, 4}, {0.25, 2}, {0.125, 1.5}, {0.975, 15.2},
	} {
		if got := Quantile(xs, c.p); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Quantile(%v) = %v want %v", c.p, got, c.want)
		}
	}
}

func TestFromReplicatesDropsFailures(t *testing.T) {
	reps := []float64{1, math.NaN(), 3, math.Inf(1), 2}
	r := FromReplicates(2, reps, 10)
	// finite replicates 1, 2, 3: SD 1, quantiles 1.05 and 2.95
	if math.Abs(r.StdErr-1) > 1e-15 || math.Abs(r.CI95[0]-1.05) > 1e-12 || math.Abs(r.CI95[1]-2.95) > 1e-12 {
		t.Fatalf("got %+v", r)
	}
	if len(r.Warnings) != 1 {
		t.Fatalf("warnings %v", r.Warnings)
	}
	r = FromReplicates(2, []float64{math.NaN(), 1}, 10)
	if r.HasError() || len(r.Warnings) != 1 {
		t.Fatalf("got %+v", r)
	}
}
