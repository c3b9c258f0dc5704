package report

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Names of the files and folders of a results folder (spec/cli.md).
const (
	ScenarioFile   = "scenario.yaml"  // the resolved scenario
	SummaryFile    = "summary.json"   // status, seed, version, timing, metrics per sweep point
	MetricsFile    = "metrics.csv"    // one row per sweep point
	TimeseriesFile = "timeseries.csv" // one row per recorded time and sweep point
	SamplesDir     = "samples"        // per-trajectory samples, one CSV per quantity
	PlotsDir       = "plots"          // figures, each as .svg and .png
)

// RunIDLayout is the time layout of the first part of a run id.
const RunIDLayout = "20060102T150405Z"

// maxRunSuffix bounds the -2, -3, ... suffixes NewRunDir tries.
const maxRunSuffix = 10000

// RunID returns the id of a run of the resolved scenario started at now:
// the UTC time formatted with RunIDLayout, a dash, and the first 8 hex
// digits of the SHA-256 of resolvedScenario.
func RunID(resolvedScenario []byte, now time.Time) string {
	sum := sha256.Sum256(resolvedScenario)
	return now.UTC().Format(RunIDLayout) + "-" + hex.EncodeToString(sum[:4])
}

// NewRunDir creates the results folder out/<scenarioName>/<run id> of a run
// (see RunID) and returns its path and its id. It never reuses an existing
// folder: if the id is taken it tries id-2, id-3, ... and returns the first
// it could create. The folder is claimed by one mkdir, so two processes
// never get the same folder. samples/ and plots/ are not created here; the
// writers of this package create them when a file is written into them.
//
// scenarioName must be a single path element: not empty, not "." or "..",
// without a path separator.
func NewRunDir(out, scenarioName string, resolvedScenario []byte, now time.Time) (dir, id string, err error) {
	if err := checkName(scenarioName); err != nil {
		return "", "", err
	}
	parent := filepath.Join(out, scenarioName)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", "", fmt.Errorf("report: creating results folder: %w", err)
	}
	base := RunID(resolvedScenario, now)
	for i := 1; i <= maxRunSuffix; i++ {
		id = base
		if i > 1 {
			id = base + "-" + strconv.Itoa(i)
		}
		dir = filepath.Join(parent, id)
		err := os.Mkdir(dir, 0o755)
		if err == nil {
			syncDir(parent)
			return dir, id, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", "", fmt.Errorf("report: creating results folder: %w", err)
		}
	}
	return "", "", fmt.Errorf("report: %d results folders named %s* exist already in %s", maxRunSuffix, base, parent)
}

func checkName(name string) error {
	switch {
	case name == "":
		return errors.New("report: empty scenario name")
	case name == "." || name == "..":
		return fmt.Errorf("report: scenario name %q is not a folder name", name)
	case strings.ContainsAny(name, `/\`) || strings.ContainsRune(name, filepath.Separator):
		return fmt.Errorf("report: scenario name %q contains a path separator", name)
	case strings.ContainsRune(name, 0):
		return fmt.Errorf("report: scenario name %q contains a NUL byte", name)
	}
	return nil
}
