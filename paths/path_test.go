package paths

import "testing"

func TestPathReverse(t *testing.T) {
	p := &Path{D: 2, T: []float64{0, 0.5, 1}, X: []float64{1, 2, 3, 4, 5, 6}, P: []float64{1, -1, 2, -2, 3, -3}}
	q := p.Reverse()
	wantX := []float64{5, 6, 3, 4, 1, 2}
	wantP := []float64{-3, 3, -2, 2, -1, 1}
	for i := range wantX {
		if q.X[i] != wantX[i] || q.P[i] != wantP[i] {
			t.Fatalf("reversed X %v P %v", q.X, q.P)
		}
	}
	if q.T[0] != 0 || q.T[1] != 0.5 || q.T[2] != 1 {
		t.Fatalf("times %v", q.T)
	}
	r := q.Reverse()
	for i := range p.X {
		if r.X[i] != p.X[i] || r.P[i] != p.P[i] {
			t.Fatal("reversing twice is not the identity")
		}
	}
	g := ReverseProtocol([][]float64{{0}, {1}, {2}})
	if g[0][0] != 2 || g[2][0] != 0 {
		t.Fatalf("%v", g)
	}
}
