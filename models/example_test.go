package models_test

import (
	"fmt"

	"github.com/thermosim/thermosim/models"
)

// Build a model kind from parameters; the potential is evaluated on batches.
func ExampleLookup() {
	k, _ := models.Lookup("harmonic")
	m, err := k.Build(1, models.Values{"stiffness": 2.0, "center": 1.0})
	if err != nil {
		panic(err)
	}
	x := []float64{0, 1, 3}
	e := make([]float64, 3)
	g := make([]float64, 3)
	m.Potential.Energy(e, x, m.Lambda0)
	m.Potential.Gradient(g, x, m.Lambda0)
	fmt.Println(m.Controls, e, g)
	// Output: [stiffness center] [1 0 4] [-2 0 4]
}
