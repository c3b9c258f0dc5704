package models

import (
	"math"
	"testing"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/internal/rng"
	"gonum.org/v1/gonum/diff/fd"
)

func build(t *testing.T, kind string, dim int, p Values) *Model {
	t.Helper()
	k, ok := Lookup(kind)
	if !ok {
		t.Fatalf("no kind %s", kind)
	}
	for _, prm := range k.Params {
		if _, set := p[prm.Name]; !set && prm.Default != nil {
			p[prm.Name] = prm.Default
		}
	}
	m, err := k.Build(dim, p)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestGradientsMatchFiniteDifferences checks every potential's gradient
// against gonum's central differences on a batch of random states.
func TestGradientsMatchFiniteDifferences(t *testing.T) {
	cases := []struct {
		kind string
		dim  int
		p    Values
		lam  []float64
	}{
		{"harmonic", 1, Values{}, []float64{2.5, 0.3}},
		{"harmonic", 3, Values{}, []float64{0.7, -1.1}},
		{"quadratic", 4, Values{"curvatures": []float64{1, 2, 3, 10}, "coupling": 0.0}, nil},
		{"double-well", 1, Values{}, []float64{1.5, 0.2}},
		{"double-well", 3, Values{}, []float64{0.8, -0.4}},
		{"quadratic", 3, Values{"curvatures": []float64{1, 2, 3}, "coupling": 0.7}, nil},
	}
	src := rng.Stream(1, "fd", 0)
	for _, c := range cases {
		m := build(t, c.kind, c.dim, c.p)
		lam := c.lam
		if lam == nil {
			lam = m.Lambda0
		}
		d := m.Potential.Dim()
		const n = 5
		x := make([]float64, n*d)
		src.NormFill(x)
		g := make([]float64, n*d)
		m.Potential.Gradient(g, x, lam)
		for j := 0; j < n; j++ {
			f := func(y []float64) float64 {
				e := []float64{0}
				m.Potential.Energy(e, y, lam)
				return e[0]
			}
			want := fd.Gradient(nil, f, x[j*d:(j+1)*d], &fd.Settings{Formula: fd.Central, Step: 1e-5})
			for i := range want {
				if diff := math.Abs(g[j*d+i] - want[i]); diff > 1e-8*(1+math.Abs(want[i])) {
					t.Errorf("%s d=%d state %d coord %d: gradient %g, finite difference %g", c.kind, d, j, i, g[j*d+i], want[i])
				}
			}
		}
	}
}

func TestEnergiesExact(t *testing.T) {
	h := &Harmonic{D: 2}
	e := make([]float64, 2)
	h.Energy(e, []float64{1, 2, -1, 0}, []float64{2, 1})
	// k/2 |x-c|^2: (0 + 1) and (4 + 1)
	if e[0] != 1 || e[1] != 5 {
		t.Fatalf("harmonic %v", e)
	}
	w := &DoubleWell{D: 2}
	w.Energy(e[:1], []float64{2, 3}, []float64{1.5, 0.5})
	// 1.5 (4-1)^2 + 0.5*2 + 0.5*9 = 13.5 + 1 + 4.5
	if e[0] != 19 {
		t.Fatalf("double well %v", e[0])
	}
	q := &Quadratic{A: []float64{1, 4}}
	q.Energy(e[:1], []float64{2, 0.5}, nil)
	if e[0] != 2.5 {
		t.Fatalf("quadratic %v", e[0])
	}
}

func TestDoubleWellLogZ(t *testing.T) {
	// h -> small: compare with an independent trapezoid sum.
	for _, c := range [][3]float64{{1, 0, 1}, {2, 0.5, 0.7}, {0.3, -0.2, 2}} {
		h, b, T := c[0], c[1], c[2]
		s := 0.0
		const dx = 1e-4
		for x := -8.0; x <= 8; x += dx {
			u := x*x - 1
			s += math.Exp(-(h*u*u + b*x) / T)
		}
		want := math.Log(s * dx)
		if got := DoubleWellLogZ1(h, b, T); math.Abs(got-want) > 1e-9 {
			t.Errorf("logZ(%v) = %.12g, want %.12g", c, got, want)
		}
	}
	_ = estimate.Z95
}

func TestCoupledQuadratic(t *testing.T) {
	m := build(t, "quadratic", 0, Values{"curvatures": []float64{1, 2, 3}, "coupling": 0.5})
	q := m.Potential.(*CoupledQuadratic)
	e := []float64{0}
	q.Energy(e, []float64{1, 2, 1}, nil)
	// 1/2 (1 + 8 + 3) + 0.5*2 = 7
	if e[0] != 7 {
		t.Fatalf("energy %v", e[0])
	}
	// LogZ against the closed form with det H = (2 - 0.25) * 3
	want := 1.5*math.Log(2*math.Pi*0.7) - 0.5*math.Log(1.75*3)
	if got := q.LogZ(nil, 0.7); math.Abs(got-want) > 1e-14 {
		t.Fatalf("logZ %v want %v", got, want)
	}
	// Gibbs samples: covariance T H^{-1}; check <x1 x2> = -T c/det within 5 se
	src := rng.Stream(2, "cq", 0)
	const n = 200000
	x := make([]float64, 3)
	var m12 estimate.Moments
	for i := 0; i < n; i++ {
		q.SampleGibbs(x, nil, 1, &src)
		m12.Add(x[0] * x[1])
	}
	r := m12.MeanResult()
	if w := -0.5 / 1.75; math.Abs(r.Value-w) > 5*r.StdErr {
		t.Fatalf("<x1 x2> = %v ± %v, want %v", r.Value, r.StdErr, w)
	}
	k, _ := Lookup("quadratic")
	if _, err := k.Build(0, Values{"curvatures": []float64{1, 1}, "coupling": 2.0}); err == nil {
		t.Fatal("indefinite coupling accepted")
	}
}
