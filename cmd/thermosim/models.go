package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/thermosim/thermosim/models"
	"github.com/thermosim/thermosim/scenarios"
)

func init() {
	register(&command{name: "models", summary: "list model kinds, dynamics, integrators and measures with their parameters", run: cmdModels})
}

func cmdModels(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "usage: thermosim models")
		if args[0] == "-h" || args[0] == "--help" {
			return exitOK
		}
		fmt.Fprintf(stderr, "thermosim models: unexpected argument %q\n", args[0])
		return exitUsage
	}
	fmt.Fprintln(stdout, "MODEL KINDS (model.kind; parameters under model.params)")
	for _, k := range models.Kinds() {
		fmt.Fprintf(stdout, "\n  %s: %s\n", k.Name, k.Doc)
		if k.HasDim {
			fmt.Fprintln(stdout, "    dim            int, default 1")
		}
		for _, p := range k.Params {
			typ := "number"
			switch {
			case p.List:
				typ = "list"
			case p.Int:
				typ = "int"
			case p.Data:
				typ = "data"
			}
			def := "required"
			if p.Default != nil {
				def = fmt.Sprintf("default %v", p.Default)
			}
			sched := ""
			if p.Schedulable {
				sched = ", schedulable"
			}
			fmt.Fprintf(stdout, "    %-14s %s, %s%s: %s\n", p.Name, typ, def, sched, p.Doc)
		}
	}
	fmt.Fprintln(stdout, "\nDYNAMICS (dynamics.kind; integrators, first is the default)")
	for _, d := range scenarios.DynamicsKinds {
		in := ""
		if len(d.Integrators) > 0 {
			in = " [" + strings.Join(d.Integrators, " | ") + "]"
		}
		fmt.Fprintf(stdout, "  %-17s%s %s\n    keys: %s\n", d.Name, in, d.Doc, strings.Join(d.Keys, ", "))
	}
	fmt.Fprintln(stdout, "\nMEASURES (measure: list)")
	for _, m := range scenarios.Measures {
		fmt.Fprintf(stdout, "  %-12s %s\n", m.Name, m.Doc)
		for _, o := range m.Options {
			def := ""
			if o.Default != nil {
				def = fmt.Sprintf(" (default %v)", o.Default)
			}
			fmt.Fprintf(stdout, "    %-10s %s%s\n", o.Name, o.Doc, def)
		}
	}
	return exitOK
}
