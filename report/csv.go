package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// FormatFloat formats v as the shortest decimal string that parses back to
// the same float64 (strconv 'g' format with precision -1), "NaN" for NaN and
// "inf" / "-inf" for the infinities. pandas.read_csv, numpy.loadtxt and
// strconv.ParseFloat read all of them back as the same values.
func FormatFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// ParseFloat is the inverse of FormatFloat. It also reads what other tools
// write: an empty cell (how pandas writes NaN by default) and "nan", "NA",
// "N/A" (any case) are NaN; "Inf", "+inf", "Infinity" are accepted by
// strconv.ParseFloat. Surrounding blanks are ignored.
func ParseFloat(s string) (float64, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "nan", "na", "n/a":
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return v, nil // +-Inf or a subnormal rounded to 0: the nearest float64
		}
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// WriteCSV writes a CSV file (RFC 4180, header row, "\n" line ends)
// atomically. Every row must have as many cells as the header.
func WriteCSV(path string, header []string, rows [][]string) error {
	if len(header) == 0 {
		return fmt.Errorf("report: %s: empty CSV header", path)
	}
	for i, r := range rows {
		if len(r) != len(header) {
			return fmt.Errorf("report: %s: row %d has %d cells, the header %d", path, i+1, len(r), len(header))
		}
	}
	return writeCSV(path, header, len(rows), func(i int, rec []string) []string { return rows[i] })
}

// WriteColumns writes columns of numbers as a CSV file atomically: a header
// row, then row i holds cols[0][i], cols[1][i], ... formatted by
// FormatFloat. All columns must have the same length, one per header name.
// Rows are formatted as they are written, so long sample columns need no
// extra memory.
func WriteColumns(path string, header []string, cols ...[]float64) error {
	if len(header) == 0 {
		return fmt.Errorf("report: %s: empty CSV header", path)
	}
	if len(cols) != len(header) {
		return fmt.Errorf("report: %s: %d columns for %d header names", path, len(cols), len(header))
	}
	n := len(cols[0])
	for j, c := range cols {
		if len(c) != n {
			return fmt.Errorf("report: %s: column %q has %d values, column %q %d", path, header[j], len(c), header[0], n)
		}
	}
	return writeCSV(path, header, n, func(i int, rec []string) []string {
		for j, c := range cols {
			rec[j] = FormatFloat(c[i])
		}
		return rec
	})
}

func writeCSV(path string, header []string, n int, row func(i int, rec []string) []string) error {
	f, err := CreateAtomic(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	bw := bufio.NewWriterSize(f, 64<<10)
	w := csv.NewWriter(bw)
	if err := w.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	for i := 0; i < n; i++ {
		if err := w.Write(row(i, rec)); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Commit()
}

// ReadCSV reads a CSV file with a header row. Rows must have as many cells
// as the header; errors name the file, line and column.
func ReadCSV(path string) (header []string, rows [][]string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("report: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.ReuseRecord = false
	header, err = r.Read()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("report: %s: empty file, expected a header row", path)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("report: %s: %w", path, err)
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return header, rows, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("report: %s: %w", path, err)
		}
		rows = append(rows, rec)
	}
}

// ReadColumns reads a CSV file of numbers with a header row, as written by
// WriteColumns (or by pandas' to_csv without the index): it returns the
// header and one slice per column. Cells are parsed by ParseFloat, so empty
// cells are NaN. Errors name the file, line, column and header name.
func ReadColumns(path string) (header []string, cols [][]float64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("report: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.ReuseRecord = true
	h, err := r.Read()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("report: %s: empty file, expected a header row", path)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("report: %s: %w", path, err)
	}
	header = append([]string(nil), h...)
	cols = make([][]float64, len(header))
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return header, cols, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("report: %s: %w", path, err)
		}
		for j, s := range rec {
			v, err := ParseFloat(s)
			if err != nil {
				line, col := r.FieldPos(j)
				return nil, nil, fmt.Errorf("report: %s:%d:%d: column %q: %v", path, line, col, header[j], err)
			}
			cols[j] = append(cols[j], v)
		}
	}
}

// WriteJSON writes v as indented JSON (two spaces, a final newline)
// atomically. encoding/json cannot encode NaN or the infinities; the caller
// decides how to represent them (spec/metrics.md omits a stderr that does
// not exist).
func WriteJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("report: encoding %s: %w", path, err)
	}
	return WriteFileAtomic(path, append(b, '\n'))
}
