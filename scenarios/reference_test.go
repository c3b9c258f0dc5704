package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/thermosim/thermosim/models"
)

// TestReference keeps the generated tables of docs/scenarios.md (model
// kinds, dynamics kinds, measures) in step with the registry and the tables
// of this package; -update rewrites them.
func TestReference(t *testing.T) {
	path := filepath.Join("..", "docs", "scenarios.md")
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := string(doc)
	for name, body := range map[string]string{
		"models":   modelsTable(),
		"dynamics": dynamicsTable(),
		"measures": measuresTable(),
	} {
		re := regexp.MustCompile(`(?s)(<!-- BEGIN GENERATED: ` + name + ` \(TestReference\) -->\n).*?(<!-- END GENERATED: ` + name + ` -->)`)
		if !re.MatchString(out) {
			t.Fatalf("%s: no generated section %q", path, name)
		}
		out = re.ReplaceAllLiteralString(out, "<!-- BEGIN GENERATED: "+name+" (TestReference) -->\n"+body+"<!-- END GENERATED: "+name+" -->")
	}
	checkGenerated(t, path, []byte(out))
}

func cell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

func modelsTable() string {
	var b strings.Builder
	b.WriteString("| kind | dim | parameter | type | default | schedulable | meaning |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, k := range models.Kinds() {
		dim := "no"
		if k.HasDim {
			dim = "yes"
		}
		fmt.Fprintf(&b, "| `%s` | %s | | | | | %s |\n", k.Name, dim, cell(k.Doc))
		for _, p := range k.Params {
			typ := "number"
			switch {
			case p.Data:
				typ = "data"
			case p.List:
				typ = "list of numbers"
			case p.Int:
				typ = "integer"
			}
			def := "required"
			if p.Default != nil {
				def = fmt.Sprint(p.Default)
			}
			sched := ""
			if p.Schedulable {
				sched = "yes"
			}
			fmt.Fprintf(&b, "| | | `%s` | %s | %s | %s | %s |\n", p.Name, typ, def, sched, cell(p.Doc))
		}
	}
	return b.String()
}

func dynamicsTable() string {
	var b strings.Builder
	b.WriteString("| kind | integrators (default first) | keys besides kind, integrator, dt, steps | update |\n| --- | --- | --- | --- |\n")
	for _, k := range DynamicsKinds {
		integ := "—"
		if len(k.Integrators) > 0 {
			integ = "`" + strings.Join(k.Integrators, "`, `") + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", k.Name, integ, "`"+strings.Join(k.Keys, "`, `")+"`", cell(k.Doc))
	}
	return b.String()
}

func measuresTable() string {
	types := map[OptionType]string{
		OptNumber: "number", OptInt: "integer", OptString: "string", OptRange: "[lo, hi]",
		OptList: "list of numbers", OptInts: "integer or list of integers", OptStrings: "list of strings",
	}
	var b strings.Builder
	b.WriteString("| measure | metrics | option | type | default | meaning |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, m := range Measures {
		var notes []string
		if m.NeedsReverse {
			notes = append(notes, "needs the reverse protocol")
		}
		if m.NeedsStates {
			notes = append(notes, "keeps states (memory)")
		}
		doc := m.Doc
		if len(notes) > 0 {
			doc += " (" + strings.Join(notes, "; ") + ")"
		}
		fmt.Fprintf(&b, "| `%s` | `%s.*` | | | | %s |\n", m.Name, m.Metrics, cell(doc))
		for _, o := range m.Options {
			typ := types[o.Type]
			if len(o.Enum) > 0 {
				typ += ": " + strings.Join(o.Enum, ", ")
			}
			def := "—"
			if o.Default != nil {
				def = fmt.Sprint(o.Default)
			}
			fmt.Fprintf(&b, "| | | `%s` | %s | %s | %s |\n", o.Name, typ, def, cell(o.Doc))
		}
	}
	return b.String()
}
