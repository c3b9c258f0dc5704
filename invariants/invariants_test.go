package invariants

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestMonitorEps(t *testing.T) {
	m := NewMonitor("Q", 0)
	m.Record(0, 2)
	m.Record(1, 2.5)
	m.Record(2, 1)
	if got := m.MaxViolation(); got != 0.5 {
		t.Errorf("max eps = %v, want 0.5", got)
	}
	if got := m.FinalViolation(); got != 0.5 {
		t.Errorf("final eps = %v, want 0.5", got)
	}
	// Q0 = 0: the scale-normalised form.
	z := NewMonitor("x^2-y^2", 4)
	z.Record(0, 0)
	z.Record(1, 1e-3)
	if got := z.Eps(1); got != 2.5e-4 {
		t.Errorf("scale-normalised eps = %v, want 2.5e-4", got)
	}
	// Linear drift Q = 3 + 0.5 t: slope 0.5 / 3.
	d := NewMonitor("d", 0)
	for i := 0; i < 10; i++ {
		d.Record(float64(i), 3+0.5*float64(i))
	}
	if got := d.Drift(); math.Abs(got-0.5/3) > 1e-15 {
		t.Errorf("drift = %v, want %v", got, 0.5/3)
	}
}

// E(t) = e^{-2 g t}, D(t) = 2 g e^{-2 g t}: the balance residual is the
// trapezoid error, (dt^2/12) int D” ~ O(dt^2).
func TestBalanceResidualQuadratureOrder(t *testing.T) {
	g := 0.7
	res := func(dt float64) float64 {
		var b Balance
		for i := 0; i <= int(math.Round(5/dt)); i++ {
			s := float64(i) * dt
			b.Record(s, math.Exp(-2*g*s), 2*g*math.Exp(-2*g*s))
		}
		return b.MaxRelativeResidual(0)
	}
	r1, r2 := res(0.01), res(0.005)
	if r1 > 1e-4 || math.Abs(r1/r2-4) > 0.01 {
		t.Errorf("residuals %.3g, %.3g: want O(dt^2)", r1, r2)
	}
}

// A harmonic orbit q = A cos(w t), p = -A w sin(w t) has J = pi A^2 w = 2 pi E / w.
func TestLoopActionHarmonic(t *testing.T) {
	a, w := 1.3, 2.0
	var q, p []float64
	for i := 0; i < 20000; i++ {
		s := float64(i) * 1e-3
		q = append(q, a*math.Cos(w*s+0.3))
		p = append(p, -a*w*math.Sin(w*s+0.3))
	}
	j, n, err := LoopAction(q, p, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := math.Pi * a * a * w
	if n != 5 || math.Abs(j-want)/want > 1e-5 {
		t.Errorf("J = %.9g over %d periods, want %.9g over 5", j, n, want)
	}
	if _, _, err := LoopAction(q[:100], p[:100], 0); err == nil {
		t.Error("no error for an orbit shorter than a period")
	}
}

// KL(N(0,1) || N(1, 4)) = 1/2 (1/4 + 1/4 - 1 + ln 4).
func TestGaussianKLClosedForm(t *testing.T) {
	s0 := mat.NewSymDense(1, []float64{1})
	s1 := mat.NewSymDense(1, []float64{4})
	got, err := GaussianKL([]float64{0}, s0, []float64{1}, s1)
	if err != nil {
		t.Fatal(err)
	}
	if want := 0.5 * (0.25 + 0.25 - 1 + math.Log(4)); math.Abs(got-want) > 1e-15 {
		t.Errorf("KL = %.17g, want %.17g", got, want)
	}
}

// The Gaussian-fit KL of two ensembles is unchanged by an invertible linear
// map applied to both (to rounding).
func TestEnsembleKLInvariantUnderLinearMap(t *testing.T) {
	x0 := []float64{0, 0, 1, 0.2, -0.5, 1, 0.3, -1, 2, 0.1, -1, 0.4}
	x1 := []float64{1, 1, 2, 0.5, 0.5, 2, 1.3, 0.1, 3, 1.1, 0.2, 1.4}
	a := [2][2]float64{{2, 1}, {-0.5, 0.7}}
	mp := func(x []float64) []float64 {
		y := make([]float64, len(x))
		for j := 0; j < len(x)/2; j++ {
			y[2*j] = a[0][0]*x[2*j] + a[0][1]*x[2*j+1]
			y[2*j+1] = a[1][0]*x[2*j] + a[1][1]*x[2*j+1]
		}
		return y
	}
	k0, err := EnsembleKL(x0, x1, 2)
	if err != nil {
		t.Fatal(err)
	}
	k1, _ := EnsembleKL(mp(x0), mp(x1), 2)
	if math.Abs(k1-k0) > 1e-12*k0 {
		t.Errorf("KL %.17g -> %.17g under a linear map", k0, k1)
	}
}

// The Jacobian of a linear map is the matrix; a rotation-scaling by r has
// det r^2 and symplectic defect |r^2 - c|.
func TestFlowJacobianAndSymplecticDefect(t *testing.T) {
	r, th := 0.8, 0.4
	phi := func(dst, x []float64) error {
		dst[0] = r * (math.Cos(th)*x[0] - math.Sin(th)*x[1])
		dst[1] = r * (math.Sin(th)*x[0] + math.Cos(th)*x[1])
		return nil
	}
	j := mat.NewDense(2, 2, nil)
	if err := FlowJacobian(j, phi, []float64{0.3, -1}, 1e-4); err != nil {
		t.Fatal(err)
	}
	if d := mat.Det(j); math.Abs(d-r*r) > 1e-10 {
		t.Errorf("det = %.12g, want %.12g", d, r*r)
	}
	if s := SymplecticDefect(j, r*r); s > 1e-10 {
		t.Errorf("conformal defect %.3g", s)
	}
	if s := SymplecticDefect(j, 1); math.Abs(s-(1-r*r)) > 1e-10 {
		t.Errorf("defect %.12g, want %.12g", s, 1-r*r)
	}
}

func TestEtaLambdaMaxAndTrace(t *testing.T) {
	h := []float64{2, 1, 1, 2} // eigenvalues 1, 3
	got, err := EtaLambdaMax(0.5, h, 2)
	if err != nil || math.Abs(got-1.5) > 1e-14 {
		t.Errorf("eta lambda_max = %v (%v), want 1.5", got, err)
	}
	if got := EtaTraceG(0.5, h, 2); got != 2 {
		t.Errorf("eta tr G = %v, want 2", got)
	}
}

// Balanced initialisation W1 = W2^T gives C = 0 for square layers; C is
// W1 W1^T - W2^T W2 entry by entry.
func TestBalancedness(t *testing.T) {
	w1 := mat.NewDense(2, 3, []float64{1, 2, 0, -1, 0.5, 1})
	w2 := mat.NewDense(1, 2, []float64{0.3, -2})
	var c mat.Dense
	scale := Balancedness(&c, w1, w2)
	want := [2][2]float64{{5 - 0.09, -1 + 1 + 0.6}, {-1 + 1 + 0.6, 2.25 - 4}}
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			if math.Abs(c.At(i, j)-want[i][j]) > 1e-14 {
				t.Errorf("C[%d][%d] = %v, want %v", i, j, c.At(i, j), want[i][j])
			}
		}
	}
	if !(scale > 0) {
		t.Errorf("scale = %v", scale)
	}
}

func TestFisherMemoryMonotone(t *testing.T) {
	var f FisherMemory
	for i := 0; i < 100; i++ {
		s := 0.1 * float64(i)
		f.Record(s, math.Exp(-s)) // tr G falls, M rises
	}
	if f.MinIncrement() <= 0 {
		t.Errorf("M decreased: %v", f.MinIncrement())
	}
	if want := 1 - math.Exp(-9.9); math.Abs(f.M[99]-want) > 1e-3*want {
		t.Errorf("M = %v, want %v", f.M[99], want)
	}
}
