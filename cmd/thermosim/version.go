package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// Version is the thermosim version, set at build time with
// -ldflags "-X main.Version=...". Results record it.
var Version = "0.1.0-dev"

func init() {
	register(&command{name: "version", summary: "print the version", run: func(_ context.Context, args []string, stdout, stderr io.Writer) int {
		if len(args) > 0 {
			fmt.Fprintln(stderr, "usage: thermosim version")
			if args[0] == "-h" || args[0] == "--help" {
				return exitOK
			}
			fmt.Fprintf(stderr, "thermosim version: unexpected argument %q\n", args[0])
			return exitUsage
		}
		rev := ""
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 12 {
					rev = " (" + s.Value[:12] + ")"
				}
			}
		}
		fmt.Fprintf(stdout, "thermosim %s%s %s/%s %s\n", Version, rev, runtime.GOOS, runtime.GOARCH, runtime.Version())
		return exitOK
	}})
}
