// Package invariants monitors conserved (or monotone) quantities of learning
// dynamics and measures how far a run violates them.
//
// # Violation
//
// A Monitor records Q(t_k) along a trajectory (or the ensemble mean of Q with
// its standard error) and reports the violation
//
//	eps(t) = |Q(t) - Q0| / max(|Q0|, Scale),
//
// the relative violation of the seed document's §9.3 when |Q0| >= Scale, and
// the scale-normalised violation |Q(t) - Q0| / Scale when Q0 is near zero,
// where the relative form is undefined. Scale should be the magnitude of the
// terms that make up Q: for a difference Q = A - B (x^2 - y^2, the
// balancedness C = W1 W1^T - W2^T W2) use |A| + |B| at t = 0, so that eps
// measures the violation against the size of what cancels. A MatrixMonitor
// does the same for a matrix-valued Q with the Frobenius norm.
//
// For dissipative runs a quantity is not conserved and eps says nothing; a
// Balance monitors the residual of the balance law instead,
//
//	R(t) = E(t) - E0 + int_0^t D(s) ds,
//
// with D the dissipated power (for friction gamma on the metric dynamics of
// package langevin, D = gamma q'^T G(q) q'), the integral by the trapezoid
// rule over the recorded times (so R carries an O(dt^2) quadrature error).
//
// # Built-in quantities
//
//   - total energy with a position-dependent metric, E = 1/2 q'^T G(q) q' + L(q)
//     (MetricEnergy);
//   - Noether charges: planar angular momentum q_1 p_2 - q_2 p_1, conserved
//     by Hamiltonian dynamics with a rotation-invariant loss AND metric
//     (Noether 1918: the generator must be a Killing field of G);
//     the balancedness C = W1 W1^T - W2^T W2 of a two-layer linear network
//     f(x) = W2 W1 x, conserved by gradient flow because the loss is
//     invariant under W1 -> A W1, W2 -> W2 A^{-1} (Du, Hu & Lee 2018;
//     Kunin et al. 2021); x^2 - y^2 for L = 1/2 (x y - 1)^2 (the same
//     symmetry in one dimension). Under GD with step eta the first-order
//     terms still cancel and C drifts by exactly eta^2 (G1 G1^T - G2^T G2)
//     per step, G_i = dL/dW_i;
//   - the adiabatic invariant J = loop integral p dq of a periodic orbit
//     (Landau & Lifshitz, Mechanics, §49), measured from a recorded orbit as
//     the area enclosed per period (LoopAction); for a harmonic oscillator
//     J = 2 pi E / omega;
//   - the Fisher memory M(t) = int_0^t tr G(theta(s)) ds, non-decreasing
//     because G is positive semidefinite (FisherMemory);
//   - the relative entropy between two Gaussian ensembles,
//     D(N0 || N1) = 1/2 [tr(S1^{-1} S0) + (m1 - m0)^T S1^{-1} (m1 - m0) + ln(det S1 / det S0) - d]
//     (GaussianKL, EnsembleKL), invariant under any invertible affine map
//     applied to both ensembles;
//   - the Jacobian of a flow map by central differences (FlowJacobian), its
//     determinant (phase-space volume, Liouville) and the symplectic defect
//     max |M^T Omega M - c Omega| (SymplecticDefect; c = 1 for Hamiltonian
//     flows, c = e^{-gamma t} with friction: conformally symplectic);
//   - eta tr G (EtaTraceG) and eta lambda_max(H) (EtaLambdaMax), the latter
//     tending to 2 at the edge of stability of full-batch GD (Cohen et al.
//     2021).
//
// References: E. Noether, Invariante Variationsprobleme (1918); Landau &
// Lifshitz, Mechanics, 3rd ed. (1976), §49; S. S. Du, W. Hu & J. D. Lee,
// NeurIPS 2018; D. Kunin et al., "Neural Mechanics", ICLR 2021; J. Cohen et
// al., ICLR 2021; Hairer, Lubich & Wanner, Geometric Numerical Integration
// (2nd ed., 2006); Girolami & Calderhead, JRSS B 73, 123 (2011).
package invariants
