package models

import (
	"fmt"
	"sort"

	"github.com/thermosim/thermosim/langevin"
)

// Param describes one parameter of a model kind.
type Param struct {
	Name        string
	Doc         string
	Default     any  // nil: required
	Schedulable bool // may be driven by a protocol schedule (a control)
	List        bool // a list of numbers (one per dimension) rather than a number
	Int         bool // an integer (e.g. a hidden width)
	Data        bool // a data set: decoded into a DataSpec
}

// DataSpec says where a learning model's data come from: a seeded synthetic
// generator or a CSV file with a header row (File is resolved relative to the
// scenario file by the decoder before the model is built).
type DataSpec struct {
	Synthetic string  `yaml:"synthetic,omitempty" json:"synthetic,omitempty"` // generator name, e.g. "linear", "logistic"
	N         int     `yaml:"n,omitempty" json:"n,omitempty"`
	Features  int     `yaml:"features,omitempty" json:"features,omitempty"`
	Noise     float64 `yaml:"noise,omitempty" json:"noise,omitempty"`
	Seed      uint64  `yaml:"seed,omitempty" json:"seed,omitempty"`
	File      string  `yaml:"file,omitempty" json:"file,omitempty"`
	Target    string  `yaml:"target,omitempty" json:"target,omitempty"`
}

// Kind describes a model kind: its parameters and a constructor.
type Kind struct {
	Name   string
	Doc    string
	HasDim bool // takes model.dim
	Params []Param
	// Build constructs the model from decoded parameter values (numbers as
	// float64, lists as []float64; defaults already applied) and the dimension.
	Build func(dim int, p Values) (*Model, error)
}

// Values are decoded parameter values by name: float64 for numbers, int for
// Int parameters, []float64 for lists, DataSpec for data.
type Values map[string]any

// Float returns a number parameter.
func (v Values) Float(name string) float64 {
	switch x := v[name].(type) {
	case float64:
		return x
	case int:
		return float64(x)
	}
	panic(fmt.Sprintf("models: parameter %q is %T, not a number", name, v[name]))
}

// List returns a list parameter.
func (v Values) List(name string) []float64 {
	x, ok := v[name].([]float64)
	if !ok {
		panic(fmt.Sprintf("models: parameter %q is %T, not a list", name, v[name]))
	}
	return x
}

// Model is a built model: its potential, the names of its controls (the order
// of lambda) and the controls' values from the parameters.
type Model struct {
	Kind      string
	Potential langevin.Potential
	Controls  []string
	Lambda0   []float64
}

// ControlIndex returns the index of control name in lambda, or -1.
func (m *Model) ControlIndex(name string) int {
	for i, c := range m.Controls {
		if c == name {
			return i
		}
	}
	return -1
}

var kinds = map[string]*Kind{}

// Register adds a model kind; it panics on a duplicate name (a programming error).
func Register(k *Kind) {
	if _, dup := kinds[k.Name]; dup {
		panic("models: duplicate kind " + k.Name)
	}
	kinds[k.Name] = k
}

// Lookup returns the kind of the given name.
func Lookup(name string) (*Kind, bool) {
	k, ok := kinds[name]
	return k, ok
}

// Kinds returns every registered kind, sorted by name.
func Kinds() []*Kind {
	out := make([]*Kind, 0, len(kinds))
	for _, k := range kinds {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
