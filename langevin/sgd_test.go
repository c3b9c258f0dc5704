package langevin_test

import (
	"math"
	"strconv"
	"testing"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/internal/rng"
	"github.com/thermosim/thermosim/langevin"
	"github.com/thermosim/thermosim/models"
)

// constFeature returns the one-parameter linear regression
// L = 1/(2N) sum_n (y_n - c theta)^2: curvature a = c^2, minimum
// theta* = ybar/c, per-example gradients g_n = c (c theta - y_n) whose
// deviations from the mean gradient c (ybar - y_n) do not depend on theta:
// minibatch SGD on it is linear with additive noise of per-example variance
// sigma^2 = c^2 (1/N) sum_n (y_n - ybar)^2.
func constFeature(n int, c float64, seed uint64) (l *models.LinearRegression, a, thetaStar, sigma2 float64) {
	d := &models.Dataset{X: make([]float64, n), Y: make([]float64, n), N: n, F: 1}
	src := rng.Stream(seed, "test-data", 0)
	ybar := 0.0
	for i := range d.Y {
		d.X[i] = c
		d.Y[i] = 1 + src.Norm()
		ybar += d.Y[i] / float64(n)
	}
	for _, y := range d.Y {
		sigma2 += c * c * (y - ybar) * (y - ybar) / float64(n)
	}
	return &models.LinearRegression{Data: d}, c * c, ybar / c, sigma2
}

// stationary runs integ on traj trajectories started at x0, discards burn
// steps, then every `every` steps adds f(theta) of each trajectory to that
// trajectory's running mean. It returns the mean over trajectories of the
// per-trajectory means with the standard error from their spread: the
// trajectories are independent, so the error is honest whatever the
// autocorrelation within a trajectory.
func stationary(integ langevin.Integrator, ctrl *langevin.Control, traj, burn, steps, every int, x0 []float64, seed uint64, fs ...func(theta []float64) float64) []estimate.Result {
	d := len(x0)
	b := langevin.NewBatch(traj, d, integ.Underdamped())
	for j := 0; j < traj; j++ {
		copy(b.X[j*d:], x0)
		b.Src[j] = rng.Stream(seed, "test", uint64(j))
		b.Index[j] = j
	}
	s := integ.NewScratch(traj)
	sums := make([][]float64, len(fs))
	for i := range sums {
		sums[i] = make([]float64, traj)
	}
	cnt := 0
	for k := 0; k < burn+steps; k++ {
		ctrl.Step = k
		integ.Step(b, ctrl, s)
		if k >= burn && (k-burn)%every == 0 {
			cnt++
			for j := 0; j < traj; j++ {
				for i, f := range fs {
					sums[i][j] += f(b.X[j*d : (j+1)*d])
				}
			}
		}
	}
	out := make([]estimate.Result, len(fs))
	for i := range fs {
		for j := range sums[i] {
			sums[i][j] /= float64(cnt)
		}
		out[i] = estimate.Mean(sums[i])
	}
	return out
}

// exactVar is the exact stationary variance of theta_{k+1} = theta_k -
// eta (a (theta_k - theta*) + noise_k) with i.i.d. noise of variance s2:
// Var = eta^2 s2 / (1 - (1 - eta a)^2) = eta s2 / (a (2 - eta a)).
func exactVar(eta, a, s2 float64) float64 { return eta * s2 / (a * (2 - eta*a)) }

func within(t *testing.T, what string, r estimate.Result, want, k float64) {
	t.Helper()
	if math.Abs(r.Value-want) > k*r.StdErr {
		t.Errorf("%s: measured %.6g ± %.2g, exact %.6g (%.1f standard errors)", what, r.Value, r.StdErr, want, (r.Value-want)/r.StdErr)
	} else {
		t.Logf("%s: measured %.6g ± %.2g, exact %.6g (%+.2f se)", what, r.Value, r.StdErr, want, (r.Value-want)/r.StdErr)
	}
}

// TestSGDStationaryVarianceExact: one-parameter linear regression with real
// minibatches. The per-step gradient noise has variance
// sigma_B^2 = sigma^2/B (N-B)/(N-1) without replacement (the finite-population
// factor of sampling B of N without replacement; Cochran, Sampling
// Techniques, 1977, eq. 2.8) and sigma^2/B with replacement, and the
// stationary variance of theta is exactly eta sigma_B^2 / (a (2 - eta a)).
func TestSGDStationaryVarianceExact(t *testing.T) {
	const n = 20
	cases := []struct {
		c, eta float64
		b      int
		s      langevin.Sampling
	}{
		{1, 0.4, 5, langevin.WithoutReplacement},
		{1.5, 0.5, 10, langevin.WithoutReplacement}, // eta a = 1.125: far from small eta
		{1, 0.4, 5, langevin.WithReplacement},
		{0.8, 1.0, 3, langevin.WithReplacement},
	}
	for i, c := range cases {
		l, a, ts, s2 := constFeature(n, c.c, 11)
		sgd, err := langevin.NewSGD(l, langevin.SGDOptions{Sampling: c.s})
		if err != nil {
			t.Fatal(err)
		}
		fpc := float64(n-c.b) / float64(n-1)
		right, wrong := s2/float64(c.b), s2/float64(c.b)*fpc
		if c.s == langevin.WithoutReplacement {
			right, wrong = wrong, right
		}
		relax := int(math.Ceil(1 / (c.eta * a * (2 - c.eta*a)))) // 1/(1 - rho^2) steps
		got := stationary(sgd, &langevin.Control{Eta: c.eta, BatchSize: c.b}, 300, 30*relax, 400*relax, 1, []float64{ts}, uint64(100+i),
			func(th []float64) float64 { return (th[0] - ts) * (th[0] - ts) })[0]
		want := exactVar(c.eta, a, right)
		within(t, c.s.String()+" Var theta", got, want, 4)
		// Negative control: the other sampling's noise is excluded.
		if alt := exactVar(c.eta, a, wrong); math.Abs(got.Value-alt) < 8*got.StdErr {
			t.Errorf("%v: cannot tell the sampling schemes apart: %v vs %v", c.s, got, alt)
		}
	}
}

// TestSGDBatchTemperatureScaling: the effective temperature T_eff = a Var
// (equipartition in 1-D) with replacement is eta sigma^2 / (B (2 - eta a)):
// B T_eff is constant across B at fixed eta; at fixed eta/B, T_eff is
// constant only up to the large-eta factor 2/(2 - eta a), which the
// measurement resolves.
func TestSGDBatchTemperatureScaling(t *testing.T) {
	l, a, ts, s2 := constFeature(40, 1, 12)
	sgd, _ := langevin.NewSGD(l, langevin.SGDOptions{Sampling: langevin.WithReplacement})
	teff := func(eta float64, b int, seed uint64) estimate.Result {
		relax := int(math.Ceil(1 / (eta * a * (2 - eta*a))))
		return stationary(sgd, &langevin.Control{Eta: eta, BatchSize: b}, 200, 30*relax, 300*relax, 1, []float64{ts}, seed,
			func(th []float64) float64 { return a * (th[0] - ts) * (th[0] - ts) })[0]
	}
	const eta = 0.2
	bt := eta * s2 / (2 - eta*a) // B T_eff, the same for every B
	for _, b := range []int{1, 2, 4, 8} {
		r := teff(eta, b, uint64(b))
		r.Value *= float64(b)
		r.StdErr *= float64(b)
		within(t, "fixed eta: B T_eff at B="+strconv.Itoa(b), r, bt, 4)
	}
	// Fixed eta/B = 0.1: T_eff = 0.1 sigma^2 / (2 - eta a) rises with eta.
	t1, t8 := teff(0.1, 1, 21), teff(0.8, 8, 28)
	within(t, "fixed eta/B: T_eff at B=1", t1, 0.1*s2/(2-0.1*a), 4)
	within(t, "fixed eta/B: T_eff at B=8", t8, 0.1*s2/(2-0.8*a), 4)
	if d := t8.Value - t1.Value; d < 8*math.Hypot(t1.StdErr, t8.StdErr) {
		t.Errorf("T_eff at fixed eta/B should rise by the large-eta factor: %v -> %v", t1, t8)
	}
}

// TestMomentumStationaryVariance: heavy-ball SGD on the same quadratic is the
// AR(2) process theta_{k+1} = (1 + mu - eta a) theta_k - mu theta_{k-1} -
// eta noise_k, whose variance is (1 - phi2)/(1 + phi2) s^2 / ((1 - phi2)^2 -
// phi1^2) (Box & Jenkins, Time Series Analysis, 1976, eq. 3.2.28) with
// phi1 = 1 + mu - eta a, phi2 = -mu, s^2 = eta^2 sigma_B^2:
// Var = eta sigma_B^2 (1 + mu) / ((1 - mu) a (2 (1 + mu) - eta a)).
func TestMomentumStationaryVariance(t *testing.T) {
	l, a, ts, s2 := constFeature(20, 1, 13)
	const eta, mu, b = 0.2, 0.6, 4
	sgd, err := langevin.NewSGD(l, langevin.SGDOptions{Sampling: langevin.WithReplacement, Momentum: mu})
	if err != nil {
		t.Fatal(err)
	}
	got := stationary(sgd, &langevin.Control{Eta: eta, BatchSize: b}, 300, 2000, 40000, 1, []float64{ts}, 5,
		func(th []float64) float64 { return (th[0] - ts) * (th[0] - ts) })[0]
	sb := s2 / b
	want := eta * sb * (1 + mu) / ((1 - mu) * a * (2*(1+mu) - eta*a))
	within(t, "heavy ball Var theta", got, want, 4)
}

// TestMinibatchDraws checks the index sets: without replacement B distinct
// indices, reshuffle covers every example once per epoch, and every scheme
// is deterministic given the trajectory's generator.
func TestMinibatchDraws(t *testing.T) {
	l, _, _, _ := constFeature(12, 1, 1)
	rec := &recorder{LinearRegression: l}
	for _, s := range []langevin.Sampling{langevin.WithoutReplacement, langevin.WithReplacement, langevin.Reshuffle} {
		sgd, _ := langevin.NewSGD(rec, langevin.SGDOptions{Sampling: s})
		b := langevin.NewBatch(1, 1, false)
		b.Src[0] = rng.Stream(3, "draws", 0)
		sc := sgd.NewScratch(1)
		rec.batches = nil
		for k := 0; k < 6; k++ {
			sgd.Step(b, &langevin.Control{Eta: 0.1, BatchSize: 4}, sc)
		}
		seen := map[int]int{}
		for k, bt := range rec.batches {
			if len(bt) != 4 {
				t.Fatalf("%v: batch of %d", s, len(bt))
			}
			set := map[int]bool{}
			for _, i := range bt {
				set[i] = true
				seen[i]++
			}
			if s != langevin.WithReplacement && len(set) != 4 {
				t.Errorf("%v: step %d repeats an index: %v", s, k, bt)
			}
			if s == langevin.Reshuffle && k%3 == 2 {
				for i := 0; i < 12; i++ {
					if seen[i] != 1 {
						t.Errorf("reshuffle: epoch %d used example %d %d times", k/3, i, seen[i])
					}
				}
				seen = map[int]int{}
			}
		}
	}
	if err := langevin.CheckBatchSize(13, 12, langevin.WithoutReplacement); err == nil {
		t.Error("batch larger than the data accepted")
	}
	if err := langevin.CheckBatchSize(13, 12, langevin.WithReplacement); err != nil {
		t.Error(err)
	}
	if _, err := langevin.ParseSampling("bootstrap"); err == nil {
		t.Error("unknown sampling accepted")
	}
}

type recorder struct {
	*models.LinearRegression
	batches [][]int
}

func (r *recorder) BatchGradient(dst, theta []float64, idx []int) {
	r.batches = append(r.batches, append([]int(nil), idx...))
	r.LinearRegression.BatchGradient(dst, theta, idx)
}

// TestGDIsExact: GD on a quadratic loss contracts theta - theta* by exactly
// (1 - eta a) per step.
func TestGDIsExact(t *testing.T) {
	l, a, ts, _ := constFeature(10, 1.3, 2)
	gd := langevin.NewGD(l)
	b := langevin.NewBatch(2, 1, false)
	b.X[0], b.X[1] = ts+1, ts-2
	sc := gd.NewScratch(2)
	const eta = 0.3
	for k := 0; k < 20; k++ {
		gd.Step(b, &langevin.Control{Eta: eta}, sc)
	}
	f := math.Pow(1-eta*a, 20)
	if math.Abs(b.X[0]-ts-f) > 1e-12 || math.Abs(b.X[1]-ts+2*f) > 1e-12 {
		t.Fatalf("GD: %v, want %v", []float64{b.X[0] - ts, b.X[1] - ts}, []float64{f, -2 * f})
	}
}

// TestSGLDSamplesPosterior: SGLD at T on 1-D logistic regression samples
// exp(-N L / T) (Welling & Teh 2011). The posterior's first two moments are
// computed by adaptive quadrature. At eta = 0.01 the discretisation bias of
// the variance is about eta U”/(2N) ~ 0.2% and the extra variance from the
// minibatch noise about eta N sigma_B^2 / (2T) ~ 0.3%, below the standard
// errors here (~1%).
func TestSGLDSamplesPosterior(t *testing.T) {
	m, err := buildKind("logistic-regression", models.Values{"data": models.DataSpec{Synthetic: "logistic", N: 20, Features: 1, Seed: 4}, "l2": 0.1})
	if err != nil {
		t.Fatal(err)
	}
	l := m.Potential.(langevin.Loss)
	const temp = 1.0
	n := float64(l.Examples())
	m1, m2 := posteriorMoments(func(th float64) float64 { return n * energy1(l, th) / temp })
	sgld, _ := langevin.NewSGLD(l, langevin.SGDOptions{Sampling: langevin.WithoutReplacement})
	got := stationary(sgld, &langevin.Control{Eta: 0.01, BatchSize: 5, T: temp}, 200, 5000, 30000, 5, []float64{m1}, 9,
		func(th []float64) float64 { return th[0] }, func(th []float64) float64 { return th[0] * th[0] })
	within(t, "SGLD <theta>", got[0], m1, 4)
	within(t, "SGLD <theta^2>", got[1], m2, 4)
}

func buildKind(kind string, p models.Values) (*models.Model, error) {
	k, _ := models.Lookup(kind)
	for _, prm := range k.Params {
		if _, ok := p[prm.Name]; !ok && prm.Default != nil {
			p[prm.Name] = prm.Default
		}
	}
	return k.Build(0, p)
}

func energy1(l langevin.Potential, th float64) float64 {
	e := []float64{0}
	l.Energy(e, []float64{th}, nil)
	return e[0]
}

// posteriorMoments returns the first two moments of exp(-u(theta)) by
// adaptive Gauss–Kronrod quadrature over a range where the density is
// negligible outside.
func posteriorMoments(u func(float64) float64) (m1, m2 float64) {
	// locate the mode on a grid, then integrate +-40 around it
	best, umin := 0.0, math.Inf(1)
	for x := -20.0; x <= 20; x += 1e-3 {
		if v := u(x); v < umin {
			best, umin = x, v
		}
	}
	lo, hi := best-40, best+40
	p := func(x float64) float64 { return math.Exp(-(u(x) - umin)) }
	z := models.Integrate(p, lo, hi, 1e-12)
	m1 = models.Integrate(func(x float64) float64 { return x * p(x) }, lo, hi, 1e-12) / z
	m2 = models.Integrate(func(x float64) float64 { return x * x * p(x) }, lo, hi, 1e-12) / z
	return m1, m2
}

func benchSGD(b *testing.B, integ langevin.Integrator, bs int, temp float64) {
	const n = 64
	bt := langevin.NewBatch(n, 10, integ.Underdamped())
	for j := 0; j < n; j++ {
		bt.Src[j] = rng.Stream(1, "bench", uint64(j))
	}
	sc := integ.NewScratch(n)
	c := &langevin.Control{Eta: 0.01, BatchSize: bs, T: temp}
	b.ReportAllocs()
	for b.Loop() {
		integ.Step(bt, c, sc)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/traj-step")
}

func logistic1000() *models.LogisticRegression {
	d, _ := models.LoadData(models.DataSpec{Synthetic: "logistic", N: 1000, Features: 10, Seed: 1})
	return &models.LogisticRegression{Data: d, L2: 0.01}
}

func BenchmarkSGDWithoutReplacement(b *testing.B) {
	s, _ := langevin.NewSGD(logistic1000(), langevin.SGDOptions{Sampling: langevin.WithoutReplacement})
	benchSGD(b, s, 32, 0)
}

func BenchmarkSGDReshuffle(b *testing.B) {
	s, _ := langevin.NewSGD(logistic1000(), langevin.SGDOptions{Sampling: langevin.Reshuffle})
	benchSGD(b, s, 32, 0)
}

func BenchmarkMomentumSGD(b *testing.B) {
	s, _ := langevin.NewSGD(logistic1000(), langevin.SGDOptions{Sampling: langevin.WithReplacement, Momentum: 0.9})
	benchSGD(b, s, 32, 0)
}

func BenchmarkSGLD(b *testing.B) {
	s, _ := langevin.NewSGLD(logistic1000(), langevin.SGDOptions{})
	benchSGD(b, s, 32, 1)
}

func BenchmarkGD(b *testing.B) {
	benchSGD(b, langevin.NewGD(logistic1000()), 0, 0)
}
