// Package experiment turns a decoded scenario into runs and metrics: it
// builds the engine's configuration (model, dynamics, protocol grid, initial
// distribution), runs the forward and, where a measure needs it, the
// time-reversed protocol (package sim), turns the per-trajectory samples
// into the metrics of spec/metrics.md with the estimators of packages
// fluctuation, freeenergy, balance and learning, and checks the scenario's
// expectations.
//
// It is the only place where measures meet the simulator: estimators never
// import the simulator (they take plain samples), and the simulator knows
// nothing of measures. The command line (cmd/thermosim) only wires files,
// flags and this package together.
//
// Runs are cut into blocks (package mc). A point's block outputs can be
// saved, merged from shards and completed after an interruption; the metrics
// are a function of the complete, ordered list of blocks only, so a merged or
// resumed run gives exactly the metrics of an uninterrupted one.
package experiment
