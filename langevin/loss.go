package langevin

// Loss is a learning loss on a data set of N examples,
//
//	L(theta) = (1/N) sum_n l_n(theta) + R(theta),
//
// with per-example losses l_n and a regulariser R (zero for most losses). As
// a Potential it gives the full-batch L and grad L of a batch of states (the
// control values lambda are ignored by the losses of package models, which
// have none). The minibatch dynamics (SGD, SGLD) use BatchGradient and
// ExampleGradient on one state at a time.
type Loss interface {
	Potential // Energy/Gradient: full-batch L and grad L
	// Examples returns N, the number of examples.
	Examples() int
	// BatchGradient sets dst = (1/len(idx)) sum_{n in idx} grad l_n(theta)
	// + grad R(theta) for ONE state theta. Indices may repeat (sampling with
	// replacement); each occurrence counts.
	BatchGradient(dst, theta []float64, idx []int)
	// ExampleGradient sets dst = grad l_n(theta), without the regulariser.
	ExampleGradient(dst, theta []float64, n int)
}

// FisherMetric is implemented by losses that define a Fisher information
// metric G(theta) (d x d, symmetric positive semidefinite). Each
// implementation documents what it includes (the noise variance convention,
// the regulariser's curvature).
type FisherMetric interface {
	// Fisher sets dst (d x d, row-major) = G(theta).
	Fisher(dst []float64, theta []float64)
}

// FisherDivergence is implemented by metrics that can compute the divergence
// of the inverse metric exactly, (div G^{-1})_i = sum_j d/dtheta_j (G^{-1})_ij,
// the drift correction of Riemannian Langevin dynamics. Natural-gradient
// Langevin falls back on central differences of G^{-1} for metrics that do
// not implement it.
type FisherDivergence interface {
	FisherMetric
	// DivInverse sets dst = div G^{-1} at theta, given ginv = G(theta)^{-1}
	// (d x d row-major, computed by the caller with the same damping).
	DivInverse(dst, theta, ginv []float64)
}
