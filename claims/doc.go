// Package claims answers, by measurement, every statement of the document
// thermosim was created from (science/seed-conservation-laws.md, statements
// 1.1 to 9.3; science/seed-statements.md says what is precisely true).
//
// Each statement has an Experiment that runs a small, fast simulation (or a
// deterministic integration) and returns a Claim: the dynamics, what was
// measured (with standard errors where the measurement is statistical), a
// verdict and the rule that produced it. A verdict is never typed in: it is
// computed from the measured figures by a rule stated in Claim.Rule, with
// thresholds tied either to standard errors (|z| < 5) or to orders of
// magnitude (a conserved quantity: eps < 1e-3 or much less; a broken one:
// eps > 1e-1), so that a measurement sits far from the threshold. Every law
// has a negative control (the same system with one condition removed) that
// must break it. Options change the inputs (remove friction, drop the
// metric-derivative term, slow the ramp, ...) and the verdicts follow.
//
// Verdicts:
//
//   - Holds: the statement holds as written in the experiment, and the
//     control does not break it either;
//   - HoldsUnderConditions: it holds in the main experiment, and the control
//     that removes a condition the seed does not state breaks it
//     (Claim.Conditions names the conditions);
//   - Fails: the main experiment is a counter-example (Claim.Conditions
//     says what is true instead).
//
// Systems. The Gaussian family x ~ N(mu, e^{2s}), theta = (mu, s), with its
// Fisher metric G = diag(e^{-2s}, 2) (position-dependent, so the
// Euler–Lagrange equations of the seed's action carry metric-derivative
// terms), integrated by langevin.MetricHamiltonian; a two-layer linear
// network and its balancedness C = W1 W1^T - W2^T W2; L = 1/2 (xy - 1)^2
// and its charge x^2 - y^2; a harmonic oscillator with a ramped stiffness;
// Ornstein–Uhlenbeck ensembles with the exact propagator; a double well
// (MALA vs unadjusted Langevin); logistic and linear regression under GD
// and SGD. All randomness comes from rng.Stream(Seed, "claims/<id>...", i).
//
// References: E. Noether (1918); D. Kunin et al., "Neural Mechanics", ICLR
// 2021; S. S. Du, W. Hu & J. D. Lee, NeurIPS 2018; Landau & Lifshitz,
// Mechanics, §49; M. Girolami & B. Calderhead, JRSS B 73, 123 (2011);
// J. Cohen et al., ICLR 2021; A. C. Barato & U. Seifert, PRL 114, 158101
// (2015); U. Seifert, PRL 95, 040602 (2005); S. Mandt, M. Hoffman &
// D. Blei, JMLR 18 (2017); S. L. Smith & Q. V. Le, ICLR 2018; E. Hairer,
// C. Lubich & G. Wanner, Geometric Numerical Integration (2006);
// B. Leimkuhler & S. Reich, Simulating Hamiltonian Dynamics (2004).
package claims
