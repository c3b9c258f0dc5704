// Package langevin holds the potentials and integrators of thermosim's
// stochastic dynamics.
//
// Conventions (k_B = 1). A state x in R^d moves in a potential U(x; lambda)
// controlled by lambda(t), in contact with a bath at temperature T.
//
// Overdamped Langevin dynamics with friction gamma (mobility 1/gamma):
//
//	dx = -(1/gamma) grad U(x; lambda) dt + sqrt(2 T / gamma) dW.
//
// Euler–Maruyama: x' = x - (dt/gamma) grad U(x; lambda') + sqrt(2 T dt/gamma) xi,
// with lambda' the control value at the end of the step (the protocol moves
// first, then the state: Crooks 1998). Heun is the stochastic predictor–corrector.
// MALA (Roberts & Tweedie 1996) proposes an Euler–Maruyama step and accepts it
// with the Metropolis–Hastings probability, so it satisfies detailed balance
// with respect to exp(-U/T) exactly at any dt.
//
// Underdamped Langevin dynamics with mass m:
//
//	dx = p/m dt,  dp = -grad U dt - gamma p/m dt + sqrt(2 gamma T) dW.
//
// BAOAB (Leimkuhler & Matthews, AMRX 2013) splits a step into a half kick (B),
// a half drift (A), the exact Ornstein–Uhlenbeck update of the momentum (O,
// c1 = exp(-gamma dt / m)), A and B. With gamma = 0 it is velocity Verlet
// (leapfrog), which is symplectic.
//
// Learning dynamics on a loss L with learning rate eta (Control.Eta) and
// batch size B (Control.BatchSize): gradient descent, minibatch SGD with real
// minibatches drawn by each trajectory's own generator (with or without
// replacement, or reshuffled epochs), heavy-ball momentum, SGLD (Welling &
// Teh 2011: theta' = theta - eta g_B + sqrt(2 eta T / N) xi, which samples
// exp(-N L / T)), and natural-gradient descent / Riemannian Langevin with the
// Fisher metric G, including the drift correction eta T div G^{-1} that a
// position-dependent metric needs (Girolami & Calderhead 2011; Xifara et al.
// 2014). Deterministic dynamics for conservation laws: Hamiltonian dynamics
// with a position-dependent metric (generalised leapfrog), gradient and
// natural-gradient flows (Dormand–Prince), projection and implicit-midpoint
// steps that conserve a chosen quantity.
//
// Potentials are evaluated on batches of states (see Potential) so that one
// interface call serves a block of trajectories; the generators stay one per
// trajectory and every trajectory performs the same floating-point operations
// whatever block it runs in.
//
// References: Sekimoto, Stochastic Energetics (2010); Seifert, Rep. Prog. Phys.
// 75, 126001 (2012); Leimkuhler & Matthews, Molecular Dynamics (2015); Sivak,
// Chodera & Crooks, PRX 3, 011007 (2013) on heat and shadow work in discrete
// Langevin integrators.
package langevin
