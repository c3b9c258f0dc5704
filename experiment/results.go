package experiment

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/paths"
	"github.com/thermosim/thermosim/report"
	"github.com/thermosim/thermosim/scenarios"
	"github.com/thermosim/thermosim/sim"
)

// PartialFile holds the block outputs of a partial or shard run, from which
// `run --resume` and `merge` continue.
const PartialFile = "partial.gob"

// Meta describes how a run was made (the manifest part of summary.json).
type Meta struct {
	Version   string
	GoArch    string
	GoVersion string
	Workers   int
	Started   time.Time
	Elapsed   time.Duration
	ShardIdx  int // 0-based
	ShardCnt  int // 0: not sharded
}

// Run is a whole scenario run: every sweep point.
type Run struct {
	// FigureErr is the first figure that could not be drawn (the results
	// are written regardless).
	FigureErr error
	// NoSamples skips samples/*.csv (the per-trajectory samples).
	NoSamples bool
	Scenario  *scenarios.Scenario
	Resolved  []byte // the resolved scenario (YAML)
	Points    []*PointResult
	Meta      Meta
}

// Status is complete when every point is, shard for a shard's partial
// result, partial otherwise.
func (r *Run) Status() string {
	st := "complete"
	for _, p := range r.Points {
		switch {
		case p == nil || p.Status == "partial":
			return "partial"
		case p.Status == "shard":
			st = "shard"
		}
	}
	if len(r.Points) < r.total() {
		return "partial"
	}
	return st
}

func (r *Run) total() int {
	pts, err := r.Scenario.Expand()
	if err != nil {
		return len(r.Points)
	}
	return len(pts)
}

// Fingerprint identifies what ran: the resolved scenario and the version.
func Fingerprint(resolved []byte, version string) string {
	h := sha256.Sum256(append(append([]byte(nil), resolved...), version...))
	return hex.EncodeToString(h[:])
}

// partial is what partial.gob holds: the finished blocks of every point
// (gob cannot encode the nil entries of blocks that have not run, so the
// finished ones are saved by block number).
type partial struct {
	Fingerprint string
	ShardIdx    int
	ShardCnt    int
	Points      []savedBlocks
}

type savedBlocks struct {
	Present           bool // the point started
	N                 int  // number of blocks
	Reverse           bool // the point has a reverse run
	Forward, Backward map[int]*sim.BlockOut
}

func saveBlocks(b *Blocks) savedBlocks {
	if b == nil {
		return savedBlocks{}
	}
	s := savedBlocks{Present: true, N: len(b.Forward), Reverse: b.Reverse != nil, Forward: map[int]*sim.BlockOut{}, Backward: map[int]*sim.BlockOut{}}
	for i, o := range b.Forward {
		if o != nil {
			s.Forward[i] = o
		}
	}
	for i, o := range b.Reverse {
		if o != nil {
			s.Backward[i] = o
		}
	}
	return s
}

func (s savedBlocks) blocks() *Blocks {
	if !s.Present {
		return nil
	}
	b := &Blocks{Forward: make([]*sim.BlockOut, s.N)}
	for i, o := range s.Forward {
		if i >= 0 && i < s.N {
			b.Forward[i] = o
		}
	}
	if s.Reverse {
		b.Reverse = make([]*sim.BlockOut, s.N)
		for i, o := range s.Backward {
			if i >= 0 && i < s.N {
				b.Reverse[i] = o
			}
		}
	}
	return b
}

// metricJSON is a metric in summary.json (spec/metrics.md): stderr and ci95
// are left out where no honest estimate exists.
type metricJSON struct {
	Value    *float64   `json:"value"`
	StdErr   *float64   `json:"stderr,omitempty"`
	CI95     []*float64 `json:"ci95,omitempty"`
	N        int        `json:"n"`
	Warnings []string   `json:"warnings,omitempty"`
}

func fptr(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func toJSON(r estimate.Result) metricJSON {
	m := metricJSON{Value: fptr(r.Value), N: r.N, Warnings: r.Warnings}
	if r.HasError() {
		m.StdErr = fptr(r.StdErr)
		m.CI95 = []*float64{fptr(r.CI95[0]), fptr(r.CI95[1])}
	}
	return m
}

type expectJSON struct {
	Metric string   `json:"metric"`
	Bound  string   `json:"bound"`
	Value  *float64 `json:"value"`
	StdErr *float64 `json:"stderr,omitempty"`
	Pass   bool     `json:"pass"`
	Reason string   `json:"reason,omitempty"`
}

type pointJSON struct {
	Index    int                   `json:"index"`
	Params   map[string]any        `json:"params,omitempty"`
	Seed     uint64                `json:"seed"`
	Status   string                `json:"status"`
	Trajs    int                   `json:"trajectories_done"`
	Metrics  map[string]metricJSON `json:"metrics,omitempty"`
	Expect   []expectJSON          `json:"expectations,omitempty"`
	Warnings []string              `json:"warnings,omitempty"`
	Notes    []string              `json:"notes,omitempty"`
}

type summaryJSON struct {
	Scenario    string      `json:"scenario"`
	Description string      `json:"description,omitempty"`
	Status      string      `json:"status"`
	Seed        uint64      `json:"seed"`
	Version     string      `json:"version"`
	GoArch      string      `json:"goarch"`
	GoVersion   string      `json:"go"`
	Workers     int         `json:"workers"`
	Shard       string      `json:"shard,omitempty"`
	Started     string      `json:"started"`
	Elapsed     float64     `json:"elapsed_seconds"`
	Fingerprint string      `json:"fingerprint"`
	Passed      *bool       `json:"passed,omitempty"`
	Points      []pointJSON `json:"points"`
}

// Summary returns summary.json's content.
func (r *Run) Summary() ([]byte, error) {
	s := summaryJSON{
		Scenario: r.Scenario.Name, Description: r.Scenario.Description, Status: r.Status(), Seed: r.Scenario.Seed,
		Version: r.Meta.Version, GoArch: r.Meta.GoArch, GoVersion: r.Meta.GoVersion, Workers: r.Meta.Workers,
		Started: r.Meta.Started.UTC().Format(time.RFC3339), Elapsed: r.Meta.Elapsed.Seconds(),
		Fingerprint: Fingerprint(r.Resolved, r.Meta.Version),
	}
	if r.Meta.ShardCnt > 0 {
		s.Shard = fmt.Sprintf("%d/%d", r.Meta.ShardIdx+1, r.Meta.ShardCnt)
	}
	anyExp, all := false, true
	for _, p := range r.Points {
		if p == nil {
			continue
		}
		pj := pointJSON{Index: p.Point.Index, Seed: p.Point.Scenario.Seed, Status: p.Status, Trajs: p.Blocks.Done()}
		if len(p.Point.Params) > 0 {
			pj.Params = map[string]any{}
			for _, kv := range p.Point.Params {
				pj.Params[kv.Key] = kv.Value
			}
		}
		if o := p.Outcome; o != nil {
			pj.Metrics = map[string]metricJSON{}
			for _, name := range o.Metrics.Names() {
				m, _ := o.Metrics.Get(name)
				pj.Metrics[name] = toJSON(m)
			}
			pj.Warnings, pj.Notes = o.Warnings, o.Notes
		}
		for _, e := range p.Expect {
			anyExp = true
			all = all && e.Pass
			pj.Expect = append(pj.Expect, expectJSON{Metric: e.Metric, Bound: e.Bound, Value: fptr(e.Value), StdErr: fptr(e.StdErr), Pass: e.Pass, Reason: e.Reason})
		}
		s.Points = append(s.Points, pj)
	}
	if anyExp {
		s.Passed = &all
	}
	b, err := json.MarshalIndent(s, "", "  ")
	return append(b, '\n'), err
}

// paramColumns returns the swept keys in order.
func (r *Run) paramColumns() []string {
	if r.Scenario.Sweep == nil {
		return nil
	}
	var out []string
	for _, p := range r.Scenario.Sweep.Params {
		out = append(out, p.Key)
	}
	return out
}

func paramString(v any) string {
	switch x := v.(type) {
	case float64:
		return report.FormatFloat(x)
	case int:
		return strconv.Itoa(x)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// MetricsCSV returns metrics.csv: one row per point, its parameters, then
// <metric> and <metric>.stderr columns.
func (r *Run) MetricsCSV() ([]string, [][]string) {
	keys := r.paramColumns()
	var names []string
	seen := map[string]bool{}
	for _, p := range r.Points {
		if p == nil || p.Outcome == nil {
			continue
		}
		for _, n := range p.Outcome.Metrics.Names() {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	header := append([]string{"point"}, keys...)
	for _, n := range names {
		header = append(header, n, n+".stderr")
	}
	var rows [][]string
	for _, p := range r.Points {
		if p == nil || p.Outcome == nil {
			continue
		}
		row := []string{strconv.Itoa(p.Point.Index)}
		for _, kv := range p.Point.Params {
			row = append(row, paramString(kv.Value))
		}
		for _, n := range names {
			m, ok := p.Outcome.Metrics.Get(n)
			if !ok {
				row = append(row, "NaN", "NaN")
				continue
			}
			row = append(row, report.FormatFloat(m.Value), report.FormatFloat(m.StdErr))
		}
		rows = append(rows, row)
	}
	return header, rows
}

// TimeseriesCSV returns timeseries.csv: one row per recorded time and point.
func (r *Run) TimeseriesCSV() ([]string, [][]string) {
	keys := r.paramColumns()
	var cols []string
	seen := map[string]bool{}
	for _, p := range r.Points {
		if p == nil || p.Outcome == nil {
			continue
		}
		for _, c := range p.Outcome.Series.Columns {
			if !seen[c] {
				seen[c] = true
				cols = append(cols, c)
			}
		}
	}
	header := append(append([]string{"point"}, keys...), cols...)
	var rows [][]string
	for _, p := range r.Points {
		if p == nil || p.Outcome == nil {
			continue
		}
		idx := map[string]int{}
		for i, c := range p.Outcome.Series.Columns {
			idx[c] = i
		}
		for _, sr := range p.Outcome.Series.Rows {
			row := []string{strconv.Itoa(p.Point.Index)}
			for _, kv := range p.Point.Params {
				row = append(row, paramString(kv.Value))
			}
			for _, c := range cols {
				if i, ok := idx[c]; ok {
					row = append(row, report.FormatFloat(sr[i]))
				} else {
					row = append(row, "NaN")
				}
			}
			rows = append(rows, row)
		}
	}
	return header, rows
}

// Write writes the results folder's files into dir (which exists).
func (r *Run) Write(dir string) error {
	if err := report.WriteFileAtomic(filepath.Join(dir, report.ScenarioFile), r.Resolved); err != nil {
		return err
	}
	sum, err := r.Summary()
	if err != nil {
		return err
	}
	if err := report.WriteFileAtomic(filepath.Join(dir, report.SummaryFile), sum); err != nil {
		return err
	}
	status := r.Status()
	if status != "complete" {
		p := partial{Fingerprint: Fingerprint(r.Resolved, r.Meta.Version), ShardIdx: r.Meta.ShardIdx, ShardCnt: r.Meta.ShardCnt}
		for _, pt := range r.Points {
			if pt == nil {
				p.Points = append(p.Points, savedBlocks{})
				continue
			}
			p.Points = append(p.Points, saveBlocks(pt.Blocks))
		}
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(p); err != nil {
			return err
		}
		return report.WriteFileAtomic(filepath.Join(dir, PartialFile), buf.Bytes())
	}
	os.Remove(filepath.Join(dir, PartialFile))
	h, rows := r.MetricsCSV()
	if err := report.WriteCSV(filepath.Join(dir, report.MetricsFile), h, rows); err != nil {
		return err
	}
	h, rows = r.TimeseriesCSV()
	if err := report.WriteCSV(filepath.Join(dir, report.TimeseriesFile), h, rows); err != nil {
		return err
	}
	// Figures are drawn while the samples are written.
	figDone := make(chan error, 1)
	go func() { figDone <- SaveFigures(dir, r.figures()) }()
	multi := len(r.Points) > 1
	for _, p := range r.Points {
		o := p.Outcome
		prefix := ""
		if multi {
			prefix = fmt.Sprintf("p%03d-", p.Point.Index)
		}
		names := make([]string, 0, len(o.Samples))
		for n := range o.Samples {
			if !r.NoSamples {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		for _, n := range names {
			if err := report.WriteColumns(filepath.Join(dir, report.SamplesDir, prefix+n+".csv"), []string{n}, o.Samples[n]); err != nil {
				return err
			}
		}
		if len(o.Paths) > 0 {
			if err := writePaths(filepath.Join(dir, report.SamplesDir, prefix+"paths.csv"), o.Paths); err != nil {
				return err
			}
		}
	}
	// A figure that cannot be drawn does not void the run's results: it is
	// reported as a warning on stderr by the caller.
	r.FigureErr = <-figDone
	return nil
}

// figures collects every point's figures (prefixed by the point in sweeps)
// and the sweep curves.
func (r *Run) figures() []Figure {
	var figs []Figure
	multi := len(r.Points) > 1
	for _, p := range r.Points {
		prefix := ""
		if multi {
			prefix = fmt.Sprintf("p%03d-", p.Point.Index)
		}
		for _, f := range p.Outcome.Figures {
			f.Name = prefix + f.Name
			figs = append(figs, f)
		}
	}
	return append(figs, sweepFigures(r)...)
}

// writePaths writes the stored paths in long form: one row per trajectory
// and recorded time, with the coordinates (and momenta) as columns.
func writePaths(path string, ps []*paths.Path) error {
	d := ps[0].D
	h := []string{"trajectory", "t"}
	for i := 0; i < d; i++ {
		h = append(h, fmt.Sprintf("x%d", i))
	}
	if ps[0].P != nil {
		for i := 0; i < d; i++ {
			h = append(h, fmt.Sprintf("p%d", i))
		}
	}
	var rows [][]string
	for _, p := range ps {
		for r := 0; r < p.Len(); r++ {
			row := []string{strconv.Itoa(p.Index), report.FormatFloat(p.T[r])}
			for _, v := range p.At(r) {
				row = append(row, report.FormatFloat(v))
			}
			if p.P != nil {
				for _, v := range p.P[r*d : (r+1)*d] {
					row = append(row, report.FormatFloat(v))
				}
			}
			rows = append(rows, row)
		}
	}
	return report.WriteCSV(path, h, rows)
}

// LoadPartial reads the partial blocks of a results folder and checks that
// they belong to the given resolved scenario and version.
func LoadPartial(dir string, resolved []byte, version string) (blocks []*Blocks, shardIdx, shardCnt int, err error) {
	b, err := os.ReadFile(filepath.Join(dir, PartialFile))
	if err != nil {
		return nil, 0, 0, fmt.Errorf("%s: no partial result to continue (%v)", dir, err)
	}
	var p partial
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&p); err != nil {
		return nil, 0, 0, fmt.Errorf("%s: unreadable partial result: %v", dir, err)
	}
	if resolved != nil && p.Fingerprint != Fingerprint(resolved, version) {
		return nil, 0, 0, fmt.Errorf("%s: the partial result was made by another scenario, seed or version (fingerprint %.12s, this run %.12s)", dir, p.Fingerprint, Fingerprint(resolved, version))
	}
	for _, sb := range p.Points {
		blocks = append(blocks, sb.blocks())
	}
	return blocks, p.ShardIdx, p.ShardCnt, nil
}
