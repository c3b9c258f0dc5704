package freeenergy

import (
	"testing"

	"github.com/thermosim/thermosim/internal/rng"
)

func benchSrc() rng.Source { return rng.Stream(1, "bench", 0) }

func benchWork(n int) (wF, wR []float64) {
	src := rng.Stream(1, "bench", 0)
	return jumpWork(&src, n, n, 1, 1, 1)
}

func BenchmarkEXP(b *testing.B) {
	wF, _ := benchWork(1 << 20)
	b.ReportAllocs()
	b.SetBytes(8 << 20)
	for b.Loop() {
		EXP(wF, 1)
	}
}

func BenchmarkBAR(b *testing.B) {
	wF, wR := benchWork(1 << 20)
	b.ReportAllocs()
	for b.Loop() {
		BAR(wF, wR, 1)
	}
}

// BenchmarkBARIteration is one evaluation of Bennett's equation (both
// directions) on precomputed weights: the inner loop, which allocates nothing.
func BenchmarkBARIteration(b *testing.B) {
	wF, wR := benchWork(1 << 20)
	s := newBARSolver(wF, wR, scanWork(wF), scanWork(wR), 1, nil)
	b.ReportAllocs()
	for b.Loop() {
		s.at(0.3)
	}
}

func BenchmarkScanWork(b *testing.B) {
	wF, _ := benchWork(1 << 20)
	for b.Loop() {
		scanWork(wF)
	}
}

func BenchmarkExpSums(b *testing.B) {
	wF, _ := benchWork(1 << 20)
	for b.Loop() {
		expSums(wF, -3, 1)
	}
}
