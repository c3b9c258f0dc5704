package main

import (
	"os"
	"path/filepath"
	"testing"
)

// thermosim's own samples/*.csv have a one-name header; estimate reads
// them without --column, while "nan" on the first line stays an error.
func TestEstimateReadsOwnSamples(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "work_forward.csv")
	if err := os.WriteFile(p, []byte("work_forward\n0.5\n1.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	xs, err := readSamples(p, "")
	if err != nil || len(xs) != 2 || xs[0] != 0.5 || xs[1] != 1.5 {
		t.Fatalf("got %v, %v", xs, err)
	}
	q := filepath.Join(dir, "nan.txt")
	os.WriteFile(q, []byte("nan\n1\n2\n"), 0o644)
	if _, err := readSamples(q, ""); err == nil {
		t.Fatal("a NaN first sample was accepted as a header")
	}
}
