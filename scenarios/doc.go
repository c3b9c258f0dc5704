// Package scenarios reads thermosim's scenario files: YAML descriptions of
// one experiment (model, protocol, dynamics, initial state, ensemble, what to
// measure and what to expect), and suites of them. The format is the public
// contract of spec/scenarios.md; the full key reference is docs/scenarios.md.
//
// # Decoding
//
// Decode (in-memory input) and Load (files; suites and folders too) decode
// through the YAML node tree, so every problem carries its file, line and
// column, the dotted key path ("dynamics.dt", "measure[3].balance.bins",
// "sweep.grid.dynamics.batch_size[2]") and what was expected. Decoding is
// strict: unknown keys, wrong types, duplicate keys, missing required keys,
// out-of-range values and impossible combinations are errors, and all of a
// file's problems are returned at once as an ErrorList sorted by position.
// The model is built (models.Kind.Build) during validation, so parameter
// errors of a model kind and data sets that cannot be read are found before
// anything runs. Only this package imports the YAML library.
//
// # Defaults
//
// Every default is applied while decoding, so a Scenario is complete, and
// Marshal writes it back (the resolved copy saved with the results). The
// step count and the protocol duration tau are tied by
//
//	steps = round(tau / dt),  |steps - tau/dt| <= 1e-6 max(1, tau/dt),
//
// (give either; giving both that disagree is an error), and record.every
// defaults to ceil(steps / 100).
//
// # Protocols
//
// A schedule drives one control lambda (a schedulable model parameter, or
// temperature, learning_rate, batch_size) over t in [0, tau], s = t/tau:
//
//	linear  lambda(t) = from + (to - from) s
//	step    lambda(0) = from, lambda(t) = to for t > 0
//	cosine  lambda(t) = from + (to - from) (1 - cos(pi s)) / 2
//	table   piecewise linear through (t_i, v_i) in absolute time
//
// Work is done when lambda moves at fixed state (Sekimoto 1998; Seifert
// 2005): W = sum_k U(x_k, lambda_{k+1}) - U(x_k, lambda_k), so a step
// schedule does all its work on the first step, at the initial state (an
// instantaneous quench, the textbook test of Jarzynski 1997).
//
// # Sweeps
//
// Expand returns the points of a sweep (grid: nested loops over the keys in
// file order, the last fastest; zip: the keys' i-th values together), each a
// deep copy validated on its own, with the seed
//
//	seed_i = rng.Derive(seed, "sweep", i)
//
// so that points are independent and reproducible.
//
// # Memory
//
// MemoryEstimate bounds the samples a run keeps; decoding refuses scenarios
// above MaxMemory (8 GiB) rather than failing hours into a run.
//
// References: K. Sekimoto, Langevin equation and thermodynamics, Prog.
// Theor. Phys. Suppl. 130 (1998); U. Seifert, Entropy production along a
// stochastic trajectory and an integral fluctuation theorem, PRL 95 (2005);
// C. Jarzynski, Nonequilibrium equality for free energy differences, PRL 78
// (1997); YAML 1.2 (2009); JSON Schema draft 2020-12.
package scenarios
