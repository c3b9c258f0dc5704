package report

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// leftovers returns the temporary files left in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a", "b", "summary.json") // parents are created
	if err := WriteFileAtomic(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, []byte("second")); err != nil { // replaces
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "second" {
		t.Fatalf("read %q, %v; want %q", got, err, "second")
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o044 != 0o044 {
		t.Errorf("mode %v: results must be readable by group and others", fi.Mode())
	}
	if l := leftovers(t, filepath.Dir(path)); len(l) != 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

func TestAtomicFileNotVisibleBeforeCommit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "samples", "work.csv")
	f, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, "W")
	fmt.Fprintln(f, "1.5")
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("final name exists before Commit (err %v)", err)
	}
	if l := leftovers(t, filepath.Dir(path)); len(l) != 1 {
		t.Fatalf("want one temporary file while writing, got %v", l)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "W\n1.5\n" {
		t.Errorf("got %q", got)
	}
	if err := f.Commit(); err == nil {
		t.Error("second Commit: want an error")
	}
	if _, err := f.Write([]byte("x")); err == nil {
		t.Error("Write after Commit: want an error")
	}
	if err := f.Abort(); err != nil {
		t.Errorf("Abort after Commit must be a no-op, got %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "W\n1.5\n" {
		t.Errorf("Abort after Commit changed the file: %q", got)
	}
}

func TestAtomicFileAbort(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "metrics.csv")
	if err := WriteFileAtomic(path, []byte("old")); err != nil {
		t.Fatal(err)
	}
	f, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("half a fi"))
	if err := f.Abort(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("Abort changed the existing file: %q", got)
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("temporary files left: %v", l)
	}
	if err := f.Commit(); err == nil {
		t.Error("Commit after Abort: want an error")
	}
}

func TestAtomicCommitFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	// The final name is a non-empty folder: rename must fail, and neither the
	// folder nor a temporary file may be left changed.
	path := filepath.Join(dir, "plots")
	if err := os.MkdirAll(filepath.Join(path, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := WriteFileAtomic(path, []byte("data"))
	if err == nil {
		t.Fatal("want an error writing onto a folder")
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the file", err)
	}
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		t.Errorf("the folder was replaced: %v %v", fi, err)
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("temporary files left: %v", l)
	}
	if err := WriteFileAtomic("", nil); err == nil {
		t.Error("empty name: want an error")
	}
}

func TestRunID(t *testing.T) {
	// SHA-256("abc") = ba7816bf 8f01cfea ... (FIPS 180-2, appendix B.1).
	now := time.Date(2025, 3, 1, 15, 15, 2, 999, time.FixedZone("CET", 3600))
	if got, want := RunID([]byte("abc"), now), "20250301T141502Z-ba7816bf"; got != want {
		t.Errorf("RunID = %q, want %q", got, want)
	}
}

func TestNewRunDirNeverOverwrites(t *testing.T) {
	out := t.TempDir()
	now := time.Date(2025, 3, 1, 14, 15, 2, 0, time.UTC)
	resolved := []byte("abc")
	want := []string{"20250301T141502Z-ba7816bf", "20250301T141502Z-ba7816bf-2", "20250301T141502Z-ba7816bf-3"}
	for i, w := range want {
		dir, id, err := NewRunDir(out, "dragged-trap", resolved, now)
		if err != nil {
			t.Fatal(err)
		}
		if id != w || dir != filepath.Join(out, "dragged-trap", w) {
			t.Errorf("run %d: got %s %s, want id %s", i+1, dir, id, w)
		}
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			t.Errorf("run %d: %s is not a folder: %v", i+1, dir, err)
		}
		// Write into it, so a reuse would be visible.
		if err := WriteFileAtomic(filepath.Join(dir, SummaryFile), []byte(id)); err != nil {
			t.Fatal(err)
		}
	}
	// A file (not a folder) under the next name is skipped too.
	if err := os.WriteFile(filepath.Join(out, "dragged-trap", want[0]+"-4"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, id, err := NewRunDir(out, "dragged-trap", resolved, now)
	if err != nil || id != want[0]+"-5" {
		t.Errorf("got %q, %v; want %q", id, err, want[0]+"-5")
	}
	for _, w := range want {
		got, _ := os.ReadFile(filepath.Join(out, "dragged-trap", w, SummaryFile))
		if string(got) != w {
			t.Errorf("%s/summary.json = %q: overwritten", w, got)
		}
	}
	// samples/ and plots/ are created lazily.
	if _, err := os.Stat(filepath.Join(out, "dragged-trap", want[0], PlotsDir)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("plots/ created eagerly (%v)", err)
	}
	// A different scenario text gives a different hash.
	_, id, err = NewRunDir(out, "dragged-trap", []byte("abd"), now)
	if err != nil || strings.HasPrefix(id, want[0]) {
		t.Errorf("got %q, %v: hash does not depend on the scenario", id, err)
	}
}

func TestNewRunDirConcurrent(t *testing.T) {
	out := t.TempDir()
	now := time.Date(2025, 3, 1, 14, 15, 2, 0, time.UTC)
	const n = 16
	ids := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { _, ids[i], errs[i] = NewRunDir(out, "s", []byte("abc"), now) })
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if seen[ids[i]] {
			t.Errorf("id %s handed out twice", ids[i])
		}
		seen[ids[i]] = true
	}
}

func TestNewRunDirBadName(t *testing.T) {
	out := t.TempDir()
	for _, name := range []string{"", ".", "..", "a/b", `a\b`, "../x", "a\x00b"} {
		if _, _, err := NewRunDir(out, name, nil, time.Now()); err == nil {
			t.Errorf("name %q: want an error", name)
		}
	}
	// out is a file: an error, not a panic.
	file := filepath.Join(out, "f")
	os.WriteFile(file, nil, 0o644)
	if _, _, err := NewRunDir(file, "s", nil, time.Now()); err == nil {
		t.Error("out is a file: want an error")
	}
}

func TestFormatFloat(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{0.1, "0.1"}, {1.0 / 3, "0.3333333333333333"}, {-2, "-2"}, {1e21, "1e+21"},
		{5e-324, "5e-324"}, {math.MaxFloat64, "1.7976931348623157e+308"},
		{math.Copysign(0, -1), "-0"}, {math.NaN(), "NaN"}, {math.Inf(1), "inf"}, {math.Inf(-1), "-inf"},
	} {
		if got := FormatFloat(c.v); got != c.want {
			t.Errorf("FormatFloat(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestColumnsRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "samples", "work.csv")
	w := []float64{0.1, 1.0 / 3, -2.5e-300, 5e-324, math.MaxFloat64, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1)}
	q := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}
	if err := WriteColumns(path, []string{"work", "heat"}, w, q); err != nil {
		t.Fatal(err)
	}
	header, cols, err := ReadColumns(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(header, ",") != "work,heat" || len(cols) != 2 {
		t.Fatalf("header %v, %d columns", header, len(cols))
	}
	for i := range w {
		if math.Float64bits(cols[0][i]) != math.Float64bits(w[i]) && !(math.IsNaN(w[i]) && math.IsNaN(cols[0][i])) {
			t.Errorf("row %d: read %v (%x), wrote %v (%x)", i, cols[0][i], math.Float64bits(cols[0][i]), w[i], math.Float64bits(w[i]))
		}
		if cols[1][i] != q[i] {
			t.Errorf("row %d: heat %v, want %v", i, cols[1][i], q[i])
		}
	}
	raw, _ := os.ReadFile(path)
	if want := "work,heat\n0.1,1\n0.3333333333333333,2\n-2.5e-300,3\n5e-324,4\n1.7976931348623157e+308,5\n-0,6\nNaN,7\ninf,8\n-inf,9\n"; string(raw) != want {
		t.Errorf("file:\n%s\nwant:\n%s", raw, want)
	}
	if err := WriteColumns(path, []string{"a", "b"}, []float64{1}, []float64{1, 2}); err == nil {
		t.Error("ragged columns: want an error")
	}
	if err := WriteColumns(path, []string{"a"}, []float64{1}, []float64{1}); err == nil {
		t.Error("more columns than names: want an error")
	}
}

func TestCSVRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "metrics.csv")
	header := []string{"point", "note", "work.mean"}
	rows := [][]string{{"0", `a "quoted", comma`, "1.5"}, {"1", "line\nbreak", "NaN"}}
	if err := WriteCSV(path, header, rows); err != nil {
		t.Fatal(err)
	}
	h, r, err := ReadCSV(path)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(h) != fmt.Sprint(header) || fmt.Sprintf("%q", r) != fmt.Sprintf("%q", rows) {
		t.Errorf("read %q %q", h, r)
	}
	if err := WriteCSV(path, header, [][]string{{"1", "2"}}); err == nil {
		t.Error("short row: want an error")
	}
	if err := WriteCSV(path, nil, nil); err == nil {
		t.Error("no header: want an error")
	}
	// The failed writes left the good file in place.
	if _, r2, _ := ReadCSV(path); len(r2) != 2 {
		t.Errorf("good file damaged: %q", r2)
	}
}

func TestReadColumnsErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	// Empty cells (pandas' NaN) and other spellings read as NaN.
	_, cols, err := ReadColumns(write("ok.csv", "a,b\n1,\nnan,Inf\n,NA\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cols[0][0] != 1 || !math.IsNaN(cols[1][0]) || !math.IsNaN(cols[0][1]) || !math.IsInf(cols[1][1], 1) || !math.IsNaN(cols[0][2]) || !math.IsNaN(cols[1][2]) {
		t.Errorf("got %v", cols)
	}
	_, _, err = ReadColumns(write("bad.csv", "w,q\n1,2\n3,x7\n"))
	if err == nil || !strings.Contains(err.Error(), "bad.csv:3:3") || !strings.Contains(err.Error(), `"q"`) {
		t.Errorf("got %v, want file:3:3 and the column name", err)
	}
	_, _, err = ReadColumns(write("ragged.csv", "w,q\n1,2\n3\n"))
	if err == nil || !strings.Contains(err.Error(), "ragged.csv") {
		t.Errorf("ragged: got %v", err)
	}
	if _, _, err = ReadColumns(write("empty.csv", "")); err == nil {
		t.Error("empty file: want an error")
	}
	if _, _, err = ReadColumns(filepath.Join(dir, "missing.csv")); err == nil {
		t.Error("missing file: want an error")
	}
}

func TestWriteJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), SummaryFile)
	if err := WriteJSON(path, map[string]any{"status": "complete", "seed": 1}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if want := "{\n  \"seed\": 1,\n  \"status\": \"complete\"\n}\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if err := WriteJSON(path, math.NaN()); err == nil {
		t.Error("NaN: want an error")
	}
}

func TestTableRender(t *testing.T) {
	tab := Table{
		Header: []string{"scenario", "point", "metric", "measured", "bound", "result"},
		Rows: [][]string{
			{"dragged-trap", "0", "ift.mean", "0.998 ± 0.004", "|x-1| < 5 se", "pass"},
			{"double-well", "12", "balance.p_value", "0.0001", "> 0.001", "FAIL"},
			{"short"},
		},
	}
	var b bytes.Buffer
	if err := tab.Render(&b); err != nil {
		t.Fatal(err)
	}
	want := `scenario      point  metric           measured       bound         result
------------  -----  ---------------  -------------  ------------  ------
dragged-trap      0  ift.mean         0.998 ± 0.004  |x-1| < 5 se  pass
double-well      12  balance.p_value  0.0001         > 0.001       FAIL
short
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	(&Table{}).Render(&b)
	if b.Len() != 0 {
		t.Errorf("empty table wrote %q", b.String())
	}
}

func TestDescribe(t *testing.T) {
	x := []float64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5, math.NaN(), math.Inf(1)}
	s := Describe(x)
	// Definition 7 of Hyndman & Fan (1996): Q(p) = x_(k) + f (x_(k+1) - x_(k))
	// with k + f = 1 + p (n - 1); for 1..10, Q(p) = 1 + 9p.
	// Sample standard deviation of 1..10: sqrt(n (n+1) / 12) = sqrt(55/6).
	want := Summary{N: 10, Dropped: 2, Mean: 5.5, Std: math.Sqrt(55.0 / 6), Min: 1, P05: 1.45, P25: 3.25, Median: 5.5, P75: 7.75, P95: 9.55, Max: 10}
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }
	if s.N != want.N || s.Dropped != want.Dropped || !close(s.Mean, want.Mean) || !close(s.Std, want.Std) ||
		!close(s.Min, want.Min) || !close(s.P05, want.P05) || !close(s.P25, want.P25) || !close(s.Median, want.Median) ||
		!close(s.P75, want.P75) || !close(s.P95, want.P95) || !close(s.Max, want.Max) {
		t.Errorf("Describe = %+v\nwant       %+v", s, want)
	}
	if x[0] != 10 || x[1] != 1 {
		t.Error("Describe modified its input")
	}
	e := Describe([]float64{math.NaN()})
	if e.N != 0 || e.Dropped != 1 || !math.IsNaN(e.Mean) || !math.IsNaN(e.Median) {
		t.Errorf("no finite values: %+v", e)
	}
	one := Describe([]float64{3})
	if one.Median != 3 || one.P05 != 3 || !math.IsNaN(one.Std) {
		t.Errorf("one value: %+v", one)
	}
}
