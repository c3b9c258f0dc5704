// Package learning measures the effective temperature of stochastic learning
// dynamics (SGD and its relatives) from plain samples, and predicts it from
// the minibatch gradient noise. It imports no simulator: it takes sample
// paths of parameters, per-example gradients and matrices as []float64, so
// it works on trajectories recorded anywhere.
//
// Conventions (k_B = 1). L(theta) is the mean loss, theta* a minimum, H the
// Hessian of L at theta* (d x d, row-major), eta the learning rate, B the
// batch size, N the number of examples. Temperatures are relative to L: a
// Gibbs state exp(-L/T) has Cov = T H^{-1} near a quadratic minimum.
//
// Measured temperatures. From stationary samples theta_k (one or more
// independent chains), with delta = theta - theta*:
//
//	equipartition:  T = <delta^T H delta> / d
//	per direction:  T_i = lambda_i <(v_i^T delta)^2>,  H v_i = lambda_i v_i
//
// For a Gibbs state every T_i equals T. Each is the mean of a correlated
// time series; its standard error is sqrt(2 tau_int Var / n) with Sokal's
// integrated autocorrelation time (automatic window, c = 5), combined over
// chains (Sokal 1997; Madras & Sokal 1988).
//
// Gradient noise. With per-example gradients g_n at theta* and their mean g,
//
//	Sigma = (1/N) sum_n (g_n - g)(g_n - g)^T,
//
// the covariance of the minibatch mean gradient is Sigma_B = Sigma/B with
// replacement and Sigma_B = Sigma/B (N - B)/(N - 1) without replacement (the
// finite-population correction; Cochran, Sampling Techniques, 1977).
//
// Predicted temperature. Near theta* SGD is the linear recursion
// delta' = (I - eta H) delta - eta xi with xi of covariance Sigma_B,
// independent between steps (fresh batches). Its stationary covariance C
// solves the discrete Lyapunov equation C = (I - eta H) C (I - eta H) +
// eta^2 Sigma_B. In the eigenbasis of H (tilde quantities),
//
//	exact:      C~_ij = eta Sigma~_ij / (lambda_i + lambda_j - eta lambda_i lambda_j)
//	small eta:  C~_ij = eta Sigma~_ij / (lambda_i + lambda_j)     (H C + C H = eta Sigma_B;
//	                                                               Mandt, Hoffman & Blei 2017)
//
// so the per-direction temperatures are T_i = lambda_i C~_ii =
// eta Sigma~_ii / (2 - eta lambda_i) (exact) or eta Sigma~_ii / 2 (small eta),
// and the equipartition temperature is their mean, T = eta tr(Sigma_B)/(2d)
// at small eta. In 1-D with curvature a and per-step noise variance
// sigma_B^2: Var theta = eta sigma_B^2 / (a (2 - eta a)), and
// eta sigma_B^2 / (2a) at small eta. With replacement sigma_B^2 = sigma^2/B,
// so B T = eta sigma^2 / 2 is the same for every B at fixed eta (Smith & Le
// 2018), while at fixed eta/B, T is constant only up to 2/(2 - eta a).
//
// Where the prediction breaks. (1) Large eta: the small-eta value is off by
// the factor 2/(2 - eta lambda_i), and the recursion diverges for
// eta lambda_max >= 2. (2) Anisotropic noise (Sigma_B not proportional to H):
// the T_i differ, so no single temperature describes the state, and when
// Sigma_B does not commute with H the stationary state carries probability
// currents (it is not a Gibbs state of any temperature). (3) Multiplicative
// noise: the noise covariance depends on theta away from theta*, which the
// linearisation ignores. (4) Reshuffled epochs: batches within an epoch are
// dependent, so the noise is not independent between steps.
//
// References: S. Mandt, M. D. Hoffman & D. M. Blei, "Stochastic Gradient
// Descent as Approximate Bayesian Inference", JMLR 18 (2017); S. L. Smith &
// Q. V. Le, "A Bayesian Perspective on Generalization and Stochastic Gradient
// Descent", ICLR 2018; A. D. Sokal, "Monte Carlo Methods in Statistical
// Mechanics: Foundations and New Algorithms" (Cargese lectures, 1997);
// N. Madras & A. D. Sokal, J. Stat. Phys. 50, 109 (1988); W. G. Cochran,
// Sampling Techniques (3rd ed., 1977).
package learning
