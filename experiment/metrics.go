package experiment

import (
	"sort"

	"github.com/thermosim/thermosim/estimate"
)

// Metrics is an ordered set of named results (insertion order is kept for
// tables and CSV columns; JSON output is sorted by name).
type Metrics struct {
	names []string
	m     map[string]estimate.Result
}

// Set adds or replaces a metric.
func (ms *Metrics) Set(name string, r estimate.Result) {
	if ms.m == nil {
		ms.m = map[string]estimate.Result{}
	}
	if _, ok := ms.m[name]; !ok {
		ms.names = append(ms.names, name)
	}
	ms.m[name] = r
}

// Get returns a metric.
func (ms *Metrics) Get(name string) (estimate.Result, bool) {
	r, ok := ms.m[name]
	return r, ok
}

// Names returns the metric names in insertion order.
func (ms *Metrics) Names() []string { return ms.names }

// Sorted returns the metric names sorted.
func (ms *Metrics) Sorted() []string {
	out := append([]string(nil), ms.names...)
	sort.Strings(out)
	return out
}

// Series is a table of numbers over recorded times: one row per recorded
// time, columns named (timeseries.csv).
type Series struct {
	Columns []string
	Rows    [][]float64
}

// Col returns the index of a column, adding it (filled with NaN) if absent.
func (s *Series) Col(name string) int {
	for i, c := range s.Columns {
		if c == name {
			return i
		}
	}
	s.Columns = append(s.Columns, name)
	for i := range s.Rows {
		s.Rows[i] = append(s.Rows[i], nan)
	}
	return len(s.Columns) - 1
}
