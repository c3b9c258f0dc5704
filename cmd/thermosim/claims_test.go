package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// thermosim claims --only writes claims.md, claims.json, the series and the
// plots of the selected statements into OUT/claims/<run id>/.
func TestClaimsCommand(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"claims", "--out", out, "--only", "6.2,9.2", "--json", "--quiet"}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	for _, want := range []string{"6.2  HOLDS UNDER CONDITIONS", "9.2  FAILS", "2 statements: 0 hold, 1 hold under conditions, 1 fail"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	var doc claimsDoc
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatalf("stdout is not JSON: %v", err)
	}
	if doc.Status != "complete" || len(doc.Claims) != 2 || doc.Claims[0].ID != "6.2" {
		t.Errorf("doc: status %q, %d claims", doc.Status, len(doc.Claims))
	}
	dirs, _ := filepath.Glob(filepath.Join(out, "claims", "*"))
	if len(dirs) != 1 {
		t.Fatalf("results folders: %v", dirs)
	}
	for _, f := range []string{"claims.md", "claims.json", "series/6.2-1.csv", "series/9.2-1.csv", "plots/6.2.svg", "plots/9.2.png"} {
		if _, err := os.Stat(filepath.Join(dirs[0], f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
}

func TestClaimsCommandUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"claims", "--only", "4.7"}, &stdout, &stderr); code != exitUsage {
		t.Errorf("unknown id: exit %d, want %d", code, exitUsage)
	}
	if !strings.Contains(stderr.String(), `unknown statement "4.7"`) {
		t.Errorf("stderr: %s", stderr.String())
	}
	stderr.Reset()
	if code := run(context.Background(), []string{"claims", "--seed", "x"}, &stdout, &stderr); code != exitUsage {
		t.Errorf("bad seed: exit %d, want %d", code, exitUsage)
	}
}

// A cancelled context stops before the first statement and reports 130.
func TestClaimsCommandInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"claims", "--out", t.TempDir(), "--quiet"}, &stdout, &stderr); code != exitInterrupted {
		t.Errorf("exit %d, want %d\n%s", code, exitInterrupted, stderr.String())
	}
}
