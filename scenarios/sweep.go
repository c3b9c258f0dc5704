package scenarios

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/thermosim/thermosim/internal/rng"
)

// Expand returns the points of the scenario's sweep, each a deep copy of the
// scenario with the point's values applied, validated, and seeded with
// rng.Derive(s.Seed, "sweep", index). Without a sweep it returns one point
// (index 0) holding a copy of s with its seed unchanged.
//
// Grid points are in the order of nested loops over the keys as written,
// the last key varying fastest; zip points take the i-th value of every key.
// Defaults that depend on swept keys (steps from protocol.duration / dt, say)
// are recomputed at every point. Errors name the sweep value at fault, e.g.
// "file:12:30: sweep.grid.dynamics.batch_size[2]: dynamics.batch_size = 500:
// must be at most ...".
func (s *Scenario) Expand() ([]Point, error) {
	return s.expand(map[string]builtModel{})
}

func (s *Scenario) expand(cache map[string]builtModel) ([]Point, error) {
	base := s.src
	if base == nil || s.modified() {
		base = s.toNode()
		if s.src != nil {
			copyPositions(base, s.src)
		}
	}
	dataPath := s.dataPath
	if dataPath == nil {
		dataPath = osDataPath(s.File)
	}
	if s.Sweep == nil {
		p := cloneNode(base)
		mapDelete(p, "sweep")
		d := &decoder{file: s.File, dataPath: dataPath, buildModels: true, cache: cache}
		sc := d.scenario(p, false)
		if err := d.errs.err(); err != nil {
			return nil, err
		}
		sc.File, sc.src, sc.dataPath, sc.Seed = s.File, p, dataPath, s.Seed
		sc.resolved, _ = Marshal(sc)
		return []Point{{Index: 0, Scenario: sc}}, nil
	}

	sw := s.Sweep
	_, swNode := mapGet(base, "sweep")
	for i := 0; swNode != nil && swNode.Kind == yaml.AliasNode && i < 100; i++ {
		swNode = swNode.Alias
	}
	_, modeNode := mapGet(swNode, sw.Mode)
	for i := 0; modeNode != nil && modeNode.Kind == yaml.AliasNode && i < 100; i++ {
		modeNode = modeNode.Alias
	}
	keyNodes := make([]*yaml.Node, len(sw.Params))
	valNodes := make([][]*yaml.Node, len(sw.Params))
	for j, p := range sw.Params {
		k, v := mapGet(modeNode, p.Key)
		for i := 0; v != nil && v.Kind == yaml.AliasNode && i < 100; i++ {
			v = v.Alias
		}
		if k == nil || v == nil || v.Kind != yaml.SequenceNode || len(v.Content) != len(p.Values) {
			// The sweep was changed in Go after decoding: write its values.
			// Its values take the position of the sweep block (if any).
			k, v = strNode(p.Key), anyNode(p.Values)
			if swNode != nil {
				copyPos(v, nil, swNode.Line, swNode.Column, 0)
			}
		}
		keyNodes[j], valNodes[j] = k, v.Content
	}

	n := 1
	if sw.Mode == SweepZip {
		n = len(sw.Params[0].Values)
		for _, p := range sw.Params {
			if len(p.Values) != n {
				return nil, ErrorList{{File: s.File, Key: "sweep.zip." + p.Key, Msg: fmt.Sprintf("zip lists must have equal lengths: %d values here, %d for %s", len(p.Values), n, sw.Params[0].Key)}}
			}
		}
	} else {
		for _, p := range sw.Params {
			n *= len(p.Values)
		}
	}
	if n > MaxSweepPoints {
		return nil, ErrorList{{File: s.File, Key: "sweep", Msg: fmt.Sprintf("%d points; at most %d", n, MaxSweepPoints)}}
	}

	stripped := cloneNode(base)
	mapDelete(stripped, "sweep")
	points := make([]Point, 0, n)
	var errs ErrorList
	idx := make([]int, len(sw.Params))
	for i := 0; i < n; i++ {
		// Value index of every key at point i.
		if sw.Mode == SweepZip {
			for j := range idx {
				idx[j] = i
			}
		} else {
			r := i
			for j := len(sw.Params) - 1; j >= 0; j-- {
				idx[j] = r % len(sw.Params[j].Values)
				r /= len(sw.Params[j].Values)
			}
		}
		node := cloneNode(stripped)
		params := make([]Param, len(sw.Params))
		for j, p := range sw.Params {
			params[j] = Param{Key: p.Key, Value: p.Values[idx[j]]}
			setPath(node, p.Key, cloneNode(valNodes[j][idx[j]]), keyNodes[j])
		}
		d := &decoder{file: s.File, dataPath: dataPath, buildModels: true, cache: cache}
		sc := d.scenario(node, false)
		if len(d.errs) > 0 {
			errs = append(errs, pointErrors(d.errs, i, sw, params, idx, keyNodes, valNodes)...)
			continue
		}
		sc.File, sc.src, sc.dataPath = s.File, node, dataPath
		sc.Seed = rng.Derive(s.Seed, "sweep", uint64(i))
		sc.resolved, _ = Marshal(sc)
		points = append(points, Point{Index: i, Params: params, Scenario: sc})
	}
	if len(errs) > 0 {
		errs.sort()
		const maxErrors = 50
		if len(errs) > maxErrors {
			more := len(errs) - maxErrors
			errs = append(errs[:maxErrors], &Error{File: s.File, Key: "sweep", Msg: fmt.Sprintf("and %d more errors at other sweep points", more)})
		}
		return nil, errs
	}
	return points, nil
}

// pointErrors rewrites the errors of sweep point i: an error about a swept
// key is put on the sweep value; any other names the point.
func pointErrors(in ErrorList, i int, sw *Sweep, params []Param, idx []int, keyNodes []*yaml.Node, valNodes [][]*yaml.Node) ErrorList {
	labels := make([]string, len(params))
	for j, p := range params {
		labels[j] = p.Key + "=" + valueString(p.Value)
	}
	out := make(ErrorList, 0, len(in))
	for _, e := range in {
		e := *e
		matched := false
		for j, p := range sw.Params {
			if underAny(e.Key, []string{p.Key}) {
				rest := e.Key[len(p.Key):]
				v := valNodes[j][idx[j]]
				if e.Line == keyNodes[j].Line && e.Col == keyNodes[j].Column && (e.Line != v.Line || e.Col != v.Column) {
					// About the key itself (unknown key): the same at every point.
					e.Key = fmt.Sprintf("sweep.%s.%s%s", sw.Mode, p.Key, rest)
					matched = true
					break
				}
				e.Key = fmt.Sprintf("sweep.%s.%s[%d]%s", sw.Mode, p.Key, idx[j], rest)
				e.Msg = fmt.Sprintf("%s = %s: %s", p.Key, valueString(params[j].Value), e.Msg)
				matched = true
				break
			}
		}
		if !matched {
			e.Msg = fmt.Sprintf("at sweep point %d (%s): %s", i, strings.Join(labels, ", "), e.Msg)
		}
		out = append(out, &e)
	}
	return out
}

func valueString(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSpace(buf.String())
}

// setPath sets the value at a dotted key path of a mapping node, creating
// mappings on the way; new keys take the position of posNode.
func setPath(root *yaml.Node, path string, val *yaml.Node, posNode *yaml.Node) {
	segs := strings.Split(path, ".")
	m := root
	for i, seg := range segs {
		k, v := mapGet(m, seg)
		last := i == len(segs)-1
		if k == nil {
			k = strNode(seg)
			k.Line, k.Column = posNode.Line, posNode.Column
			v = val
			if !last {
				v = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: posNode.Line, Column: posNode.Column}
			}
			m.Content = append(m.Content, k, v)
		} else if last {
			for j := 0; j+1 < len(m.Content); j += 2 {
				if m.Content[j] == k {
					m.Content[j+1] = val
				}
			}
			v = val
		} else {
			for j := 0; v != nil && v.Kind == yaml.AliasNode && j < 100; j++ {
				v = v.Alias
			}
			if v == nil || v.Kind != yaml.MappingNode {
				nv := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: posNode.Line, Column: posNode.Column}
				for j := 0; j+1 < len(m.Content); j += 2 {
					if m.Content[j] == k {
						m.Content[j+1] = nv
					}
				}
				v = nv
			}
		}
		m = v
	}
}

// modified reports whether s was changed since it was decoded.
func (s *Scenario) modified() bool {
	if s.resolved == nil {
		return true
	}
	b, err := Marshal(s)
	return err != nil || !bytes.Equal(b, s.resolved)
}

// perTrajectoryFloats is the number of float64 kept per trajectory and
// direction whatever is measured (work, heat, the three entropy productions,
// the path log-ratio, initial and final energies).
const perTrajectoryFloats = 8

// MemoryEstimate returns the bytes of per-trajectory samples the run keeps:
//
//	R x trajectories x 8 x 8                        (scalars per trajectory)
//	+ R x trajectories x times x dim x 8            (when a measure keeps states: balance, free-energy)
//	+ record.paths x times x dim x 8                (whole paths for plots)
//	+ n x (features + 1) x 8                        (a synthetic data set)
//
// with R = 2 when the reverse protocol runs, else 1, and times =
// steps/record.every + 1 recorded times. Decoding refuses scenarios above
// MaxMemory (8 GiB).
func (s *Scenario) MemoryEstimate() int64 {
	traj := float64(s.Ensemble.Trajectories)
	dirs := 1.0
	if s.Ensemble.Reverse {
		dirs = 2
	}
	every := max(s.Record.Every, 1)
	times := float64(s.Dynamics.Steps/every + 1)
	dim := float64(max(s.Model.Dim, 1))
	total := dirs * traj * perTrajectoryFloats * 8
	for _, m := range s.Measure {
		if mk, ok := LookupMeasure(m.Name); ok && mk.NeedsStates {
			total += dirs * traj * times * dim * 8
			break
		}
	}
	total += float64(s.Record.Paths) * times * dim * 8
	total += float64(dataMemory(s.Model.Params))
	return clampInt64(total)
}
