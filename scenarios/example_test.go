package scenarios_test

import (
	"fmt"

	"github.com/thermosim/thermosim/scenarios"
)

// A scenario decodes with every default filled in.
func ExampleDecode() {
	s, err := scenarios.Decode("trap.yaml", []byte(`
name: dragged-trap
model: {kind: harmonic, params: {stiffness: 2}}
protocol:
  duration: 1
  schedule:
    center: {from: 0, to: 1}
dynamics: {kind: overdamped, dt: 0.001}
measure: [work, jarzynski]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	d := s.Dynamics
	fmt.Println(s.Model.Kind, s.Model.Dim, s.Model.Params["stiffness"], s.Model.Params["center"])
	fmt.Println(d.Kind, d.Integrator, d.Steps, d.Temperature, d.Friction)
	fmt.Println(s.Protocol.Schedule["center"].At(0.25, s.Protocol.Duration))
	fmt.Println(s.Ensemble.Trajectories, s.Record.Every, s.Seed)
	// Output:
	// harmonic 1 2 0
	// overdamped euler-maruyama 1000 1 1
	// 0.25
	// 1000 10 1
}

// Errors name the file, line, column and key, and say what was expected.
func ExampleDecode_errors() {
	_, err := scenarios.Decode("bad.yaml", []byte(`name: bad
model: {kind: harmonic}
dynamics:
  kind: overdamped
  dt: -0.01
  steps: 100
  temprature: 2
`))
	fmt.Println(err)
	// Output:
	// bad.yaml:5:7: dynamics.dt: must be > 0, got -0.01
	// bad.yaml:7:3: dynamics.temprature: unknown key; expected one of: kind, integrator, dt, steps, temperature, friction, mass, learning_rate, batch_size, sampling, momentum, damping, noise; did you mean temperature?
}

// A sweep expands into points with derived seeds.
func ExampleScenario_Expand() {
	s, err := scenarios.Decode("sweep.yaml", []byte(`
name: temperatures
model: {kind: double-well}
dynamics: {kind: overdamped, dt: 0.01, steps: 100}
sweep:
  grid:
    dynamics.temperature: [0.5, 1.0]
    model.params.height: [1, 2]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	points, err := s.Expand()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range points {
		fmt.Println(p.Index, p.Params, p.Scenario.Dynamics.Temperature, p.Scenario.Model.Params["height"], p.Scenario.Seed != s.Seed)
	}
	// Output:
	// 0 [{dynamics.temperature 0.5} {model.params.height 1}] 0.5 1 true
	// 1 [{dynamics.temperature 0.5} {model.params.height 2}] 0.5 2 true
	// 2 [{dynamics.temperature 1} {model.params.height 1}] 1 1 true
	// 3 [{dynamics.temperature 1} {model.params.height 2}] 1 2 true
}

// Marshal writes the resolved scenario, defaults included.
func ExampleMarshal() {
	s, _ := scenarios.Decode("", []byte(`
name: relax
model: {kind: harmonic, dim: 2, params: {stiffness: 4}}
dynamics: {kind: underdamped, dt: 0.01, steps: 500}
initial: {kind: point, point: [1, 1]}
measure: [free-energy]
`))
	b, _ := scenarios.Marshal(s)
	fmt.Print(string(b))
	// Output:
	// name: relax
	// seed: 1
	// model:
	//   kind: harmonic
	//   dim: 2
	//   params:
	//     stiffness: 4.0
	//     center: 0.0
	// dynamics:
	//   kind: underdamped
	//   integrator: baoab
	//   dt: 0.01
	//   steps: 500
	//   temperature: 1.0
	//   friction: 1.0
	//   mass: 1.0
	// initial:
	//   kind: point
	//   point: [1.0, 1.0]
	// ensemble:
	//   trajectories: 1000
	//   workers: 0
	//   reverse: false
	// record:
	//   every: 5
	//   paths: 0
	// measure:
	//   - free-energy: {entropy: gaussian, bins: 100, k: 5}
}
