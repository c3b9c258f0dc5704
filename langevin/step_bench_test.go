package langevin_test

import (
	"testing"

	"github.com/thermosim/thermosim/internal/rng"
	"github.com/thermosim/thermosim/langevin"
	"github.com/thermosim/thermosim/models"
)

// benchStep times one step of an integrator on a block of 256 trajectories
// in a 1-D harmonic trap and reports ns per trajectory-step; the step loop
// must not allocate.
func benchStep(b *testing.B, in langevin.Integrator, d int) {
	const n = 256
	bt := langevin.NewBatch(n, d, in.Underdamped())
	for j := range bt.Src {
		bt.Src[j] = rng.Stream(1, "bench", uint64(j))
	}
	bt.Src[0].NormFill(bt.X)
	if bt.P != nil {
		bt.Heat = make([]float64, n)
	}
	if in.Name() == "mala" {
		bt.Accepted = make([]int, n)
	}
	s := in.NewScratch(n)
	c := &langevin.Control{Lambda: []float64{1, 0}, T: 1, Dt: 1e-3}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		in.Step(bt, c, s)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/traj-step")
}

func BenchmarkStepEulerMaruyama(b *testing.B) {
	h := &models.Harmonic{D: 1}
	benchStep(b, &langevin.EulerMaruyama{Pot: h, Gamma: 1}, 1)
}

func BenchmarkStepEulerMaruyama3D(b *testing.B) {
	h := &models.Harmonic{D: 3}
	benchStep(b, &langevin.EulerMaruyama{Pot: h, Gamma: 1}, 3)
}

func BenchmarkStepHeun(b *testing.B) {
	h := &models.Harmonic{D: 1}
	benchStep(b, &langevin.Heun{Pot: h, Gamma: 1}, 1)
}

func BenchmarkStepMALA(b *testing.B) {
	h := &models.Harmonic{D: 1}
	benchStep(b, &langevin.MALA{Pot: h, Gamma: 1}, 1)
}

func BenchmarkStepBAOAB(b *testing.B) {
	h := &models.Harmonic{D: 1}
	benchStep(b, &langevin.BAOAB{Pot: h, Gamma: 1, Mass: 1}, 1)
}

func BenchmarkStepLeapfrog(b *testing.B) {
	h := &models.Harmonic{D: 1}
	benchStep(b, &langevin.BAOAB{Pot: h, Gamma: 0, Mass: 1}, 1)
}
