package models

import (
	"math"
	"strings"
	"testing"

	"github.com/thermosim/thermosim/internal/rng"
	"github.com/thermosim/thermosim/langevin"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

func TestCSVAnscombe(t *testing.T) {
	d, err := LoadData(DataSpec{File: "testdata/anscombe1.csv", Target: "y"})
	if err != nil {
		t.Fatal(err)
	}
	if d.N != 11 || d.F != 2 || d.Names[0] != "intercept" || d.Names[1] != "x" {
		t.Fatalf("N=%d F=%d names=%v", d.N, d.F, d.Names)
	}
	if d.X[2*2+1] != 13 || d.Y[2] != 7.58 {
		t.Fatalf("row 3 = %v, %v", d.Row(2), d.Y[2])
	}
	// Least squares in closed form: b1 = Sxy/Sxx, b0 = ybar - b1 xbar.
	var sx, sy float64
	for n := 0; n < d.N; n++ {
		sx += d.X[2*n+1]
		sy += d.Y[n]
	}
	xb, yb := sx/11, sy/11
	var sxx, sxy float64
	for n := 0; n < d.N; n++ {
		dx := d.X[2*n+1] - xb
		sxx += dx * dx
		sxy += dx * (d.Y[n] - yb)
	}
	b1 := sxy / sxx
	b0 := yb - b1*xb
	// The minimiser of the loss from its Fisher (= Hessian) and gradient at 0:
	// theta* = -H^{-1} grad L(0).
	l := &LinearRegression{Data: d}
	h := make([]float64, 4)
	l.Fisher(h, nil)
	g := make([]float64, 2)
	l.Gradient(g, []float64{0, 0}, nil)
	var th mat.VecDense
	if err := th.SolveVec(mat.NewDense(2, 2, h), mat.NewVecDense(2, []float64{-g[0], -g[1]})); err != nil {
		t.Fatal(err)
	}
	if math.Abs(th.AtVec(0)-b0) > 1e-10 || math.Abs(th.AtVec(1)-b1) > 1e-12 {
		t.Fatalf("minimiser %v, closed form (%v, %v)", th.RawVector().Data, b0, b1)
	}
	// Anscombe (1973): y = 3.00 + 0.500 x; to 4 digits 3.0001 and 0.5001.
	if math.Abs(b0-3.0001) > 5e-5 || math.Abs(b1-0.5001) > 5e-5 {
		t.Fatalf("fit %v + %v x, published 3.0001 + 0.5001 x", b0, b1)
	}
}

func TestCSVBadFiles(t *testing.T) {
	cases := []struct{ file, target, want string }{
		{"ragged.csv", "y", "testdata/ragged.csv:3: 2 fields, but the header has 3 columns"},
		{"nonnumber.csv", "y", `testdata/nonnumber.csv:4:3: column "x": "thirteen" is not a finite number`},
		{"notarget.csv", "y", `testdata/notarget.csv:1: no target column "y"; columns found: intercept, x, label`},
		{"empty.csv", "y", "testdata/empty.csv: empty file"},
		{"onerow.csv", "y", "testdata/onerow.csv: 1 data rows; need at least 2"},
		{"missing.csv", "y", "no such file"},
	}
	for _, c := range cases {
		_, err := LoadData(DataSpec{File: "testdata/" + c.file, Target: c.target})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.file, err, c.want)
		}
	}
	for _, spec := range []DataSpec{
		{},
		{Synthetic: "linear", File: "x.csv"},
		{Synthetic: "cubic", N: 10, Features: 1},
		{Synthetic: "linear", N: 1, Features: 1},
		{Synthetic: "linear", N: 10, Features: 0},
		{Synthetic: "logistic", N: 10, Features: 1, Noise: 0.1},
	} {
		if _, err := LoadData(spec); err == nil {
			t.Errorf("%+v: no error", spec)
		}
	}
}

func TestSyntheticDataDocumentedProcess(t *testing.T) {
	d, err := LoadData(DataSpec{Synthetic: "linear", N: 5, Features: 3, Noise: 0.5, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	// Replay the documented generating process draw by draw.
	src := rng.Stream(9, "data", 0)
	w := make([]float64, 3)
	src.NormFill(w)
	for n := 0; n < 5; n++ {
		x := make([]float64, 3)
		src.NormFill(x)
		y := x[0]*w[0] + x[1]*w[1] + x[2]*w[2] + 0.5*src.Norm()
		for i := range x {
			if x[i] != d.X[3*n+i] || w[i] != d.Truth[i] {
				t.Fatalf("example %d feature %d differs", n, i)
			}
		}
		if y != d.Y[n] {
			t.Fatalf("example %d: y %v, replay %v", n, d.Y[n], y)
		}
	}
	lg, err := LoadData(DataSpec{Synthetic: "logistic", N: 4000, Features: 2, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	// Labels are Bernoulli(sigma(z)); sum_n (y_n - sigma(z_n)) has mean 0 and
	// variance sum_n sigma(1-sigma): check within 4 standard deviations.
	var s, v float64
	for n := 0; n < lg.N; n++ {
		if lg.Y[n] != 0 && lg.Y[n] != 1 {
			t.Fatalf("label %v", lg.Y[n])
		}
		p := sigmoid(dot(lg.Truth, lg.Row(n)))
		s += lg.Y[n] - p
		v += p * (1 - p)
	}
	if math.Abs(s) > 4*math.Sqrt(v) {
		t.Fatalf("labels deviate from the logistic model: %v (sd %v)", s, math.Sqrt(v))
	}
}

// lossCases returns one loss of each kind, built through the registry.
func lossCases(t *testing.T) []langevin.Loss {
	t.Helper()
	lin := build(t, "linear-regression", 0, Values{"data": DataSpec{Synthetic: "linear", N: 37, Features: 3, Noise: 0.3, Seed: 1}})
	lg := build(t, "logistic-regression", 0, Values{"data": DataSpec{Synthetic: "logistic", N: 41, Features: 3, Seed: 2}, "l2": 0.05})
	two := build(t, "two-layer-linear", 0, Values{"data": DataSpec{Synthetic: "linear", N: 23, Features: 3, Noise: 0.1, Seed: 3}, "hidden": 2})
	var out []langevin.Loss
	for _, m := range []*Model{lin, lg, two} {
		out = append(out, m.Potential.(langevin.Loss))
	}
	return out
}

func relClose(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// TestLossGradients checks, for every loss, the full-batch gradient and
// each per-example gradient against gonum central differences (1e-7
// relative), BatchGradient against the mean of per-example gradients (plus
// the regulariser), and the batched evaluation against one state at a time.
func TestLossGradients(t *testing.T) {
	src := rng.Stream(5, "fd", 0)
	for _, l := range lossCases(t) {
		d := l.Dim()
		const ns = 3
		x := make([]float64, ns*d)
		src.NormFill(x)
		g := make([]float64, ns*d)
		l.Gradient(g, x, nil)
		e := make([]float64, ns)
		l.Energy(e, x, nil)
		for j := 0; j < ns; j++ {
			th := x[j*d : (j+1)*d]
			e1 := []float64{0}
			l.Energy(e1, th, nil)
			if e1[0] != e[j] {
				t.Errorf("%T: batched energy %v, single %v", l, e[j], e1[0])
			}
			f := func(y []float64) float64 { l.Energy(e1, y, nil); return e1[0] }
			want := fd.Gradient(nil, f, th, &fd.Settings{Formula: fd.Central, Step: 1e-5})
			for i := range want {
				if !relClose(g[j*d+i], want[i], 1e-7) {
					t.Errorf("%T state %d coord %d: gradient %g, finite difference %g", l, j, i, g[j*d+i], want[i])
				}
			}
			// Per-example gradients against differences of l_n, recovered
			// from the loss on a one-example data set.
			ge := make([]float64, d)
			sum := make([]float64, d)
			all := make([]int, l.Examples())
			for n := range all {
				all[n] = n
				l.ExampleGradient(ge, th, n)
				for i := range sum {
					sum[i] += ge[i] / float64(len(all))
				}
				if n%10 == 0 {
					one := single(l, n)
					fn := func(y []float64) float64 { one.Energy(e1, y, nil); return e1[0] }
					want := fd.Gradient(nil, fn, th, &fd.Settings{Formula: fd.Central, Step: 1e-5})
					reg := regGrad(l, th)
					for i := range want {
						if !relClose(ge[i], want[i]-reg[i], 1e-7) {
							t.Errorf("%T example %d coord %d: %g, finite difference %g", l, n, i, ge[i], want[i]-reg[i])
						}
					}
				}
			}
			bg := make([]float64, d)
			l.BatchGradient(bg, th, all)
			reg := regGrad(l, th)
			for i := range bg {
				if !relClose(bg[i], g[j*d+i], 1e-12) || !relClose(bg[i], sum[i]+reg[i], 1e-12) {
					t.Errorf("%T: full BatchGradient %g, Gradient %g, mean of examples %g", l, bg[i], g[j*d+i], sum[i]+reg[i])
				}
			}
			// A batch with a repeated index weights it twice.
			l.BatchGradient(bg, th, []int{1, 1, 4})
			g1, g4 := make([]float64, d), make([]float64, d)
			l.ExampleGradient(g1, th, 1)
			l.ExampleGradient(g4, th, 4)
			for i := range bg {
				if !relClose(bg[i], (2*g1[i]+g4[i])/3+reg[i], 1e-12) {
					t.Errorf("%T: repeated-index batch %g want %g", l, bg[i], (2*g1[i]+g4[i])/3+reg[i])
				}
			}
		}
	}
}

// single returns the same loss on the one-example data set {n}.
func single(l langevin.Loss, n int) langevin.Loss {
	sub := func(d *Dataset) *Dataset {
		return &Dataset{X: d.Row(n), Y: d.Y[n : n+1], N: 1, F: d.F}
	}
	switch l := l.(type) {
	case *LinearRegression:
		return &LinearRegression{Data: sub(l.Data)}
	case *LogisticRegression:
		return &LogisticRegression{Data: sub(l.Data), L2: l.L2}
	case *TwoLayerLinear:
		return &TwoLayerLinear{Data: sub(l.Data), Hidden: l.Hidden}
	}
	panic("unknown loss")
}

func regGrad(l langevin.Loss, th []float64) []float64 {
	r := make([]float64, len(th))
	if lg, ok := l.(*LogisticRegression); ok {
		for i := range r {
			r[i] = lg.L2 * th[i]
		}
	}
	return r
}

// TestFisherDefinitions checks each Fisher metric against its definition:
// linear and logistic regression against the Hessian of L (finite differences
// of the exact gradient; for these models the Fisher of the conditional model
// plus the regulariser's curvature equals the Hessian), the two-layer net
// against (1/N) sum J_n J_n^T with J_n from finite differences of the network
// output. The divergence of G^{-1} is checked against central differences of
// the inverse.
func TestFisherDefinitions(t *testing.T) {
	src := rng.Stream(6, "fisher", 0)
	for _, l := range lossCases(t) {
		fm := l.(langevin.FisherMetric)
		d := l.Dim()
		th := make([]float64, d)
		src.NormFill(th)
		g := make([]float64, d*d)
		fm.Fisher(g, th)
		want := mat.NewDense(d, d, nil)
		switch l := l.(type) {
		case *TwoLayerLinear:
			for n := 0; n < l.Data.N; n++ {
				xn := l.Data.Row(n)
				j := fd.Gradient(nil, func(y []float64) float64 { return l.out(y, xn) }, th, &fd.Settings{Formula: fd.Central, Step: 1e-5})
				for a := range j {
					for b := range j {
						want.Set(a, b, want.At(a, b)+j[a]*j[b]/float64(l.Data.N))
					}
				}
			}
		default:
			grad := func(dst, y []float64) { l.Gradient(dst, y, nil) }
			fd.Jacobian(want, grad, th, &fd.JacobianSettings{Formula: fd.Central, Step: 1e-5})
		}
		for a := 0; a < d; a++ {
			for b := 0; b < d; b++ {
				if !relClose(g[a*d+b], want.At(a, b), 1e-7) {
					t.Errorf("%T G[%d][%d] = %g, definition %g", l, a, b, g[a*d+b], want.At(a, b))
				}
			}
		}
		dv, ok := l.(langevin.FisherDivergence)
		if !ok {
			continue
		}
		inv := func(y []float64) *mat.Dense {
			gy := make([]float64, d*d)
			fm.Fisher(gy, y)
			var a mat.Dense
			if err := a.Inverse(mat.NewDense(d, d, gy)); err != nil {
				t.Fatal(err)
			}
			return &a
		}
		ginv := inv(th)
		div := make([]float64, d)
		dv.DivInverse(div, th, ginv.RawMatrix().Data)
		for i := 0; i < d; i++ {
			s := 0.0
			for j := 0; j < d; j++ {
				const h = 1e-5
				tp := append([]float64(nil), th...)
				tm := append([]float64(nil), th...)
				tp[j] += h
				tm[j] -= h
				s += (inv(tp).At(i, j) - inv(tm).At(i, j)) / (2 * h)
			}
			if math.Abs(div[i]-s) > 1e-7*math.Max(1, math.Abs(s)) {
				t.Errorf("%T div G^-1 [%d] = %g, finite difference %g", l, i, div[i], s)
			}
		}
	}
}

func TestLearningKindsRejectBadParams(t *testing.T) {
	k, _ := Lookup("logistic-regression")
	if _, err := k.Build(0, Values{"data": DataSpec{Synthetic: "linear", N: 5, Features: 1, Noise: 1}, "l2": 0.0}); err == nil || !strings.Contains(err.Error(), "0 or 1") {
		t.Errorf("logistic on real targets: %v", err)
	}
	if _, err := k.Build(0, Values{"data": DataSpec{Synthetic: "logistic", N: 5, Features: 1}, "l2": -1.0}); err == nil {
		t.Errorf("negative l2 accepted")
	}
	k, _ = Lookup("two-layer-linear")
	if _, err := k.Build(0, Values{"data": DataSpec{Synthetic: "linear", N: 5, Features: 1}, "hidden": 0}); err == nil {
		t.Errorf("hidden 0 accepted")
	}
	k, _ = Lookup("linear-regression")
	if _, err := k.Build(0, Values{}); err == nil {
		t.Errorf("missing data accepted")
	}
}

func BenchmarkLogisticBatchGradient(b *testing.B) {
	d, _ := LoadData(DataSpec{Synthetic: "logistic", N: 1000, Features: 10, Seed: 1})
	l := &LogisticRegression{Data: d, L2: 0.01}
	th := make([]float64, 10)
	g := make([]float64, 10)
	idx := make([]int, 32)
	for i := range idx {
		idx[i] = 7 * i
	}
	b.ReportAllocs()
	for b.Loop() {
		l.BatchGradient(g, th, idx)
	}
}
