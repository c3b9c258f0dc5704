package sim

import (
	"fmt"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/paths"
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
	Paths, PathsP             []float64 // the first KeepPaths trajectories, laid out like States
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
	// one allocation per array: sizes from the blocks
	var n, nl, nst, np, npp, nsm int
	for _, o := range outs {
		if o != nil {
			n += len(o.W)
			nl += len(o.LogRatio)
			nst += len(o.States)
			np += len(o.Paths)
			npp += len(o.PathsP)
			nsm += len(o.Sm)
		}
	}
	mk := func(k int) []float64 {
		if k == 0 {
			return nil
		}
		return make([]float64, 0, k)
	}
	s.W, s.Q, s.U0, s.UK = mk(n), mk(n), mk(n), mk(n)
	if s.Underdamped {
		s.WShadow, s.P0, s.PK = mk(n), mk(n*d), mk(n*d)
	}
	s.X0, s.XK = mk(n*d), mk(n*d)
	s.LogRatio, s.States, s.Paths, s.PathsP, s.Sm = mk(nl), mk(nst), mk(np), mk(npp), mk(nsm)
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
		if s.Underdamped {
			s.WShadow = append(s.WShadow, o.WShadow...)
		}
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
		s.Paths = append(s.Paths, o.Paths...)
		s.PathsP = append(s.PathsP, o.PathsP...)
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

// StoredPaths returns the stored whole paths (record.paths) with times
// t_k = k dt at the recorded steps.
func (s *Samples) StoredPaths(dt float64) []*paths.Path {
	R := len(s.RecSteps)
	if R == 0 || s.D == 0 {
		return nil
	}
	np := len(s.Paths) / (R * s.D)
	t := make([]float64, R)
	for r, k := range s.RecSteps {
		t[r] = float64(k) * dt
	}
	out := make([]*paths.Path, np)
	for j := range out {
		p := &paths.Path{Index: j, D: s.D, T: t, X: s.Paths[j*R*s.D : (j+1)*R*s.D]}
		if s.PathsP != nil {
			p.P = s.PathsP[j*R*s.D : (j+1)*R*s.D]
		}
		out[j] = p
	}
	return out
}

// State returns trajectory j's state at recorded time r (KeepStates runs).
func (s *Samples) State(j, r int) []float64 {
	R := len(s.RecSteps)
	return s.States[(j*R+r)*s.D : (j*R+r+1)*s.D]
}
