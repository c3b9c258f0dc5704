// Package progress reports the progress of long runs to a human.
//
// On a terminal a Reporter draws a progress bar per scenario (trajectories
// done, rate, estimated time left) with github.com/schollz/progressbar/v3.
// When the writer is not a terminal (a pipe, a file, CI logs) it prints a
// plain line at most every Options.Interval (5 s by default),
//
//	dragged-trap: 45000/100000 trajectories (45%), 12000/s, ETA 4s
//
// and a final line from Finish,
//
//	dragged-trap: 100000/100000 trajectories (100%), 12000/s, done in 8.3s
//
// or, when the run stopped early (interrupted),
//
//	dragged-trap: 45000/100000 trajectories (45%), 12000/s, stopped after 3.8s
//
// Quiet mode prints nothing. The rate is the mean rate since New,
// r = done / elapsed, and the time left is (total - done) / r: the
// trajectories of one run cost about the same, so the mean is a fair
// predictor and, unlike a moving average, does not jump.
//
// Progress output is best effort: write errors are ignored, and nothing of
// it is part of the results.
package progress
