package freeenergy

import (
	"math"

	"github.com/thermosim/thermosim/estimate"
)

// GaussianWork returns the second-order cumulant estimate of Delta F from
// work samples w at temperature T (Hermans 1991; Gore, Ritort & Bustamante
// 2003):
//
//	Delta F = <W> - Var(W)/(2T),
//
// exact when the work is Gaussian (the cumulant expansion of -T ln
// <exp(-W/T)> stops at second order), with the unbiased sample variance.
// The standard error is the delta method with the sample central moments
// m2, m3, m4 (no Gaussian assumption):
//
//	SE^2 = m2/N - m3/(T N) + Var(s^2)/(4 T^2),  Var(s^2) = (m4 - s^4 (N-3)/(N-1))/N;
//
// for Gaussian work this is pymbar's EXPGauss error sigma^2/N +
// sigma^4/(2 T^2 (N-1)). GaussianWork warns when the work is significantly
// skewed (|skewness| > 4 sqrt(6/N)) and the neglected third-cumulant term
// m3/(6 T^2) exceeds the standard error. It panics if len(w) < 2 or T is not
// positive and finite.
func GaussianWork(w []float64, T float64) estimate.Result {
	checkT(T)
	if len(w) < 2 {
		panic("freeenergy: GaussianWork needs at least two samples")
	}
	n := float64(len(w))
	var mean float64
	for _, v := range w {
		mean += v
	}
	mean /= n
	var m2, m3, m4 float64
	for _, v := range w {
		d := v - mean
		d2 := d * d
		m2 += d2
		m3 += d2 * d
		m4 += d2 * d2
	}
	m2, m3, m4 = m2/n, m3/n, m4/n
	s2 := m2 * n / (n - 1)
	value := mean - s2/(2*T)
	varS2 := math.Max(0, (m4-s2*s2*(n-3)/(n-1))/n)
	v := s2/n - m3/(T*n) + varS2/(4*T*T)
	r := estimate.NewResult(value, math.Sqrt(math.Max(v, 0)), len(w))
	if m2 > 0 {
		skew := m3 / math.Pow(m2, 1.5)
		if math.Abs(skew) > 4*math.Sqrt(6/n) && math.Abs(m3)/(6*T*T) > r.StdErr {
			r.Warn("work distribution is skewed (skewness %.3g): the neglected third-cumulant term m3/(6T^2) = %.3g exceeds the standard error; the Gaussian estimate is biased", skew, m3/(6*T*T))
		}
	}
	return r
}
