package learning_test

import (
	"fmt"

	"github.com/thermosim/thermosim/learning"
)

// One-parameter SGD near a minimum of curvature a = 1 with per-example
// gradient variance sigma^2 = 0.5 over N = 100 examples, batches of B = 10
// drawn without replacement: the predicted temperature at small eta and the
// exact discrete-time value eta sigma_B^2 / (2 - eta a).
func ExamplePredict() {
	sigmaB := make([]float64, 1)
	if err := learning.BatchNoise(sigmaB, []float64{0.5}, 100, 10, false); err != nil {
		panic(err)
	}
	for _, eta := range []float64{0.01, 0.5} {
		small, _ := learning.Predict([]float64{1}, sigmaB, eta, false)
		exact, _ := learning.Predict([]float64{1}, sigmaB, eta, true)
		fmt.Printf("eta %.2f: sigma_B^2 %.5f  T small-eta %.6f  exact %.6f\n", eta, sigmaB[0], small.T, exact.T)
	}
	// Output:
	// eta 0.01: sigma_B^2 0.04545  T small-eta 0.000227  exact 0.000228
	// eta 0.50: sigma_B^2 0.04545  T small-eta 0.011364  exact 0.015152
}
