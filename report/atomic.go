package report

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// AtomicFile is a file being written under a temporary name that appears
// under its final name only when Commit succeeds. It is an io.Writer; use it
// for files too large to build in memory (per-trajectory samples). An
// AtomicFile is not safe for concurrent use.
//
// The usual pattern is
//
//	f, err := report.CreateAtomic(path)
//	if err != nil {
//		return err
//	}
//	defer f.Abort() // no-op after a successful Commit
//	... write to f ...
//	return f.Commit()
type AtomicFile struct {
	f    *os.File
	path string
	done bool
}

// CreateAtomic starts writing the file path. It creates the parent folder
// (and its parents) if needed, and a temporary file beside path. Nothing
// appears under path until Commit.
func CreateAtomic(path string) (*AtomicFile, error) {
	if path == "" {
		return nil, errors.New("report: empty file name")
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: creating folder for %s: %w", path, err)
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("report: creating %s: %w", path, err)
	}
	return &AtomicFile{f: f, path: path}, nil
}

// Name returns the final name of the file.
func (a *AtomicFile) Name() string { return a.path }

// Write writes p to the temporary file.
func (a *AtomicFile) Write(p []byte) (int, error) {
	if a.done {
		return 0, fmt.Errorf("report: write to %s after Commit or Abort", a.path)
	}
	n, err := a.f.Write(p)
	if err != nil {
		err = fmt.Errorf("report: writing %s: %w", a.path, err)
	}
	return n, err
}

// Commit flushes the file to stable storage and renames it onto its final
// name, replacing any file there. If Commit fails, the temporary file is
// removed and nothing is left under the final name that was not there
// before. Calling Commit after Commit or Abort returns an error.
func (a *AtomicFile) Commit() error {
	if a.done {
		return fmt.Errorf("report: %s already committed or aborted", a.path)
	}
	a.done = true
	tmp := a.f.Name()
	fail := func(step string, err error) error {
		a.f.Close()
		os.Remove(tmp)
		return fmt.Errorf("report: %s %s: %w", step, a.path, err)
	}
	// CreateTemp makes the file 0600; results are ordinary readable files.
	if err := a.f.Chmod(0o644); err != nil {
		return fail("setting mode of", err)
	}
	if err := a.f.Sync(); err != nil {
		return fail("syncing", err)
	}
	if err := a.f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("report: closing %s: %w", a.path, err)
	}
	if err := os.Rename(tmp, a.path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("report: renaming %s: %w", a.path, err)
	}
	syncDir(filepath.Dir(a.path))
	return nil
}

// Abort discards the file. It is a no-op after Commit or Abort, so it can be
// deferred.
func (a *AtomicFile) Abort() error {
	if a.done {
		return nil
	}
	a.done = true
	cerr := a.f.Close()
	rerr := os.Remove(a.f.Name())
	if rerr != nil {
		return fmt.Errorf("report: removing temporary file of %s: %w", a.path, rerr)
	}
	_ = cerr // the file is gone; a close error carries no information
	return nil
}

// WriteFileAtomic writes data to path atomically: to a temporary file in the
// same folder, synced, then renamed onto path. The parent folder is created
// if needed. A reader never sees a partly written path.
func WriteFileAtomic(path string, data []byte) error {
	f, err := CreateAtomic(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// syncDir makes a rename in dir durable. Some systems cannot sync folders;
// the rename has happened either way, so errors are ignored.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
