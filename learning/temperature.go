package learning

import (
	"fmt"
	"math"

	"github.com/thermosim/thermosim/estimate"
	"gonum.org/v1/gonum/mat"
)

// Temperatures are the temperatures measured from stationary fluctuations
// about a minimum.
type Temperatures struct {
	// Equipartition is T = <delta^T H delta> / d.
	Equipartition estimate.Result
	// Curvatures are the eigenvalues lambda_i of H, ascending, and
	// Directions the matching unit eigenvectors (column i of the d x d
	// row-major matrix).
	Curvatures, Directions []float64
	// PerDirection[i] is T_i = lambda_i <(v_i^T delta)^2>.
	PerDirection []estimate.Result
	// Cov is the stationary covariance about theta*, <delta delta^T> (d x d,
	// row-major), pooled over all samples.
	Cov []float64
}

// Measure returns the temperatures of stationary samples about the minimum
// min with Hessian hess (d x d row-major, symmetric positive definite).
// Each chain is a time series of d-vectors, row-major (len a multiple of d);
// chains are independent runs of the same dynamics. Standard errors account
// for the autocorrelation within each chain (MeanChains). A warning is added
// to Equipartition when the per-direction temperatures differ by more than 4
// combined standard errors: no single temperature describes the state.
func Measure(chains [][]float64, min, hess []float64) (*Temperatures, error) {
	d := len(min)
	if d == 0 || len(hess) != d*d {
		return nil, fmt.Errorf("learning: minimum of dimension %d needs a %d x %d Hessian, got %d entries", d, d, d, len(hess))
	}
	for c, xs := range chains {
		if len(xs)%d != 0 {
			return nil, fmt.Errorf("learning: chain %d has %d numbers, not a multiple of the dimension %d", c, len(xs), d)
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(mat.NewSymDense(d, append([]float64(nil), hess...)), true) {
		return nil, fmt.Errorf("learning: eigendecomposition of the Hessian failed")
	}
	lam := eig.Values(nil)
	for i, l := range lam {
		if !(l > 0) {
			return nil, fmt.Errorf("learning: the Hessian is not positive definite (eigenvalue %d is %g): not a minimum", i, l)
		}
	}
	var v mat.Dense
	eig.VectorsTo(&v)
	out := &Temperatures{Curvatures: lam, Directions: v.RawMatrix().Data, Cov: make([]float64, d*d)}
	eq := make([][]float64, len(chains))
	per := make([][][]float64, d)
	for i := range per {
		per[i] = make([][]float64, len(chains))
	}
	delta := make([]float64, d)
	total := 0
	for c, xs := range chains {
		m := len(xs) / d
		eq[c] = make([]float64, m)
		for i := range per {
			per[i][c] = make([]float64, m)
		}
		for k := 0; k < m; k++ {
			for i := range delta {
				delta[i] = xs[k*d+i] - min[i]
			}
			q := 0.0
			for a := 0; a < d; a++ {
				for b := 0; b < d; b++ {
					q += delta[a] * hess[a*d+b] * delta[b]
					out.Cov[a*d+b] += delta[a] * delta[b]
				}
			}
			eq[c][k] = q / float64(d)
			for i := 0; i < d; i++ {
				p := 0.0
				for a := 0; a < d; a++ {
					p += v.At(a, i) * delta[a]
				}
				per[i][c][k] = lam[i] * p * p
			}
		}
		total += m
	}
	for i := range out.Cov {
		out.Cov[i] /= float64(total)
	}
	out.Equipartition = MeanChains(eq)
	out.PerDirection = make([]estimate.Result, d)
	for i := range per {
		out.PerDirection[i] = MeanChains(per[i])
	}
	for i := 0; i < d; i++ {
		for j := i + 1; j < d; j++ {
			a, b := out.PerDirection[i], out.PerDirection[j]
			if math.Abs(a.Value-b.Value) > 4*math.Hypot(a.StdErr, b.StdErr) {
				out.Equipartition.Warn("anisotropic: the temperature along curvature %.4g is %.4g ± %.2g, along curvature %.4g it is %.4g ± %.2g; no single temperature describes the state", lam[i], a.Value, a.StdErr, lam[j], b.Value, b.StdErr)
				return out, nil
			}
		}
	}
	return out, nil
}

// Prediction is the temperature that the gradient noise predicts for SGD
// near a minimum.
type Prediction struct {
	// T is the equipartition temperature tr(H C)/d = mean of PerDirection.
	T float64
	// Curvatures are the eigenvalues of H (ascending) and PerDirection the
	// predicted T_i = lambda_i C~_ii along the matching eigenvectors.
	Curvatures, PerDirection []float64
	// Cov is the predicted stationary covariance C (d x d, row-major).
	Cov []float64
}

// Predict returns the stationary covariance and temperatures of the
// linearised SGD recursion delta' = (I - eta H) delta - eta xi, Cov xi =
// sigmaB (d x d row-major, e.g. from BatchNoise). With exact = true it solves
// the discrete Lyapunov equation C = (I - eta H) C (I - eta H) + eta^2 sigmaB
// (exact for a quadratic loss with additive noise independent between
// steps); with exact = false the small-eta equation H C + C H = eta sigmaB
// (Mandt, Hoffman & Blei 2017). It returns an error for eta lambda_max >= 2
// (exact: no stationary state) and for a Hessian that is not positive
// definite.
func Predict(hess, sigmaB []float64, eta float64, exact bool) (*Prediction, error) {
	d := int(math.Round(math.Sqrt(float64(len(hess)))))
	if d == 0 || d*d != len(hess) || len(sigmaB) != len(hess) {
		return nil, fmt.Errorf("learning: Hessian (%d entries) and noise covariance (%d entries) must both be d x d", len(hess), len(sigmaB))
	}
	if !(eta > 0) {
		return nil, fmt.Errorf("learning: learning rate must be > 0, got %g", eta)
	}
	var eig mat.EigenSym
	if !eig.Factorize(mat.NewSymDense(d, append([]float64(nil), hess...)), true) {
		return nil, fmt.Errorf("learning: eigendecomposition of the Hessian failed")
	}
	lam := eig.Values(nil)
	for i, l := range lam {
		if !(l > 0) {
			return nil, fmt.Errorf("learning: the Hessian is not positive definite (eigenvalue %d is %g)", i, l)
		}
	}
	if exact && eta*lam[d-1] >= 2 {
		return nil, fmt.Errorf("learning: eta lambda_max = %g >= 2: SGD has no stationary state (it diverges)", eta*lam[d-1])
	}
	var v mat.Dense
	eig.VectorsTo(&v)
	// Sigma~ = V^T Sigma_B V
	var st, tmp, ct, c mat.Dense
	tmp.Mul(v.T(), mat.NewDense(d, d, append([]float64(nil), sigmaB...)))
	st.Mul(&tmp, &v)
	ct.CloneFrom(&st)
	p := &Prediction{Curvatures: lam, PerDirection: make([]float64, d)}
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			den := lam[i] + lam[j]
			if exact {
				den -= eta * lam[i] * lam[j]
			}
			ct.Set(i, j, eta*st.At(i, j)/den)
		}
		p.PerDirection[i] = lam[i] * ct.At(i, i)
		p.T += p.PerDirection[i] / float64(d)
	}
	tmp.Mul(&v, &ct)
	c.Mul(&tmp, v.T())
	p.Cov = append([]float64(nil), c.RawMatrix().Data...)
	return p, nil
}
