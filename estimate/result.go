package estimate

import (
	"fmt"
	"math"
)

// Z95 is the two-sided 95% quantile of the standard normal distribution.
const Z95 = 1.959963984540054

// Result is an estimate with its uncertainty.
type Result struct {
	Value    float64    `json:"value"`
	StdErr   float64    `json:"stderr"`
	CI95     [2]float64 `json:"ci95"`
	N        int        `json:"n"`
	Warnings []string   `json:"warnings,omitempty"`
}

// NewResult returns a Result with the normal-approximation 95% interval
// value +- Z95 stderr. A NaN stderr gives a NaN interval.
func NewResult(value, stderr float64, n int) Result {
	return Result{Value: value, StdErr: stderr, CI95: [2]float64{value - Z95*stderr, value + Z95*stderr}, N: n}
}

// Exact returns a Result without uncertainty (a count or a deterministic value).
func Exact(value float64, n int) Result {
	return Result{Value: value, StdErr: math.NaN(), CI95: [2]float64{math.NaN(), math.NaN()}, N: n}
}

// HasError reports whether r carries a finite standard error.
func (r Result) HasError() bool { return !math.IsNaN(r.StdErr) && !math.IsInf(r.StdErr, 0) }

// Warn appends a formatted warning.
func (r *Result) Warn(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}

func (r Result) String() string {
	if !r.HasError() {
		return fmt.Sprintf("%.6g (n=%d)", r.Value, r.N)
	}
	return fmt.Sprintf("%.6g ± %.2g (n=%d)", r.Value, r.StdErr, r.N)
}

// Mean returns the sample mean of xs with its standard error s/sqrt(n).
func Mean(xs []float64) Result {
	var m Moments
	m.AddAll(xs)
	return m.MeanResult()
}
