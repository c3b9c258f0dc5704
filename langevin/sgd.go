package langevin

import (
	"fmt"
	"math"

	"github.com/thermosim/thermosim/internal/rng"
)

// Sampling says how a minibatch of B example indices is drawn from the N
// examples of a data set, with the trajectory's own generator.
type Sampling int

const (
	// WithoutReplacement draws B distinct indices afresh at every step (a
	// partial Fisher–Yates shuffle): batches of different steps are
	// independent, and the batch-mean gradient has covariance
	// Sigma/B (N-B)/(N-1) (the finite-population factor).
	WithoutReplacement Sampling = iota
	// WithReplacement draws B indices independently and uniformly (repeats
	// allowed): the batch-mean gradient has covariance Sigma/B.
	WithReplacement
	// Reshuffle draws a random permutation of the N examples at the start of
	// every epoch and takes it in consecutive batches of B. If B does not
	// divide N, the last N mod B examples of each permutation are skipped
	// (drop-last). Batches within an epoch are not independent.
	Reshuffle
)

var samplingNames = [...]string{"without-replacement", "with-replacement", "reshuffle"}

func (s Sampling) String() string {
	if s >= 0 && int(s) < len(samplingNames) {
		return samplingNames[s]
	}
	return fmt.Sprintf("Sampling(%d)", int(s))
}

// ParseSampling returns the sampling scheme of a scenario name.
func ParseSampling(name string) (Sampling, error) {
	for i, n := range samplingNames {
		if n == name {
			return Sampling(i), nil
		}
	}
	return 0, fmt.Errorf("unknown sampling %q (want without-replacement, with-replacement or reshuffle)", name)
}

// CheckBatchSize returns an error, for users, if batches of size b cannot be
// drawn from n examples under s. Scenario validation calls it for every
// batch size a protocol schedules; Step panics on a size it rejects.
func CheckBatchSize(b, n int, s Sampling) error {
	if b < 1 {
		return fmt.Errorf("batch_size must be >= 1, got %d", b)
	}
	if s != WithReplacement && b > n {
		return fmt.Errorf("batch_size %d exceeds the %d examples of the data set (sampling %s)", b, n, s)
	}
	return nil
}

// GD is full-batch gradient descent, theta' = theta - eta grad L(theta),
// with eta = Control.Eta. It is deterministic and ignores Control.T.
type GD struct{ Loss Potential }

// NewGD returns gradient descent on the loss (any Potential).
func NewGD(l Potential) *GD { return &GD{Loss: l} }

func (g *GD) Name() string      { return "gd" }
func (g *GD) Underdamped() bool { return false }
func (g *GD) NewScratch(n int) Scratch {
	return &gdScratch{g: make([]float64, n*g.Loss.Dim())}
}

type gdScratch struct{ g []float64 }

func (g *GD) Step(b *Batch, c *Control, s Scratch) {
	sc := s.(*gdScratch)
	nd := b.N * b.D
	gr := sc.g[:nd]
	g.Loss.Gradient(gr, b.X[:nd], c.Lambda)
	x := b.X[:nd]
	for k := range x {
		x[k] -= c.Eta * gr[k]
	}
}

// SGDOptions configure the minibatch dynamics.
type SGDOptions struct {
	Sampling Sampling
	// Momentum is the heavy-ball coefficient mu in [0, 1) (SGD only; 0 is
	// plain SGD).
	Momentum float64
}

// SGD is minibatch stochastic gradient descent with real minibatches. At
// every step each trajectory draws a batch I of B = Control.BatchSize example
// indices with its own generator (Sampling) and moves by
//
//	plain:       theta' = theta - eta g_I(theta)
//	heavy ball:  v' = mu v - eta g_I(theta),  theta' = theta + v'
//
// with g_I = (1/B) sum_{n in I} grad l_n (+ grad R) and eta = Control.Eta.
// The velocity v of the heavy ball lives in Batch.P (Underdamped reports
// true), initially zero.
//
// Heavy ball as underdamped dynamics: with time step h = sqrt(eta), unit
// mass and p = v / h, the update is p' = (1 - gamma h) p - h g,
// theta' = theta + h p' (a symplectic-Euler step with friction
// gamma = (1 - mu)/sqrt(eta)). At small eta it behaves like SGD with the
// effective learning rate eta/(1 - mu).
//
// The noise of SGD is the minibatch noise alone; its effective temperature
// relative to L is measured by package learning (in 1-D, for a quadratic
// loss of curvature a and gradient-noise variance sigma_B^2 per step, the
// exact stationary variance is eta sigma_B^2 / (a (2 - eta a)) for plain SGD
// and eta sigma_B^2 (1 + mu) / ((1 - mu) a (2 (1 + mu) - eta a)) for the
// heavy ball).
type SGD struct {
	Loss     Loss
	Sampling Sampling
	Momentum float64
}

// NewSGD returns minibatch SGD (with momentum if o.Momentum > 0).
func NewSGD(l Loss, o SGDOptions) (*SGD, error) {
	if err := checkSampling(o.Sampling); err != nil {
		return nil, err
	}
	if !(o.Momentum >= 0 && o.Momentum < 1) {
		return nil, fmt.Errorf("momentum must be in [0, 1), got %g", o.Momentum)
	}
	return &SGD{Loss: l, Sampling: o.Sampling, Momentum: o.Momentum}, nil
}

func checkSampling(s Sampling) error {
	if s < WithoutReplacement || s > Reshuffle {
		return fmt.Errorf("unknown sampling %v", s)
	}
	return nil
}

func (s *SGD) Name() string      { return "sgd" }
func (s *SGD) Underdamped() bool { return s.Momentum != 0 }
func (s *SGD) NewScratch(n int) Scratch {
	return newBatchScratch(n, s.Loss.Dim(), s.Loss.Examples(), s.Sampling)
}

func (s *SGD) Step(b *Batch, c *Control, sc Scratch) {
	bs := sc.(*batchScratch)
	B := bs.check(c.BatchSize, s.Sampling)
	d := b.D
	idx, g := bs.idx[:B], bs.g[:d]
	for j := 0; j < b.N; j++ {
		theta := b.X[j*d : (j+1)*d]
		bs.draw(idx, j, &b.Src[j], s.Sampling)
		s.Loss.BatchGradient(g, theta, idx)
		if s.Momentum == 0 {
			for i, gi := range g {
				theta[i] -= c.Eta * gi
			}
			continue
		}
		v := b.P[j*d : (j+1)*d]
		for i, gi := range g {
			v[i] = s.Momentum*v[i] - c.Eta*gi
			theta[i] += v[i]
		}
	}
}

// SGLD is stochastic gradient Langevin dynamics (Welling & Teh 2011) at
// temperature T = Control.T:
//
//	theta' = theta - eta g_I(theta) + sqrt(2 eta T / N) xi,  xi ~ N(0, I),
//
// with the minibatch I drawn as for SGD, then the Gaussian noise. Writing
// U = N L (the negative log posterior of N examples, L the mean loss), this
// is the unadjusted Langevin step of size h = eta/N on U,
// theta' = theta - h grad U + sqrt(2 h T) xi, so at small eta (and with the
// minibatch noise negligible against the injected noise, eta N sigma_B^2 /
// (2 T) << 1) it samples the posterior exp(-N L(theta) / T). Overdamped
// Langevin on L itself (Euler–Maruyama with dt/gamma = eta) samples
// exp(-L/T): the same density at temperature T/N.
type SGLD struct {
	Loss     Loss
	Sampling Sampling
}

// NewSGLD returns SGLD; o.Momentum must be 0.
func NewSGLD(l Loss, o SGDOptions) (*SGLD, error) {
	if err := checkSampling(o.Sampling); err != nil {
		return nil, err
	}
	if o.Momentum != 0 {
		return nil, fmt.Errorf("sgld takes no momentum, got %g", o.Momentum)
	}
	return &SGLD{Loss: l, Sampling: o.Sampling}, nil
}

func (s *SGLD) Name() string      { return "sgld" }
func (s *SGLD) Underdamped() bool { return false }
func (s *SGLD) NewScratch(n int) Scratch {
	return newBatchScratch(n, s.Loss.Dim(), s.Loss.Examples(), s.Sampling)
}

func (s *SGLD) Step(b *Batch, c *Control, sc Scratch) {
	bs := sc.(*batchScratch)
	B := bs.check(c.BatchSize, s.Sampling)
	d := b.D
	idx, g := bs.idx[:B], bs.g[:d]
	sig := math.Sqrt(2 * c.Eta * c.T / float64(bs.n))
	for j := 0; j < b.N; j++ {
		theta := b.X[j*d : (j+1)*d]
		src := &b.Src[j]
		bs.draw(idx, j, src, s.Sampling)
		s.Loss.BatchGradient(g, theta, idx)
		for i, gi := range g {
			theta[i] += -c.Eta*gi + sig*src.Norm()
		}
	}
}

// batchScratch holds the minibatch machinery: the index buffer, a gradient
// buffer, an identity permutation for partial Fisher–Yates (restored after
// every draw, so a trajectory's draw never depends on the others'), and for
// Reshuffle one permutation (int32) and read position per trajectory.
type batchScratch struct {
	n     int // examples
	idx   []int
	g     []float64
	ident []int   // identity permutation of 0..n-1 (WithoutReplacement)
	swaps []int   // swap targets of the last partial shuffle
	perm  []int32 // Reshuffle: trajectory j's permutation is perm[j*n:(j+1)*n]
	pos   []int   // Reshuffle: next unread position of each trajectory's permutation
}

func newBatchScratch(trajectories, d, n int, s Sampling) *batchScratch {
	bs := &batchScratch{n: n, g: make([]float64, d)}
	switch s {
	case WithoutReplacement:
		bs.ident = make([]int, n)
		for i := range bs.ident {
			bs.ident[i] = i
		}
		bs.swaps = make([]int, n)
		bs.idx = make([]int, n)
	case WithReplacement:
		bs.idx = make([]int, 0)
	case Reshuffle:
		bs.idx = make([]int, n)
		bs.perm = make([]int32, trajectories*n)
		bs.pos = make([]int, trajectories)
		for j := 0; j < trajectories; j++ {
			p := bs.perm[j*n : (j+1)*n]
			for i := range p {
				p[i] = int32(i)
			}
			bs.pos[j] = n // the first step starts an epoch
		}
	}
	return bs
}

// check validates the batch size (a programmer error if scenario validation
// let it through) and grows the index buffer for sampling with replacement.
func (bs *batchScratch) check(B int, s Sampling) int {
	if err := CheckBatchSize(B, bs.n, s); err != nil {
		panic("langevin: " + err.Error())
	}
	if cap(bs.idx) < B {
		bs.idx = make([]int, B) // with replacement only: B may exceed N; grows once
	}
	return B
}

// draw fills idx with trajectory j's next minibatch, drawn with src.
func (bs *batchScratch) draw(idx []int, j int, src *rng.Source, s Sampling) {
	n := bs.n
	switch s {
	case WithReplacement:
		for k := range idx {
			idx[k] = src.IntN(n)
		}
	case WithoutReplacement:
		a := bs.ident
		for k := range idx {
			r := k + src.IntN(n-k)
			a[k], a[r] = a[r], a[k]
			bs.swaps[k] = r
			idx[k] = a[k]
		}
		for k := len(idx) - 1; k >= 0; k-- {
			r := bs.swaps[k]
			a[k], a[r] = a[r], a[k]
		}
	case Reshuffle:
		p := bs.perm[j*n : (j+1)*n]
		if bs.pos[j]+len(idx) > n {
			for k := n - 1; k > 0; k-- { // Fisher–Yates
				r := src.IntN(k + 1)
				p[k], p[r] = p[r], p[k]
			}
			bs.pos[j] = 0
		}
		for k := range idx {
			idx[k] = int(p[bs.pos[j]+k])
		}
		bs.pos[j] += len(idx)
	}
}
