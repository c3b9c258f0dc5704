package fluctuation

import (
	"math"
	"strings"
	"testing"

	"github.com/thermosim/thermosim/internal/rng"
)

// gaussian returns n samples of N(mu, v) from a fixed stream.
func gaussian(n int, mu, v float64, seed uint64) []float64 {
	src := rng.Stream(seed, "fluctuation-test", 0)
	s := make([]float64, n)
	sd := math.Sqrt(v)
	for j := range s {
		s[j] = mu + sd*src.Norm()
	}
	return s
}

func TestIFTExactSmall(t *testing.T) {
	// weights exp(-0) = 1 and exp(-ln 2) = 1/2: mean 3/4, sample variance
	// ((1/4)^2 + (1/4)^2) / 1 = 1/8, SE = sqrt(1/8 / 2) = 1/4.
	r := IFT([]float64{0, math.Ln2})
	if math.Abs(r.Value-0.75) > 1e-15 || math.Abs(r.StdErr-0.25) > 1e-15 || r.N != 2 {
		t.Fatalf("IFT = %+v, want 0.75 +- 0.25", r)
	}
	// Large samples must not overflow: s = -1000 + {0, ln 2}.
	r = LogIFT([]float64{-1000, -1000 + math.Ln2})
	if math.Abs(r.Value-(1000+math.Log(0.75))) > 1e-12 || math.Abs(r.StdErr-1.0/3) > 1e-12 {
		t.Fatalf("LogIFT = %+v, want %v +- 1/3", r, 1000+math.Log(0.75))
	}
	if r := IFT([]float64{1, math.NaN()}); !math.IsNaN(r.Value) || len(r.Warnings) == 0 {
		t.Fatalf("NaN sample: %+v", r)
	}
	if r := IFT(nil); !math.IsNaN(r.Value) || r.N != 0 {
		t.Fatalf("empty: %+v", r)
	}
}

func TestNegativeFractionExact(t *testing.T) {
	r := NegativeFraction([]float64{-1, 2, 3, -0.5, 0})
	if r.Value != 0.4 || math.Abs(r.StdErr-math.Sqrt(0.4*0.6/5)) > 1e-15 {
		t.Fatalf("got %+v", r)
	}
}

func TestJarzynskiExactSmall(t *testing.T) {
	// Delta F = -T ln((exp(-1/2) + exp(-1)) / 2) at T = 2.
	r := Jarzynski([]float64{1, 2}, 2)
	want := -2 * math.Log((math.Exp(-0.5)+math.Exp(-1))/2)
	if math.Abs(r.Value-want) > 1e-14 {
		t.Fatalf("got %v want %v", r.Value, want)
	}
	// delta method: T sd(w)/sqrt(2) / mean(w), w = exp(-W/T).
	w0, w1 := math.Exp(-0.5), math.Exp(-1)
	se := 2 * math.Sqrt((w0-w1)*(w0-w1)/2/2) / ((w0 + w1) / 2)
	if math.Abs(r.StdErr-se) > 1e-14 {
		t.Fatalf("stderr %v want %v", r.StdErr, se)
	}
}

func TestGaussianKLExact(t *testing.T) {
	// D(N(0,1) || N(1,2)) = 1/2 (1/2 + 1/2 - 1 - ln(1/2)) = ln(2)/2; a second
	// identical coordinate adds 0.
	got := GaussianKL([]float64{0, 3}, []float64{1, 5}, []float64{1, 3}, []float64{2, 5})
	if math.Abs(got-math.Ln2/2) > 1e-15 {
		t.Fatalf("got %v want %v", got, math.Ln2/2)
	}
}

// For Gaussian s with variance 2 <s>, <exp(-s)> = exp(-mu + sigma^2/2) = 1
// exactly (the moment generating function of the normal distribution; Seifert
// 2012, sec. 4 on Gaussian entropy production).
func TestIFTGaussianHolds(t *testing.T) {
	for _, mu := range []float64{0.25, 0.5, 1} {
		s := gaussian(100000, mu, 2*mu, 1)
		r := IFT(s)
		if z := (r.Value - 1) / r.StdErr; math.Abs(z) > 4 {
			t.Errorf("mu=%v: IFT = %v, %.1f standard errors from 1", mu, r, z)
		}
		if len(r.Warnings) != 0 {
			t.Errorf("mu=%v: unexpected warnings %q", mu, r.Warnings)
		}
		t.Logf("mu=%v: IFT = %v (z = %.2f), ESS/N = %.3g, VOV = %.3g", mu, r, (r.Value-1)/r.StdErr, WeightDiagnostics(neg(s)).ESS/1e5, WeightDiagnostics(neg(s)).VOV)
	}
}

func neg(s []float64) []float64 {
	a := make([]float64, len(s))
	for j, v := range s {
		a[j] = -v
	}
	return a
}

// With Var(s) != 2 <s> the IFT fails: <exp(-s)> = exp(-mu + v/2). The
// estimator must find that value, not 1.
func TestIFTGaussianFails(t *testing.T) {
	mu, v := 1.0, 1.0
	s := gaussian(100000, mu, v, 2)
	r := IFT(s)
	want := math.Exp(-mu + v/2)
	if z := (r.Value - want) / r.StdErr; math.Abs(z) > 4 {
		t.Errorf("IFT = %v, %.1f standard errors from exp(-1/2) = %v", r, z, want)
	}
	if z := (r.Value - 1) / r.StdErr; math.Abs(z) < 20 {
		t.Errorf("IFT = %v only %.1f standard errors from 1: the violation is not detected", r, z)
	}
}

// A wide entropy distribution (Var(s) = 2 <s> = 30) satisfies the IFT in
// theory, but N = 10^4 samples cannot show it: the estimate comes out far
// below 1 with an over-optimistic standard error. The warnings must say so.
func TestIFTWarnsWhenUnreliable(t *testing.T) {
	s := gaussian(10000, 15, 30, 3)
	r := IFT(s)
	joined := strings.Join(r.Warnings, "\n")
	for _, want := range []string{"effective sample size", "one trajectory carries", "variance of the weights"} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing warning %q in %q (IFT = %v)", want, r.Warnings, r)
		}
	}
	d := WeightDiagnostics(neg(s))
	t.Logf("IFT = %v, ESS = %.3g, max share = %.3g, VOV = %.3g", r, d.ESS, d.MaxShare, d.VOV)
}

// Jarzynski: for Gaussian work W ~ N(Delta F + s2/(2T), s2) the estimator
// returns Delta F (Jarzynski 1997; the Gaussian case is exact).
func TestJarzynskiGaussian(t *testing.T) {
	const T, dF, s2 = 2.0, -1.5, 1.0
	w := gaussian(100000, dF+s2/(2*T), s2, 4)
	r := Jarzynski(w, T)
	if z := (r.Value - dF) / r.StdErr; math.Abs(z) > 4 {
		t.Errorf("Jarzynski = %v, %.1f standard errors from %v", r, z, dF)
	}
}

// The detailed FT P(s)/P(-s) = exp(s) holds exactly for Gaussian s with
// Var = 2 mean: ((s+mu)^2 - (s-mu)^2) / (2 * 2 mu) = s.
func TestDetailedFTGaussian(t *testing.T) {
	s := gaussian(200000, 1, 2, 5)
	r, err := DetailedFT(s, 40, 10)
	if err != nil {
		t.Fatal(err)
	}
	if z := (r.Slope.Value - 1) / r.Slope.StdErr; math.Abs(z) > 4 {
		t.Errorf("slope %v, %.1f standard errors from 1", r.Slope, z)
	}
	if z := r.Intercept.Value / r.Intercept.StdErr; math.Abs(z) > 4 {
		t.Errorf("intercept %v, %.1f standard errors from 0", r.Intercept, z)
	}
	if len(r.Warnings) != 0 {
		t.Errorf("warnings %q", r.Warnings)
	}
	t.Logf("slope %v, intercept %v, chi2 %.3g / %d", r.Slope, r.Intercept, r.Chi2, r.DOF)

	// Var = mean (not 2 mean): ln P(s)/P(-s) = 2 s; the slope must be 2.
	s = gaussian(200000, 1, 1, 6)
	r, err = DetailedFT(s, 40, 10)
	if err != nil {
		t.Fatal(err)
	}
	if z := (r.Slope.Value - 2) / r.Slope.StdErr; math.Abs(z) > 4 {
		t.Errorf("slope %v, %.1f standard errors from 2", r.Slope, z)
	}

	if _, err := DetailedFT([]float64{1, 2, 3}, 10, 5); err == nil {
		t.Error("no error without negative samples")
	}
}

func TestRunningIFT(t *testing.T) {
	s := gaussian(1000, 0.5, 1, 7)
	pts := RunningIFT(s, 20)
	last := pts[len(pts)-1]
	full := IFT(s)
	if last.N != len(s) || math.Abs(last.Value-full.Value) > 1e-14 || math.Abs(last.StdErr-full.StdErr) > 1e-14 {
		t.Fatalf("last point %+v, IFT %+v", last, full)
	}
	if pts[0].N != 1 || math.Abs(pts[0].Value-math.Exp(-s[0])) > 1e-15 {
		t.Fatalf("first point %+v", pts[0])
	}
	for i := 1; i < len(pts); i++ {
		if pts[i].N <= pts[i-1].N {
			t.Fatalf("N not increasing at %d: %d then %d", i, pts[i-1].N, pts[i].N)
		}
	}
	if len(pts) < 15 || len(pts) > 21 {
		t.Fatalf("%d points for 20 asked", len(pts))
	}
}

func BenchmarkIFT(b *testing.B) {
	s := gaussian(10000, 1, 2, 8)
	b.ReportAllocs()
	for b.Loop() {
		IFT(s)
	}
}

// Hill's estimator on exact Pareto weights w = U^{-1/alpha} (P(w > y) =
// y^-alpha) recovers alpha within 4 standard errors alpha/sqrt(m) (Hill
// 1975), and IFT warns for alpha = 1.5 < 2 (infinite variance).
func TestTailIndexPareto(t *testing.T) {
	const alpha, n = 1.5, 100000
	src := rng.Stream(9, "pareto", 0)
	s := make([]float64, n)
	for j := range s {
		s[j] = math.Log(src.OpenFloat64()) / alpha // -ln w
	}
	d := WeightDiagnostics(neg(s))
	if z := (d.TailIndex - alpha) / d.TailIndexSE; math.Abs(z) > 4 {
		t.Errorf("tail index %v +- %v, want %v (z = %.1f)", d.TailIndex, d.TailIndexSE, alpha, z)
	}
	r := IFT(s)
	if !strings.Contains(strings.Join(r.Warnings, " "), "power-law tail") {
		t.Errorf("no tail warning for Pareto(1.5) weights: %q", r.Warnings)
	}
	t.Logf("Pareto(1.5): tail index %.3f +- %.3f from %d", d.TailIndex, d.TailIndexSE, d.TailCount)
}
