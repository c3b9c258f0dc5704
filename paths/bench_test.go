package paths_test

import (
	"testing"

	"github.com/thermosim/thermosim/paths"
)

func benchStates(n, d int) (x0, x1, f0, f1, dst []float64) {
	x0, x1 = make([]float64, n*d), make([]float64, n*d)
	f0, f1 = make([]float64, n*d), make([]float64, n*d)
	for i := range x0 {
		x0[i], x1[i] = float64(i%7)*0.1, float64(i%5)*0.2
		f0[i], f1[i] = -x0[i], -x1[i]
	}
	return x0, x1, f0, f1, make([]float64, n)
}

func BenchmarkLogRatioEM(b *testing.B) {
	x0, x1, f0, f1, dst := benchStates(256, 4)
	b.ReportAllocs()
	for b.Loop() {
		paths.LogRatioEM(dst, x0, x1, f0, f1, 1, 0.01, 1)
	}
}

func BenchmarkLogRatioEMDiag(b *testing.B) {
	x0, x1, f0, f1, dst := benchStates(256, 4)
	T := []float64{1, 2, 0.5, 1}
	b.ReportAllocs()
	for b.Loop() {
		paths.LogRatioEMDiag(dst, x0, x1, f0, f1, T, T, 0.01, 1)
	}
}

func BenchmarkLogRatioBAOAB(b *testing.B) {
	x0, x1, _, _, dst := benchStates(256, 4)
	b.ReportAllocs()
	for b.Loop() {
		paths.LogRatioBAOAB(dst, x0, x1, 1, 1)
	}
}

func BenchmarkPropagators(b *testing.B) {
	const d = 16
	l := &paths.Linear{K: make([]float64, d), C: make([]float64, d), T: 1}
	for i := range d {
		l.K[i] = 1 + float64(i)
	}
	g, _ := paths.NewEquilibriumPhase(l, 1)
	for _, p := range []struct {
		name string
		p    paths.Propagator
	}{
		{"OverdampedEM", paths.OverdampedEM{Gamma: 1}},
		{"OverdampedExact", paths.OverdampedExact{Gamma: 1}},
		{"UnderdampedBAOAB", paths.UnderdampedBAOAB{Gamma: 1, Mass: 1}},
		{"UnderdampedExact", paths.UnderdampedExact{Gamma: 1, Mass: 1}},
	} {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.p.Step(g, l, 0.01)
			}
		})
	}
}

func BenchmarkLogPdfBatch(b *testing.B) {
	const n, d = 256, 4
	g := paths.NewGaussianDensity(make([]float64, d), []float64{1, 2, 3, 4})
	x, _, _, _, dst := benchStates(n, d)
	b.ReportAllocs()
	for b.Loop() {
		g.LogPdfBatch(dst, x)
	}
}
