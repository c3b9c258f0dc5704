package sim

import (
	"fmt"

	"github.com/thermosim/thermosim/estimate"
)

// Samples are the outputs of a whole run (or of the blocks a shard ran),
// joined in block order: per-trajectory samples in trajectory order and the
// per-time summaries merged block by block.
type Samples struct {
	N, D                      int
	W, Q, WShadow, U0, UK, Sm []float64
	LogRatio                  []float64
	X0, XK, P0, PK            []float64
	Accepted                  []int
	RecSteps                  []int
	RecU                      []estimate.Moments
	RecX                      []estimate.Moments
	States                    []float64 // N x R x D, trajectory-major
	Underdamped, HasLogRatio  bool
}

// Collect joins block outputs given in block order. It returns an error if
// the blocks are not consecutive from 0 (a missing or duplicated block).
func Collect(cfg *Config, outs []*BlockOut) (*Samples, error) {
	d := cfg.Model.Potential.Dim()
	rs := cfg.RecordSteps()
	R := len(rs)
	s := &Samples{D: d, RecSteps: rs, RecU: make([]estimate.Moments, R), RecX: make([]estimate.Moments, R*d),
		Underdamped: cfg.Integrator.Underdamped(), HasLogRatio: cfg.PathLogRatio}
	want := 0
	for bi, o := range outs {
		if o == nil {
			return nil, fmt.Errorf("block %d missing", bi)
		}
		if o.Block.Lo != want {
			return nil, fmt.Errorf("block %d starts at trajectory %d, want %d", o.Block.Index, o.Block.Lo, want)
		}
		want = o.Block.Hi
		s.W = append(s.W, o.W...)
		s.Q = append(s.Q, o.Q...)
		s.WShadow = append(s.WShadow, o.WShadow...)
		s.U0 = append(s.U0, o.U0...)
		s.UK = append(s.UK, o.UK...)
		s.LogRatio = append(s.LogRatio, o.LogRatio...)
		s.Sm = append(s.Sm, o.Sm...)
		s.X0 = append(s.X0, o.X0...)
		s.XK = append(s.XK, o.XK...)
		s.P0 = append(s.P0, o.P0...)
		s.PK = append(s.PK, o.PK...)
		s.Accepted = append(s.Accepted, o.Accepted...)
		s.States = append(s.States, o.States...)
		for r := range s.RecU {
			s.RecU[r].Merge(o.RecU[r])
		}
		for r := range s.RecX {
			s.RecX[r].Merge(o.RecX[r])
		}
	}
	s.N = want
	return s, nil
}

// State returns trajectory j's state at recorded time r (KeepStates runs).
func (s *Samples) State(j, r int) []float64 {
	R := len(s.RecSteps)
	return s.States[(j*R+r)*s.D : (j*R+r+1)*s.D]
}
