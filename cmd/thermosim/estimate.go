package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/freeenergy"
	"github.com/thermosim/thermosim/internal/rng"
)

func init() {
	register(&command{name: "estimate", summary: "run an estimator (exp, bar, crooks, ift) on samples read from files", run: runEstimate})
}

const estimateUsage = `usage: thermosim estimate METHOD [flags] [FILE]

Runs a free-energy or fluctuation-theorem estimator on samples measured
elsewhere. Samples are read one number per line (blank lines and lines
starting with # are skipped), or from the column NAME of a CSV file with a
header row (--column NAME). Works are in energy units, k_B = 1.

methods:
  exp     Jarzynski / exponential averaging, Delta F = -T ln <exp(-W/T)>, from
          forward work (FILE or --forward) and/or reverse work (--reverse;
          then Delta F = T ln <exp(-W_R/T)>)
  bar     Bennett acceptance ratio from --forward and --reverse work
  crooks  crossing of P_F(W) and P_R(-W) from --forward and --reverse work,
          with a bootstrap error
  ift     integral fluctuation theorem: <exp(-s)> of entropy-production
          samples s (FILE), should be 1

Delta F = F(lambda_1) - F(lambda_0); forward work runs lambda_0 -> lambda_1
from equilibrium at lambda_0, reverse work lambda_1 -> lambda_0 from
equilibrium at lambda_1. Warnings (poor overlap, small effective sample
size, EXP bias) are printed with the result. See docs/free-energy.md.

flags:
`

type estimateFlags struct {
	forward, reverse      string
	column, reverseColumn string
	temperature           float64
	bootstrap             int
	paired, json          bool
	seed                  uint64
}

// usageError is bad input or usage: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

func runEstimate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f estimateFlags
	fs := flag.NewFlagSet("estimate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.forward, "forward", "", "forward work samples `FILE`")
	fs.StringVar(&f.reverse, "reverse", "", "reverse work samples `FILE`")
	fs.StringVar(&f.column, "column", "", "read the CSV column `NAME` (the file has a header row)")
	fs.StringVar(&f.reverseColumn, "reverse-column", "", "CSV column `NAME` of the reverse work (default: --column)")
	fs.Float64Var(&f.temperature, "temperature", 1, "temperature `T` in energy units (k_B = 1)")
	fs.IntVar(&f.bootstrap, "bootstrap", 0, "bootstrap replicates `N` (0: 400 for crooks, the asymptotic error for exp and bar)")
	fs.BoolVar(&f.paired, "paired", false, "bootstrap forward and reverse samples as pairs (measured together, cycle by cycle)")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of the bootstrap generator")
	fs.BoolVar(&f.json, "json", false, "print the result as JSON on stdout")
	fs.Usage = func() {
		fmt.Fprint(stderr, estimateUsage)
		fs.PrintDefaults()
	}
	if len(args) == 0 {
		fs.Usage()
		return exitUsage
	}
	method := args[0]
	if method == "-h" || method == "--help" || method == "help" {
		fs.Usage()
		return exitOK
	}
	// Flags may come before or after the positional FILE.
	var pos []string
	rest := args[1:]
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK
			}
			return exitUsage
		}
		rest = fs.Args()
		if len(rest) == 0 {
			break
		}
		pos = append(pos, rest[0])
		rest = rest[1:]
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })

	out, err := estimateMethod(method, pos, f, set)
	if err != nil {
		fmt.Fprintf(stderr, "thermosim estimate: %v\n", err)
		var ue *usageError
		if errors.As(err, &ue) && strings.HasPrefix(ue.msg, "unknown method") {
			fmt.Fprintln(stderr, "Run 'thermosim estimate -h' for the methods and flags.")
		}
		return exitUsage
	}
	if ctx.Err() != nil {
		return exitInterrupted
	}
	if f.json {
		b, err := json.MarshalIndent(out.jsonValue(), "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "thermosim estimate: %v\n", err)
			return exitFailed
		}
		fmt.Fprintf(stdout, "%s\n", b)
		for _, w := range out.warnings() {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
		return exitOK
	}
	out.print(stdout)
	return exitOK
}

// sampleFile is one input: its name and samples.
type sampleFile struct {
	Path string `json:"file"`
	N    int    `json:"n"`
	x    []float64
}

// metric is one named result line.
type metric struct {
	name  string // dotted metric name (spec/metrics.md)
	label string // human label
	r     estimate.Result
}

type estimateOutput struct {
	method, title string
	temperature   float64
	useT          bool
	inputs        []namedInput
	metrics       []metric
	notes         [][2]string // extra key/value lines (human output only)
}

type namedInput struct {
	role string
	f    sampleFile
}

func (o *estimateOutput) input(role string, f sampleFile) {
	o.inputs = append(o.inputs, namedInput{role, f})
}

func estimateMethod(method string, pos []string, f estimateFlags, set map[string]bool) (*estimateOutput, error) {
	switch method {
	case "exp", "bar", "crooks", "ift":
	default:
		return nil, usagef("unknown method %q (exp, bar, crooks, ift)", method)
	}
	if !(f.temperature > 0) || math.IsInf(f.temperature, 0) {
		return nil, usagef("--temperature must be positive and finite, got %v", f.temperature)
	}
	if len(pos) > 1 {
		return nil, usagef("%s: one FILE at most, got %d: %s", method, len(pos), strings.Join(pos, " "))
	}
	if f.paired && method != "bar" && method != "crooks" {
		return nil, usagef("%s: --paired applies to bar and crooks only", method)
	}
	if f.reverseColumn == "" {
		f.reverseColumn = f.column
	}
	readCol := func(path, column string) (sampleFile, error) {
		x, err := readSamples(path, column)
		return sampleFile{Path: path, N: len(x), x: x}, err
	}
	read := func(path string) (sampleFile, error) { return readCol(path, f.column) }
	readReverse := func(path string) (sampleFile, error) { return readCol(path, f.reverseColumn) }
	o := &estimateOutput{method: method, temperature: f.temperature, useT: true}
	T := f.temperature
	src := rng.Stream(f.seed, "estimate/bootstrap", 0)

	switch method {
	case "ift":
		o.title = "integral fluctuation theorem <exp(-s)>"
		o.useT = false
		if set["forward"] || set["reverse"] || set["temperature"] || set["bootstrap"] {
			return nil, usagef("ift: give the entropy-production samples as FILE; --forward, --reverse, --temperature and --bootstrap do not apply")
		}
		if len(pos) == 0 {
			return nil, usagef("ift: FILE of entropy-production samples is required")
		}
		in, err := read(pos[0])
		if err != nil {
			return nil, err
		}
		o.input("entropy", in)
		var l estimate.LogMeanExp
		for _, s := range in.x {
			l.Add(-s)
		}
		m := l.MeanExp()
		lg := estimate.NewResult(l.Log(), l.LogStdErr(), l.N)
		ess := l.ESS()
		if ess < freeenergy.MinESS {
			m.Warn("small effective sample size of the weights exp(-s): ESS = %.3g of N = %d (threshold %d); the error bar is unreliable", ess, l.N, freeenergy.MinESS)
		}
		o.metrics = append(o.metrics,
			metric{"ift.mean", "<exp(-s)>", m},
			metric{"ift.log_mean", "ln <exp(-s)>", lg},
			metric{"ift.ess", "ESS", estimate.Exact(ess, l.N)})
		o.notes = append(o.notes, [2]string{"deviation", fmt.Sprintf("(<exp(-s)> - 1)/stderr = %+.2f", (m.Value-1)/m.StdErr)})
		return o, nil

	case "exp":
		o.title = "exponential averaging (Jarzynski)"
		fwd := f.forward
		if len(pos) == 1 {
			if fwd != "" {
				return nil, usagef("exp: give the forward work either as FILE or with --forward, not both")
			}
			fwd = pos[0]
		}
		if fwd == "" && f.reverse == "" {
			return nil, usagef("exp: a FILE of forward work (or --forward FILE, or --reverse FILE) is required")
		}
		if fwd != "" {
			in, err := read(fwd)
			if err != nil {
				return nil, err
			}
			o.input("forward", in)
			r := freeenergy.EXP(in.x, T)
			if f.bootstrap > 0 {
				r = freeenergy.BootstrapEXP(&src, in.x, T, f.bootstrap)
			}
			o.metrics = append(o.metrics, metric{"jarzynski.delta_f", "delta_f (forward)", r},
				metric{"jarzynski.ess", "ESS (forward)", estimate.Exact(freeenergy.WeightESS(in.x, T), in.N)})
		}
		if f.reverse != "" {
			in, err := readReverse(f.reverse)
			if err != nil {
				return nil, err
			}
			o.input("reverse", in)
			r := freeenergy.EXPReverse(in.x, T)
			if f.bootstrap > 0 {
				// Bootstrap EXP of the reverse work, then change sign.
				r = freeenergy.BootstrapEXP(&src, in.x, T, f.bootstrap)
				r.Value, r.CI95 = -r.Value, [2]float64{-r.CI95[1], -r.CI95[0]}
			}
			o.metrics = append(o.metrics, metric{"jarzynski.delta_f_reverse", "delta_f (reverse)", r},
				metric{"jarzynski.ess_reverse", "ESS (reverse)", estimate.Exact(freeenergy.WeightESS(in.x, T), in.N)})
		}
		if f.bootstrap > 0 {
			o.notes = append(o.notes, [2]string{"error", fmt.Sprintf("bootstrap, %d replicates, seed %d", f.bootstrap, f.seed)})
		}
		return o, nil
	}

	// bar and crooks: forward and reverse work.
	if len(pos) > 0 {
		return nil, usagef("%s: give the work files with --forward FILE --reverse FILE", method)
	}
	if f.forward == "" {
		return nil, usagef("%s: --forward FILE is required", method)
	}
	if f.reverse == "" {
		return nil, usagef("%s: --reverse FILE is required", method)
	}
	inF, err := read(f.forward)
	if err != nil {
		return nil, err
	}
	inR, err := readReverse(f.reverse)
	if err != nil {
		return nil, err
	}
	if f.paired && inF.N != inR.N {
		return nil, usagef("%s: --paired needs as many forward as reverse samples, got %d and %d", method, inF.N, inR.N)
	}
	o.input("forward", inF)
	o.input("reverse", inR)
	if method == "bar" {
		o.title = "Bennett acceptance ratio"
		r := freeenergy.BAR(inF.x, inR.x, T)
		if f.bootstrap > 0 {
			r = freeenergy.BootstrapBAR(&src, inF.x, inR.x, T, f.bootstrap, f.paired)
			o.notes = append(o.notes, [2]string{"error", fmt.Sprintf("bootstrap, %d replicates, seed %d%s", f.bootstrap, f.seed, pairedNote(f.paired))})
		}
		o01, o10 := freeenergy.BAROverlap(inF.x, inR.x, T, r.Value)
		o.metrics = append(o.metrics, metric{"bar.delta_f", "delta_f", r},
			metric{"bar.overlap", "overlap", estimate.Exact(o01+o10, inF.N+inR.N)})
		return o, nil
	}
	o.title = "Crooks crossing"
	reps := f.bootstrap
	if reps <= 0 {
		reps = 400
	}
	c := freeenergy.CrooksCrossing(&src, inF.x, inR.x, T, freeenergy.CrooksOptions{Replicates: reps, Paired: f.paired})
	used := 0
	for _, b := range c.Bins {
		if b.Used {
			used++
		}
	}
	o.metrics = append(o.metrics, metric{"crooks.delta_f", "delta_f", c.DeltaF},
		metric{"crooks.slope", "slope", c.Slope})
	o.notes = append(o.notes,
		[2]string{"error", fmt.Sprintf("bootstrap, %d replicates, seed %d%s", reps, f.seed, pairedNote(f.paired))},
		[2]string{"fit", fmt.Sprintf("%d of %d bins over the overlap region; slope should be 1/T = %.6g", used, len(c.Bins), 1/T)})
	return o, nil
}

func pairedNote(p bool) string {
	if p {
		return ", paired"
	}
	return ""
}

func (o *estimateOutput) warnings() []string {
	var ws []string
	for _, m := range o.metrics {
		ws = append(ws, m.r.Warnings...)
	}
	return ws
}

func (o *estimateOutput) print(w io.Writer) {
	row := func(k, v string) { fmt.Fprintf(w, "%-20s %s\n", k, v) }
	row("method", o.method+" ("+o.title+")")
	if o.useT {
		row("temperature", strconv.FormatFloat(o.temperature, 'g', -1, 64))
	}
	for _, in := range o.inputs {
		row(in.role, fmt.Sprintf("%s (%d samples)", in.f.Path, in.f.N))
	}
	for _, m := range o.metrics {
		row(m.label, formatResult(m.r))
	}
	for _, n := range o.notes {
		row(n[0], n[1])
	}
	for _, s := range o.warnings() {
		fmt.Fprintf(w, "warning: %s\n", s)
	}
}

func formatResult(r estimate.Result) string {
	if !r.HasError() {
		return fmt.Sprintf("%.6g", r.Value)
	}
	return fmt.Sprintf("%.6g ± %.3g   95%% CI [%.6g, %.6g]", r.Value, r.StdErr, r.CI95[0], r.CI95[1])
}

// jsonMetric is a metric in the form of spec/metrics.md: stderr and ci95
// are omitted where no honest estimate exists (JSON has no NaN).
type jsonMetric struct {
	Value    *float64    `json:"value"`
	StdErr   *float64    `json:"stderr,omitempty"`
	CI95     *[2]float64 `json:"ci95,omitempty"`
	N        int         `json:"n"`
	Warnings []string    `json:"warnings,omitempty"`
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func toJSONMetric(r estimate.Result) jsonMetric {
	m := jsonMetric{N: r.N, Warnings: r.Warnings}
	if finite(r.Value) {
		v := r.Value
		m.Value = &v
	}
	if r.HasError() {
		se := r.StdErr
		m.StdErr = &se
		if finite(r.CI95[0]) && finite(r.CI95[1]) {
			ci := r.CI95
			m.CI95 = &ci
		}
	}
	return m
}

func (o *estimateOutput) jsonValue() any {
	type out struct {
		Method      string                `json:"method"`
		Temperature *float64              `json:"temperature,omitempty"`
		Inputs      map[string]sampleFile `json:"inputs"`
		Metrics     map[string]jsonMetric `json:"metrics"`
		Warnings    []string              `json:"warnings,omitempty"`
	}
	v := out{Method: o.method, Inputs: map[string]sampleFile{}, Metrics: map[string]jsonMetric{}, Warnings: o.warnings()}
	if o.useT {
		t := o.temperature
		v.Temperature = &t
	}
	for _, in := range o.inputs {
		v.Inputs[in.role] = in.f
	}
	for _, m := range o.metrics {
		v.Metrics[m.name] = toJSONMetric(m.r)
	}
	return v
}

// readSamples reads the samples of path: one number per line, or the CSV
// column named column (header row). Errors name the file and line.
func readSamples(path, column string) ([]float64, error) {
	fh, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, usagef("%s: cannot read: %v", path, pe.Err)
		}
		return nil, usagef("%v", err)
	}
	defer fh.Close()
	var xs []float64
	if column == "" {
		xs, err = readLines(path, fh)
	} else {
		xs, err = readColumn(path, fh, column)
	}
	if err != nil {
		return nil, err
	}
	switch len(xs) {
	case 0:
		return nil, usagef("%s: no samples", path)
	case 1:
		return nil, usagef("%s: only 1 sample; at least 2 are needed", path)
	}
	return xs, nil
}

func parseSample(path string, line int, s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return 0, usagef("%s:%d: %q is out of the float64 range", path, line, s)
		}
		return 0, usagef("%s:%d: %q is not a number", path, line, s)
	}
	if !finite(v) {
		return 0, usagef("%s:%d: non-finite value %q", path, line, s)
	}
	return v, nil
}

func readLines(path string, r io.Reader) ([]float64, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var xs []float64
	first := true
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || s[0] == '#' {
			continue
		}
		if first {
			first = false
			// a one-column CSV's header (thermosim's own samples/*.csv):
			// a single name that is not a number
			if _, err := strconv.ParseFloat(s, 64); err != nil && isName(s) {
				continue
			}
		}
		if strings.ContainsAny(s, ",;\t ") {
			return nil, usagef("%s:%d: %q: expected one number per line (for a CSV file give --column NAME)", path, line, s)
		}
		v, err := parseSample(path, line, s)
		if err != nil {
			return nil, err
		}
		xs = append(xs, v)
	}
	if err := sc.Err(); err != nil {
		return nil, usagef("%s: %v", path, err)
	}
	return xs, nil
}

// isName reports whether s looks like a column name: a letter or underscore
// first, then letters, digits, '_', '.' or '-' (so "nan" and "inf", which
// ParseFloat accepts, are never taken for a header).
func isName(s string) bool {
	for i, c := range s {
		letter := c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if i == 0 && !letter {
			return false
		}
		if !letter && !(c >= '0' && c <= '9') && c != '.' && c != '-' {
			return false
		}
	}
	return s != ""
}

func readColumn(path string, r io.Reader, column string) ([]float64, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, usagef("%s: no header row (--column %s)", path, column)
	}
	if err != nil {
		return nil, usagef("%s: %v", path, err)
	}
	hline, _ := cr.FieldPos(0)
	col := -1
	for i, h := range header {
		if strings.TrimSpace(h) == column {
			col = i
			break
		}
	}
	if col < 0 {
		return nil, usagef("%s:%d: no column %q in the header (columns: %s)", path, hline, column, strings.Join(header, ", "))
	}
	var xs []float64
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, usagef("%s: %v", path, err)
		}
		line, _ := cr.FieldPos(0)
		if col >= len(rec) {
			return nil, usagef("%s:%d: %d fields, no column %q (field %d)", path, line, len(rec), column, col+1)
		}
		s := strings.TrimSpace(rec[col])
		if s == "" {
			return nil, usagef("%s:%d: empty value in column %q", path, line, column)
		}
		v, err := parseSample(path, line, s)
		if err != nil {
			return nil, err
		}
		xs = append(xs, v)
	}
	return xs, nil
}
