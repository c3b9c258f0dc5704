package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/thermosim/thermosim/langevin"
	"github.com/thermosim/thermosim/models"
)

// Top-level keys of a scenario, in the order Marshal writes them.
var topKeys = []string{"name", "description", "seed", "model", "protocol", "dynamics", "initial", "ensemble", "record", "measure", "expect", "sweep"}

var (
	modelKeys    = []string{"kind", "dim", "params"}
	protocolKeys = []string{"duration", "schedule"}
	scheduleKeys = []string{"from", "to", "shape", "table"}
	dynamicsKeys = []string{"kind", "integrator", "dt", "steps", "temperature", "friction", "mass", "learning_rate", "batch_size", "sampling", "momentum", "damping", "noise"}
	initialKeys  = []string{"kind", "point", "mean", "cov"}
	ensembleKeys = []string{"trajectories", "workers", "reverse"}
	recordKeys   = []string{"every", "paths"}
	expectKeys   = []string{"metric", "equals", "within", "at_least", "at_most"}
	dataKeys     = []string{"synthetic", "n", "features", "noise", "seed", "file", "target"}
	sweepModes   = []string{SweepGrid, SweepZip}
)

var nameRE = regexp.MustCompile(`^[a-z0-9-]+$`)

// Defaults that are not written in the types' docs elsewhere.
const (
	DefaultSeed         = 1
	DefaultTrajectories = 1000
	// DefaultRecordedTimes is the number of recorded times record.every
	// defaults to: every = ceil(steps / DefaultRecordedTimes).
	DefaultRecordedTimes = 100
	// MaxMemory is the largest MemoryEstimate a scenario may have (8 GiB).
	MaxMemory = 8 << 30
	// MaxGaussianDim is the largest dimension of a Gaussian initial state
	// (its covariance matrix is stored dense).
	MaxGaussianDim = 1024
	// MaxSweepPoints is the largest number of points a sweep may expand to.
	MaxSweepPoints = 10000
)

// maxMemory is MaxMemory, lowered by the fuzz test.
var maxMemory int64 = MaxMemory

// Decode decodes, validates and resolves a scenario from YAML. file names
// the input in error messages and anchors relative data paths ("" for
// in-memory input: paths are then relative to the working directory). When
// the scenario has a sweep, every point is validated too. The error is an
// ErrorList.
func Decode(file string, data []byte) (*Scenario, error) {
	root, errs := parse(file, data)
	if errs != nil {
		return nil, errs
	}
	if _, v := mapGet(root, "suite"); v != nil {
		return nil, ErrorList{{File: file, Line: root.Line, Col: root.Column, Msg: "this is a suite file, not a scenario; load it with Load or LoadAll"}}
	}
	return decodeRoot(file, root, osDataPath(file))
}

func osDataPath(file string) func(string) string {
	return func(p string) string {
		if !filepath.IsAbs(p) && file != "" {
			p = filepath.Join(filepath.Dir(file), p)
		}
		if abs, err := filepath.Abs(p); err == nil {
			return abs
		}
		return p
	}
}

// decodeRoot decodes a parsed document and validates its sweep points.
func decodeRoot(file string, root *yaml.Node, dataPath func(string) string) (*Scenario, error) {
	cache := map[string]builtModel{}
	d := &decoder{file: file, dataPath: dataPath, buildModels: true, cache: cache}
	s := d.scenario(root, true)
	if err := d.errs.err(); err != nil {
		return nil, err
	}
	s.File, s.src, s.dataPath = file, root, dataPath
	s.resolved, _ = Marshal(s)
	if s.Sweep != nil {
		if _, err := s.expand(cache); err != nil {
			return nil, err
		}
	}
	return s, nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parse reads one YAML document and returns its top node.
func parse(file string, data []byte) (*yaml.Node, ErrorList) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	err := dec.Decode(&doc)
	if errors.Is(err, io.EOF) {
		return nil, ErrorList{{File: file, Msg: "empty file; expected a scenario (a mapping with name, model, dynamics, ...)"}}
	}
	if err != nil {
		return nil, yamlError(file, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, ErrorList{{File: file, Line: extra.Line, Col: extra.Column, Msg: "a second YAML document (---); a file holds one scenario or suite"}}
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlError(file, err)
	}
	if len(doc.Content) == 0 {
		return nil, ErrorList{{File: file, Msg: "empty file; expected a scenario (a mapping with name, model, dynamics, ...)"}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, ErrorList{{File: file, Line: root.Line, Col: root.Column, Msg: "expected a mapping of keys (name, model, dynamics, ...), got " + describe(root)}}
	}
	return root, nil
}

func yamlError(file string, err error) ErrorList {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return ErrorList{{File: file, Line: line, Msg: "invalid YAML: " + m[2]}}
	}
	return ErrorList{{File: file, Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}}
}

// scenario decodes the top mapping. With sweep, swept keys' errors in the
// base scenario are dropped (every point replaces them and is validated).
func (d *decoder) scenario(root *yaml.Node, sweep bool) *Scenario {
	s := &Scenario{}
	f := d.mapping(root, "", topKeys, "key")
	if f == nil {
		return s
	}
	var swept []string
	if sweep && f.has("sweep") {
		s.Sweep = d.sweep(f.get("sweep"))
		if s.Sweep != nil {
			for _, p := range s.Sweep.Params {
				swept = append(swept, p.Key)
			}
		}
	} else if f.has("sweep") {
		d.errorf(f.key("sweep"), "sweep", "a sweep point cannot hold a sweep")
	}
	nerr := len(d.errs)

	if v := f.get("name"); v != nil {
		if name, ok := d.str(v, "name"); ok {
			if !nameRE.MatchString(name) || len(name) > 100 {
				d.errorf(v, "name", "must match [a-z0-9-]+ (lower-case letters, digits and dashes, at most 100), got %q", name)
			}
			s.Name = name
		}
	} else {
		d.errorf(f.node, "name", "missing required key (the scenario's name, [a-z0-9-]+)")
	}
	if v := f.get("description"); v != nil {
		s.Description, _ = d.str(v, "description")
	}
	s.Seed = DefaultSeed
	if v := f.get("seed"); v != nil {
		s.Seed, _ = d.uint(v, "seed")
	}

	var built *models.Model
	var kind *models.Kind
	if v := f.get("model"); v != nil {
		kind, built = d.model(v, &s.Model)
	} else {
		d.errorf(f.node, "model", "missing required key (model: {kind: ..., params: ...})")
	}
	var dyn *DynamicsKind
	if v := f.get("dynamics"); v != nil {
		dyn = d.dynamics(v, &s.Dynamics, kind, s.Model.Dim)
	} else {
		d.errorf(f.node, "dynamics", "missing required key (dynamics: {kind: ..., dt: ...})")
	}
	if built != nil && s.Dynamics.Kind == NaturalGradient {
		if _, ok := built.Potential.(langevin.FisherMetric); !ok {
			df := d.quiet(func() *fields { return d.mapping(f.get("dynamics"), "dynamics", nil, "") })
			d.errorf(df.get("kind"), "dynamics.kind", "natural-gradient needs a model with a Fisher metric; model kind %s has none", s.Model.Kind)
		}
	}
	var stepsNode *yaml.Node
	if df := d.quiet(func() *fields { return d.mapping(f.get("dynamics"), "dynamics", nil, "") }); df != nil {
		stepsNode = df.get("steps")
	}
	var durNode *yaml.Node
	if v := f.get("protocol"); v != nil {
		s.Protocol = &Protocol{}
		durNode = d.protocol(v, s.Protocol, kind, dyn, &s.Model, s.Dynamics.Sampling)
	}
	d.steps(s, f, stepsNode, durNode)
	if s.Protocol != nil {
		for _, key := range sortedKeys(s.Protocol.Schedule) {
			sc := s.Protocol.Schedule[key]
			if sc.Shape == ShapeTable && len(sc.Table) > 0 && sc.Table[len(sc.Table)-1][0] > s.Protocol.Duration*(1+1e-12) && s.Protocol.Duration > 0 {
				pf := d.quiet(func() *fields { return d.mapping(f.get("protocol"), "protocol", nil, "") })
				sf := d.quiet(func() *fields { return d.mapping(pf.get("schedule"), "protocol.schedule", nil, "") })
				d.errorf(sf.get(key), "protocol.schedule."+key+".table", "the last time %g is after the end of the protocol (duration %g)", sc.Table[len(sc.Table)-1][0], s.Protocol.Duration)
			}
		}
	}

	gaussian, stationary := false, false
	if built != nil {
		_, gaussian = built.Potential.(langevin.Gaussian)
		// a known steady state (models.Stationary) also gives an exact
		// density, for runs that start in it at constant controls
		_, stationary = built.Potential.(models.Stationary)
	}
	d.stationary = stationary
	d.initial(f.get("initial"), f, &s.Initial, s.Model.Dim, s.Dynamics)
	reverseNode := d.ensemble(f.get("ensemble"), &s.Ensemble)
	d.record(f.get("record"), &s.Record, s.Dynamics.Steps, s.Ensemble.Trajectories)
	if v := f.get("measure"); v != nil {
		s.Measure = d.measures(v, s, gaussian, reverseNode)
	}
	if v := f.get("expect"); v != nil {
		s.Expect = d.expects(v, s.Measure)
	}
	if s.Protocol != nil && s.Dynamics.Kind == MALA {
		for _, key := range sortedKeys(s.Protocol.Schedule) {
			if s.Protocol.Schedule[key].Shape == ShapeStep {
				pf := d.quiet(func() *fields { return d.mapping(f.get("protocol"), "protocol", nil, "") })
				sf := d.quiet(func() *fields { return d.mapping(pf.get("schedule"), "protocol.schedule", nil, "") })
				kf := d.quiet(func() *fields { return d.mapping(sf.get(key), "", nil, "") })
				d.errorf(kf.get("shape"), "protocol.schedule."+key+".shape", "a step schedule jumps in time, which mala (a Metropolis-corrected sampler) cannot follow; use linear, cosine or table")
			}
		}
	}
	if len(d.errs) == nerr && s.Name != "" {
		if m := s.MemoryEstimate(); m > maxMemory {
			n := f.node
			key := ""
			if ef := d.quiet(func() *fields { return d.mapping(f.get("ensemble"), "ensemble", nil, "") }); ef.has("trajectories") {
				n, key = ef.key("trajectories"), "ensemble.trajectories"
			}
			d.errorf(n, key, "the run would keep about %s of samples in memory (limit %s): lower ensemble.trajectories or record.paths, raise record.every, or split the run into shards", bytesString(m), bytesString(maxMemory))
		}
	}
	if len(swept) > 0 {
		kept := d.errs[:nerr]
		for _, e := range d.errs[nerr:] {
			if !underAny(e.Key, swept) {
				kept = append(kept, e)
			}
		}
		d.errs = kept
	}
	return s
}

// quiet runs f and drops the errors it reports (to re-read a mapping already
// checked).
func (d *decoder) quiet(f func() *fields) *fields {
	n := len(d.errs)
	r := f()
	d.errs = d.errs[:n]
	return r
}

func underAny(key string, prefixes []string) bool {
	for _, p := range prefixes {
		if key == p || strings.HasPrefix(key, p+".") || strings.HasPrefix(key, p+"[") {
			return true
		}
	}
	return false
}

func bytesString(b int64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", b)
}

func kindNames() []string {
	return names(models.Kinds(), func(k *models.Kind) string { return k.Name })
}

func paramNames(k *models.Kind) []string {
	return names(k.Params, func(p models.Param) string { return p.Name })
}

// model decodes the model block; it returns the kind and the built model
// (nil if anything is wrong).
func (d *decoder) model(n *yaml.Node, m *Model) (*models.Kind, *models.Model) {
	f := d.mapping(n, "model", modelKeys, "key")
	if f == nil {
		return nil, nil
	}
	if !f.has("kind") {
		d.errorf(f.node, "model.kind", "missing required key; known kinds: %s", strings.Join(kindNames(), ", "))
		return nil, nil
	}
	name, ok := d.str(f.get("kind"), "model.kind")
	if !ok {
		return nil, nil
	}
	kind, ok := models.Lookup(name)
	if !ok {
		d.errorf(f.get("kind"), "model.kind", "unknown model kind %q; known kinds: %s", name, strings.Join(kindNames(), ", "))
		return nil, nil
	}
	m.Kind = name
	nerr := len(d.errs)
	if kind.HasDim {
		m.Dim = 1
		if v := f.get("dim"); v != nil {
			if dim, ok := d.integer(v, "model.dim"); ok {
				if dim < 1 {
					d.errorf(v, "model.dim", "must be >= 1, got %d", dim)
				} else if dim > 1<<20 {
					d.errorf(v, "model.dim", "must be at most %d, got %d", 1<<20, dim)
				} else {
					m.Dim = dim
				}
			}
		}
	} else if f.has("dim") {
		d.errorf(f.key("dim"), "model.dim", "model kind %s takes no dim: its dimension follows from its parameters", name)
	}
	pf := d.mapping(f.get("params"), "model.params", paramNames(kind), "parameter of model kind "+name)
	m.Params = models.Values{}
	if pf == nil {
		return kind, nil
	}
	for _, p := range kind.Params {
		path := "model.params." + p.Name
		v := pf.get(p.Name)
		if v == nil {
			if p.Default == nil {
				d.errorf(pf.node, path, "missing required parameter of model kind %s (%s)", name, p.Doc)
				if pf.node == nil || pf.node.Line == 0 {
					d.errs[len(d.errs)-1].Line, d.errs[len(d.errs)-1].Col = f.node.Line, f.node.Column
				}
				continue
			}
			m.Params[p.Name] = defaultValue(p)
			continue
		}
		switch {
		case p.Data:
			if ds, ok := d.data(v, path); ok {
				m.Params[p.Name] = ds
			}
		case p.List:
			if xs, ok := d.numbers(v, path); ok {
				if len(xs) > 1<<20 {
					d.errorf(v, path, "too long (%d numbers; at most %d)", len(xs), 1<<20)
				}
				m.Params[p.Name] = xs
			}
		case p.Int:
			if x, ok := d.integer(v, path); ok {
				m.Params[p.Name] = x
			}
		default:
			if x, ok := d.number(v, path); ok {
				m.Params[p.Name] = x
			}
		}
	}
	if len(d.errs) != nerr || !d.buildModels {
		return kind, nil
	}
	if mem := dataMemory(m.Params); mem > maxMemory {
		d.errorf(pf.node, "model.params", "the data set would take about %s in memory (limit %s)", bytesString(mem), bytesString(maxMemory))
		return kind, nil
	}
	built, err := d.build(kind, m.Dim, m.Params)
	if err != nil {
		// Point at the parameter the message names, if it names one.
		node, path := f.node, "model"
		for _, p := range kind.Params {
			if strings.HasPrefix(err.Error(), p.Name) {
				path = "model.params." + p.Name
				if v := pf.get(p.Name); v != nil {
					node = d.deref(v)
				} else {
					node = pf.node
				}
				break
			}
		}
		d.errorf(node, path, "%v", err)
		return kind, nil
	}
	m.Dim = built.Potential.Dim()
	d.built = true
	if l, ok := built.Potential.(interface{ Examples() int }); ok {
		d.examples = l.Examples()
	}
	return kind, built
}

// build builds a model, reusing one built before from equal arguments
// (sweep points often share their model; its data set is built once).
func (d *decoder) build(kind *models.Kind, dim int, p models.Values) (*models.Model, error) {
	key := fmt.Sprintf("%s %d", kind.Name, dim)
	for _, k := range sortedKeys(p) {
		key += fmt.Sprintf(" %s=%#v", k, p[k])
	}
	if d.cache != nil {
		if r, ok := d.cache[key]; ok {
			return r.m, r.err
		}
	}
	m, err := buildModel(kind, dim, p)
	if d.cache != nil {
		d.cache[key] = builtModel{m, err}
	}
	return m, err
}

type builtModel struct {
	m   *models.Model
	err error
}

// buildModel builds a model, turning a panic in a kind's constructor into an error.
func buildModel(kind *models.Kind, dim int, p models.Values) (m *models.Model, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("building the %s model failed: %v", kind.Name, r)
		}
	}()
	m, err = kind.Build(dim, p)
	if err == nil && (m == nil || m.Potential == nil) {
		err = fmt.Errorf("building the %s model failed", kind.Name)
	}
	return m, err
}

func defaultValue(p models.Param) any {
	switch x := p.Default.(type) {
	case []float64:
		return append([]float64(nil), x...)
	case int:
		if !p.Int {
			return float64(x)
		}
	case float64:
		if p.Int {
			return int(x)
		}
	}
	return p.Default
}

// dataMemory is the memory a synthetic data set takes: n x (features + 1) float64.
func dataMemory(p models.Values) int64 {
	var total float64
	for _, v := range p {
		if ds, ok := v.(models.DataSpec); ok && ds.Synthetic != "" {
			total += float64(ds.N) * float64(ds.Features+1) * 8
		}
	}
	return clampInt64(total)
}

func clampInt64(x float64) int64 {
	if x >= math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(x)
}

// data decodes a data spec: {synthetic: ..., n: ..., features: ..., noise:
// ..., seed: ...} or {file: ..., target: ...}.
func (d *decoder) data(n *yaml.Node, path string) (models.DataSpec, bool) {
	var ds models.DataSpec
	f := d.mapping(n, path, dataKeys, "key of a data set")
	if f == nil {
		return ds, false
	}
	nerr := len(d.errs)
	switch {
	case f.has("synthetic") && f.has("file"):
		d.errorf(f.key("file"), path+".file", "a data set is either synthetic or read from a file, not both")
	case f.has("synthetic"):
		if s, ok := d.str(f.get("synthetic"), path+".synthetic"); ok {
			if s == "" {
				d.errorf(f.get("synthetic"), path+".synthetic", "must name a generator")
			}
			ds.Synthetic = s
		}
		for _, k := range []string{"file", "target"} {
			if f.has(k) {
				d.errorf(f.key(k), path+"."+k, "only for data read from a file")
			}
		}
		for _, k := range []string{"n", "features"} {
			v := f.get(k)
			if v == nil {
				d.errorf(f.node, path+"."+k, "missing required key of synthetic data (an integer >= 1)")
				continue
			}
			if x, ok := d.integer(v, path+"."+k); ok {
				if x < 1 {
					d.errorf(v, path+"."+k, "must be >= 1, got %d", x)
				}
				if k == "n" {
					ds.N = x
				} else {
					ds.Features = x
				}
			}
		}
		if v := f.get("noise"); v != nil {
			if x, ok := d.number(v, path+".noise"); ok {
				if x < 0 {
					d.errorf(v, path+".noise", "must be >= 0, got %g", x)
				}
				ds.Noise = x
			}
		}
		if v := f.get("seed"); v != nil {
			ds.Seed, _ = d.uint(v, path+".seed")
		}
	case f.has("file"):
		for _, k := range []string{"n", "features", "noise", "seed"} {
			if f.has(k) {
				d.errorf(f.key(k), path+"."+k, "only for synthetic data")
			}
		}
		if s, ok := d.str(f.get("file"), path+".file"); ok {
			if s == "" {
				d.errorf(f.get("file"), path+".file", "must not be empty")
			} else {
				ds.File = d.dataPath(s)
			}
		}
		if v := f.get("target"); v != nil {
			ds.Target, _ = d.str(v, path+".target")
		}
	default:
		d.errorf(f.node, path, "a data set needs synthetic (a generator) or file (a CSV file)")
		if f.node == nil {
			d.errs[len(d.errs)-1].Line, d.errs[len(d.errs)-1].Col = d.deref(n).Line, d.deref(n).Column
		}
	}
	return ds, len(d.errs) == nerr
}

// dynamics decodes the dynamics block.
func (d *decoder) dynamics(n *yaml.Node, dy *Dynamics, mkind *models.Kind, dim int) *DynamicsKind {
	f := d.mapping(n, "dynamics", dynamicsKeys, "key")
	if f == nil {
		return nil
	}
	if !f.has("kind") {
		d.errorf(f.node, "dynamics.kind", "missing required key; one of: %s", strings.Join(names(DynamicsKinds, func(k *DynamicsKind) string { return k.Name }), ", "))
		return nil
	}
	kname, ok := d.enum(f.get("kind"), "dynamics.kind", names(DynamicsKinds, func(k *DynamicsKind) string { return k.Name }))
	if !ok {
		return nil
	}
	k, _ := LookupDynamics(kname)
	dy.Kind = kname
	for _, key := range f.order {
		if contains([]string{"kind", "integrator", "dt", "steps"}, key) || k.has(key) {
			continue
		}
		var for_ []string
		for _, o := range DynamicsKinds {
			if o.has(key) {
				for_ = append(for_, o.Name)
			}
		}
		d.errorf(f.key(key), "dynamics."+key, "not a key of %s dynamics (it is for %s)", kname, strings.Join(for_, ", "))
	}
	if len(k.Integrators) > 0 {
		dy.Integrator = k.Integrators[0]
		if v := f.get("integrator"); v != nil {
			dy.Integrator, _ = d.enum(v, "dynamics.integrator", k.Integrators)
		}
	} else if f.has("integrator") {
		d.errorf(f.key("integrator"), "dynamics.integrator", "%s dynamics has no integrator choice (only overdamped and underdamped do)", kname)
	}
	if v := f.get("dt"); v != nil {
		if x, ok := d.number(v, "dynamics.dt"); ok {
			if x <= 0 {
				d.errorf(v, "dynamics.dt", "must be > 0, got %g", x)
			}
			dy.Dt = x
		}
	} else {
		d.errorf(f.node, "dynamics.dt", "missing required key (the time step, > 0)")
	}
	if v := f.get("steps"); v != nil {
		if x, ok := d.integer(v, "dynamics.steps"); ok {
			if x < 1 {
				d.errorf(v, "dynamics.steps", "must be >= 1, got %d", x)
			}
			dy.Steps = x
		}
	}
	num := func(key string, def float64, positive bool, dst *float64) {
		if !k.has(key) {
			return
		}
		*dst = def
		v := f.get(key)
		if v == nil {
			return
		}
		x, ok := d.number(v, "dynamics."+key)
		if !ok {
			return
		}
		if positive && x <= 0 {
			d.errorf(v, "dynamics."+key, "must be > 0, got %g", x)
		} else if x < 0 {
			d.errorf(v, "dynamics."+key, "must be >= 0, got %g", x)
		}
		*dst = x
	}
	num("temperature", k.DefaultTemperature, false, &dy.Temperature)
	frictionDefault := 1.0
	if dy.Integrator == "leapfrog" {
		frictionDefault = 0
	}
	num("friction", frictionDefault, kname != Underdamped, &dy.Friction)
	if dy.Integrator == "leapfrog" && dy.Friction != 0 {
		d.errorf(f.key("friction"), "dynamics.friction", "leapfrog integrates Hamiltonian dynamics without a bath: friction must be 0 (or omitted), got %g; use baoab for friction > 0", dy.Friction)
	}
	num("mass", 1, true, &dy.Mass)
	num("damping", 0, false, &dy.Damping)
	num("momentum", 0, false, &dy.Momentum)
	if dy.Momentum >= 1 {
		d.errorf(f.get("momentum"), "dynamics.momentum", "must be < 1, got %g", dy.Momentum)
	}
	if k.has("learning_rate") {
		if !f.has("learning_rate") {
			d.errorf(f.node, "dynamics.learning_rate", "missing required key for %s dynamics (> 0)", kname)
		}
		num("learning_rate", 0, true, &dy.LearningRate)
	}
	if k.has("batch_size") {
		if v := f.get("batch_size"); v != nil {
			if x, ok := d.integer(v, "dynamics.batch_size"); ok {
				if x < 1 {
					d.errorf(v, "dynamics.batch_size", "must be >= 1, got %d", x)
				}
				dy.BatchSize = x
			}
		} else {
			d.errorf(f.node, "dynamics.batch_size", "missing required key for %s dynamics (an integer >= 1)", kname)
		}
		dy.Sampling = Samplings[0]
		if v := f.get("sampling"); v != nil {
			dy.Sampling, _ = d.enum(v, "dynamics.sampling", Samplings)
		}
		if smp, err := langevin.ParseSampling(dy.Sampling); err == nil && d.examples > 0 && dy.BatchSize >= 1 {
			if err := langevin.CheckBatchSize(dy.BatchSize, d.examples, smp); err != nil {
				d.errorf(f.get("batch_size"), "dynamics.batch_size", "%v", err)
			}
		}
	}
	if k.has("noise") && f.has("noise") {
		if xs, ok := d.numbers(f.get("noise"), "dynamics.noise"); ok {
			for i, x := range xs {
				if x < 0 {
					d.errorf(d.deref(f.get("noise")).Content[i], index("dynamics.noise", i), "must be >= 0, got %g", x)
				}
			}
			if dim > 0 && len(xs) != dim {
				d.errorf(f.get("noise"), "dynamics.noise", "needs one temperature per coordinate: %d values for model dimension %d", len(xs), dim)
			}
			dy.Noise = xs
		}
	}
	if k.NeedsData && mkind != nil {
		var dataParam string
		for _, p := range mkind.Params {
			if p.Data {
				dataParam = p.Name
			}
		}
		if dataParam == "" {
			d.errorf(f.get("kind"), "dynamics.kind", "%s dynamics draws minibatches from data, but model kind %s has no data (use a learning model: %s)", kname, mkind.Name, strings.Join(dataKinds(), ", "))
		}
	}
	return k
}

func dataKinds() []string {
	var out []string
	for _, k := range models.Kinds() {
		for _, p := range k.Params {
			if p.Data {
				out = append(out, k.Name)
				break
			}
		}
	}
	if len(out) == 0 {
		return []string{"none registered"}
	}
	return out
}

// steps resolves dynamics.steps and protocol.duration.
func (d *decoder) steps(s *Scenario, f *fields, stepsNode, durNode *yaml.Node) {
	dt := s.Dynamics.Dt
	if dt <= 0 {
		return
	}
	hasDur := s.Protocol != nil && durNode != nil && s.Protocol.Duration > 0
	switch {
	case stepsNode == nil && !hasDur:
		if f.has("dynamics") && (s.Protocol == nil || durNode == nil) {
			df := d.quiet(func() *fields { return d.mapping(f.get("dynamics"), "dynamics", nil, "") })
			if df != nil {
				d.errorf(df.node, "dynamics.steps", "missing: give dynamics.steps or protocol.duration (steps = duration/dt)")
			}
		}
	case stepsNode == nil:
		r := s.Protocol.Duration / dt
		if !(r <= maxInt) {
			d.errorf(durNode, "protocol.duration", "duration/dt = %g steps is too many", r)
			return
		}
		steps := math.Round(r)
		if steps < 1 || math.Abs(steps-r) > 1e-6*math.Max(1, r) {
			d.errorf(durNode, "protocol.duration", "must be a whole number (>= 1) of steps of dt %g; duration/dt = %.6g", dt, r)
			return
		}
		s.Dynamics.Steps = int(steps)
	case hasDur:
		r := s.Protocol.Duration / dt
		if !(r <= maxInt) {
			d.errorf(durNode, "protocol.duration", "duration/dt = %g steps is too many", r)
			return
		}
		if s.Dynamics.Steps >= 1 && !(math.Abs(float64(s.Dynamics.Steps)-r) <= 1e-6*math.Max(1, r)) {
			d.errorf(stepsNode, "dynamics.steps", "%d steps of dt %g do not make protocol.duration %g (that would be %.6g steps); give one of steps and duration", s.Dynamics.Steps, dt, s.Protocol.Duration, r)
		}
	default:
		if s.Protocol != nil && s.Dynamics.Steps >= 1 {
			s.Protocol.Duration = float64(s.Dynamics.Steps) * dt
		}
	}
}

// protocol decodes the protocol block and returns the duration node.
func (d *decoder) protocol(n *yaml.Node, p *Protocol, mkind *models.Kind, dyn *DynamicsKind, m *Model, dynSampling string) *yaml.Node {
	f := d.mapping(n, "protocol", protocolKeys, "key")
	if f == nil {
		return nil
	}
	dur := f.get("duration")
	if dur != nil {
		if x, ok := d.number(dur, "protocol.duration"); ok {
			if x <= 0 {
				d.errorf(dur, "protocol.duration", "must be > 0, got %g", x)
			}
			p.Duration = x
		}
	}
	p.Schedule = map[string]Schedule{}
	if !f.has("schedule") {
		return dur
	}
	var allowed []string
	if mkind != nil {
		for _, q := range mkind.Params {
			if q.Schedulable && !q.List && !q.Data {
				allowed = append(allowed, q.Name)
			}
		}
	}
	if dyn != nil {
		for _, k := range DynamicsSchedulable {
			if dyn.has(k) {
				allowed = append(allowed, k)
			}
		}
	}
	what := "schedulable key"
	if mkind != nil && dyn != nil {
		what = fmt.Sprintf("schedulable key for model kind %s with %s dynamics", mkind.Name, dyn.Name)
	}
	if mkind == nil || dyn == nil {
		allowed = nil // the model or dynamics is already wrong: check the schedules' form only
	}
	sf := d.mapping(f.get("schedule"), "protocol.schedule", allowed, what)
	if sf == nil {
		return dur
	}
	for _, key := range sf.order {
		path := "protocol.schedule." + key
		sc, ok := d.schedule(sf.get(key), path)
		if !ok {
			continue
		}
		p.Schedule[key] = sc
		node := d.deref(sf.get(key))
		// Range checks of the values the schedule takes.
		for _, x := range sc.values() {
			var msg string
			switch key {
			case "temperature":
				if x < 0 {
					msg = fmt.Sprintf("temperature must be >= 0, got %g", x)
				}
			case "learning_rate":
				if x <= 0 {
					msg = fmt.Sprintf("learning_rate must be > 0, got %g", x)
				}
			case "batch_size":
				if x < 1 || x != math.Trunc(x) {
					msg = fmt.Sprintf("batch_size must be an integer >= 1, got %g", x)
				} else if smp, err := langevin.ParseSampling(dynSampling); err == nil && d.examples > 0 {
					if err := langevin.CheckBatchSize(int(x), d.examples, smp); err != nil {
						msg = err.Error()
					}
				}
			default:
				if mkind != nil && d.built && m.Params != nil {
					vals := models.Values{}
					for k, v := range m.Params {
						vals[k] = v
					}
					vals[key] = x
					if _, err := d.build(mkind, max(m.Dim, 1), vals); err != nil {
						msg = err.Error()
					}
				}
			}
			if msg != "" {
				d.errorf(node, path, "the schedule takes a value the model cannot have: %s", msg)
				break
			}
		}
	}
	return dur
}

// schedule decodes one schedule: {from, to, shape} or {table}.
func (d *decoder) schedule(n *yaml.Node, path string) (Schedule, bool) {
	var sc Schedule
	f := d.mapping(n, path, scheduleKeys, "key of a schedule")
	if f == nil {
		return sc, false
	}
	nerr := len(d.errs)
	if f.has("table") {
		sc.Shape = ShapeTable
		if v := f.get("shape"); v != nil {
			if s, ok := d.enum(v, path+".shape", Shapes); ok && s != ShapeTable {
				d.errorf(v, path+".shape", "a schedule with a table has shape table, got %q", s)
			}
		}
		for _, k := range []string{"from", "to"} {
			if f.has(k) {
				d.errorf(f.key(k), path+"."+k, "not allowed with a table (the table gives the values)")
			}
		}
		rows, ok := d.sequence(f.get("table"), path+".table", "a list of [t, value] pairs")
		if ok && len(rows) == 0 {
			d.errorf(f.get("table"), path+".table", "expected at least one [t, value] pair")
		}
		for i, r := range rows {
			rp := index(path+".table", i)
			pair, ok := d.numbers(r, rp)
			if !ok {
				continue
			}
			if len(pair) != 2 {
				d.errorf(r, rp, "expected a [t, value] pair, got %d numbers", len(pair))
				continue
			}
			if pair[0] < 0 {
				d.errorf(r, rp, "time must be >= 0, got %g", pair[0])
			}
			if len(sc.Table) > 0 && pair[0] <= sc.Table[len(sc.Table)-1][0] {
				d.errorf(r, rp, "times must increase strictly: %g after %g", pair[0], sc.Table[len(sc.Table)-1][0])
			}
			sc.Table = append(sc.Table, [2]float64{pair[0], pair[1]})
		}
		return sc, len(d.errs) == nerr
	}
	sc.Shape = ShapeLinear
	if v := f.get("shape"); v != nil {
		if s, ok := d.enum(v, path+".shape", Shapes); ok {
			if s == ShapeTable {
				d.errorf(v, path+".shape", "shape table needs a table: [[t, value], ...]")
			}
			sc.Shape = s
		}
	}
	for _, k := range []string{"from", "to"} {
		v := f.get(k)
		if v == nil {
			d.errorf(f.node, path+"."+k, "missing required key (a number; or give a table)")
			continue
		}
		if x, ok := d.number(v, path+"."+k); ok {
			if k == "from" {
				sc.From = x
			} else {
				sc.To = x
			}
		}
	}
	return sc, len(d.errs) == nerr
}

// initial decodes the initial block.
func (d *decoder) initial(n *yaml.Node, top *fields, in *Initial, dim int, dy Dynamics) {
	in.Kind = InitialEquilibrium
	if n == nil {
		d.equilibriumCheck(top.node, "initial.kind", dy)
		return
	}
	f := d.mapping(n, "initial", initialKeys, "key")
	if f == nil {
		return
	}
	if v := f.get("kind"); v != nil {
		if k, ok := d.enum(v, "initial.kind", InitialKinds); ok {
			in.Kind = k
		} else {
			return
		}
	}
	for _, key := range []string{"point", "mean", "cov"} {
		if !f.has(key) {
			continue
		}
		if (key == "point") != (in.Kind == InitialPoint) || (key != "point" && in.Kind != InitialGaussian) {
			want := InitialGaussian
			if key == "point" {
				want = InitialPoint
			}
			d.errorf(f.key(key), "initial."+key, "only for initial kind %s (this one is %s)", want, in.Kind)
		}
	}
	vec := func(key string) []float64 {
		v := f.get(key)
		xs, ok := d.numbers(v, "initial."+key)
		if ok && dim > 0 && len(xs) != dim {
			d.errorf(v, "initial."+key, "needs %s (the model dimension), got %d", plural(dim, "value"), len(xs))
		}
		return xs
	}
	switch in.Kind {
	case InitialEquilibrium:
		d.equilibriumCheck(f.key("kind"), "initial.kind", dy)
	case InitialPoint:
		if !f.has("point") {
			d.errorf(f.node, "initial.point", "missing required key for initial kind point (a list of %s, one per dimension)", plural(max(dim, 1), "value"))
			return
		}
		in.Point = vec("point")
	case InitialGaussian:
		if dim > MaxGaussianDim {
			d.errorf(f.key("kind"), "initial.kind", "a Gaussian initial state in %d dimensions needs a %d x %d covariance; at most %d dimensions", dim, dim, dim, MaxGaussianDim)
			return
		}
		if f.has("mean") {
			in.Mean = vec("mean")
		} else if dim > 0 {
			in.Mean = make([]float64, dim)
		}
		if !f.has("cov") {
			if dim > 0 {
				in.Cov = identity(dim)
			}
			return
		}
		v := f.get("cov")
		cov, full, ok := d.cov(v, dim)
		if !ok {
			return
		}
		in.Cov = cov
		if !full {
			return
		}
		for i := range cov {
			for j := 0; j < i; j++ {
				if math.Abs(cov[i][j]-cov[j][i]) > 1e-12*math.Max(1, math.Abs(cov[i][j])) {
					d.errorf(v, "initial.cov", "the covariance must be symmetric: cov[%d][%d] = %g but cov[%d][%d] = %g", i, j, cov[i][j], j, i, cov[j][i])
					return
				}
			}
		}
		if !positiveDefinite(cov) {
			d.errorf(v, "initial.cov", "the covariance must be positive definite (its Cholesky factorisation fails)")
		}
	}
}

// cov decodes a covariance: a number s (s I), a list of variances (a
// diagonal matrix) or a full matrix (full is then true). The diagonal forms
// must be positive.
func (d *decoder) cov(v *yaml.Node, dim int) (cov [][]float64, full, ok bool) {
	n := d.deref(v)
	if n != nil && n.Kind == yaml.ScalarNode {
		x, ok := d.number(v, "initial.cov")
		if !ok {
			return nil, false, false
		}
		if !(x > 0) {
			d.errorf(v, "initial.cov", "a variance must be > 0, got %g", x)
			return nil, false, false
		}
		cov = identity(max(dim, 1))
		for i := range cov {
			cov[i][i] = x
		}
		return cov, false, true
	}
	if n != nil && n.Kind == yaml.SequenceNode && len(n.Content) > 0 && d.deref(n.Content[0]).Kind == yaml.ScalarNode {
		xs, ok := d.numbers(v, "initial.cov")
		if !ok {
			return nil, false, false
		}
		if dim > 0 && len(xs) != dim {
			d.errorf(v, "initial.cov", "a diagonal covariance needs %s (the model dimension), got %d", plural(dim, "variance"), len(xs))
			return nil, false, false
		}
		cov = identity(len(xs))
		for i, x := range xs {
			if !(x > 0) {
				d.errorf(n.Content[i], index("initial.cov", i), "a variance must be > 0, got %g", x)
				ok = false
			}
			cov[i][i] = x
		}
		return cov, false, ok
	}
	cov, ok = d.matrix(v, "initial.cov")
	if !ok {
		return nil, false, false
	}
	for i, row := range cov {
		if len(row) != len(cov) {
			d.errorf(d.deref(v).Content[i], index("initial.cov", i), "the covariance must be square: row %d has %d numbers, there are %d rows", i, len(row), len(cov))
			return nil, false, false
		}
	}
	if dim > 0 && len(cov) != dim {
		d.errorf(v, "initial.cov", "expected a %d x %d matrix (the model dimension), got %d x %d", dim, dim, len(cov), len(cov))
		return nil, false, false
	}
	return cov, true, true
}

// equilibriumCheck: the Gibbs state exp(-U/T)/Z needs T > 0.
func (d *decoder) equilibriumCheck(n *yaml.Node, key string, dy Dynamics) {
	k, ok := LookupDynamics(dy.Kind)
	if ok && k.has("temperature") && dy.Temperature == 0 && len(dy.Noise) == 0 {
		d.errorf(n, key, "an equilibrium (Gibbs) initial state needs dynamics.temperature > 0; use initial kind point or gaussian at temperature 0")
	}
}

func identity(n int) [][]float64 {
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		m[i][i] = 1
	}
	return m
}

// positiveDefinite reports whether the symmetric matrix a has a Cholesky
// factorisation a = L L^T with a positive diagonal.
func positiveDefinite(a [][]float64) bool {
	n := len(a)
	l := make([][]float64, n)
	for i := range l {
		l[i] = make([]float64, n)
	}
	for j := 0; j < n; j++ {
		s := a[j][j]
		for k := 0; k < j; k++ {
			s -= l[j][k] * l[j][k]
		}
		if !(s > 0) {
			return false
		}
		l[j][j] = math.Sqrt(s)
		for i := j + 1; i < n; i++ {
			t := a[i][j]
			for k := 0; k < j; k++ {
				t -= l[i][k] * l[j][k]
			}
			l[i][j] = t / l[j][j]
		}
	}
	return true
}

// ensemble decodes the ensemble block and returns the reverse node (nil if
// reverse was not given).
func (d *decoder) ensemble(n *yaml.Node, e *Ensemble) *yaml.Node {
	e.Trajectories = DefaultTrajectories
	f := d.mapping(n, "ensemble", ensembleKeys, "key")
	if f == nil {
		return nil
	}
	if v := f.get("trajectories"); v != nil {
		if x, ok := d.integer(v, "ensemble.trajectories"); ok {
			if x < 1 {
				d.errorf(v, "ensemble.trajectories", "must be >= 1, got %d", x)
			}
			e.Trajectories = x
		}
	}
	if v := f.get("workers"); v != nil {
		if x, ok := d.integer(v, "ensemble.workers"); ok {
			if x < 0 {
				d.errorf(v, "ensemble.workers", "must be >= 0 (0 = one per core), got %d", x)
			}
			e.Workers = x
		}
	}
	if v := f.get("reverse"); v != nil {
		e.Reverse, _ = d.boolean(v, "ensemble.reverse")
		return d.deref(v)
	}
	return nil
}

// record decodes the record block.
func (d *decoder) record(n *yaml.Node, r *Record, steps, trajectories int) {
	r.Every = max(1, (steps+DefaultRecordedTimes-1)/DefaultRecordedTimes)
	f := d.mapping(n, "record", recordKeys, "key")
	if f == nil {
		return
	}
	if v := f.get("every"); v != nil {
		if x, ok := d.integer(v, "record.every"); ok {
			if x < 1 {
				d.errorf(v, "record.every", "must be >= 1, got %d", x)
			} else if steps > 0 && x > steps {
				d.errorf(v, "record.every", "must be at most the number of steps (%d), got %d", steps, x)
			}
			r.Every = x
		}
	}
	if v := f.get("paths"); v != nil {
		if x, ok := d.integer(v, "record.paths"); ok {
			if x < 0 {
				d.errorf(v, "record.paths", "must be >= 0, got %d", x)
			} else if x > trajectories && trajectories > 0 {
				d.errorf(v, "record.paths", "must be at most ensemble.trajectories (%d), got %d", trajectories, x)
			}
			r.Paths = x
		}
	}
}

func measureNames() []string {
	return names(Measures, func(m *MeasureKind) string { return m.Name })
}

// measures decodes the measure list.
func (d *decoder) measures(n *yaml.Node, s *Scenario, gaussian bool, reverseNode *yaml.Node) []Measure {
	items, ok := d.sequence(n, "measure", "a list of measures")
	if !ok {
		return nil
	}
	out := []Measure{}
	seen := map[string]int{}
	needReverse := false
	for i, it := range items {
		path := index("measure", i)
		it = d.deref(it)
		var name string
		var opts *yaml.Node
		var nameNode *yaml.Node
		switch {
		case it.Kind == yaml.ScalarNode && it.ShortTag() == "!!str":
			name, nameNode = it.Value, it
		case it.Kind == yaml.MappingNode && len(it.Content) == 2:
			nameNode = d.deref(it.Content[0])
			if nameNode.Kind != yaml.ScalarNode || nameNode.ShortTag() != "!!str" {
				d.errorf(nameNode, path, "expected a measure name, got %s", describe(nameNode))
				continue
			}
			name, opts = nameNode.Value, it.Content[1]
		default:
			d.errorf(it, path, "expected a measure name or {name: {options}}, got %s", describe(it))
			continue
		}
		mk, ok := LookupMeasure(name)
		if !ok {
			msg := fmt.Sprintf("unknown measure %q; known measures: %s", name, strings.Join(measureNames(), ", "))
			if g := suggest(name, measureNames()); g != "" {
				msg += "; did you mean " + g + "?"
			}
			d.errorf(nameNode, path, "%s", msg)
			continue
		}
		if first, dup := seen[name]; dup {
			d.errorf(nameNode, path, "measure %s is listed twice (first at line %d)", name, first)
			continue
		}
		seen[name] = nameNode.Line
		m := Measure{Name: name, Options: map[string]any{}}
		d.options(mk, opts, nameNode, path+"."+name, m.Options, s, gaussian)
		if mk.NeedsReverse {
			needReverse = true
			if reverseNode != nil && !s.Ensemble.Reverse {
				d.errorf(nameNode, path, "%s needs the reverse protocol, but ensemble.reverse is false (line %d)", name, reverseNode.Line)
			}
		}
		out = append(out, m)
	}
	if needReverse && reverseNode == nil {
		s.Ensemble.Reverse = true
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// options decodes a measure's options and fills in their defaults.
func (d *decoder) options(mk *MeasureKind, n *yaml.Node, nameNode *yaml.Node, path string, out map[string]any, s *Scenario, gaussian bool) {
	allowed := names(mk.Options, func(o Option) string { return o.Name })
	what := "option of measure " + mk.Name
	if len(allowed) == 0 {
		what = "option: measure " + mk.Name + " takes none"
		allowed = []string{}
	}
	f := d.mapping(n, path, allowed, what)
	if f == nil {
		return
	}
	if len(allowed) == 0 {
		return
	}
	for _, o := range mk.Options {
		v := f.get(o.Name)
		p := path + "." + o.Name
		if v == nil {
			if o.Default != nil {
				out[o.Name] = copyValue(o.Default)
			}
			continue
		}
		if x, ok := d.option(&o, v, p); ok {
			out[o.Name] = x
		}
	}
	// Cross-option rules and defaults that depend on the model.
	switch mk.Name {
	case "entropy":
		if !f.has("density") {
			out["density"] = "kde"
			if gaussian {
				out["density"] = "exact"
			}
		} else if out["density"] == "exact" && !gaussian && !d.stationary && s.Model.Kind != "" {
			d.errorf(f.get("density"), path+".density", "exact needs a Gaussian (quadratic) model or one with a known steady state; %s has neither: use histogram or kde", s.Model.Kind)
		}
	case "free-energy":
		if !f.has("entropy") {
			out["entropy"] = "knn"
			if gaussian {
				out["entropy"] = "gaussian"
			}
		}
	case "balance":
		if f.has("edges") {
			for _, k := range []string{"bins", "range"} {
				if f.has(k) {
					d.errorf(f.key(k), path+"."+k, "not allowed with edges (the edges fix the bins)")
				}
			}
			delete(out, "bins")
		} else if !f.has("range") {
			at := f.node
			if at == nil {
				at = nameNode
			}
			d.errorf(at, path+".range", "missing: give range [lo, hi] (with bins) or edges")
		}
		if bins, ok := out["bins"].([]int); ok && len(bins) > 1 && s.Model.Dim > 0 && len(bins) != s.Model.Dim {
			d.errorf(f.get("bins"), path+".bins", "a list of bins needs one entry per dimension (%d), got %d", s.Model.Dim, len(bins))
		}
	}
}

func copyValue(v any) any {
	switch x := v.(type) {
	case []int:
		return append([]int(nil), x...)
	case []float64:
		return append([]float64(nil), x...)
	case []string:
		return append([]string(nil), x...)
	}
	return v
}

// option decodes one option value.
func (d *decoder) option(o *Option, n *yaml.Node, path string) (any, bool) {
	checkNum := func(node *yaml.Node, x float64, p string) bool {
		if x < o.Min {
			d.errorf(node, p, "must be >= %g, got %g", o.Min, x)
			return false
		}
		if o.Max != 0 && (x > o.Max || (o.MaxOpen && x == o.Max)) {
			rel := "<="
			if o.MaxOpen {
				rel = "<"
			}
			d.errorf(node, p, "must be %s %g, got %g", rel, o.Max, x)
			return false
		}
		return true
	}
	switch o.Type {
	case OptNumber:
		x, ok := d.number(n, path)
		return x, ok && checkNum(n, x, path)
	case OptInt:
		x, ok := d.integer(n, path)
		return x, ok && checkNum(n, float64(x), path)
	case OptString:
		return d.enum(n, path, o.Enum)
	case OptRange:
		xs, ok := d.numbers(n, path)
		if !ok {
			return nil, false
		}
		if len(xs) != 2 || !(xs[0] < xs[1]) {
			d.errorf(n, path, "expected [lo, hi] with lo < hi, got %v", xs)
			return nil, false
		}
		return xs, true
	case OptList:
		xs, ok := d.numbers(n, path)
		if !ok {
			return nil, false
		}
		for i := 1; i < len(xs); i++ {
			if !(xs[i] > xs[i-1]) {
				d.errorf(n, path, "must increase strictly: %g after %g", xs[i], xs[i-1])
				return nil, false
			}
		}
		if len(xs) < 2 {
			d.errorf(n, path, "expected at least two edges")
			return nil, false
		}
		return xs, true
	case OptInts:
		if nn := d.deref(n); nn != nil && nn.Kind == yaml.SequenceNode {
			if len(nn.Content) == 0 {
				d.errorf(nn, path, "expected an integer or a non-empty list of integers")
				return nil, false
			}
			out := make([]int, len(nn.Content))
			ok := true
			for i, it := range nn.Content {
				x, ok1 := d.integer(it, index(path, i))
				ok = ok && ok1 && checkNum(it, float64(x), index(path, i))
				out[i] = x
			}
			return out, ok
		}
		x, ok := d.integer(n, path)
		return []int{x}, ok && checkNum(n, float64(x), path)
	case OptStrings:
		items, ok := d.sequence(n, path, "a list of strings")
		if !ok {
			return nil, false
		}
		if len(items) == 0 {
			d.errorf(n, path, "expected a non-empty list, from: %s", strings.Join(o.Enum, ", "))
			return nil, false
		}
		out := make([]string, 0, len(items))
		for i, it := range items {
			s, ok1 := d.enum(it, index(path, i), o.Enum)
			if ok1 && contains(out, s) {
				d.errorf(it, index(path, i), "%q is listed twice", s)
				ok1 = false
			}
			ok = ok && ok1
			out = append(out, s)
		}
		return out, ok
	}
	panic("scenarios: unknown option type")
}

var withinSERE = regexp.MustCompile(`^([0-9]+(\.[0-9]*)?|\.[0-9]+)se$`)

// expects decodes the expect list.
func (d *decoder) expects(n *yaml.Node, ms []Measure) []Expectation {
	items, ok := d.sequence(n, "expect", "a list of expectations")
	if !ok {
		return nil
	}
	var prefixes []string
	for _, m := range ms {
		mk, _ := LookupMeasure(m.Name)
		prefixes = append(prefixes, mk.Metrics)
	}
	all := names(Measures, func(m *MeasureKind) string { return m.Metrics })
	out := []Expectation{}
	for i, it := range items {
		path := index("expect", i)
		f := d.mapping(it, path, expectKeys, "key of an expectation")
		if f == nil {
			continue
		}
		e := Expectation{Pos: Position{File: d.file, Line: f.node.Line, Col: f.node.Column}}
		nerr := len(d.errs)
		if v := f.get("metric"); v != nil {
			if m, ok := d.str(v, path+".metric"); ok {
				prefix, _, _ := strings.Cut(m, ".")
				switch {
				case !contains(all, prefix):
					d.errorf(v, path+".metric", "unknown metric %q; metric names start with a measure's prefix: %s", m, strings.Join(all, ", "))
				case !contains(prefixes, prefix):
					mk := Measures[indexOf(all, prefix)]
					d.errorf(v, path+".metric", "metric %s needs measure %s in the measure list", m, mk.Name)
				}
				e.Metric = m
			}
		} else {
			d.errorf(f.node, path+".metric", "missing required key (a metric name, e.g. ift.mean)")
		}
		num := func(key string) *float64 {
			v := f.get(key)
			if v == nil {
				return nil
			}
			x, ok := d.number(v, path+"."+key)
			if !ok {
				return nil
			}
			return &x
		}
		e.Equals, e.AtLeast, e.AtMost = num("equals"), num("at_least"), num("at_most")
		if v := f.get("within"); v != nil {
			vn := d.deref(v)
			if vn.Kind == yaml.ScalarNode && vn.ShortTag() == "!!str" {
				if m := withinSERE.FindStringSubmatch(vn.Value); m != nil {
					e.Within, _ = strconv.ParseFloat(m[1], 64)
					e.WithinSE = true
				} else {
					d.errorf(vn, path+".within", "expected a number (an absolute bound) or k standard errors written like 4se, got %s", describe(vn))
				}
			} else if x, ok := d.number(v, path+".within"); ok {
				e.Within = x
			}
			if e.Within < 0 || (e.WithinSE && e.Within == 0) {
				d.errorf(vn, path+".within", "must be > 0, got %s", vn.Value)
			}
		}
		switch {
		case f.has("equals") && !f.has("within"):
			d.errorf(f.key("equals"), path+".within", "missing: equals needs within (a bound like 0.01 or 4se)")
		case f.has("within") && !f.has("equals"):
			d.errorf(f.key("within"), path+".within", "within goes with equals")
		case f.has("equals") && (f.has("at_least") || f.has("at_most")):
			d.errorf(f.key("equals"), path+".equals", "give either equals (with within) or at_least/at_most, not both")
		case !f.has("equals") && !f.has("at_least") && !f.has("at_most"):
			d.errorf(f.node, path, "an expectation needs equals (with within), at_least or at_most")
		}
		if e.AtLeast != nil && e.AtMost != nil && *e.AtLeast > *e.AtMost {
			d.errorf(f.key("at_most"), path+".at_most", "at_most %g is below at_least %g", *e.AtMost, *e.AtLeast)
		}
		if len(d.errs) == nerr {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

// sweep decodes the sweep block.
func (d *decoder) sweep(n *yaml.Node) *Sweep {
	f := d.mapping(n, "sweep", sweepModes, "sweep mode")
	if f == nil {
		return nil
	}
	if len(f.order) != 1 {
		d.errorf(f.node, "sweep", "expected exactly one of grid or zip")
		return nil
	}
	mode := f.order[0]
	sw := &Sweep{Mode: mode}
	kf := d.mapping(f.get(mode), "sweep."+mode, nil, "")
	if kf == nil {
		return nil
	}
	if len(kf.order) == 0 {
		d.errorf(f.get(mode), "sweep."+mode, "expected at least one swept key")
		return nil
	}
	nerr := len(d.errs)
	total := 1.0
	for _, key := range kf.order {
		path := "sweep." + mode + "." + key
		segs := strings.Split(key, ".")
		ok := true
		for _, s := range segs {
			if s == "" {
				ok = false
			}
		}
		switch {
		case !ok:
			d.errorf(kf.key(key), path, "expected a dotted key path like dynamics.dt")
			continue
		case !contains(topKeys, segs[0]):
			d.errorf(kf.key(key), path, "unknown key %s; a swept key starts with one of: %s", segs[0], strings.Join(topKeys[2:len(topKeys)-1], ", "))
			continue
		case contains([]string{"name", "seed", "sweep"}, segs[0]):
			d.errorf(kf.key(key), path, "%s cannot be swept (each point's seed is derived from the scenario's)", segs[0])
			continue
		}
		for _, prev := range sw.Params {
			if underAny(key, []string{prev.Key}) || underAny(prev.Key, []string{key}) {
				d.errorf(kf.key(key), path, "overlaps the swept key %s", prev.Key)
				ok = false
			}
		}
		items, ok1 := d.sequence(kf.get(key), path, "a list of values")
		if !ok || !ok1 {
			continue
		}
		if len(items) == 0 {
			d.errorf(kf.get(key), path, "expected at least one value")
			continue
		}
		p := SweepParam{Key: key}
		for i, it := range items {
			v, _ := d.value(it, index(path, i))
			p.Values = append(p.Values, v)
		}
		if mode == SweepZip && len(sw.Params) > 0 && len(items) != len(sw.Params[0].Values) {
			d.errorf(kf.get(key), path, "zip lists must have equal lengths: %d values here, %d for %s", len(items), len(sw.Params[0].Values), sw.Params[0].Key)
		}
		if mode == SweepGrid {
			total *= float64(len(items))
		} else {
			total = float64(len(items))
		}
		sw.Params = append(sw.Params, p)
	}
	if total > MaxSweepPoints {
		d.errorf(f.node, "sweep", "%.0f points; at most %d", total, MaxSweepPoints)
	}
	if len(d.errs) != nerr {
		return nil
	}
	return sw
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
