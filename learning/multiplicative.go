package learning

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// HessianNoise returns the second moment of the per-example Hessians,
// M[(a b),(c e)] = (1/N) sum_n H_n[a,b] H_n[c,e] (a d^2 x d^2 matrix,
// row-major), from hessians holding the N per-example Hessians H_n (d x d
// each, consecutive).
func HessianNoise(hessians []float64, d int) ([]float64, error) {
	dd := d * d
	if d < 1 || len(hessians) == 0 || len(hessians)%dd != 0 {
		return nil, fmt.Errorf("learning: per-example Hessians must be N x %d x %d, got %d values", d, d, len(hessians))
	}
	n := len(hessians) / dd
	m := make([]float64, dd*dd)
	for k := 0; k < n; k++ {
		h := hessians[k*dd : (k+1)*dd]
		for p, hp := range h {
			for q, hq := range h {
				m[p*dd+q] += hp * hq
			}
		}
	}
	for i := range m {
		m[i] /= float64(n)
	}
	return m, nil
}

// PredictMultiplicative returns the exact stationary covariance of SGD near
// a minimum of a quadratic loss when the minibatch changes the curvature as
// well as the gradient (multiplicative noise). With H_B the minibatch mean
// of the per-example Hessians H_n and xi_B the minibatch gradient noise at
// theta* (uncorrelated with H_B, as for linear regression with independent
// label noise), the recursion delta' = (I - eta H_B) delta - eta xi_B has the
// stationary covariance C solving
//
//	eta (H C + C H) - eta^2 E[H_B C H_B] = eta^2 Sigma_B,
//	E[H_B C H_B] = H C H + f/B (E_n[H_n C H_n] - H C H),
//
// with f = (N - B)/(N - 1) without replacement and 1 with replacement. In 1-D
// this is Var = eta sigma_B^2 / (2 a - eta a^2 - eta Var(a_B)): the
// fluctuation of the batch curvature adds to the temperature, most at small
// B. m2 is HessianNoise of the per-example Hessians (d^2 x d^2). The returned
// temperature is tr(H C)/d, as in Predict.
func PredictMultiplicative(hess, m2, sigmaB []float64, eta float64, n, b int, withReplacement bool) (*Prediction, error) {
	d := len(sigmaB)
	for k := 1; k*k <= d; k++ {
		if k*k == d {
			d = k
			break
		}
	}
	dd := d * d
	if len(hess) != dd || len(sigmaB) != dd || len(m2) != dd*dd {
		return nil, fmt.Errorf("learning: dimensions do not match (H %d, Sigma_B %d, M %d values)", len(hess), len(sigmaB), len(m2))
	}
	if b < 1 || b > n {
		return nil, fmt.Errorf("learning: batch size %d outside [1, %d]", b, n)
	}
	f := 1.0
	if !withReplacement {
		f = FinitePopulation(n, b)
	}
	f /= float64(b)
	// A vec(C) = eta^2 vec(Sigma_B) with vec row-major: (X C Y)[a,e] =
	// sum_{b,c} X[a,b] C[b,c] Y[c,e], i.e. A[(a e),(b c)] = X[a,b] Y[c,e].
	A := mat.NewDense(dd, dd, nil)
	for a := 0; a < d; a++ {
		for e := 0; e < d; e++ {
			row := a*d + e
			for bb := 0; bb < d; bb++ {
				for c := 0; c < d; c++ {
					col := bb*d + c
					v := 0.0
					if c == e {
						v += eta * hess[a*d+bb] // H C
					}
					if bb == a {
						v += eta * hess[c*d+e] // C H
					}
					hch := hess[a*d+bb] * hess[c*d+e]
					// E_n[H_n C H_n][a,e] = sum_{b,c} M[(a b),(c e)] C[b,c]
					en := m2[(a*d+bb)*dd+c*d+e]
					v -= eta * eta * (hch + f*(en-hch))
					A.Set(row, col, v)
				}
			}
		}
	}
	rhs := mat.NewVecDense(dd, nil)
	for i := 0; i < dd; i++ {
		rhs.SetVec(i, eta*eta*sigmaB[i])
	}
	var x mat.VecDense
	if err := x.SolveVec(A, rhs); err != nil {
		return nil, fmt.Errorf("learning: no stationary covariance (the multiplicative noise makes SGD unstable, or the system is singular): %v", err)
	}
	c := x.RawVector().Data
	for i := 0; i < d; i++ {
		if !(c[i*d+i] > 0) {
			return nil, fmt.Errorf("learning: no stationary state: the predicted variance along coordinate %d is %g", i, c[i*d+i])
		}
	}
	p := &Prediction{Cov: append([]float64(nil), c...), PerDirection: make([]float64, d)}
	var eig mat.EigenSym
	if !eig.Factorize(mat.NewSymDense(d, append([]float64(nil), hess...)), true) {
		return nil, fmt.Errorf("learning: eigendecomposition of the Hessian failed")
	}
	p.Curvatures = eig.Values(nil)
	var v mat.Dense
	eig.VectorsTo(&v)
	cm := mat.NewDense(d, d, p.Cov)
	for i := 0; i < d; i++ {
		vi := v.ColView(i)
		var tmp mat.VecDense
		tmp.MulVec(cm, vi)
		p.PerDirection[i] = p.Curvatures[i] * mat.Dot(vi, &tmp)
	}
	tr := 0.0
	for a := 0; a < d; a++ {
		for bb := 0; bb < d; bb++ {
			tr += hess[a*d+bb] * c[bb*d+a]
		}
	}
	p.T = tr / float64(d)
	return p, nil
}
