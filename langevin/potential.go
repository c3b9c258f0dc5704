package langevin

// Potential is a potential energy (a loss) U(x; lambda) of states x in R^d at
// control values lambda. It is evaluated on a batch of states at once: x
// holds n states row-major (x[j*d:(j+1)*d] is state j), so that one call
// serves a whole block of trajectories and the cost of the interface call is
// shared by the block. Implementations must compute each state's value with
// the same floating-point operations whatever n is (no cross-state sums), so
// that a trajectory's result does not depend on the block it ran in.
type Potential interface {
	// Dim returns d, the dimension of a state.
	Dim() int
	// Energy sets dst[j] = U(x_j; lambda) for j < len(dst).
	Energy(dst, x, lambda []float64)
	// Gradient sets dst[j*d:(j+1)*d] = grad_x U(x_j; lambda) for all states in x.
	Gradient(dst, x, lambda []float64)
}

// NonConservative is implemented by models whose drift includes a force that
// is not the gradient of the potential (a steady state out of equilibrium).
// The total force on state j is -grad U(x_j) + f(x_j).
type NonConservative interface {
	Potential
	// Force sets dst[j*d:(j+1)*d] = f(x_j; lambda), the non-conservative force.
	Force(dst, x, lambda []float64)
}

// Gaussian is implemented by potentials that are quadratic with a diagonal
// Hessian, U = 1/2 sum_i k_i (x_i - c_i)^2 + const: linear forces, for which
// the density of an ensemble started Gaussian stays Gaussian and obeys closed
// moment equations (an exact propagator).
type Gaussian interface {
	Potential
	// Quadratic sets k[i] and c[i] at control values lambda and returns the
	// constant term.
	Quadratic(k, c, lambda []float64) float64
}
