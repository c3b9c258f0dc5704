package scenarios

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/thermosim/thermosim/models"
)

// Marshal writes the resolved scenario as YAML: every default filled in, the
// sweep included. Decoding the output gives back an equal Scenario (data
// file paths are written absolute). One value is left implicit: when the
// scenario has a protocol, dynamics.steps is not written, since it is
// protocol.duration / dynamics.dt (so that a sweep over dt or the duration
// recomputes it); with a sweep over dynamics.steps, the duration is left out
// instead.
func Marshal(s *Scenario) ([]byte, error) {
	n := s.toNode()
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, fmt.Errorf("scenarios: marshal %s: %w", s.Name, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("scenarios: marshal %s: %w", s.Name, err)
	}
	return buf.Bytes(), nil
}

func strNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func intNode(x int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(x)}
}

func uintNode(x uint64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatUint(x, 10)}
}

func boolNode(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

// floatNode writes a float so that it reads back as a float (1.0, not 1).
func floatNode(x float64) *yaml.Node {
	var s string
	switch {
	case math.IsInf(x, 1):
		s = ".inf"
	case math.IsInf(x, -1):
		s = "-.inf"
	case math.IsNaN(x):
		s = ".nan"
	default:
		s = strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".en") {
			s += ".0"
		}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: s}
}

func seqNode(flow bool, items ...*yaml.Node) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: items}
	if flow {
		n.Style = yaml.FlowStyle
	}
	return n
}

func floatsNode(xs []float64) *yaml.Node {
	n := seqNode(true)
	for _, x := range xs {
		n.Content = append(n.Content, floatNode(x))
	}
	return n
}

// mapNode is a mapping under construction.
type mapNode struct{ *yaml.Node }

func newMap(flow bool) mapNode {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	if flow {
		n.Style = yaml.FlowStyle
	}
	return mapNode{n}
}

func (m mapNode) add(key string, v *yaml.Node) {
	m.Content = append(m.Content, strNode(key), v)
}

// anyNode writes a decoded YAML value.
func anyNode(v any) *yaml.Node {
	switch x := v.(type) {
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	case string:
		return strNode(x)
	case bool:
		return boolNode(x)
	case int:
		return intNode(x)
	case uint64:
		return uintNode(x)
	case float64:
		return floatNode(x)
	case []float64:
		return floatsNode(x)
	case []int:
		n := seqNode(true)
		for _, y := range x {
			n.Content = append(n.Content, intNode(y))
		}
		return n
	case []string:
		n := seqNode(true)
		for _, y := range x {
			n.Content = append(n.Content, strNode(y))
		}
		return n
	case []any:
		n := seqNode(true)
		for _, y := range x {
			n.Content = append(n.Content, anyNode(y))
		}
		return n
	case map[string]any:
		m := newMap(true)
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			m.add(k, anyNode(x[k]))
		}
		return m.Node
	case models.DataSpec:
		return dataNode(x)
	}
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return strNode(fmt.Sprint(v))
	}
	return &n
}

func dataNode(ds models.DataSpec) *yaml.Node {
	m := newMap(true)
	if ds.Synthetic != "" {
		m.add("synthetic", strNode(ds.Synthetic))
		m.add("n", intNode(ds.N))
		m.add("features", intNode(ds.Features))
		m.add("noise", floatNode(ds.Noise))
		m.add("seed", uintNode(ds.Seed))
	} else {
		m.add("file", strNode(ds.File))
		if ds.Target != "" {
			m.add("target", strNode(ds.Target))
		}
	}
	return m.Node
}

func (s *Scenario) sweeps(key string) bool {
	if s.Sweep == nil {
		return false
	}
	for _, p := range s.Sweep.Params {
		if p.Key == key {
			return true
		}
	}
	return false
}

// toNode builds the resolved YAML tree of s.
func (s *Scenario) toNode() *yaml.Node {
	root := newMap(false)
	root.add("name", strNode(s.Name))
	if s.Description != "" {
		root.add("description", strNode(s.Description))
	}
	root.add("seed", uintNode(s.Seed))

	model := newMap(false)
	model.add("kind", strNode(s.Model.Kind))
	kind, _ := models.Lookup(s.Model.Kind)
	if kind == nil || kind.HasDim {
		model.add("dim", intNode(s.Model.Dim))
	}
	params := newMap(false)
	if kind != nil {
		for _, p := range kind.Params {
			if v, ok := s.Model.Params[p.Name]; ok {
				params.add(p.Name, anyNode(v))
			}
		}
	} else {
		for _, k := range sortedKeys(s.Model.Params) {
			params.add(k, anyNode(s.Model.Params[k]))
		}
	}
	model.add("params", params.Node)
	root.add("model", model.Node)

	writeSteps := s.Protocol == nil || s.sweeps("dynamics.steps")
	if s.Protocol != nil {
		p := newMap(false)
		if !writeSteps {
			p.add("duration", floatNode(s.Protocol.Duration))
		}
		sched := newMap(false)
		for _, k := range sortedKeys(s.Protocol.Schedule) {
			sc := s.Protocol.Schedule[k]
			m := newMap(true)
			if sc.Shape == ShapeTable {
				tab := seqNode(true)
				for _, r := range sc.Table {
					tab.Content = append(tab.Content, floatsNode(r[:]))
				}
				m.add("table", tab)
			} else {
				m.add("from", floatNode(sc.From))
				m.add("to", floatNode(sc.To))
				m.add("shape", strNode(sc.Shape))
			}
			sched.add(k, m.Node)
		}
		p.add("schedule", sched.Node)
		root.add("protocol", p.Node)
	}

	dy := newMap(false)
	dy.add("kind", strNode(s.Dynamics.Kind))
	dk, _ := LookupDynamics(s.Dynamics.Kind)
	if s.Dynamics.Integrator != "" {
		dy.add("integrator", strNode(s.Dynamics.Integrator))
	}
	dy.add("dt", floatNode(s.Dynamics.Dt))
	if writeSteps {
		dy.add("steps", intNode(s.Dynamics.Steps))
	}
	if dk != nil {
		for _, key := range dk.Keys {
			switch key {
			case "temperature":
				dy.add(key, floatNode(s.Dynamics.Temperature))
			case "friction":
				dy.add(key, floatNode(s.Dynamics.Friction))
			case "mass":
				dy.add(key, floatNode(s.Dynamics.Mass))
			case "learning_rate":
				dy.add(key, floatNode(s.Dynamics.LearningRate))
			case "batch_size":
				dy.add(key, intNode(s.Dynamics.BatchSize))
			case "momentum":
				dy.add(key, floatNode(s.Dynamics.Momentum))
			case "damping":
				dy.add(key, floatNode(s.Dynamics.Damping))
			case "sampling":
				dy.add(key, strNode(s.Dynamics.Sampling))
			case "noise":
				if len(s.Dynamics.Noise) > 0 {
					dy.add(key, floatsNode(s.Dynamics.Noise))
				}
			}
		}
	}
	root.add("dynamics", dy.Node)

	in := newMap(false)
	in.add("kind", strNode(s.Initial.Kind))
	switch s.Initial.Kind {
	case InitialPoint:
		in.add("point", floatsNode(s.Initial.Point))
	case InitialGaussian:
		in.add("mean", floatsNode(s.Initial.Mean))
		in.add("cov", covNode(s.Initial.Cov))
	}
	root.add("initial", in.Node)

	ens := newMap(false)
	ens.add("trajectories", intNode(s.Ensemble.Trajectories))
	ens.add("workers", intNode(s.Ensemble.Workers))
	ens.add("reverse", boolNode(s.Ensemble.Reverse))
	root.add("ensemble", ens.Node)

	rec := newMap(false)
	rec.add("every", intNode(s.Record.Every))
	rec.add("paths", intNode(s.Record.Paths))
	root.add("record", rec.Node)

	ms := seqNode(false)
	for _, m := range s.Measure {
		if len(m.Options) == 0 {
			ms.Content = append(ms.Content, strNode(m.Name))
			continue
		}
		opts := newMap(true)
		if mk, ok := LookupMeasure(m.Name); ok {
			for _, o := range mk.Options {
				if v, ok := m.Options[o.Name]; ok {
					if ints, ok := v.([]int); ok && len(ints) == 1 {
						v = ints[0]
					}
					opts.add(o.Name, anyNode(v))
				}
			}
		}
		one := newMap(false)
		one.add(m.Name, opts.Node)
		ms.Content = append(ms.Content, one.Node)
	}
	root.add("measure", ms)

	if len(s.Expect) > 0 {
		ex := seqNode(false)
		for _, e := range s.Expect {
			m := newMap(true)
			m.add("metric", strNode(e.Metric))
			if e.Equals != nil {
				m.add("equals", floatNode(*e.Equals))
				if e.WithinSE {
					m.add("within", strNode(strconv.FormatFloat(e.Within, 'g', -1, 64)+"se"))
				} else {
					m.add("within", floatNode(e.Within))
				}
			}
			if e.AtLeast != nil {
				m.add("at_least", floatNode(*e.AtLeast))
			}
			if e.AtMost != nil {
				m.add("at_most", floatNode(*e.AtMost))
			}
			ex.Content = append(ex.Content, m.Node)
		}
		root.add("expect", ex)
	}

	if s.Sweep != nil {
		sw := newMap(false)
		keys := newMap(false)
		for _, p := range s.Sweep.Params {
			keys.add(p.Key, anyNode(p.Values))
		}
		sw.add(s.Sweep.Mode, keys.Node)
		root.add("sweep", sw.Node)
	}
	return root.Node
}

// covNode writes a covariance compactly: a number for s I, a list for a
// diagonal matrix, else the rows.
func covNode(c [][]float64) *yaml.Node {
	diag, iso := len(c) > 0, len(c) > 0
	for i, r := range c {
		for j, x := range r {
			if i != j && x != 0 {
				diag = false
			}
		}
		if len(r) != len(c) || r[i] != c[0][0] {
			iso = false
		}
	}
	switch {
	case diag && iso:
		return floatNode(c[0][0])
	case diag:
		d := make([]float64, len(c))
		for i := range c {
			d[i] = c[i][i]
		}
		return floatsNode(d)
	}
	n := seqNode(true)
	for _, r := range c {
		n.Content = append(n.Content, floatsNode(r))
	}
	return n
}
