package sim

import (
	"fmt"
	"math"

	"github.com/thermosim/thermosim/langevin"
	"github.com/thermosim/thermosim/models"
	"github.com/thermosim/thermosim/paths"
)

// BlockSize is the number of trajectories in a block. It fixes the unit of
// reduction, so it is a constant: changing it changes the bits of merged sums.
const BlockSize = 256

// Initial says how trajectories start.
type Initial struct {
	Kind  string      // "equilibrium" (Gibbs state at lambda(0), T(0)), "point", "gaussian"
	Point []float64   // kind point
	Mean  []float64   // kind gaussian
	Cov   [][]float64 // kind gaussian; sampled through its Cholesky factor
	chol  []float64
}

// Config is one fully resolved experiment: everything the engine needs.
// It is immutable once built and safe to share between goroutines.
type Config struct {
	Seed  uint64
	Model *models.Model
	// Integrator is the dynamics. Underdamped integrators carry momenta.
	Integrator langevin.Integrator
	Dt         float64
	Steps      int
	Gamma      float64
	Mass       float64
	// Lambda[k] are the control values at time t_k = k dt, k = 0..Steps;
	// Temp[k] the temperatures; Eta and BatchSize (learning dynamics) likewise
	// (nil when unused).
	Lambda    [][]float64
	Temp      []float64
	Eta       []float64
	BatchSize []int

	Initial      Initial
	Trajectories int
	RecordEvery  int  // record ensemble statistics every this many steps (0: only t = 0 and the end)
	KeepStates   bool // keep every trajectory's state at each recorded time
	KeepPaths    int  // keep the whole recorded paths of trajectories 0..KeepPaths-1 (record.paths)
	PathLogRatio bool // accumulate the exact discrete-time path log ratio (overdamped Euler–Maruyama only)
	// NoEnergetics skips the per-step energies (work and heat are then not
	// accumulated; energies are evaluated at recorded steps only). Learning
	// dynamics set it: a full-batch loss costs O(N d) per trajectory, many
	// times an SGD step's O(B d).
	NoEnergetics bool

	// fused caches the protocol's linear-force coefficients for the fused
	// kernel (set by Validate; nil otherwise).
	fused *linearCoeffs
}

// Reversed returns the configuration of the time-reversed protocol:
// lambda~_k = lambda_{K-k}, the same for T, eta and the batch size, starting
// from the Gibbs state at lambda(tau) (for underdamped dynamics momenta are
// drawn afresh from the Maxwell distribution, which is symmetric under p -> -p).
func (c *Config) Reversed() *Config {
	r := *c
	K := c.Steps
	r.Lambda = paths.ReverseProtocol(c.Lambda)
	r.Temp = make([]float64, K+1)
	for k := 0; k <= K; k++ {
		r.Temp[k] = c.Temp[K-k]
	}
	if c.Eta != nil {
		r.Eta = make([]float64, K+1)
		for k := range r.Eta {
			r.Eta[k] = c.Eta[K-k]
		}
	}
	if c.BatchSize != nil {
		r.BatchSize = make([]int, K+1)
		for k := range r.BatchSize {
			r.BatchSize[k] = c.BatchSize[K-k]
		}
	}
	r.Initial = Initial{Kind: "equilibrium"}
	r.fused = nil
	return &r
}

// RecordSteps returns the step numbers at which the ensemble is recorded:
// 0, every, 2 every, ..., and always the last step.
func (c *Config) RecordSteps() []int {
	out := []int{0}
	if c.RecordEvery > 0 {
		for k := c.RecordEvery; k < c.Steps; k += c.RecordEvery {
			out = append(out, k)
		}
	}
	if c.Steps > 0 {
		out = append(out, c.Steps)
	}
	return out
}

// Validate checks the internal consistency of a configuration (the scenario
// decoder reports user errors with positions before this point; these are
// programming errors or impossible combinations that slipped through).
func (c *Config) Validate() error {
	d := c.Model.Potential.Dim()
	switch {
	case c.Steps < 1:
		return fmt.Errorf("steps must be >= 1, got %d", c.Steps)
	case !(c.Dt > 0):
		return fmt.Errorf("dt must be > 0, got %g", c.Dt)
	case len(c.Lambda) != c.Steps+1 || len(c.Temp) != c.Steps+1:
		return fmt.Errorf("protocol grid has %d points, want steps+1 = %d", len(c.Lambda), c.Steps+1)
	case c.Trajectories < 1:
		return fmt.Errorf("trajectories must be >= 1, got %d", c.Trajectories)
	}
	if c.PathLogRatio && c.Integrator.Name() != "euler-maruyama" {
		return fmt.Errorf("the exact path log ratio is implemented for euler-maruyama, not %s", c.Integrator.Name())
	}
	switch c.Initial.Kind {
	case "equilibrium":
		if _, ok := c.Model.Potential.(models.GibbsSampler); !ok {
			return fmt.Errorf("initial: equilibrium needs exact Gibbs samples, which model %s does not provide; use initial.kind point or gaussian", c.Model.Kind)
		}
	case "point":
		if len(c.Initial.Point) != d {
			return fmt.Errorf("initial.point has %d values, want dim = %d", len(c.Initial.Point), d)
		}
	case "gaussian":
		if len(c.Initial.Mean) != d || len(c.Initial.Cov) != d {
			return fmt.Errorf("initial.mean and initial.cov must have dim = %d entries", d)
		}
		ch, err := cholesky(c.Initial.Cov)
		if err != nil {
			return err
		}
		c.Initial.chol = ch
	default:
		return fmt.Errorf("unknown initial kind %q", c.Initial.Kind)
	}
	if g, ok := fusedLinearEM(c); ok && len(c.Lambda) == c.Steps+1 {
		c.fused = linearCoefficients(c, g)
	}
	return nil
}

// cholesky returns the lower Cholesky factor of a symmetric positive
// (semi)definite matrix, row-major; a zero variance is allowed (a point in
// that direction).
func cholesky(a [][]float64) ([]float64, error) {
	n := len(a)
	l := make([]float64, n*n)
	for i := 0; i < n; i++ {
		if len(a[i]) != n {
			return nil, fmt.Errorf("initial.cov must be square")
		}
		for j := 0; j <= i; j++ {
			if math.Abs(a[i][j]-a[j][i]) > 1e-12*(math.Abs(a[i][j])+1) {
				return nil, fmt.Errorf("initial.cov must be symmetric")
			}
			s := a[i][j]
			for k := 0; k < j; k++ {
				s -= l[i*n+k] * l[j*n+k]
			}
			if i == j {
				if s < -1e-12 {
					return nil, fmt.Errorf("initial.cov must be positive semidefinite")
				}
				l[i*n+i] = math.Sqrt(math.Max(s, 0))
			} else if l[j*n+j] > 0 {
				l[i*n+j] = s / l[j*n+j]
			}
		}
	}
	return l, nil
}
