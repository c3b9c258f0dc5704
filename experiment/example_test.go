package experiment_test

import (
	"context"
	"fmt"
	"math"

	"github.com/thermosim/thermosim/experiment"
	"github.com/thermosim/thermosim/scenarios"
)

// Run a scenario point and read a metric with its standard error.
func ExampleRunPoint() {
	s, err := scenarios.Decode("quench.yaml", []byte(`
name: quench
seed: 7
model: {kind: harmonic, params: {stiffness: 1.0}}
protocol: {duration: 0.01, schedule: {stiffness: {from: 1.0, to: 2.0, shape: step}}}
dynamics: {kind: overdamped, dt: 0.01}
ensemble: {trajectories: 20000}
measure: [work, jarzynski]
`))
	if err != nil {
		panic(err)
	}
	pts, _ := s.Expand()
	res, err := experiment.RunPoint(context.Background(), pts[0], nil, experiment.Options{Workers: 2})
	if err != nil {
		panic(err)
	}
	df, _ := res.Outcome.Metrics.Get("jarzynski.delta_f")
	exact := 0.5 * math.Log(2) // (T/2) ln(k1/k0)
	fmt.Println(res.Status, math.Abs(df.Value-exact) < 4*df.StdErr)
	// Output: complete true
}
