package langevin

import (
	"math"
	"testing"
)

// x' = A x with A a rotation-plus-decay generator has the closed form
// x(t) = e^{-a t} R(w t) x0.
func TestDormandPrinceLinearClosedForm(t *testing.T) {
	a, w := 0.3, 2.0
	f := func(dst, x []float64) {
		dst[0] = -a*x[0] - w*x[1]
		dst[1] = w*x[0] - a*x[1]
	}
	x := []float64{1, 0.5}
	st, err := DormandPrince{RTol: 1e-12, ATol: 1e-12}.Integrate(f, x, 0, 5)
	if err != nil {
		t.Fatal(err)
	}
	e := math.Exp(-a * 5)
	c, s := math.Cos(w*5), math.Sin(w*5)
	want := []float64{e * (c*1 - s*0.5), e * (s*1 + c*0.5)}
	for i := range x {
		if math.Abs(x[i]-want[i]) > 1e-10 {
			t.Errorf("x[%d] = %.15g, want %.15g", i, x[i], want[i])
		}
	}
	t.Logf("%+v", st)
}

// Gradient flow of U = 1/2 sum a_i x_i^2: x_i(t) = x_i(0) e^{-a_i t}.
func TestGradientFlowQuadratic(t *testing.T) {
	pot := quad{a: []float64{1, 4}}
	x := []float64{1, -2}
	if _, err := (DormandPrince{}).Integrate(GradientFlow(pot, nil), x, 0, 2); err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{math.Exp(-2), -2 * math.Exp(-8)} {
		if math.Abs(x[i]-want) > 1e-9 {
			t.Errorf("x[%d] = %.12g, want %.12g", i, x[i], want)
		}
	}
}

// Natural gradient on the Gaussian family, mu-component: mu' = -e^{2s}
// (mu - m) e^{-2s} = -(mu - m), so mu(t) - m = (mu0 - m) e^{-t} whatever s does.
func TestNaturalGradientFlowMean(t *testing.T) {
	g := gaussFamily{m: 0.5, v: 1}
	x := []float64{2, 0.7}
	if _, err := (DormandPrince{RTol: 1e-12, ATol: 1e-12}).Integrate(NaturalGradientFlow(g, g, nil), x, 0, 3); err != nil {
		t.Fatal(err)
	}
	if want := 0.5 + 1.5*math.Exp(-3); math.Abs(x[0]-want) > 1e-10 {
		t.Errorf("mu(3) = %.12g, want %.12g", x[0], want)
	}
}

type quad struct{ a []float64 }

func (q quad) Dim() int { return len(q.a) }
func (q quad) Energy(dst, x, _ []float64) {
	s := 0.0
	for i, a := range q.a {
		s += 0.5 * a * x[i] * x[i]
	}
	dst[0] = s
}
func (q quad) Gradient(dst, x, _ []float64) {
	for i, a := range q.a {
		dst[i] = a * x[i]
	}
}

// norm2 is Q = |x|^2.
type norm2 struct{}

func (norm2) Value(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return s
}
func (norm2) Gradient(dst, x []float64) {
	for i, v := range x {
		dst[i] = 2 * v
	}
}

// rayleigh is the scale-invariant loss L = 1/2 x^T A x / |x|^2; its gradient
// is orthogonal to x, so gradient flow conserves |x|^2.
type rayleigh struct{ a []float64 }

func (r rayleigh) Dim() int { return len(r.a) }
func (r rayleigh) Energy(dst, x, _ []float64) {
	n, s := 0.0, 0.0
	for i, a := range r.a {
		n += x[i] * x[i]
		s += a * x[i] * x[i]
	}
	dst[0] = 0.5 * s / n
}
func (r rayleigh) Gradient(dst, x, _ []float64) {
	n, s := 0.0, 0.0
	for i, a := range r.a {
		n += x[i] * x[i]
		s += a * x[i] * x[i]
	}
	for i, a := range r.a {
		dst[i] = (a*x[i] - s/n*x[i]) / n
	}
}

// Implicit midpoint keeps the quadratic invariant |x|^2 of a scale-invariant
// gradient flow to the fixed-point tolerance; GD and the seed's rescaled
// update raise it by eta^2 |grad L|^2 per step (Pythagoras, grad L ⟂ x).
func TestConservingSteps(t *testing.T) {
	pot := rayleigh{a: []float64{1, 2, 5}}
	x0 := []float64{1, 1, 1}
	q0 := norm2{}.Value(x0)
	eta := 0.05
	grad, tmp, work := make([]float64, 3), make([]float64, 3), make([]float64, 9)

	x := append([]float64(nil), x0...)
	pot.Gradient(grad, x, nil)
	g2 := norm2{}.Value(grad)
	GradientStep(pot, x, grad, nil, eta)
	if got, want := (norm2{}).Value(x)-q0, eta*eta*g2; math.Abs(got-want) > 1e-14 {
		t.Errorf("GD: Q - Q0 = %.17g, want eta^2 |g|^2 = %.17g", got, want)
	}

	xr := append([]float64(nil), x0...)
	RescaledGradientStep(pot, norm2{}, q0, xr, grad, nil, eta)
	if d := (norm2{}).Value(xr) - q0; math.Abs(d-eta*eta*g2) > 1e-14 {
		t.Errorf("rescaled step at Q = Q0 should equal GD: drift %.3g", d)
	}

	xp := append([]float64(nil), x0...)
	xm := append([]float64(nil), x0...)
	f := GradientFlow(pot, nil)
	for k := 0; k < 200; k++ {
		if err := ProjectedGradientStep(pot, norm2{}, q0, xp, grad, tmp, nil, eta, 1e-15); err != nil {
			t.Fatal(err)
		}
		if err := ImplicitMidpointStep(f, xm, eta, 1e-15, 100, work); err != nil {
			t.Fatal(err)
		}
	}
	if d := math.Abs((norm2{}).Value(xp)-q0) / q0; d > 1e-14 {
		t.Errorf("projection: eps = %.3g", d)
	}
	if d := math.Abs((norm2{}).Value(xm)-q0) / q0; d > 1e-13 {
		t.Errorf("implicit midpoint: eps = %.3g", d)
	}
}

func BenchmarkImplicitMidpointStep(b *testing.B) {
	pot := rayleigh{a: []float64{1, 2, 5}}
	f := GradientFlow(pot, nil)
	x := []float64{1, 1, 1}
	work := make([]float64, 9)
	b.ReportAllocs()
	for b.Loop() {
		if err := ImplicitMidpointStep(f, x, 0.01, 1e-14, 100, work); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProjectedGradientStep(b *testing.B) {
	var pot Potential = rayleigh{a: []float64{1, 2, 5}}
	x := []float64{1, 1, 1}
	grad, tmp := make([]float64, 3), make([]float64, 3)
	b.ReportAllocs()
	for b.Loop() {
		if err := ProjectedGradientStep(pot, norm2{}, 3, x, grad, tmp, nil, 0.01, 1e-14); err != nil {
			b.Fatal(err)
		}
	}
}
