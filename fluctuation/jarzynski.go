package fluctuation

import (
	"math"

	"github.com/thermosim/thermosim/estimate"
)

// Jarzynski returns the free-energy difference Delta F = -T ln <exp(-W/T)>
// from work samples w at temperature T (Jarzynski 1997), computed in log
// space, with the delta-method standard error
// T sqrt(Var(exp(-W/T)) / N) / <exp(-W/T)> and the warnings of IFT on the
// weights exp(-W/T). The finite-N bias (positive on average) is not
// corrected. It panics if T <= 0.
func Jarzynski(w []float64, T float64) estimate.Result {
	if !(T > 0) {
		panic("fluctuation: Jarzynski with non-positive temperature")
	}
	n := len(w)
	x := make([]float64, n)
	for j, v := range w {
		x[j] = v / T
	}
	r := logMeanExpResult(x, -1, "exp(-W/T)")
	if n < 2 || math.IsNaN(r.Value) || math.IsInf(r.Value, 0) || r.Value == 0 {
		out := estimate.Exact(-T*math.Log(r.Value), n)
		out.Warnings = r.Warnings
		return out
	}
	var l estimate.LogMeanExp
	for _, v := range x {
		l.Add(-v)
	}
	out := estimate.NewResult(-T*l.Log(), T*l.LogStdErr(), n)
	out.Warnings = r.Warnings
	return out
}
