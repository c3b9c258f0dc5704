package estimate

import (
	"math"
	"testing"
)

func TestMomentsMergeMatchesOnePass(t *testing.T) {
	xs := []float64{1, 2.5, -3, 4, 0.25, 7, -1, 2}
	var all Moments
	all.AddAll(xs)
	var a, b Moments
	a.AddAll(xs[:3])
	b.AddAll(xs[3:])
	a.Merge(b)
	if math.Abs(a.Mean-all.Mean) > 1e-14 || math.Abs(a.Var()-all.Var()) > 1e-13 || a.N != all.N {
		t.Fatalf("merge %+v, one pass %+v", a, all)
	}
	// exact: mean 1.59375
	if math.Abs(all.Mean-1.59375) > 1e-15 {
		t.Fatalf("mean %v", all.Mean)
	}
	s := 0.0
	for _, x := range xs {
		s += (x - 1.59375) * (x - 1.59375)
	}
	if math.Abs(all.Var()-s/7) > 1e-13 {
		t.Fatalf("var %v want %v", all.Var(), s/7)
	}
}

func TestLogMeanExpNoOverflow(t *testing.T) {
	as := []float64{1000, 1001, 999, 1000.5}
	var l LogMeanExp
	l.AddAll(as)
	want := 1000 + math.Log((1+math.E+math.Exp(-1)+math.Exp(0.5))/4)
	if math.Abs(l.Log()-want) > 1e-12 {
		t.Fatalf("got %v want %v", l.Log(), want)
	}
	var a, b LogMeanExp
	a.AddAll(as[:1])
	b.AddAll(as[1:])
	a.Merge(b)
	if math.Abs(a.Log()-want) > 1e-12 || a.N != 4 {
		t.Fatalf("merge got %v", a.Log())
	}
	if ess := l.ESS(); ess <= 1 || ess > 4 {
		t.Fatalf("ess %v", ess)
	}
}
