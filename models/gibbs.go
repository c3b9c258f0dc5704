package models

import (
	"math"

	"github.com/thermosim/thermosim/internal/rng"
)

// GibbsSampler is implemented by models that can draw exact samples of their
// Gibbs state exp(-U(x; lambda)/T)/Z.
type GibbsSampler interface {
	// SampleGibbs sets x (one state) to an exact draw from the Gibbs state.
	SampleGibbs(x, lambda []float64, T float64, src *rng.Source)
	// LogZ returns ln Z(lambda, T) = ln int exp(-U(x; lambda)/T) dx.
	LogZ(lambda []float64, T float64) float64
}

func (h *Harmonic) SampleGibbs(x, lambda []float64, T float64, src *rng.Source) {
	s := math.Sqrt(T / lambda[0])
	for i := range x {
		x[i] = lambda[1] + s*src.Norm()
	}
}

// LogZ is d/2 ln(2 pi T / k).
func (h *Harmonic) LogZ(lambda []float64, T float64) float64 {
	return 0.5 * float64(h.D) * math.Log(2*math.Pi*T/lambda[0])
}

func (q *Quadratic) SampleGibbs(x, _ []float64, T float64, src *rng.Source) {
	for i := range x {
		x[i] = math.Sqrt(T/q.A[i]) * src.Norm()
	}
}

// LogZ is sum_i 1/2 ln(2 pi T / a_i).
func (q *Quadratic) LogZ(_ []float64, T float64) float64 {
	s := 0.0
	for _, a := range q.A {
		s += 0.5 * math.Log(2*math.Pi*T/a)
	}
	return s
}

// SampleGibbs draws the first coordinate by rejection from a uniform proposal
// on [-L, L], where L bounds all but 1e-300 of the mass, under the envelope
// max exp(-U/T); the other coordinates are N(0, T).
func (w *DoubleWell) SampleGibbs(x, lambda []float64, T float64, src *rng.Source) {
	h, b := lambda[0], lambda[1]
	f := func(y float64) float64 { u := y*y - 1; return (h*u*u + b*y) / T }
	fmin, lim := doubleWellRange(h, b, T, 50)
	fmin -= 1e-12 * (1 + math.Abs(fmin)) // rounding: keep the envelope above f
	for {
		y := lim * (2*src.Float64() - 1)
		if src.Float64() < math.Exp(-(f(y) - fmin)) {
			x[0] = y
			break
		}
	}
	for i := 1; i < len(x); i++ {
		x[i] = math.Sqrt(T) * src.Norm()
	}
}

// LogZ combines the quadrature of the first coordinate with the Gaussian rest.
func (w *DoubleWell) LogZ(lambda []float64, T float64) float64 {
	return DoubleWellLogZ1(lambda[0], lambda[1], T) + 0.5*float64(w.D-1)*math.Log(2*math.Pi*T)
}

// Stationary is implemented by models whose dynamics (overdamped, at
// constant controls and temperature) have a steady state known in closed
// form even when it carries currents, e.g. the rotational model, whose
// steady state is the Gibbs state of its potential. An ensemble started in
// that state stays in it, so its density is known at every time.
type Stationary interface {
	// StationaryLogPdf returns ln p_ss(x) at control values lambda and
	// temperature T.
	StationaryLogPdf(x, lambda []float64, T float64) float64
}
