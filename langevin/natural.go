package langevin

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// NaturalOptions configure natural-gradient dynamics.
type NaturalOptions struct {
	// Damping delta >= 0 is added to the metric, G + delta I (needed for
	// singular metrics such as the two-layer net's).
	Damping float64
	// NoCorrection drops the drift correction eta T div G^{-1}. The chain
	// then samples a different density (in 1-D, G(theta) exp(-L/T)): kept so
	// that users can see the error the correction removes.
	NoCorrection bool
	// DivStep is the relative step of the central differences of G^{-1}
	// used when the metric does not implement FisherDivergence
	// (default 1e-5).
	DivStep float64
}

// NaturalGradient is natural-gradient descent and, at T > 0, Riemannian
// Langevin dynamics with the Fisher metric G(theta) (Girolami & Calderhead
// 2011; drift correction as in Xifara et al. 2014):
//
//	theta' = theta - eta G^{-1} grad L + eta T div(G^{-1}) + sqrt(2 eta T) G^{-1/2} xi,
//
// with (div G^{-1})_i = sum_j d_j (G^{-1})_ij, eta = Control.Eta, T =
// Control.T and the full-batch gradient. Its continuous-time limit
// d theta = [-G^{-1} grad L + T div G^{-1}] dt + sqrt(2 T) G^{-1/2} dW has
// the stationary density exp(-L/T) (the probability current
// G^{-1}(p grad L + T grad p) vanishes there); without the correction the
// stationary density is different wherever G varies. At T = 0 it is
// natural-gradient descent, theta' = theta - eta G^{-1} grad L.
//
// The square root used is G^{-1/2} = U^{-1} with G = U^T U the Cholesky
// factorisation (any S with S S^T = G^{-1} gives the same noise law). The
// random draws per step are d standard normals per trajectory (only if T > 0).
type NaturalGradient struct {
	Loss   Potential
	Metric FisherMetric
	NaturalOptions
}

// NewNaturalGradient returns natural-gradient dynamics on l, which must
// implement FisherMetric.
func NewNaturalGradient(l Potential, o NaturalOptions) (*NaturalGradient, error) {
	m, ok := l.(FisherMetric)
	if !ok {
		return nil, fmt.Errorf("natural-gradient: the model has no Fisher metric")
	}
	if !(o.Damping >= 0) || math.IsInf(o.Damping, 0) {
		return nil, fmt.Errorf("natural-gradient: damping must be a finite number >= 0, got %g", o.Damping)
	}
	if o.DivStep == 0 {
		o.DivStep = 1e-5
	}
	if !(o.DivStep > 0) {
		return nil, fmt.Errorf("natural-gradient: DivStep must be > 0, got %g", o.DivStep)
	}
	return &NaturalGradient{Loss: l, Metric: m, NaturalOptions: o}, nil
}

func (ng *NaturalGradient) Name() string      { return "natural-gradient" }
func (ng *NaturalGradient) Underdamped() bool { return false }

type naturalScratch struct {
	g                 []float64 // n*d gradients
	gm, gi, gp        []float64 // d*d: metric (then its factor), inverse, perturbed metric
	v, div, xi, th    []float64 // d
	factor, perturbed blas64.Symmetric
	rhs               blas64.General
}

func (ng *NaturalGradient) NewScratch(n int) Scratch {
	d := ng.Loss.Dim()
	s := &naturalScratch{g: make([]float64, n*d), gm: make([]float64, d*d), gi: make([]float64, d*d), gp: make([]float64, d*d),
		v: make([]float64, d), div: make([]float64, d), xi: make([]float64, d), th: make([]float64, d)}
	s.factor = blas64.Symmetric{N: d, Stride: d, Uplo: blas.Upper, Data: s.gm}
	s.perturbed = blas64.Symmetric{N: d, Stride: d, Uplo: blas.Upper, Data: s.gp}
	s.rhs = blas64.General{Rows: d, Cols: 1, Stride: 1, Data: s.v}
	return s
}

// metricFactor sets m.Data = the Cholesky factor U of G(theta) + delta I
// (upper triangle) and returns it; it panics with context if the metric is
// not positive definite.
func (ng *NaturalGradient) metricFactor(m blas64.Symmetric, theta []float64) blas64.Triangular {
	ng.Metric.Fisher(m.Data, theta)
	for i := 0; i < m.N; i++ {
		m.Data[i*m.Stride+i] += ng.Damping
	}
	t, ok := lapack64.Potrf(m)
	if !ok {
		panic(fmt.Sprintf("langevin: natural-gradient: the metric is not positive definite at theta = %v (add damping)", theta))
	}
	return t
}

// inverseOf overwrites the factor t (stored in a) with the full symmetric
// inverse G^{-1}.
func inverseOf(t blas64.Triangular, a []float64) {
	lapack64.Potri(t)
	d := t.N
	for i := 0; i < d; i++ {
		for j := 0; j < i; j++ {
			a[i*d+j] = a[j*d+i]
		}
	}
}

func (ng *NaturalGradient) Step(b *Batch, c *Control, s Scratch) {
	sc := s.(*naturalScratch)
	d := b.D
	nd := b.N * d
	ng.Loss.Gradient(sc.g[:nd], b.X[:nd], c.Lambda)
	thermal := c.T > 0
	sig := math.Sqrt(2 * c.Eta * c.T)
	div, exact := ng.Metric.(FisherDivergence)
	for j := 0; j < b.N; j++ {
		theta := b.X[j*d : (j+1)*d]
		u := ng.metricFactor(sc.factor, theta)
		// v = G^{-1} grad L
		copy(sc.v, sc.g[j*d:(j+1)*d])
		lapack64.Potrs(u, sc.rhs)
		// noise z = U^{-1} xi, drawn before theta moves
		if thermal {
			b.Src[j].NormFill(sc.xi)
			blas64.Trsv(blas.NoTrans, u, blas64.Vector{N: d, Inc: 1, Data: sc.xi})
		}
		clear(sc.div)
		if thermal && !ng.NoCorrection {
			ng.divergence(sc, theta, div, exact)
		}
		for i := range theta {
			step := -c.Eta * sc.v[i]
			if thermal {
				step += c.Eta*c.T*sc.div[i] + sig*sc.xi[i]
			}
			theta[i] += step
		}
	}
}

// divergence sets sc.div = div G^{-1} at theta: exactly when the metric
// implements FisherDivergence, else by central differences of the inverse.
func (ng *NaturalGradient) divergence(sc *naturalScratch, theta []float64, div FisherDivergence, exact bool) {
	d := len(theta)
	if exact {
		// G^{-1} from the factor U (in gm): copy it to gi and invert there.
		copy(sc.gi, sc.gm)
		t := blas64.Triangular{N: d, Stride: d, Uplo: blas.Upper, Diag: blas.NonUnit, Data: sc.gi}
		inverseOf(t, sc.gi)
		div.DivInverse(sc.div, theta, sc.gi)
		return
	}
	copy(sc.th, theta)
	for j := 0; j < d; j++ {
		h := ng.DivStep * math.Max(1, math.Abs(theta[j]))
		for _, sgn := range [2]float64{1, -1} {
			sc.th[j] = theta[j] + sgn*h
			t := ng.metricFactor(sc.perturbed, sc.th)
			inverseOf(t, sc.gp)
			for i := 0; i < d; i++ {
				sc.div[i] += sgn * sc.gp[i*d+j] / (2 * h)
			}
		}
		sc.th[j] = theta[j]
	}
}
