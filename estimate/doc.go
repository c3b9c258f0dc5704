// Package estimate holds the statistical building blocks shared by the
// estimators: the Result type every metric is reported in, mergeable
// accumulators, and resampling with an explicit generator.
//
// A Result is {Value, StdErr, CI95, N, Warnings}. StdErr is the standard error
// of Value (NaN where no honest estimate exists; the producer documents why);
// CI95 is a 95% interval, by default Value +- 1.959964 StdErr (normal
// approximation) unless the producer computed another (bootstrap percentile,
// say).
//
// Accumulators (Moments, LogMeanExp) merge exactly in the sense that matters
// here: merging the accumulators of consecutive blocks in a fixed order gives
// the same bits whatever the number of workers, because the order is fixed by
// the trajectory indices, not by which worker finished first. Moments uses the
// pairwise update of Chan, Golub & LeVeque (1979); LogMeanExp keeps a running
// maximum so that <exp(a)> never overflows.
//
// References: B. Efron & R. Tibshirani, An Introduction to the Bootstrap
// (1993); Chan, Golub & LeVeque, "Updating formulae and a pairwise algorithm
// for computing sample variances" (1979).
package estimate
