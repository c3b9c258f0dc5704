package paths

import "math"

// LogRatioEM adds to dst[j] the step-k increment of the log ratio of forward
// to reversed path probabilities of the Euler–Maruyama chain, for the
// n = len(dst) states stored row-major (dimension d = len(x0)/n):
//
//	ln N(x_{k+1}; x_k + (dt/gamma) fFwd, 2 T dt/gamma)
//	  - ln N(x_k; x_{k+1} + (dt/gamma) fRev, 2 T dt/gamma)
//	= sum_i [ (x_k - x_{k+1} - h fRev_i)^2 - (x_{k+1} - x_k - h fFwd_i)^2 ] / (4 T h),
//
// h = dt/gamma, where x0 holds x_k, x1 holds x_{k+1}, fFwd holds the force
// F(x_k; lambda_{k+1}) that moved the state and fRev the force
// F(x_{k+1}; lambda_k) of the reversed step (the reversed protocol
// lambda~_j = lambda_{K-j} takes x_{k+1} back to x_k under lambda_k). The
// forces are the total forces -grad U + f, so non-conservative forces are
// covered. T is the temperature of both steps; use LogRatioEMDiag when it
// changes along the protocol or differs between coordinates. It allocates
// nothing.
func LogRatioEM(dst, x0, x1, fFwd, fRev []float64, T, dt, gamma float64) {
	n := len(dst)
	if n == 0 {
		return
	}
	d := len(x0) / n
	if len(x0) != n*d || len(x1) != n*d || len(fFwd) != n*d || len(fRev) != n*d {
		panic("paths: LogRatioEM with slices of inconsistent lengths")
	}
	h := dt / gamma
	inv := 1 / (4 * T * h)
	for j := range dst {
		s := 0.0
		for i := j * d; i < (j+1)*d; i++ {
			dx := x1[i] - x0[i]
			a := dx - h*fFwd[i]
			b := -dx - h*fRev[i]
			s += b*b - a*a
		}
		dst[j] += s * inv
	}
}

// LogRatioEMDiag is LogRatioEM with a temperature per coordinate and per
// direction: the forward step has noise variance 2 TFwd[i] dt/gamma in
// coordinate i, the reversed step 2 TRev[i] dt/gamma (len(TFwd) =
// len(TRev) = d). Under a temperature protocol T_k, TFwd is T_{k+1} and TRev
// is T_k; for anisotropic noise (SGD-like) the per-coordinate temperatures
// enter here. The normalisations no longer cancel: the increment is
//
//	sum_i [ (x_k - x_{k+1} - h fRev_i)^2 / (4 TRev_i h) - (x_{k+1} - x_k - h fFwd_i)^2 / (4 TFwd_i h)
//	        + 1/2 ln(TRev_i / TFwd_i) ].
func LogRatioEMDiag(dst, x0, x1, fFwd, fRev, TFwd, TRev []float64, dt, gamma float64) {
	n := len(dst)
	if n == 0 {
		return
	}
	d := len(TFwd)
	if len(TRev) != d || len(x0) != n*d || len(x1) != n*d || len(fFwd) != n*d || len(fRev) != n*d {
		panic("paths: LogRatioEMDiag with slices of inconsistent lengths")
	}
	h := dt / gamma
	norm := 0.0
	for i := range d {
		norm += 0.5 * math.Log(TRev[i]/TFwd[i])
	}
	for j := range dst {
		s := norm
		for i := range d {
			o := j*d + i
			dx := x1[o] - x0[o]
			a := dx - h*fFwd[o]
			b := -dx - h*fRev[o]
			s += b*b/(4*TRev[i]*h) - a*a/(4*TFwd[i]*h)
		}
		dst[j] += s
	}
}

// LogRatioBAOAB adds to dst[j] the step increment of the log ratio of forward
// to reversed path probabilities of the BAOAB chain, for n = len(dst) states:
//
//	sum_i (pBefore_i^2 - pAfter_i^2) / (2 mass T),
//
// where pBefore and pAfter are the momenta just before and just after the O
// substep. Derivation (Sivak, Chodera & Crooks 2013): the B and A substeps
// are deterministic, volume preserving and undone by themselves after a
// momentum flip, so the reversed path (momenta flipped, the substeps in
// reverse order) retraces the forward one exactly, and the ratio of path
// probabilities reduces to the O transition densities. O is
// p' = c1 p + sqrt((1 - c1^2) mass T) xi, symmetric under p -> -p, so
//
//	ln N(p'; c1 p, s2) - ln N(-p; -c1 p', s2)
//	  = -[(p' - c1 p)^2 - (p - c1 p')^2] / (2 s2) = (p^2 - p'^2) / (2 mass T),
//
// with s2 = (1 - c1^2) mass T: the log ratio is exactly the heat released by
// the O substep over T. The boundary terms are ln rho_0(x_0, p_0) -
// ln rho_K(x_K, p_K), the reversed path starting from rho_K with flipped
// momenta. This holds wherever the protocol update sits in the step, since the
// reversed path undoes it too.
func LogRatioBAOAB(dst, pBefore, pAfter []float64, T, mass float64) {
	n := len(dst)
	if n == 0 {
		return
	}
	d := len(pBefore) / n
	if len(pBefore) != n*d || len(pAfter) != n*d {
		panic("paths: LogRatioBAOAB with slices of inconsistent lengths")
	}
	inv := 1 / (2 * mass * T)
	for j := range dst {
		s := 0.0
		for i := j * d; i < (j+1)*d; i++ {
			s += pBefore[i]*pBefore[i] - pAfter[i]*pAfter[i]
		}
		dst[j] += s * inv
	}
}

// LogRatioBAOABDiag is LogRatioBAOAB with a temperature per coordinate
// (len(T) = d): sum_i (pBefore_i^2 - pAfter_i^2) / (2 mass T_i).
func LogRatioBAOABDiag(dst, pBefore, pAfter, T []float64, mass float64) {
	n := len(dst)
	if n == 0 {
		return
	}
	d := len(T)
	if len(pBefore) != n*d || len(pAfter) != n*d {
		panic("paths: LogRatioBAOABDiag with slices of inconsistent lengths")
	}
	for j := range dst {
		s := 0.0
		for i := range d {
			o := j*d + i
			s += (pBefore[o]*pBefore[o] - pAfter[o]*pAfter[o]) / (2 * mass * T[i])
		}
		dst[j] += s
	}
}
