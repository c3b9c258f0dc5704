package models

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/thermosim/thermosim/internal/rng"
)

// Dataset is a supervised data set of N examples with F features each:
// example n has features X[n*F:(n+1)*F] and target Y[n].
type Dataset struct {
	X     []float64 // N x F, row-major
	Y     []float64 // N targets
	N, F  int
	Names []string // the F feature names (CSV header order, target removed)
	// Truth holds the generating weights w* of a synthetic data set (nil for
	// data read from a file).
	Truth []float64
}

// Row returns the features of example n (a view, not a copy).
func (d *Dataset) Row(n int) []float64 { return d.X[n*d.F : (n+1)*d.F] }

// LoadData builds the data set that spec describes: a seeded synthetic
// generator (spec.Synthetic) or a CSV file with a header row (spec.File).
//
// Synthetic generators draw every number from rng.Stream(spec.Seed, "data", 0)
// in this order: first the true weights w*_i ~ N(0, 1), i = 1..F; then, for
// each example n = 1..N in turn, its features x_n,i ~ N(0, 1), i = 1..F, and
// one more draw for the target:
//
//	linear:    y_n = x_n . w* + noise * e_n,           e_n ~ N(0, 1)
//	logistic:  y_n = 1 if u_n < sigma(x_n . w*), else 0, u_n ~ U[0, 1)
//
// with sigma(z) = 1/(1 + exp(-z)). Features are named x1..xF. The logistic
// generator has no noise parameter (its labels are random already) and
// rejects one.
//
// A CSV file has a header row naming the columns; spec.Target names the
// target column (default "y") and every other column is a feature. Fields are
// numbers (strconv.ParseFloat syntax, surrounding blanks ignored, finite).
// Errors name the file and line (and the column for a bad number); a ragged
// row, a missing target column, an empty file and fewer than 2 data rows are
// rejected.
func LoadData(spec DataSpec) (*Dataset, error) {
	switch {
	case spec.Synthetic != "" && spec.File != "":
		return nil, fmt.Errorf("data: give either synthetic or file, not both")
	case spec.Synthetic != "":
		return synthetic(spec)
	case spec.File != "":
		return readCSV(spec.File, spec.Target)
	}
	return nil, fmt.Errorf("data: give synthetic (linear or logistic) or file")
}

func synthetic(spec DataSpec) (*Dataset, error) {
	if spec.Synthetic != "linear" && spec.Synthetic != "logistic" {
		return nil, fmt.Errorf("data: unknown synthetic generator %q (want linear or logistic)", spec.Synthetic)
	}
	if spec.N < 2 {
		return nil, fmt.Errorf("data: synthetic n must be >= 2, got %d", spec.N)
	}
	if spec.Features < 1 {
		return nil, fmt.Errorf("data: synthetic features must be >= 1, got %d", spec.Features)
	}
	if spec.Noise < 0 || math.IsNaN(spec.Noise) || math.IsInf(spec.Noise, 0) {
		return nil, fmt.Errorf("data: noise must be a finite number >= 0, got %g", spec.Noise)
	}
	if spec.Synthetic == "logistic" && spec.Noise != 0 {
		return nil, fmt.Errorf("data: synthetic logistic takes no noise (labels are drawn from the logistic model), got noise %g", spec.Noise)
	}
	n, f := spec.N, spec.Features
	d := &Dataset{X: make([]float64, n*f), Y: make([]float64, n), N: n, F: f, Names: make([]string, f), Truth: make([]float64, f)}
	for i := range d.Names {
		d.Names[i] = "x" + strconv.Itoa(i+1)
	}
	src := rng.Stream(spec.Seed, "data", 0)
	src.NormFill(d.Truth)
	for k := 0; k < n; k++ {
		x := d.Row(k)
		src.NormFill(x)
		z := 0.0
		for i, xi := range x {
			z += xi * d.Truth[i]
		}
		if spec.Synthetic == "linear" {
			d.Y[k] = z + spec.Noise*src.Norm()
		} else if src.Float64() < sigmoid(z) {
			d.Y[k] = 1
		}
	}
	return d, nil
}

// sigmoid is 1/(1+exp(-z)), evaluated without overflow.
func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

func readCSV(path, target string) (*Dataset, error) {
	if target == "" {
		target = "y"
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	defer fh.Close()
	r := csv.NewReader(fh)
	r.FieldsPerRecord = -1 // ragged rows are reported below, with their line
	r.TrimLeadingSpace = true
	r.ReuseRecord = false
	header, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty file (want a header row naming the columns, then data rows)", path)
	}
	if err != nil {
		return nil, csvError(path, err)
	}
	ti := -1
	for i, h := range header {
		header[i] = strings.TrimSpace(h)
		if header[i] == target {
			if ti >= 0 {
				return nil, fmt.Errorf("%s:1: target column %q appears twice", path, target)
			}
			ti = i
		}
	}
	if ti < 0 {
		return nil, fmt.Errorf("%s:1: no target column %q; columns found: %s", path, target, strings.Join(header, ", "))
	}
	if len(header) < 2 {
		return nil, fmt.Errorf("%s:1: only the target column %q; need at least one feature column", path, target)
	}
	d := &Dataset{F: len(header) - 1}
	for i, h := range header {
		if i != ti {
			d.Names = append(d.Names, h)
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(path, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) != len(header) {
			return nil, fmt.Errorf("%s:%d: %d fields, but the header has %d columns", path, line, len(rec), len(header))
		}
		for i, s := range rec {
			v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				_, col := r.FieldPos(i)
				return nil, fmt.Errorf("%s:%d:%d: column %q: %q is not a finite number", path, line, col, header[i], s)
			}
			if i == ti {
				d.Y = append(d.Y, v)
			} else {
				d.X = append(d.X, v)
			}
		}
		d.N++
	}
	if d.N < 2 {
		return nil, fmt.Errorf("%s: %d data rows; need at least 2", path, d.N)
	}
	return d, nil
}

// csvError turns an encoding/csv parse error into "file:line:col: message".
func csvError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d:%d: %v", path, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("%s: %w", path, err)
}
