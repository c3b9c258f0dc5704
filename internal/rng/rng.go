package rng

import (
	"math"
	"math/rand/v2"
)

// Source is a PCG generator held by value. The zero value is a valid (but
// fixed) generator; use Stream to derive one. A Source must not be copied
// after use if the copy and the original are meant to stay independent.
type Source struct {
	pcg rand.PCG
}

// splitmix64 is one step of SplitMix64's output function.
func splitmix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// hashLabel is FNV-1a over the label's bytes.
func hashLabel(label string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(label); i++ {
		h ^= uint64(label[i])
		h *= 1099511628211
	}
	return h
}

// Stream returns the generator of trajectory index in the stream named label
// of a run seeded with seed. Different (seed, label, index) triples give
// statistically independent streams.
func Stream(seed uint64, label string, index uint64) Source {
	var s Source
	s.Reset(seed, label, index)
	return s
}

// Reset re-seeds s in place as Stream(seed, label, index) would.
func (s *Source) Reset(seed uint64, label string, index uint64) {
	a := splitmix64(seed ^ splitmix64(hashLabel(label)))
	b := splitmix64(a ^ splitmix64(index+0x632be59bd9b4e019))
	s.pcg.Seed(splitmix64(a+index), b)
}

// Derive returns a seed for a sub-run (a sweep point, say) from a parent seed
// and an index, so that every point has its own, reproducible seed.
func Derive(seed uint64, label string, index uint64) uint64 {
	return splitmix64(splitmix64(seed^hashLabel(label)) + splitmix64(index))
}

// Uint64 returns a uniformly distributed 64-bit word.
func (s *Source) Uint64() uint64 { return s.pcg.Uint64() }

// Float64 returns a uniform deviate in [0, 1) with 53 random bits.
func (s *Source) Float64() float64 {
	return float64(s.pcg.Uint64()>>11) * (1.0 / (1 << 53))
}

// OpenFloat64 returns a uniform deviate in (0, 1), safe for logarithms.
func (s *Source) OpenFloat64() float64 {
	return (float64(s.pcg.Uint64()>>12) + 0.5) * (1.0 / (1 << 52))
}

// IntN returns a uniform integer in [0, n) (Lemire's nearly divisionless
// method). It panics if n <= 0.
func (s *Source) IntN(n int) int {
	if n <= 0 {
		panic("rng: IntN with n <= 0")
	}
	un := uint64(n)
	hi, lo := mul64(s.pcg.Uint64(), un)
	if lo < un {
		thresh := -un % un
		for lo < thresh {
			hi, lo = mul64(s.pcg.Uint64(), un)
		}
	}
	return int(hi)
}

func mul64(x, y uint64) (hi, lo uint64) {
	const mask32 = 1<<32 - 1
	x0, x1 := x&mask32, x>>32
	y0, y1 := y&mask32, y>>32
	w0 := x0 * y0
	t := x1*y0 + w0>>32
	w1 := t&mask32 + x0*y1
	hi = x1*y1 + t>>32 + w1>>32
	lo = x * y
	return
}

// Rand returns a *rand.Rand drawing from s (it shares s's state), for the
// less frequent needs of the standard library's API (permutations, shuffles).
func (s *Source) Rand() *rand.Rand { return rand.New(&s.pcg) }

// Norm returns a standard normal deviate.
func (s *Source) Norm() float64 {
	u := s.pcg.Uint64()
	if x, ok := ZigFast(u); ok {
		return x
	}
	return s.NormSlow(u)
}

// ZigFast is the ziggurat's fast path, small enough to inline into hot
// loops: it maps a 64-bit word u to a normal deviate and reports true for
// about 98.8% of words; otherwise the caller finishes the draw with
// s.NormSlow(u) on the generator u came from. The pair
//
//	u := src.Uint64()
//	x, ok := rng.ZigFast(u)
//	if !ok { x = src.NormSlow(u) }
//
// draws exactly what src.Norm() draws.
func ZigFast(u uint64) (float64, bool) {
	i := u & 0xff
	j := int64(u) >> 8 // signed, |j| < 2^55
	if aj := j ^ (j >> 63); aj < zigK[i] {
		return float64(j) * zigW[i], true
	}
	return 0, false
}

// NormFill fills dst with standard normal deviates.
func (s *Source) NormFill(dst []float64) {
	for k := range dst {
		u := s.pcg.Uint64()
		x, ok := ZigFast(u)
		if !ok {
			x = s.NormSlow(u)
		}
		dst[k] = x
	}
}

// NormSlow finishes a draw whose word u failed ZigFast: the base layer's tail
// (Marsaglia 1964) and the wedges (rejection against exp(-x^2/2)).
func (s *Source) NormSlow(u uint64) float64 {
	return s.normSlow(u&0xff, int64(u)>>8)
}

// normSlow handles the rare draws outside a layer's rectangle core: the base
// layer's tail (Marsaglia 1964) and the wedges (rejection against exp(-x^2/2)).
func (s *Source) normSlow(i uint64, j int64) float64 {
	for {
		x := float64(j) * zigW[i]
		if i == 0 {
			// Tail beyond zigR: Marsaglia's method.
			for {
				a := -math.Log(s.OpenFloat64()) / zigR
				b := -math.Log(s.OpenFloat64())
				if b+b >= a*a {
					if j < 0 {
						return -(zigR + a)
					}
					return zigR + a
				}
			}
		}
		// wedge: accept y = f(x_i) + U (f(x_{i+1}) - f(x_i)) under f(|x|).
		// Beyond the inflection point (|x| >= 1, layers i > 0 with
		// x_{i+1} >= 1) f is convex, so it lies below the chord through
		// (x_{i+1}, f_{i+1}) and (x_i, f_i): a y above the chord is
		// rejected without evaluating exp (McFarland 2016).
		y := zigF[i] + s.Float64()*(zigF[i+1]-zigF[i])
		ax := math.Abs(x)
		if zigX[i+1] >= 1 {
			chord := zigF[i+1] + (zigF[i]-zigF[i+1])*(ax-zigX[i+1])/(zigX[i]-zigX[i+1])
			if y > chord {
				goto reject
			}
		}
		if y < math.Exp(-0.5*x*x) {
			return x
		}
	reject:
		u := s.pcg.Uint64()
		i = u & 0xff
		j = int64(u) >> 8
		if aj := j ^ (j >> 63); aj < zigK[i] {
			return float64(j) * zigW[i]
		}
	}
}
