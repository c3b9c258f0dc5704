// Package balance tests detailed balance and measures probability currents
// and entropy production in steady states, from plain counts, samples and
// time series (it imports no simulator).
//
// # Conventions
//
// k_B = 1. States are bins of a Grid (1-D or 2-D regular grids or
// user-given edges; flat indices row-major, the first coordinate slowest).
// Counts C_ij is the number of observed pairs (s_t, s_{t+lag}) = (i, j); tau
// is the time between the two ends of a pair (lag times the time step). The
// stationary distribution is pi_i = N_i / sum N with N_i = sum_j C_ij, the
// transition matrix P_ij = C_ij / N_i (the maximum-likelihood estimate), the
// net current J_ij = (C_ij - C_ji) / (N tau) per unit time (N all pairs,
// including those leaving the grid), an estimate of pi_i P_ij - pi_j P_ji.
//
// # Detailed-balance test
//
// Detailed balance pi_i P_ij = pi_j P_ji says E[C_ij] = E[C_ji]: the count
// matrix is symmetric in expectation (for a stationary reversible process
// this holds at any lag and for any binning). Test uses the antisymmetric
// counts D_ij = C_ij - C_ji with the Pearson weights n_ij = C_ij + C_ji (for
// independent pairs this is Bowker's 1948 test of symmetry), projected on
// the cycle space of the graph whose edges are the pairs used:
//
//	X^2 = min_psi sum_{i<j} (D_ij - n_ij (psi_i - psi_j))^2 / n_ij,
//	DoF = Pairs - States + Components.
//
// Why the projection: along one trajectory, every state is left as often as
// it is entered (up to the two ends), so the net outflows b_i = sum_j D_ij
// vanish whatever the dynamics: only circulation around cycles can reveal a
// violation (a 1-D chain of nearest-neighbour jumps, a tree, always balances;
// Kolmogorov's criterion is a statement about cycles). For a Markov chain on
// the states, D = M + F grad(psi) where M is the martingale part of the
// counts and the second term, from the fluctuations of the state
// occupations, is a gradient; the covariance of M is diag(n) minus terms that
// are gradients too. Projecting out gradients therefore leaves a statistic
// that is asymptotically chi-square with DoF degrees of freedom under
// detailed balance, for one trajectory, many independent trajectories or
// independent pairs, from any initial distribution (Anderson & Goodman 1957
// for the multinomial structure of Markov transition counts; the count of
// free parameters, (M-1)(M-2)/2 for a complete graph, is the number of
// independent cycles). The reversible-chain likelihood-ratio test has the
// same asymptotic distribution.
//
// Correlated samples. The calibration assumes that the sequence of bins is a
// Markov chain. AddSeries therefore counts non-overlapping pairs (s_0,
// s_lag), (s_lag, s_2lag), ...: a subsampled Markov chain is a Markov chain.
// Bins of a continuous process (a coarse-graining) are not Markov: the
// symmetry E[C_ij] = E[C_ji] still holds under detailed balance, but the
// variance of D need not be n. TestBatches calibrates the statistic
// empirically from independent batches (trajectories or long blocks): it
// estimates a dispersion factor phi from the spread of the batches' D and
// refers X^2/(DoF phi) to F(DoF, (B-1) DoF), the quasi-likelihood
// correction. Counting from many independent trajectories, each into its
// own Counts, is the recommended design.
//
// Sparse pairs. Pairs with C_ij + C_ji < minPair (DefaultMinPair = 10) are
// dropped, not pooled: dropping an edge keeps the projection argument valid
// on the remaining graph (DoF is recomputed from it) and the number dropped
// is reported.
//
// # Entropy production
//
// The Schnakenberg entropy production rate of the binned dynamics
// (Schnakenberg 1976) is
//
//	sigma = 1/2 sum_ij J_ij ln(C_ij / C_ji) = 1/(N tau) sum_{i<j} (C_ij - C_ji) ln(C_ij / C_ji) >= 0,
//
// zero exactly under detailed balance. For a coarse-grained continuous
// process it is a lower bound on the true rate: coarse-graining and finite
// lag never increase the relative entropy between forward and time-reversed
// path measures (Esposito 2012). The plug-in estimate is biased upward by
// about 2 X^2/(N tau) at finite counts; EntropyProductionBatches removes the
// O(1/N) bias by the jackknife over independent batches.
//
// Continuous-space estimators: EntropyRate and EntropyRateSteps average
// per-trajectory or per-step log-ratios ln(P[x]/P~[x~]) of forward and
// reversed path probabilities (in a steady state, the dissipated heat over
// T, Seifert 2005, 2012); TURBound gives the thermodynamic-uncertainty lower
// bound sigma >= 2 <J>^2/(t Var J) from any integrated current J (Barato &
// Seifert 2015; Gingrich et al. 2016). Field accumulates the current field
// j(x) = p(x) v(x) on a grid with the Stratonovich midpoint rule.
//
// # Transition-ratio check
//
// At equilibrium with the Gibbs density exp(-beta L),
// P_ij / P_ji = exp(-beta (L_j - L_i)) (with L the bin free energies).
// TransitionRatio fits ln(P_ij/P_ji) = -Beta (L_j - L_i) by weighted least
// squares and reports Beta with its error and the goodness of fit. A test
// that passes (currents balanced) with a slope different from beta says the
// dynamics is reversible but samples the wrong density (as unadjusted
// Langevin does at finite dt).
//
// References:
//
//   - J. Schnakenberg, "Network theory of microscopic and macroscopic
//     behavior of master equation systems", Rev. Mod. Phys. 48, 571 (1976).
//   - T. W. Anderson & L. A. Goodman, "Statistical inference about Markov
//     chains", Ann. Math. Statist. 28, 89 (1957).
//   - A. H. Bowker, "A test for symmetry in contingency tables", J. Am.
//     Stat. Assoc. 43, 572 (1948).
//   - U. Seifert, "Entropy production along a stochastic trajectory and an
//     integral fluctuation theorem", PRL 95, 040602 (2005); "Stochastic
//     thermodynamics, fluctuation theorems and molecular machines",
//     Rep. Prog. Phys. 75, 126001 (2012).
//   - M. Esposito, "Stochastic thermodynamics under coarse graining",
//     PRE 85, 041125 (2012).
//   - A. C. Barato & U. Seifert, "Thermodynamic uncertainty relation for
//     biomolecular processes", PRL 114, 158101 (2015); T. R. Gingrich,
//     J. M. Horowitz, N. Perunov & J. L. England, "Dissipation bounds all
//     steady-state current fluctuations", PRL 116, 120601 (2016).
package balance
