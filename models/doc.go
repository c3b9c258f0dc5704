// Package models holds thermosim's concrete potentials and learning losses.
//
// Potential models (energies U(x; lambda), gradients exact, checked against
// central finite differences in the tests):
//
//	harmonic     U = k/2 |x - c|^2                   controls: stiffness k, center c
//	quadratic    U = 1/2 sum_i a_i x_i^2             (anisotropic, d-dimensional)
//	double-well  U = h (x_1^2 - 1)^2 + b x_1 + 1/2 sum_{i>1} x_i^2   controls: height h, tilt b
//	rotational   U = k/2 (x^2 + y^2) plus the non-gradient force tau (-y, x)
//	             (a steady state out of equilibrium; controls: stiffness, torque)
//
// Learning losses on data (a Dataset, synthetic or read from CSV; the
// dimension is implied by the data):
//
//	linear-regression    L = 1/(2N) sum_n (y_n - x_n . theta)^2
//	logistic-regression  L = mean cross-entropy + (l2/2) |theta|^2
//	two-layer-linear     L = 1/(2N) sum_n |y_n - W2 W1 x_n|^2 (rescaling symmetry)
//
// Each implements langevin.Loss (full-batch, minibatch and per-example
// gradients) and langevin.FisherMetric.
//
// A control is a parameter that a protocol may schedule in time; the vector
// lambda passed to Energy and Gradient holds the controls in the order of
// Model.Controls. Each kind describes its parameters (name, default, whether
// schedulable) in Kinds, which the scenario decoder validates against and
// `thermosim models` prints.
//
// Normalisers: for the Gibbs state exp(-U/T)/Z the harmonic and quadratic
// models have Z in closed form (Gaussian integrals); the double well's Z is
// computed by quadrature (GibbsLogZ).
package models
