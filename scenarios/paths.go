package scenarios

import "path/filepath"

func isAbs(p string) bool              { return filepath.IsAbs(p) }
func joinPath(a, b string) string      { return filepath.Join(a, b) }
func dirOf(p string) string            { return filepath.Dir(p) }
func absPath(p string) (string, error) { return filepath.Abs(p) }
