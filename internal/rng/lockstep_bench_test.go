package rng

import "testing"

// BenchmarkLockstep draws one normal from each of 256 independent generators
// per round, the access pattern of the engine's blocks.
func BenchmarkLockstep(b *testing.B) {
	src := make([]Source, 256)
	for j := range src {
		src[j] = Stream(1, "bench", uint64(j))
	}
	z := make([]float64, 256)
	for i := 0; i < b.N; i += 256 {
		for j := range src {
			u := src[j].Uint64()
			x, ok := ZigFast(u)
			if !ok {
				x = src[j].NormSlow(u)
			}
			z[j] = x
		}
	}
}

func BenchmarkLockstep2(b *testing.B) {
	src := make([]Source, 256)
	for j := range src {
		src[j] = Stream(1, "bench", uint64(j))
	}
	z := make([]float64, 256)
	for i := 0; i < b.N; i += 256 {
		for j := 0; j < len(src); j += 2 {
			u1 := src[j].Uint64()
			u2 := src[j+1].Uint64()
			x1, ok1 := ZigFast(u1)
			x2, ok2 := ZigFast(u2)
			if !ok1 {
				x1 = src[j].NormSlow(u1)
			}
			if !ok2 {
				x2 = src[j+1].NormSlow(u2)
			}
			z[j], z[j+1] = x1, x2
		}
	}
}

func BenchmarkPCGOnlyLockstep(b *testing.B) {
	src := make([]Source, 256)
	for j := range src {
		src[j] = Stream(1, "bench", uint64(j))
	}
	z := make([]uint64, 256)
	for i := 0; i < b.N; i += 256 {
		for j := range src {
			z[j] += src[j].Uint64()
		}
	}
}
