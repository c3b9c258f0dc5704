package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// File is a loaded scenario file or suite file: exactly one of Scenario and
// Suite is set.
type File struct {
	Path     string
	Scenario *Scenario
	Suite    *Suite
}

// Suite is a named list of scenario files, suite files and folders, loaded.
type Suite struct {
	Name        string
	Description string
	Files       []*File // the entries in the suite's order
}

// Scenarios returns the scenarios of f in order: f's own, or its suite's
// entries' (recursively), each file once.
func (f *File) Scenarios() []*Scenario {
	var out []*Scenario
	seen := map[string]bool{}
	f.collect(&out, seen)
	return out
}

func (f *File) collect(out *[]*Scenario, seen map[string]bool) {
	switch {
	case f.Scenario != nil:
		if !seen[f.Path] {
			seen[f.Path] = true
			*out = append(*out, f.Scenario)
		}
	case f.Suite != nil:
		for _, e := range f.Suite.Files {
			e.collect(out, seen)
		}
	}
}

var suiteKeys = []string{"suite", "description", "scenarios"}

// Load reads a scenario file or a suite file. A suite's entries (paths
// relative to the suite file: scenario files, suites, folders) are loaded
// too; a suite that includes itself, directly or not, is an error. The
// error is an ErrorList.
func Load(path string) (*File, error) {
	l := &loader{}
	f := l.load(path, nil)
	if err := l.errs.err(); err != nil {
		return nil, err
	}
	return f, nil
}

// LoadAll loads scenario files, suite files and folders (every *.yaml and
// *.yml file in a folder, sorted by name, not recursive) and returns their
// scenarios in order, each file once. It reports the errors of every file.
func LoadAll(paths []string) ([]*Scenario, error) {
	l := &loader{}
	root := &File{Suite: &Suite{}}
	for _, p := range paths {
		if f := l.entry(p, nil); f != nil {
			root.Suite.Files = append(root.Suite.Files, f)
		}
	}
	if err := l.errs.err(); err != nil {
		return nil, err
	}
	return root.Scenarios(), nil
}

//go:embed builtin
var builtin embed.FS

// BuiltinFS returns the built-in scenario files (embedded in the binary),
// rooted at the builtin folder: verify.yaml is the verification suite.
func BuiltinFS() fs.FS {
	sub, err := fs.Sub(builtin, "builtin")
	if err != nil {
		panic(err) // the embedded folder exists
	}
	return sub
}

// Builtin loads the built-in verification suite (builtin/verify.yaml) and
// returns its scenarios. Their File names start with "builtin/".
func Builtin() ([]*Scenario, error) {
	l := &loader{fsys: builtin}
	f := l.load("builtin/verify.yaml", nil)
	if err := l.errs.err(); err != nil {
		return nil, err
	}
	return f.Scenarios(), nil
}

// loader loads files from the OS (fsys nil) or from an fs.FS.
type loader struct {
	fsys  fs.FS
	errs  ErrorList
	stack []string // canonical paths of the suites being loaded
}

func (l *loader) canonical(p string) string {
	if l.fsys != nil {
		return path.Clean(p)
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

func (l *loader) join(dir, rel string) string {
	if l.fsys != nil {
		return path.Join(dir, rel)
	}
	if filepath.IsAbs(rel) {
		return rel
	}
	return filepath.Join(dir, rel)
}

func (l *loader) dir(p string) string {
	if l.fsys != nil {
		return path.Dir(p)
	}
	return filepath.Dir(p)
}

func (l *loader) read(p string) ([]byte, error) {
	if l.fsys != nil {
		return fs.ReadFile(l.fsys, p)
	}
	return os.ReadFile(p)
}

func (l *loader) stat(p string) (fs.FileInfo, error) {
	if l.fsys != nil {
		return fs.Stat(l.fsys, p)
	}
	return os.Stat(p)
}

func (l *loader) readDir(p string) ([]string, error) {
	var ents []fs.DirEntry
	var err error
	if l.fsys != nil {
		ents, err = fs.ReadDir(l.fsys, p)
	} else {
		ents, err = os.ReadDir(p)
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		n := e.Name()
		if !e.IsDir() && (strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml")) {
			out = append(out, l.join(p, n))
		}
	}
	sort.Strings(out)
	return out, nil
}

func (l *loader) dataPath(file string) func(string) string {
	if l.fsys != nil {
		return func(p string) string {
			if path.IsAbs(p) {
				return p
			}
			return path.Join(path.Dir(file), p)
		}
	}
	return osDataPath(file)
}

// fail records an error about a whole file, or about the entry at node
// (key) of a suite file when node is not nil.
func (l *loader) fail(file string, node *yaml.Node, key, format string, args ...any) {
	e := &Error{File: file, Key: key, Msg: fmt.Sprintf(format, args...)}
	if node != nil {
		e.Line, e.Col = node.Line, node.Column
	}
	l.errs = append(l.errs, e)
}

// entry loads a file or a folder named by a command line or a suite.
func (l *loader) entry(p string, at *entryPos) *File {
	info, err := l.stat(p)
	if err != nil {
		l.failAt(p, at, "cannot read %s: %v", p, unwrapPath(err))
		return nil
	}
	if !info.IsDir() {
		return l.load(p, at)
	}
	files, err := l.readDir(p)
	if err != nil {
		l.failAt(p, at, "cannot read folder %s: %v", p, unwrapPath(err))
		return nil
	}
	if len(files) == 0 {
		l.failAt(p, at, "folder %s holds no .yaml or .yml files", p)
		return nil
	}
	f := &File{Path: p, Suite: &Suite{}}
	for _, fp := range files {
		if e := l.load(fp, at); e != nil {
			f.Suite.Files = append(f.Suite.Files, e)
		}
	}
	return f
}

// entryPos is where a suite names an entry.
type entryPos struct {
	file string
	node *yaml.Node
	key  string
}

func (l *loader) failAt(p string, at *entryPos, format string, args ...any) {
	if at != nil {
		l.fail(at.file, at.node, at.key, format, args...)
		return
	}
	l.fail(p, nil, "", format, args...)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// load reads one file: a scenario or a suite.
func (l *loader) load(p string, at *entryPos) *File {
	canon := l.canonical(p)
	for i, s := range l.stack {
		if s == canon {
			cycle := append(append([]string(nil), l.stack[i:]...), canon)
			l.failAt(p, at, "suites include each other in a cycle: %s", strings.Join(cycle, " -> "))
			return nil
		}
	}
	data, err := l.read(p)
	if err != nil {
		l.failAt(p, at, "cannot read %s: %v", p, unwrapPath(err))
		return nil
	}
	root, errs := parse(p, data)
	if errs != nil {
		l.errs = append(l.errs, errs...)
		return nil
	}
	if _, v := mapGet(root, "suite"); v == nil {
		s, err := decodeRoot(p, root, l.dataPath(p))
		if err != nil {
			var el ErrorList
			if errors.As(err, &el) {
				l.errs = append(l.errs, el...)
			} else {
				l.fail(p, nil, "", "%v", err)
			}
			return nil
		}
		return &File{Path: p, Scenario: s}
	}
	return l.suite(p, canon, root)
}

// suite decodes a suite file and loads its entries.
func (l *loader) suite(p, canon string, root *yaml.Node) *File {
	d := &decoder{file: p}
	f := d.mapping(root, "", suiteKeys, "key of a suite")
	su := &Suite{}
	if v := f.get("suite"); v != nil {
		if name, ok := d.str(v, "suite"); ok {
			if !nameRE.MatchString(name) {
				d.errorf(d.deref(v), "suite", "must match [a-z0-9-]+, got %q", name)
			}
			su.Name = name
		}
	}
	if v := f.get("description"); v != nil {
		su.Description, _ = d.str(v, "description")
	}
	var entries []*yaml.Node
	if v := f.get("scenarios"); v != nil {
		if items, ok := d.sequence(v, "scenarios", "a list of paths (relative to the suite file)"); ok {
			if len(items) == 0 {
				d.errorf(d.deref(v), "scenarios", "expected at least one path")
			}
			for i, it := range items {
				if _, ok := d.str(it, index("scenarios", i)); ok {
					entries = append(entries, d.deref(it))
				}
			}
		}
	} else {
		d.errorf(f.node, "scenarios", "missing required key (a list of paths relative to the suite file)")
	}
	l.errs = append(l.errs, d.errs...)
	if len(d.errs) > 0 {
		return nil
	}
	l.stack = append(l.stack, canon)
	defer func() { l.stack = l.stack[:len(l.stack)-1] }()
	out := &File{Path: p, Suite: su}
	for i, e := range entries {
		at := &entryPos{file: p, node: e, key: index("scenarios", i)}
		if ef := l.entry(l.join(l.dir(p), e.Value), at); ef != nil {
			out.Suite.Files = append(out.Suite.Files, ef)
		}
	}
	return out
}
