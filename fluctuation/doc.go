// Package fluctuation holds estimators for the fluctuation theorems of
// stochastic thermodynamics, computed from plain samples (one value per
// trajectory): the integral fluctuation theorem (IFT), the detailed
// fluctuation theorem, and Jarzynski's equality. It imports no simulator, so
// it serves samples measured elsewhere just as well.
//
// # Conventions
//
// k_B = 1. For a trajectory x(t) on [0, tau] under a protocol lambda(t), the
// total entropy production is Delta s_tot = Delta s_m + Delta s_sys with the
// medium entropy Delta s_m = Q / T (Q the heat dissipated into the bath) and
// Seifert's system entropy Delta s_sys = -ln p(x_tau, tau) + ln p(x_0, 0),
// p(x, t) the ensemble's density (Seifert 2005).
//
// # Integral fluctuation theorem
//
//	<exp(-Delta s_tot)> = 1
//
// holds for any initial density, any protocol and any duration (Seifert 2005;
// Seifert 2012, eq. 73). IFT estimates it from samples s_1..s_N as
//
//	Ihat = (1/N) sum_j exp(-s_j),   SE = sqrt(Var(exp(-s)) / N),
//
// computed relative to the largest weight (log-sum-exp) so that nothing
// overflows. The estimate is unbiased but its distribution is skewed: the
// weights exp(-s) are dominated by the rare trajectories with s < 0, and when
// Var(s) is large compared with 1 the sample typically misses them, so Ihat
// comes out below 1 with an over-optimistic SE. For Gaussian s with
// Var(s) = 2 <s> the weights are log-normal with log-variance sigma^2 = Var(s)
// and the relative variance of exp(-s) is exp(sigma^2) - 1: the number of
// samples needed grows like exp(Var(s)).
//
// IFT therefore attaches warnings (Result.Warnings) when the estimate cannot
// be trusted. With w_j = exp(-s_j):
//
//   - effective sample size: Kish's ESS = (sum w)^2 / sum w^2 below
//     MinESS = 100, or below MinESSFraction = 1% of N;
//   - dominance: the largest weight carries more than MaxWeightShare = 10% of
//     the sum;
//   - variance of the variance: the relative variance of the sample variance
//     of w, VOV = sum (w - wbar)^4 / (sum (w - wbar)^2)^2 - 1/N (the statistic
//     of the MCNP code, X-5 Monte Carlo Team 2003), above MaxVOV = 0.1. A large
//     VOV means that Var(exp(-s)) is huge or effectively infinite at this N,
//     so the standard error itself is unreliable (it typically underestimates);
//   - tail index: Hill's estimate alpha of the power-law tail
//     P(w > y) ~ y^-alpha from the TailCount = min(N/5, 3 sqrt(N)) largest
//     weights (the tail size of Vehtari et al. 2024), with standard error
//     alpha / sqrt(TailCount); a warning when alpha + 2 SE < MinTailIndex = 2,
//     i.e. when the data say that Var(w) is infinite. This catches a case the
//     sample moments miss: an ensemble started narrower than the Gibbs state
//     relaxing in a trap has weights with pi(x_0)/p_0(x_0) ~ exp(+c x_0^2),
//     a Pareto tail with alpha < 2, and its IFT estimate can sit 4 SE below 1
//     with a small VOV. Log-normal weights (Gaussian s) give alpha about 2.0
//     for Var(s) = 2 and 1.45 for Var(s) = 4 at N = 10^5.
//
// The thresholds are the exported constants MinESS, MinESSFraction,
// MaxWeightShare, MaxVOV and MinTailIndex; WeightDiagnostics returns the statistics behind
// the warnings.
//
// # Detailed fluctuation theorem
//
// In a steady state (and for Delta s_tot of a symmetric protocol started in
// equilibrium), the distribution of s = Delta s_tot obeys
//
//	P(s) / P(-s) = exp(s)
//
// (Evans & Searles 1994; Gallavotti & Cohen 1995; Seifert 2005). DetailedFT
// histograms |s| in bins of width h on [0, smax], counts n+_i of s in bin i
// and n-_i of -s in bin i, and fits y_i = ln(n+_i / n-_i) against the bin
// centre s_i by weighted least squares with the Poisson variances
// Var(y_i) ~ 1/n+_i + 1/n-_i (bins with fewer than MinCount entries on either
// side are left out). The slope should be 1 and the intercept 0; both come
// with their standard errors, and the fit's chi^2 with its degrees of freedom.
// Using the bin centre for the bin's mean of exp(s) biases the slope by
// O(h^2); keep bins narrow compared with the scale on which ln P varies.
//
// # Jarzynski's equality
//
//	Delta F = -T ln <exp(-W / T)>
//
// (Jarzynski 1997), computed in log space with the delta-method standard error
// T sqrt(Var(exp(-W/T)) / N) / <exp(-W/T)> and the same warnings as IFT. The
// estimator is biased for finite N (upwards on average, by about
// T Var(W/T) / (2N) for small Var): the bias is not corrected.
//
// # Relaxation and relative entropy
//
// With no driving, the mean total entropy production of an ensemble relaxing
// in a fixed potential towards the Gibbs state pi is a drop in relative
// entropy (Esposito & Van den Broeck 2010; Seifert 2012, sec. 3):
//
//	<Delta s_tot>_[0,t] = D(p_0 || pi) - D(p_t || pi).
//
// Proof: <Delta s_sys> = S(t) - S(0) with S the Shannon entropy of p; the
// heat is Q = -Delta U because no work is done, so <Q>/T = (<U>_0 - <U>_t)/T;
// the free energy of a density is F[p] = <U>_p - T S[p] and
// F[p] - F_eq = T D(p || pi); hence <Delta s_tot> = (F[p_0] - F[p_t]) / T =
// D(p_0 || pi) - D(p_t || pi). GaussianKL computes D for products of
// independent Gaussians.
//
// References:
//
//   - U. Seifert, Entropy production along a stochastic trajectory and an
//     integral fluctuation theorem, Phys. Rev. Lett. 95, 040602 (2005).
//   - U. Seifert, Stochastic thermodynamics, fluctuation theorems and
//     molecular machines, Rep. Prog. Phys. 75, 126001 (2012).
//   - G. E. Crooks, Entropy production fluctuation theorem and the
//     nonequilibrium work relation for free energy differences, Phys. Rev. E
//     60, 2721 (1999).
//   - C. Jarzynski, Nonequilibrium equality for free energy differences,
//     Phys. Rev. Lett. 78, 2690 (1997).
//   - M. Esposito & C. Van den Broeck, Three detailed fluctuation theorems,
//     Phys. Rev. Lett. 104, 090601 (2010).
//   - L. Kish, Survey Sampling (1965) for the effective sample size.
//   - B. M. Hill, A simple general approach to inference about the tail of a
//     distribution, Ann. Statist. 3, 1163 (1975).
//   - A. Vehtari, D. Simpson, A. Gelman, Y. Yao & J. Gabry, Pareto smoothed
//     importance sampling, J. Mach. Learn. Res. 25, 1 (2024).
//   - X-5 Monte Carlo Team, MCNP - A General Monte Carlo N-Particle Transport
//     Code, Version 5, LA-UR-03-1987 (2003), ch. 2, for the variance of the
//     variance.
package fluctuation
