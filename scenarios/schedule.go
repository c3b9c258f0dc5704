package scenarios

import (
	"math"
	"sort"
)

// Schedule is the time course of one control parameter over a protocol of
// duration tau. Shapes, with s = t/tau in [0, 1]:
//
//	linear  lambda(t) = from + (to - from) s
//	step    lambda(0) = from, lambda(t) = to for t > 0 (an instantaneous
//	        quench: the jump happens on the first step, so all of its work
//	        is done at fixed x_0)
//	cosine  lambda(t) = from + (to - from) (1 - cos(pi s)) / 2 (zero speed at both ends)
//	table   piecewise linear through the points (t_i, v_i), in absolute time;
//	        held at v_0 before t_0 and at the last value after the last point
//
// A batch_size schedule is checked to take integer values at its defining
// points; in between, consumers round At to the nearest integer.
type Schedule struct {
	From, To float64
	Shape    string
	// Table holds (t, value) points with strictly increasing t >= 0 (shape table).
	Table [][2]float64
}

// At returns the scheduled value at time t of a protocol of the given
// duration. t is clamped to [0, duration].
func (s Schedule) At(t, duration float64) float64 {
	if t < 0 {
		t = 0
	}
	if t > duration {
		t = duration
	}
	if s.Shape == ShapeTable {
		return tableAt(s.Table, t)
	}
	frac := 1.0
	if duration > 0 {
		frac = t / duration
	}
	switch s.Shape {
	case ShapeStep:
		if t > 0 {
			return s.To
		}
		return s.From
	case ShapeCosine:
		return s.From + (s.To-s.From)*(1-math.Cos(math.Pi*frac))/2
	}
	return s.From + (s.To-s.From)*frac
}

func tableAt(tab [][2]float64, t float64) float64 {
	if len(tab) == 0 {
		return 0
	}
	if t <= tab[0][0] {
		return tab[0][1]
	}
	last := tab[len(tab)-1]
	if t >= last[0] {
		return last[1]
	}
	// First point with time > t; t lies in [tab[i-1][0], tab[i][0]).
	i := sort.Search(len(tab), func(i int) bool { return tab[i][0] > t })
	a, b := tab[i-1], tab[i]
	return a[1] + (b[1]-a[1])*(t-a[0])/(b[0]-a[0])
}

// values returns every value the schedule takes at a point it defines
// (from and to, or the table's values), for range checks.
func (s Schedule) values() []float64 {
	if s.Shape == ShapeTable {
		out := make([]float64, len(s.Table))
		for i, p := range s.Table {
			out[i] = p[1]
		}
		return out
	}
	return []float64{s.From, s.To}
}
