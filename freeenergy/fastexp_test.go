package freeenergy

import (
	"math"
	"testing"

	"github.com/thermosim/thermosim/internal/rng"
)

// fastExp is within 2 ulp of math.Exp (itself within 1 ulp of e^x) on the
// whole normal range, and exact at 0; outside it defers to math.Exp.
func TestFastExp(t *testing.T) {
	src := rng.Stream(1, "fastexp", 0)
	worst := 0.0
	check := func(x float64) {
		got, want := fastExp(x), math.Exp(x)
		e := math.Abs(got-want) / want
		worst = math.Max(worst, e)
		if e > 2*0x1p-52 {
			t.Fatalf("fastExp(%v) = %v, math.Exp %v (rel %.2g)", x, got, want, e)
		}
	}
	for i := 0; i < 1000000; i++ {
		check(-708 + 1417*src.Float64())
		check(-1 + 2*src.Float64())
	}
	for _, x := range []float64{-708, 709, 0, 1e-300, -1e-300, math.Ln2, -math.Ln2 / 512} {
		check(x)
	}
	if fastExp(0) != 1 || fastExp(-800) != math.Exp(-800) || !math.IsInf(fastExp(800), 1) || !math.IsNaN(fastExp(math.NaN())) {
		t.Fatal("special values")
	}
	t.Logf("largest relative difference from math.Exp: %.3g (ulp %.3g)", worst, 0x1p-52)
}

func BenchmarkFastExp(b *testing.B) {
	x := make([]float64, 4096)
	for i := range x {
		x[i] = -float64(i) / 512
	}
	s := 0.0
	for b.Loop() {
		for _, v := range x {
			s += fastExp(v)
		}
	}
	_ = s
}

func BenchmarkMathExp(b *testing.B) {
	x := make([]float64, 4096)
	for i := range x {
		x[i] = -float64(i) / 512
	}
	s := 0.0
	for b.Loop() {
		for _, v := range x {
			s += math.Exp(v)
		}
	}
	_ = s
}
