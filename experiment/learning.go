package experiment

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/langevin"
	"github.com/thermosim/thermosim/learning"
	"github.com/thermosim/thermosim/scenarios"
	"github.com/thermosim/thermosim/sim"
)

// minimum returns a minimiser theta* of the full-batch loss (BFGS from
// start, gradient tolerance 1e-10) and the Hessian there (central
// differences of the exact gradient, symmetrised).
func minimum(pot langevin.Potential, lam, start []float64) (theta, hess []float64, err error) {
	d := pot.Dim()
	e := []float64{0}
	p := optimize.Problem{
		Func: func(x []float64) float64 { pot.Energy(e, x, lam); return e[0] },
		Grad: func(g, x []float64) { pot.Gradient(g, x, lam) },
	}
	res, err := optimize.Minimize(p, start, &optimize.Settings{GradientThreshold: 1e-10}, &optimize.BFGS{})
	if err != nil && res == nil {
		return nil, nil, fmt.Errorf("minimising the loss: %v", err)
	}
	theta = res.X
	jac := mat.NewDense(d, d, nil)
	fd.Jacobian(jac, func(y, x []float64) { pot.Gradient(y, x, lam) }, theta, &fd.JacobianSettings{Formula: fd.Central})
	hess = make([]float64, d*d)
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			hess[i*d+j] = 0.5 * (jac.At(i, j) + jac.At(j, i))
		}
	}
	return theta, hess, nil
}

// sgdMeasure measures the effective temperature of the dynamics from the
// stationary fluctuations of the recorded states about the minimum, and
// predicts it from the minibatch gradient noise at the minimum.
func sgdMeasure(o *Outcome, m scenarios.Measure, cfg *sim.Config, fw *sim.Samples) error {
	if fw.States == nil {
		return fmt.Errorf("no recorded states")
	}
	d, n, R := fw.D, fw.N, len(fw.RecSteps)
	burn := 0.5
	if b, ok := m.Options["burn_in"].(float64); ok {
		burn = b
	}
	first := 0
	for first < R && float64(fw.RecSteps[first]) < burn*float64(cfg.Steps) {
		first++
	}
	if R-first < 1 {
		return fmt.Errorf("no recorded time after the burn-in")
	}
	lam := cfg.Lambda[cfg.Steps]
	start := make([]float64, d)
	for j := 0; j < n; j++ {
		for i := 0; i < d; i++ {
			start[i] += fw.XK[j*d+i] / float64(n)
		}
	}
	theta, hess, err := minimum(cfg.Model.Potential, lam, start)
	if err != nil {
		return err
	}
	chains := make([][]float64, n)
	for j := range chains {
		c := make([]float64, 0, (R-first)*d)
		for r := first; r < R; r++ {
			c = append(c, fw.State(j, r)...)
		}
		chains[j] = c
	}
	tm, err := learning.Measure(chains, theta, hess)
	if err != nil {
		return err
	}
	o.Metrics.Set("sgd.temperature", tm.Equipartition)
	for i, r := range tm.PerDirection {
		o.Metrics.Set(fmt.Sprintf("sgd.temperature.direction%d", i), r)
	}
	o.Metrics.Set("sgd.temperature.anisotropy", anisotropy(tm.PerDirection))
	// The prediction from the gradient noise: SGD and SGLD with real
	// minibatches (gradient descent has no noise; natural-gradient and
	// Langevin dynamics sample exp(-L/T) at their own temperature).
	loss, ok := cfg.Model.Potential.(langevin.Loss)
	if name := cfg.Integrator.Name(); !ok || cfg.Eta == nil || (name != "sgd" && name != "sgld") {
		return nil
	}
	N := loss.Examples()
	grads := make([]float64, N*d)
	for k := 0; k < N; k++ {
		loss.ExampleGradient(grads[k*d:(k+1)*d], theta, k)
	}
	sigma := make([]float64, d*d)
	if _, err := learning.GradientNoise(sigma, grads, d); err != nil {
		return err
	}
	B := cfg.BatchSize[cfg.Steps]
	eta := cfg.Eta[cfg.Steps]
	if B == 0 {
		B = N // gradient descent: no minibatch noise
	}
	withRep, inject := false, 0.0
	switch in := cfg.Integrator.(type) {
	case *langevin.SGD:
		withRep = in.Sampling == langevin.WithReplacement
		if in.Momentum != 0 {
			o.Notes = append(o.Notes, "sgd: the predictions are for plain SGD; with momentum the stationary state differs (docs/learning.md)")
			return nil
		}
	case *langevin.SGLD:
		withRep = in.Sampling == langevin.WithReplacement
		// the injected sqrt(2 eta T / N) xi is, per step, eta times a
		// gradient noise of covariance 2 T / (N eta) I
		inject = 2 * cfg.Temp[cfg.Steps] / (float64(N) * eta)
	}
	sigmaB := make([]float64, d*d)
	if err := learning.BatchNoise(sigmaB, sigma, N, B, withRep); err != nil {
		return err
	}
	for i := 0; i < d; i++ {
		sigmaB[i*d+i] += inject
	}
	if ex, err := learning.Predict(hess, sigmaB, eta, true); err == nil {
		o.Metrics.Set("sgd.temperature.predicted_additive", estimate.Exact(ex.T, N))
		o.Metrics.Set("sgd.temperature.predicted", estimate.Exact(ex.T, N))
	}
	// The minibatch also changes the curvature (multiplicative noise): the
	// exact prediction needs the per-example Hessians, by central
	// differences of the exact per-example gradients (d <= 10: the
	// stationary covariance solves a d^2 x d^2 system).
	if d <= 10 && (cfg.Integrator.Name() == "sgd" || cfg.Integrator.Name() == "sgld") {
		hs := make([]float64, N*d*d)
		jac := mat.NewDense(d, d, nil)
		for k := 0; k < N; k++ {
			fd.Jacobian(jac, func(y, x []float64) { loss.ExampleGradient(y, x, k) }, theta, &fd.JacobianSettings{Formula: fd.Central})
			for a := 0; a < d; a++ {
				for c := 0; c < d; c++ {
					hs[k*d*d+a*d+c] = 0.5 * (jac.At(a, c) + jac.At(c, a))
				}
			}
		}
		if m2, err := learning.HessianNoise(hs, d); err == nil {
			if mp, err := learning.PredictMultiplicative(hess, m2, sigmaB, eta, N, B, withRep); err == nil {
				o.Metrics.Set("sgd.temperature.predicted", estimate.Exact(mp.T, N))
				tm := tm.Equipartition
				o.Metrics.Set("sgd.temperature.vs_predicted", estimate.NewResult(tm.Value/mp.T, tm.StdErr/mp.T, tm.N))
				o.Notes = append(o.Notes, "sgd.temperature.predicted: exact discrete-time stationary state of linearised SGD including the fluctuation of the minibatch curvature (multiplicative noise); sgd.temperature.predicted_additive ignores it")
			} else {
				o.warn("sgd: %v", err)
			}
		}
	}
	if sm, err := learning.Predict(hess, sigmaB, eta, false); err == nil {
		o.Metrics.Set("sgd.temperature.predicted_small_eta", estimate.Exact(sm.T, N))
	}
	tr := 0.0
	for i := 0; i < d; i++ {
		tr += sigma[i*d+i]
	}
	o.Metrics.Set("sgd.gradient_noise.trace", estimate.Exact(tr, N))
	o.Metrics.Set("sgd.batch_temperature", estimate.NewResult(float64(B)*tm.Equipartition.Value, float64(B)*tm.Equipartition.StdErr, tm.Equipartition.N))
	return nil
}

// anisotropy is max_i T_i / min_i T_i, with a delta-method error from the
// two extreme directions (1 for a single temperature).
func anisotropy(ts []estimate.Result) estimate.Result {
	if len(ts) == 0 {
		return estimate.Exact(nan, 0)
	}
	lo, hi := 0, 0
	for i, t := range ts {
		if t.Value < ts[lo].Value {
			lo = i
		}
		if t.Value > ts[hi].Value {
			hi = i
		}
	}
	r := ts[hi].Value / ts[lo].Value
	se := r * math.Hypot(ts[hi].StdErr/ts[hi].Value, ts[lo].StdErr/ts[lo].Value)
	if lo == hi {
		se = 0
	}
	return estimate.NewResult(r, se, ts[lo].N)
}
