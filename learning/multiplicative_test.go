package learning

import (
	"math"
	"testing"
)

// TestPredictMultiplicative1D checks the 1-D closed form
// Var = eta s^2 / (2 a - eta a^2 - eta Var(a_B)), Var(a_B) = f Var_n(a_n)/B,
// and that with constant per-example curvature it reduces to Predict's
// exact value.
func TestPredictMultiplicative1D(t *testing.T) {
	an := []float64{0.5, 1.5, 2.0, 0.2, 0.8} // per-example curvatures
	N, B, eta, s2 := len(an), 2, 0.3, 0.7
	a, a2 := 0.0, 0.0
	for _, v := range an {
		a += v / float64(N)
		a2 += v * v / float64(N)
	}
	m2, err := HessianNoise(an, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, withRep := range []bool{true, false} {
		f := 1.0
		if !withRep {
			f = float64(N-B) / float64(N-1)
		}
		varB := f * (a2 - a*a) / float64(B)
		want := eta * s2 / (2*a - eta*a*a - eta*varB)
		p, err := PredictMultiplicative([]float64{a}, m2, []float64{s2}, eta, N, B, withRep)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(p.Cov[0]-want) > 1e-14*want {
			t.Errorf("withRep=%v: var %.16g, want %.16g", withRep, p.Cov[0], want)
		}
		if math.Abs(p.T-a*want) > 1e-14 {
			t.Errorf("T %v want %v", p.T, a*want)
		}
	}
	// constant curvature: no multiplicative noise
	const2 := []float64{1.2, 1.2, 1.2}
	m2c, _ := HessianNoise(const2, 1)
	p, _ := PredictMultiplicative([]float64{1.2}, m2c, []float64{0.4}, 0.5, 3, 1, true)
	q, _ := Predict([]float64{1.2}, []float64{0.4}, 0.5, true)
	if math.Abs(p.T-q.T) > 1e-14 {
		t.Errorf("constant curvature: %v vs Predict %v", p.T, q.T)
	}
}

// TestPredictMultiplicative2D: with per-example Hessians all equal the 2-D
// solution equals Predict's exact discrete Lyapunov solution.
func TestPredictMultiplicative2D(t *testing.T) {
	h := []float64{2, 0.5, 0.5, 1}
	hs := append(append([]float64(nil), h...), h...)
	m2, _ := HessianNoise(hs, 2)
	sig := []float64{0.3, 0.1, 0.1, 0.2}
	p, err := PredictMultiplicative(h, m2, sig, 0.4, 2, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := Predict(h, sig, 0.4, true)
	for i := range p.Cov {
		if math.Abs(p.Cov[i]-q.Cov[i]) > 1e-13 {
			t.Fatalf("cov %v vs %v", p.Cov, q.Cov)
		}
	}
}
