// Package rng is the one place where seeds become random-number generators.
//
// Every trajectory of a thermosim run gets its own generator, derived from the
// triple (seed, stream label, trajectory index) by Stream. A generator never
// depends on a worker id, the number of workers or the shard a trajectory ran
// in, so results are bit-identical however the work is divided (design rule 1).
//
// The generator is math/rand/v2's PCG (128-bit LCG state, DXSM output;
// O'Neill 2014), held by value in Source so that its Uint64 method inlines into
// hot loops. Normal deviates come from a 256-layer ziggurat (Marsaglia & Tsang,
// J. Stat. Softw. 5(8), 2000, in the form of Doornik, "An Improved Ziggurat
// Method", 2005) that consumes one 64-bit word per draw on the fast path (about
// 98.8% of draws): 8 bits choose the layer, 55 bits give a signed uniform.
// There is no interface call per draw.
//
// Seeds are mixed with SplitMix64 (Steele, Lea & Flood, OOPSLA 2014), so
// neighbouring indices and labels give unrelated streams.
package rng
