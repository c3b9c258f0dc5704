package estimate_test

import (
	"fmt"

	"github.com/thermosim/thermosim/estimate"
)

// Moments of consecutive blocks merge into the moments of the whole sample.
func ExampleMoments_Merge() {
	var a, b estimate.Moments
	a.AddAll([]float64{1, 2, 3})
	b.AddAll([]float64{4, 5})
	a.Merge(b)
	r := a.MeanResult()
	fmt.Printf("n=%d mean=%.2f var=%.2f se=%.4f\n", a.N, a.Mean, a.Var(), r.StdErr)
	// Output: n=5 mean=3.00 var=2.50 se=0.7071
}

// LogMeanExp computes ln <exp(a)> without overflow.
func ExampleLogMeanExp() {
	var l estimate.LogMeanExp
	l.AddAll([]float64{1000, 1000, 1000})
	fmt.Printf("%.6f\n", l.Log())
	// Output: 1000.000000
}
