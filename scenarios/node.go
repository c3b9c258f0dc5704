package scenarios

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxVisits bounds the number of nodes visited while decoding one document,
// so that a small file of nested aliases (a "billion laughs") is an error and
// not an exhausted machine.
const maxVisits = 1_000_000

// decoder walks a YAML node tree and collects every problem it finds.
type decoder struct {
	file   string
	errs   ErrorList
	visits int
	// dataPath makes a data file path absolute (relative to the scenario).
	dataPath func(string) string
	// buildModels says whether to build the model to check its parameters
	// (and learn its dimension).
	buildModels bool
	// stationary says that the model has a known steady state
	// (models.Stationary), which makes an exact density available.
	stationary bool
	// examples is the number of data rows of the built model (0 if unknown).
	examples int
	// cache holds the models built so far (nil: no cache).
	cache map[string]builtModel
	// built says that the model was built (its parameters are valid).
	built bool
}

func (d *decoder) errorf(n *yaml.Node, key, format string, args ...any) {
	e := &Error{File: d.file, Key: key, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

// deref follows aliases.
func (d *decoder) deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	d.visits++
	return n
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// describe says what a node is, for "expected X, got Y" messages.
func describe(n *yaml.Node) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	v := n.Value
	if len(v) > 40 {
		v = v[:37] + "..."
	}
	switch n.ShortTag() {
	case "!!null":
		return "null"
	case "!!bool":
		return "the boolean " + v
	case "!!int", "!!float":
		return "the number " + v
	case "!!str":
		return strconv.Quote(v)
	}
	return fmt.Sprintf("a %s value", n.ShortTag())
}

// fields is a decoded mapping: its entries by key, in file order.
type fields struct {
	node  *yaml.Node
	path  string
	keys  map[string]*yaml.Node
	vals  map[string]*yaml.Node
	order []string
}

func (f *fields) get(key string) *yaml.Node {
	if f == nil {
		return nil
	}
	return f.vals[key]
}

func (f *fields) has(key string) bool { return f != nil && f.vals[key] != nil }

// key returns the key node of an entry (for positions), or the mapping.
func (f *fields) key(key string) *yaml.Node {
	if k := f.keys[key]; k != nil {
		return k
	}
	return f.node
}

// mapping decodes n as a mapping whose keys are among allowed (nil allows
// any key). what names an unknown key in messages ("key", "parameter of
// model kind harmonic", ...). It returns nil (after reporting) if n is not a
// mapping; a null node is an empty mapping.
func (d *decoder) mapping(n *yaml.Node, path string, allowed []string, what string) *fields {
	at := n
	n = d.deref(n)
	f := &fields{node: n, path: path, keys: map[string]*yaml.Node{}, vals: map[string]*yaml.Node{}}
	if n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null") {
		return f
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(at, path, "expected a mapping, got %s", describe(n))
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := d.deref(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, path, "keys must be plain strings, got %s", describe(k))
			continue
		}
		name := k.Value
		p := join(path, name)
		if k.ShortTag() == "!!merge" {
			d.errorf(k, path, "merge keys (<<) are not supported; write the keys out")
			continue
		}
		if first, dup := f.keys[name]; dup {
			d.errorf(k, p, "duplicate key (first at line %d)", first.Line)
			continue
		}
		if allowed != nil && !contains(allowed, name) {
			msg := fmt.Sprintf("unknown %s; expected one of: %s", what, strings.Join(allowed, ", "))
			if s := suggest(name, allowed); s != "" {
				msg += "; did you mean " + s + "?"
			}
			d.errorf(k, p, "%s", msg)
			continue
		}
		f.keys[name] = k
		f.vals[name] = v
		f.order = append(f.order, name)
	}
	return f
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// suggest returns the allowed word closest to s in edit distance, if it is
// close (at most 2 edits, or a prefix).
func suggest(s string, allowed []string) string {
	best, bestD := "", 3
	for _, a := range allowed {
		if dist := editDistance(s, a); dist < bestD {
			best, bestD = a, dist
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// number decodes a finite number.
func (d *decoder) number(n *yaml.Node, path string) (float64, bool) {
	at := n
	n = d.deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") {
		d.errorf(at, path, "expected a number, got %s", describe(n))
		return 0, false
	}
	var x float64
	if err := n.Decode(&x); err != nil {
		d.errorf(at, path, "expected a number, got %s", describe(n))
		return 0, false
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		d.errorf(at, path, "expected a finite number, got %s", n.Value)
		return 0, false
	}
	return x, true
}

// maxInt is the largest integer a scenario may hold (2^53, exact in float64).
const maxInt = 1 << 53

// integer decodes an integer (a float with an integral value, like 1e5, is accepted).
func (d *decoder) integer(n *yaml.Node, path string) (int, bool) {
	at := n
	n = d.deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") {
		d.errorf(at, path, "expected an integer, got %s", describe(n))
		return 0, false
	}
	var x float64
	if err := n.Decode(&x); err != nil || x != math.Trunc(x) || math.Abs(x) > maxInt {
		d.errorf(at, path, "expected an integer (at most 2^53 in size), got %s", describe(n))
		return 0, false
	}
	return int(x), true
}

// uint decodes an unsigned 64-bit integer (a seed).
func (d *decoder) uint(n *yaml.Node, path string) (uint64, bool) {
	at := n
	n = d.deref(n)
	var x uint64
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&x) != nil {
		d.errorf(at, path, "expected an unsigned integer (0 to 2^64-1), got %s", describe(n))
		return 0, false
	}
	return x, true
}

func (d *decoder) str(n *yaml.Node, path string) (string, bool) {
	at := n
	n = d.deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		d.errorf(at, path, "expected a string, got %s", describe(n))
		return "", false
	}
	return n.Value, true
}

// enum decodes a string from a fixed set.
func (d *decoder) enum(n *yaml.Node, path string, set []string) (string, bool) {
	s, ok := d.str(n, path)
	if !ok {
		return "", false
	}
	if !contains(set, s) {
		msg := fmt.Sprintf("unknown value %q; expected one of: %s", s, strings.Join(set, ", "))
		if g := suggest(s, set); g != "" {
			msg += "; did you mean " + g + "?"
		}
		d.errorf(d.deref(n), path, "%s", msg)
		return "", false
	}
	return s, true
}

func (d *decoder) boolean(n *yaml.Node, path string) (bool, bool) {
	at := n
	n = d.deref(n)
	var b bool
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
		d.errorf(at, path, "expected true or false, got %s", describe(n))
		return false, false
	}
	return b, true
}

// sequence returns the items of a list.
func (d *decoder) sequence(n *yaml.Node, path string, what string) ([]*yaml.Node, bool) {
	at := n
	n = d.deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		d.errorf(at, path, "expected %s, got %s", what, describe(n))
		return nil, false
	}
	return n.Content, true
}

// numbers decodes a non-empty list of numbers.
func (d *decoder) numbers(n *yaml.Node, path string) ([]float64, bool) {
	items, ok := d.sequence(n, path, "a list of numbers")
	if !ok {
		return nil, false
	}
	if len(items) == 0 {
		d.errorf(d.deref(n), path, "expected a non-empty list of numbers")
		return nil, false
	}
	out := make([]float64, len(items))
	for i, it := range items {
		x, ok1 := d.number(it, index(path, i))
		ok = ok && ok1
		out[i] = x
	}
	return out, ok
}

// matrix decodes a list of lists of numbers.
func (d *decoder) matrix(n *yaml.Node, path string) ([][]float64, bool) {
	rows, ok := d.sequence(n, path, "a list of rows (lists of numbers)")
	if !ok {
		return nil, false
	}
	out := make([][]float64, len(rows))
	for i, r := range rows {
		row, ok1 := d.numbers(r, index(path, i))
		ok = ok && ok1
		out[i] = row
	}
	return out, ok
}

// value decodes any YAML value into plain Go values (sweep values).
func (d *decoder) value(n *yaml.Node, path string) (any, bool) {
	n = d.deref(n)
	var v any
	if err := n.Decode(&v); err != nil {
		d.errorf(n, path, "cannot decode value: %v", err)
		return nil, false
	}
	return normalize(v), true
}

// normalize turns integers into int and maps into map[string]any.
func normalize(v any) any {
	switch x := v.(type) {
	case int64:
		return int(x)
	case uint64:
		if x <= math.MaxInt64 {
			return int(x)
		}
	case []any:
		for i := range x {
			x[i] = normalize(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = normalize(x[k])
		}
	}
	return v
}

// cloneNode deep-copies a node tree (aliases are expanded).
func cloneNode(n *yaml.Node) *yaml.Node {
	return cloneDepth(n, 0)
}

func cloneDepth(n *yaml.Node, depth int) *yaml.Node {
	if n == nil || depth > 200 {
		return nil
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return cloneDepth(n.Alias, depth+1)
	}
	c := *n
	c.Anchor = ""
	c.Content = nil
	for _, ch := range n.Content {
		if cc := cloneDepth(ch, depth+1); cc != nil {
			c.Content = append(c.Content, cc)
		}
	}
	return &c
}

// copyPositions copies the line and column of each node of src to the node
// of dst at the same key path; nodes of dst with no counterpart take the
// position of their closest ancestor that has one.
func copyPositions(dst, src *yaml.Node) {
	copyPos(dst, src, 0, 0, 0)
}

func copyPos(dst, src *yaml.Node, line, col, depth int) {
	if dst == nil || depth > 200 {
		return
	}
	for i := 0; src != nil && src.Kind == yaml.AliasNode && i < 100; i++ {
		src = src.Alias
	}
	if src != nil {
		line, col = src.Line, src.Column
	}
	dst.Line, dst.Column = line, col
	switch {
	case src != nil && dst.Kind == yaml.MappingNode && src.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(dst.Content); i += 2 {
			var sk, sv *yaml.Node
			for j := 0; j+1 < len(src.Content); j += 2 {
				if src.Content[j].Value == dst.Content[i].Value {
					sk, sv = src.Content[j], src.Content[j+1]
					break
				}
			}
			if sk == nil {
				copyPos(dst.Content[i], nil, line, col, depth+1)
				copyPos(dst.Content[i+1], nil, line, col, depth+1)
				continue
			}
			copyPos(dst.Content[i], sk, line, col, depth+1)
			copyPos(dst.Content[i+1], sv, sk.Line, sk.Column, depth+1)
		}
	case src != nil && dst.Kind == yaml.SequenceNode && src.Kind == yaml.SequenceNode:
		for i, ch := range dst.Content {
			var s *yaml.Node
			if i < len(src.Content) {
				s = src.Content[i]
			}
			copyPos(ch, s, line, col, depth+1)
		}
	default:
		for _, ch := range dst.Content {
			copyPos(ch, nil, line, col, depth+1)
		}
	}
}

// mapGet returns the value of key in a mapping node.
func mapGet(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// mapDelete removes key from a mapping node.
func mapDelete(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
