// Package paths holds trajectories of stochastic dynamics and the quantities
// defined on them: protocols and their time reversal, path storage, work,
// heat and entropy production, and the exact log ratio of forward to
// reversed path probabilities.
//
// # Conventions
//
// k_B = 1. A protocol lambda_0 ... lambda_K acts on the time grid t_k; on
// step k the protocol moves first (lambda_k -> lambda_{k+1}, work
// U(x_k, lambda_{k+1}) - U(x_k, lambda_k)), then the state moves under
// lambda_{k+1} (heat q_k = -(U(x_{k+1}, lambda_{k+1}) - U(x_k, lambda_{k+1}))).
// The reversed protocol is lambda~_j = lambda_{K-j}; the reversed path is
// x~_j = x_{K-j}, with momenta flipped for underdamped dynamics. Entropy
// production along a path (Seifert 2005):
//
//	Delta s_tot = Delta s_m + Delta s_sys,  Delta s_m = Q / T,
//	Delta s_sys = -ln p(x_K, t_K) + ln p(x_0, t_0),
//
// with p(x, t) the density of the ensemble.
//
// # Exact Gaussian propagators
//
// For linear forces F_i = -k_i (x_i - c_i(t)) (langevin.Gaussian) a Gaussian
// density stays Gaussian, so p(x, t) is known exactly. A GaussianDensity holds
// per-coordinate means and variances (and, for underdamped dynamics, the 2x2
// position–momentum covariance per coordinate); a Propagator advances it one
// step with the coefficients of the end of the step (type Linear):
//
//   - OverdampedExact: continuous-time dynamics
//     dm/dt = -(k/gamma)(m - c), dv/dt = -2 (k/gamma) v + 2 T/gamma, solved
//     exactly for coefficients held over the step.
//   - OverdampedEM: the Euler–Maruyama chain itself. Its map is AR(1):
//     m' = m - (dt/gamma) k (m - c), v' = (1 - k dt/gamma)^2 v + 2 T dt/gamma,
//     exactly, at any dt. (The EM chain's stationary variance is
//     T / (k (1 - k dt/(2 gamma))), not T/k.)
//   - UnderdampedBAOAB: the BAOAB chain (Leimkuhler & Matthews 2013), every
//     substep linear in (x, p), so the moments propagate exactly. (BAOAB
//     samples the configurational Gibbs density of a harmonic trap exactly:
//     its stationary position variance is T/k at any stable dt, while the
//     momentum variance at the end of the step is m T (1 - k dt^2/(4 m)).)
//   - UnderdampedExact: continuous-time underdamped dynamics, moment ODEs
//     solved with exp(A dt) in closed form.
//
// A point start (variance 0) has no density, so -ln p(x_0, 0) is undefined:
// GaussianDensity.Check refuses it with a *DegenerateError. Start from a
// Gaussian or an equilibrium density instead, or measure the system entropy
// from the first step on (after one Euler–Maruyama step the density is
// N(x_0 + (dt/gamma) F(x_0), 2 T dt/gamma)).
//
// # Exact discrete-time entropy production
//
// For a Markov chain with transition densities P_k(x_k -> x_{k+1}) and a
// reversed chain with normalised transition densities P~, the quantity
//
//	Delta s_tot = ln [ p_0(x_0) prod_k P_k(x_k -> x_{k+1}) ]
//	            - ln [ p_K(x_K) prod_k P~_k(x_{k+1} -> x_k) ]
//
// satisfies <exp(-Delta s_tot)> = 1 exactly, at any time step, when p_K is
// the true density of x_K (Crooks 1999, 2000; Seifert 2005): the average is
// the total probability of the reversed chain started from p_K. For
// Euler–Maruyama the transition densities are Gaussian:
//
//	P_k(x_k -> x_{k+1}) = N(x_{k+1}; x_k + (dt/gamma) F(x_k, lambda_{k+1}), 2 T dt/gamma),
//	P~_k(x_{k+1} -> x_k) = N(x_k; x_{k+1} + (dt/gamma) F(x_{k+1}, lambda_k), 2 T dt/gamma),
//
// the reversed step running under the reversed protocol (it takes x_{k+1}
// back to x_k under lambda_k). LogRatioEM and LogRatioEMDiag add the per-step
// log ratio for a batch of states, taking the two forces already evaluated
// (any drift: conservative or not); LogRatioEMDiag also takes per-coordinate
// and per-direction temperatures (anisotropic noise, temperature protocols).
// With the densities of OverdampedEM at steps 0 and K as boundary terms the
// IFT holds exactly at any dt.
//
// What an IFT check does and does not test. The argument above needs only
// that p_0 is the true initial density and that the reversed measure is
// normalised. Hence (i) any normalised final density may stand in for p_K
// (the reversed chain may start from any density): the IFT still holds, and
// only the mean changes, by <ln p_K/p'> = D(p_K || p') >= 0 over the true
// p_K; and (ii) any normalised reversed chain gives an IFT, e.g. one whose
// reversed step runs under lambda_{k+1} instead of lambda_k. Neither mistake
// is detected by <exp(-Delta s_tot)> = 1; the mean <Delta s_tot> (smallest
// for the true density) and the detailed theorems are the checks for them.
// What the IFT does detect: a medium term that is not a log ratio of
// normalised path measures (the heat-based Q/T of a coarse Euler–Maruyama
// chain, a single effective temperature under anisotropic noise, the
// first-law heat of BAOAB with its shadow work), a wrong or missing initial
// density, and a missing system-entropy term (the weights then typically have
// so heavy a tail that the estimator's warnings fire before the mean moves).
//
// For small dt the per-step log ratio equals q_k / T up to terms of order
// dt^{3/2}: expanding the squares,
//
//	ln ratio_k = (x_{k+1} - x_k) (F_fwd + F_rev) / (2 T) + dt (F_rev^2 - F_fwd^2) / (4 gamma T),
//
// the first term is the trapezoidal (Stratonovich) heat over T, which equals
// -Delta U / T for quadratic U up to the protocol shift between
// F(x_{k+1}, lambda_k) and F(x_{k+1}, lambda_{k+1}), and the second is
// O(dt^{3/2}). The difference between the exact and the continuum
// (heat-based, continuum density) Delta s_tot is the discretisation ("shadow")
// part of the entropy production; it vanishes as dt -> 0.
//
// For BAOAB only the O substep is random, and B and A are undone by
// themselves after a momentum flip; the ratio reduces to the O transition
// densities and is exactly the heat released in O over T
// (Sivak, Chodera & Crooks 2013):
//
//	ln ratio_k = (p_before^2 - p_after^2) / (2 m T),
//
// with boundary terms ln rho_0(x_0, p_0) - ln rho_K(x_K, p_K) from the phase-
// space densities of UnderdampedBAOAB (LogRatioBAOAB).
//
// References:
//
//   - U. Seifert, Entropy production along a stochastic trajectory and an
//     integral fluctuation theorem, Phys. Rev. Lett. 95, 040602 (2005).
//   - U. Seifert, Stochastic thermodynamics, fluctuation theorems and
//     molecular machines, Rep. Prog. Phys. 75, 126001 (2012).
//   - G. E. Crooks, Entropy production fluctuation theorem and the
//     nonequilibrium work relation for free energy differences, Phys. Rev. E
//     60, 2721 (1999); Path-ensemble averages in systems driven far from
//     equilibrium, Phys. Rev. E 61, 2361 (2000).
//   - D. A. Sivak, J. D. Chodera & G. E. Crooks, Using nonequilibrium
//     fluctuation theorems to understand and correct errors in equilibrium and
//     nonequilibrium simulations of discrete Langevin dynamics, Phys. Rev. X
//     3, 011007 (2013).
//   - B. Leimkuhler & C. Matthews, Rational construction of stochastic
//     numerical methods for molecular sampling, Appl. Math. Res. Express
//     2013, 34 (2013).
//   - K. Sekimoto, Stochastic Energetics (Springer, 2010).
package paths
