// Package mc runs Monte Carlo work in parallel, deterministically.
//
// The trajectory indices 0..N-1 of a run are cut into fixed blocks of
// BlockSize consecutive indices (the last block may be shorter). A block is
// the unit of work, of storage and of reduction: workers take blocks in any
// order, but each block's result is stored under its block number, and
// callers reduce results in block order. Since a trajectory's generator comes
// from (seed, label, index) (package internal/rng) and the block boundaries
// depend only on N and BlockSize, results are bit-identical for any number of
// workers, for shards of the block range run on different machines and merged
// later, and for runs interrupted and resumed.
//
// Run honours context cancellation at block boundaries: blocks already
// started finish, no new block starts, and the blocks done so far are
// returned (marked in the Done slice) so that the caller can save a partial
// result and resume it later.
package mc
