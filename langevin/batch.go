package langevin

import (
	"fmt"

	"github.com/thermosim/thermosim/internal/rng"
)

// Batch is a block of trajectories advanced in lockstep. Trajectory j has
// position X[j*D:(j+1)*D], momentum P[j*D:(j+1)*D] (underdamped dynamics
// only; nil otherwise) and its own generator Src[j]. Index[j] is its global
// trajectory index, used in error messages.
type Batch struct {
	N, D  int
	X, P  []float64
	Src   []rng.Source
	Index []int

	// Accepted counts accepted proposals per trajectory (MALA), if non-nil.
	Accepted []int
	// Heat accumulates, per trajectory, the heat dissipated into the bath by
	// the integrators that compute it inside the step (underdamped: minus the
	// kinetic-energy change of the O part; Sivak, Chodera & Crooks 2013). Nil
	// when not needed.
	Heat []float64
}

// NewBatch allocates a batch of n trajectories of dimension d.
func NewBatch(n, d int, momenta bool) *Batch {
	b := &Batch{N: n, D: d, X: make([]float64, n*d), Src: make([]rng.Source, n), Index: make([]int, n)}
	if momenta {
		b.P = make([]float64, n*d)
	}
	return b
}

// Control holds the inputs of one step: the control values lambda and the
// temperature at the end of the step, the time step, and the step number k
// (the step moves t_k to t_{k+1}). Learning-rate dynamics read Eta and
// BatchSize, which protocols may schedule like any other control.
type Control struct {
	Lambda    []float64
	T         float64
	Dt        float64
	Step      int
	Eta       float64
	BatchSize int
}

// Integrator advances every trajectory of a batch by one step. Integrators are
// immutable configurations, safe to share between goroutines; all mutable
// state lives in the Batch and in the scratch space that NewScratch returns.
type Integrator interface {
	// Name is the scenario name of the scheme ("euler-maruyama", "baoab", ...).
	Name() string
	// Underdamped reports whether the scheme carries momenta.
	Underdamped() bool
	// NewScratch returns per-batch scratch space for n trajectories.
	NewScratch(n int) Scratch
	// Step moves b from t_k to t_{k+1} under c, using s as scratch.
	Step(b *Batch, c *Control, s Scratch)
}

// Scratch is an integrator's per-batch working memory.
type Scratch interface{}

// NonFiniteError reports a trajectory whose state became NaN or infinite.
type NonFiniteError struct {
	Trajectory int
	Step       int
	Value      float64
	What       string
}

func (e *NonFiniteError) Error() string {
	return fmt.Sprintf("trajectory %d: non-finite %s (%v) at step %d: the dynamics diverged; reduce dt or check the model", e.Trajectory, e.What, e.Value, e.Step)
}
