package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Table is a text table for the terminal: a header row, a rule of dashes,
// then the rows, with columns separated by two spaces and padded to their
// widest cell. Columns whose cells are all numbers (empty cells allowed) are
// right-aligned, the others left-aligned. Rows may be shorter than the
// header (missing cells are empty) or longer (extra columns have an empty
// header). Width is counted in runes, so "±" counts as one column.
type Table struct {
	Header []string
	Rows   [][]string
}

// Render writes the table to w. Lines carry no trailing blanks and end in
// "\n". An empty table (no header, no rows) writes nothing.
func (t *Table) Render(w io.Writer) error {
	ncol := len(t.Header)
	for _, r := range t.Rows {
		ncol = max(ncol, len(r))
	}
	if ncol == 0 {
		return nil
	}
	width := make([]int, ncol)
	numeric := make([]bool, ncol)
	for j := range ncol {
		width[j] = utf8.RuneCountInString(cell(t.Header, j))
		numeric[j] = true
		seen := false
		for _, r := range t.Rows {
			c := cell(r, j)
			width[j] = max(width[j], utf8.RuneCountInString(c))
			if c == "" {
				continue
			}
			seen = true
			if _, err := strconv.ParseFloat(strings.TrimSpace(c), 64); err != nil {
				numeric[j] = false
			}
		}
		numeric[j] = numeric[j] && seen
	}
	bw := bufio.NewWriter(w)
	var line strings.Builder
	emit := func(row []string, rule bool) {
		line.Reset()
		for j := range ncol {
			if j > 0 {
				line.WriteString("  ")
			}
			c := cell(row, j)
			if rule {
				c = strings.Repeat("-", width[j])
			}
			pad := strings.Repeat(" ", width[j]-utf8.RuneCountInString(c))
			if numeric[j] {
				line.WriteString(pad)
				line.WriteString(c)
			} else {
				line.WriteString(c)
				line.WriteString(pad)
			}
		}
		bw.WriteString(strings.TrimRight(line.String(), " "))
		bw.WriteByte('\n')
	}
	if len(t.Header) > 0 {
		emit(t.Header, false)
		emit(nil, true)
	}
	for _, r := range t.Rows {
		emit(r, false)
	}
	return bw.Flush()
}

func cell(row []string, j int) string {
	if j < len(row) {
		return row[j]
	}
	return ""
}
