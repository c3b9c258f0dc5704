package fluctuation

import (
	"slices"
	"testing"

	"github.com/thermosim/thermosim/internal/rng"
)

func TestSelectKth(t *testing.T) {
	src := rng.Stream(1, "select", 0)
	for _, n := range []int{1, 2, 3, 10, 101, 1000} {
		for trial := 0; trial < 20; trial++ {
			a := make([]float64, n)
			for i := range a {
				a[i] = float64(src.IntN(n/2 + 1)) // with ties
			}
			sorted := slices.Clone(a)
			slices.Sort(sorted)
			k := src.IntN(n)
			selectKth(a, k)
			if a[k] != sorted[k] {
				t.Fatalf("n=%d k=%d: %v, want %v", n, k, a[k], sorted[k])
			}
			for i := 0; i < k; i++ {
				if a[i] > a[k] {
					t.Fatalf("left not <=")
				}
			}
			for i := k + 1; i < n; i++ {
				if a[i] < a[k] {
					t.Fatalf("right not >=")
				}
			}
		}
	}
}
