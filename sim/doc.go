// Package sim runs ensembles of trajectories: it is where a model, a
// dynamics, a protocol and an initial distribution meet, and it produces the
// per-trajectory samples (work, heat, entropy terms, boundary states) and the
// per-time ensemble records that the estimators consume.
//
// Trajectories run in blocks of BlockSize, advanced in lockstep so that one
// call of the model serves the whole block (package langevin); each
// trajectory has its own generator Stream(seed, label, index), where label is
// "forward" or "reverse" (package internal/rng). Blocks are the unit of
// parallel work and of reduction (package mc), so results are bit-identical
// for any number of workers and for shards merged later.
//
// Energetics follow spec/metrics.md (Sekimoto 2010; Seifert 2012): on step k
// the protocol moves first, lambda_k -> lambda_{k+1}, at fixed state (work
// w_k = U(x_k; lambda_{k+1}) - U(x_k; lambda_k)), then the state moves under
// lambda_{k+1}. For overdamped dynamics the heat dissipated into the bath is
// q_k = -(U(x_{k+1}; lambda_{k+1}) - U(x_k; lambda_{k+1})), so the first law
// Delta U = W - Q holds per trajectory by telescoping (to rounding). For
// underdamped dynamics (BAOAB) the heat is minus the kinetic-energy change of
// the O substep and the deterministic substeps contribute the shadow work
// W_shadow (Sivak, Chodera & Crooks 2013): Delta E = W + W_shadow - Q with
// E = U + |p|^2/(2m). With a non-conservative force f the heat also contains
// the work of f, Q = W + W_nc - Delta U (W_nc = int f o dx, Stratonovich).
//
// The exact discrete-time path log ratio (Euler–Maruyama) is
//
//	ln P[x | x_0] / P~[x~ | x_K] = sum_k ln N(x_{k+1}; x_k + a F(x_k; lambda_{k+1}), s^2)
//	                                  - ln N(x_k; x_{k+1} + a F(x_{k+1}; lambda_k), s^2),
//
// a = dt/gamma, s^2 = 2 T dt/gamma (per coordinate), where the reversed path
// runs the reversed protocol lambda~_j = lambda_{K-j}. Its continuum limit is
// Q/T (Seifert 2005; Crooks 1999).
package sim
