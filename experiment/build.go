package experiment

import (
	"fmt"
	"math"

	"github.com/thermosim/thermosim/langevin"
	"github.com/thermosim/thermosim/models"
	"github.com/thermosim/thermosim/scenarios"
	"github.com/thermosim/thermosim/sim"
)

// Build returns the engine configuration of a scenario (one sweep point).
func Build(s *scenarios.Scenario) (*sim.Config, error) {
	kind, ok := models.Lookup(s.Model.Kind)
	if !ok {
		return nil, fmt.Errorf("model.kind: unknown model kind %q", s.Model.Kind)
	}
	m, err := kind.Build(s.Model.Dim, s.Model.Params)
	if err != nil {
		return nil, fmt.Errorf("model: %v", err)
	}
	dy := s.Dynamics
	K := dy.Steps
	cfg := &sim.Config{
		Seed: s.Seed, Model: m, Dt: dy.Dt, Steps: K, Gamma: dy.Friction, Mass: dy.Mass,
		Trajectories: s.Ensemble.Trajectories, RecordEvery: s.Record.Every,
	}
	if cfg.Mass == 0 {
		cfg.Mass = 1
	}
	// Protocol grid: lambda_k, T_k, eta_k, B_k at t_k = k dt.
	duration := float64(K) * dy.Dt
	if s.Protocol != nil && s.Protocol.Duration > 0 {
		duration = s.Protocol.Duration
	}
	cfg.Lambda = make([][]float64, K+1)
	cfg.Temp = make([]float64, K+1)
	learning := dy.Kind == scenarios.GD || dy.Kind == scenarios.SGD || dy.Kind == scenarios.SGLD || dy.Kind == scenarios.NaturalGradient
	if learning {
		cfg.Eta = make([]float64, K+1)
		cfg.BatchSize = make([]int, K+1)
	}
	var sched map[string]scenarios.Schedule
	if s.Protocol != nil {
		sched = s.Protocol.Schedule
	}
	for name := range sched {
		if m.ControlIndex(name) < 0 && name != "temperature" && name != "learning_rate" && name != "batch_size" {
			return nil, fmt.Errorf("protocol.schedule.%s: not a control of model %s", name, m.Kind)
		}
	}
	for k := 0; k <= K; k++ {
		t := float64(k) * dy.Dt
		lam := append([]float64(nil), m.Lambda0...)
		for name, sc := range sched {
			if i := m.ControlIndex(name); i >= 0 {
				lam[i] = sc.At(t, duration)
			}
		}
		cfg.Lambda[k] = lam
		cfg.Temp[k] = dy.Temperature
		if sc, ok := sched["temperature"]; ok {
			cfg.Temp[k] = sc.At(t, duration)
		}
		if learning {
			cfg.Eta[k] = dy.LearningRate
			if sc, ok := sched["learning_rate"]; ok {
				cfg.Eta[k] = sc.At(t, duration)
			}
			cfg.BatchSize[k] = dy.BatchSize
			if sc, ok := sched["batch_size"]; ok {
				cfg.BatchSize[k] = int(math.Round(sc.At(t, duration)))
			}
		}
	}
	// Share identical consecutive lambda vectors so the engine sees that the
	// controls did not move (no work) without comparing floats twice.
	for k := 1; k <= K; k++ {
		if sim.SameControls(cfg.Lambda[k], cfg.Lambda[k-1]) {
			cfg.Lambda[k] = cfg.Lambda[k-1]
		}
	}
	pot := m.Potential
	switch dy.Kind {
	case scenarios.Overdamped:
		if dy.Integrator == "heun" {
			cfg.Integrator = &langevin.Heun{Pot: pot, Gamma: dy.Friction, Noise: dy.Noise}
		} else {
			cfg.Integrator = &langevin.EulerMaruyama{Pot: pot, Gamma: dy.Friction, Noise: dy.Noise}
		}
	case scenarios.Underdamped:
		g := dy.Friction
		if dy.Integrator == "leapfrog" {
			g = 0
		}
		cfg.Integrator = &langevin.BAOAB{Pot: pot, Gamma: g, Mass: cfg.Mass, Noise: dy.Noise}
	case scenarios.MALA:
		cfg.Integrator = &langevin.MALA{Pot: pot, Gamma: dy.Friction}
	case scenarios.GD:
		cfg.Integrator = langevin.NewGD(pot)
	case scenarios.SGD, scenarios.SGLD:
		loss, ok := pot.(langevin.Loss)
		if !ok {
			return nil, fmt.Errorf("dynamics.kind: %s needs a learning model with data, not %s", dy.Kind, m.Kind)
		}
		smp, err := langevin.ParseSampling(dy.Sampling)
		if err != nil {
			return nil, fmt.Errorf("dynamics.sampling: %v", err)
		}
		o := langevin.SGDOptions{Sampling: smp}
		if dy.Kind == scenarios.SGD {
			o.Momentum = dy.Momentum
		}
		if dy.Kind == scenarios.SGD {
			cfg.Integrator, err = langevin.NewSGD(loss, o)
		} else {
			cfg.Integrator, err = langevin.NewSGLD(loss, o)
		}
		if err != nil {
			return nil, fmt.Errorf("dynamics: %v", err)
		}
	case scenarios.NaturalGradient:
		ng, err := langevin.NewNaturalGradient(pot, langevin.NaturalOptions{Damping: dy.Damping})
		if err != nil {
			return nil, fmt.Errorf("dynamics: %v", err)
		}
		cfg.Integrator = ng
	default:
		return nil, fmt.Errorf("dynamics.kind: unknown %q", dy.Kind)
	}
	if cfg.Gamma == 0 {
		cfg.Gamma = 1 // learning dynamics: unused
	}
	cfg.NoEnergetics = learning
	cfg.KeepPaths = min(s.Record.Paths, s.Ensemble.Trajectories)
	cfg.Initial = sim.Initial{Kind: s.Initial.Kind, Point: s.Initial.Point, Mean: s.Initial.Mean, Cov: s.Initial.Cov}
	for _, ms := range s.Measure {
		if mk, ok := scenarios.LookupMeasure(ms.Name); ok && mk.NeedsStates {
			cfg.KeepStates = true
		}
		if ms.Name == "sgd" {
			cfg.KeepStates = true
		}
		if (ms.Name == "entropy" || ms.Name == "ift") && cfg.Integrator.Name() == "euler-maruyama" {
			cfg.PathLogRatio = true
		}
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := preflight(s, cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}

// preflight refuses, before anything runs, the combinations that a measure
// could only discover after the simulation.
func preflight(s *scenarios.Scenario, cfg *sim.Config) error {
	d := cfg.Model.Potential.Dim()
	for i, m := range s.Measure {
		switch m.Name {
		case "entropy":
			density, _ := m.Options["density"].(string)
			_, linear := cfg.Model.Potential.(langevin.Gaussian)
			if _, nc := cfg.Model.Potential.(langevin.NonConservative); nc {
				linear = false
			}
			switch {
			case density == "exact" && linear && cfg.Initial.Kind == "point":
				return fmt.Errorf("measure[%d].entropy: a point start has no density, so the system entropy -ln p(x_0, 0) is undefined: start from initial.kind gaussian or equilibrium", i)
			case density == "exact" && linear && cfg.Initial.Kind == "gaussian" && !diagonal(cfg.Initial.Cov) && d > 2:
				return fmt.Errorf("measure[%d].entropy: density exact needs a diagonal initial.cov (independent coordinates) in %d dimensions", i, d)
			case density == "exact" && !linear:
				if _, ok := cfg.Model.Potential.(models.Stationary); !ok || cfg.Initial.Kind != "equilibrium" {
					return fmt.Errorf("measure[%d].entropy: density exact needs a linear model, or a model with a known steady state started in it (initial.kind equilibrium); use histogram or kde", i)
				}
			case (density == "histogram" || density == "kde") && cfg.Integrator.Underdamped():
				return fmt.Errorf("measure[%d].entropy: density %s: underdamped dynamics need the phase-space density; use density exact with a linear model", i, density)
			case (density == "histogram" || density == "kde") && d > 2:
				return fmt.Errorf("measure[%d].entropy: density %s is available in 1-D and 2-D, not %d-D; use a linear model with density exact", i, density, d)
			}
		case "balance":
			if d > 2 {
				return fmt.Errorf("measure[%d].balance: binned transition counts are available in 1-D and 2-D, not %d-D", i, d)
			}
		}
	}
	return nil
}

func diagonal(c [][]float64) bool {
	for i := range c {
		for j := range c[i] {
			if i != j && c[i][j] != 0 {
				return false
			}
		}
	}
	return true
}

// needsReverse reports whether a scenario runs the reversed protocol.
func needsReverse(s *scenarios.Scenario) bool {
	if s.Ensemble.Reverse {
		return true
	}
	for _, m := range s.Measure {
		if mk, ok := scenarios.LookupMeasure(m.Name); ok && mk.NeedsReverse {
			return true
		}
	}
	return false
}
