package rng

import "math"

// Ziggurat tables for 256 layers of equal area zigV under f(x) = exp(-x^2/2)
// (Doornik 2005, ZIGNOR). zigX[0] = zigV/f(zigR) is the width of the base
// layer extended to hold the tail's area; zigX[1] = zigR; zigX[256] = 0.
const (
	zigLayers = 256
	zigR      = 3.6541528853610088
	zigV      = 0.00492867323399
	zigScale  = 1 << 55
)

var (
	zigX [zigLayers + 1]float64
	zigK [zigLayers]int64       // floor(zigX[i+1]/zigX[i] * 2^55): fast-path bound
	zigW [zigLayers]float64     // zigX[i] / 2^55
	zigF [zigLayers + 1]float64 // exp(-zigX[i]^2/2)
)

func init() {
	f := math.Exp(-0.5 * zigR * zigR)
	zigX[0] = zigV / f
	zigX[1] = zigR
	for i := 2; i < zigLayers; i++ {
		zigX[i] = math.Sqrt(-2 * math.Log(zigV/zigX[i-1]+f))
		f = math.Exp(-0.5 * zigX[i] * zigX[i])
	}
	zigX[zigLayers] = 0
	for i := range zigF {
		zigF[i] = math.Exp(-0.5 * zigX[i] * zigX[i])
	}
	for i := 0; i < zigLayers; i++ {
		zigK[i] = int64(zigX[i+1] / zigX[i] * zigScale)
		zigW[i] = zigX[i] / zigScale
	}
}
