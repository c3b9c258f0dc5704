package rng_test

import (
	"fmt"

	"github.com/thermosim/thermosim/internal/rng"
)

// A trajectory's generator depends only on (seed, label, index).
func ExampleStream() {
	a := rng.Stream(42, "forward", 7)
	b := rng.Stream(42, "forward", 7)
	fmt.Println(a.Norm() == b.Norm(), a.Uint64() == b.Uint64())
	// Output: true true
}
