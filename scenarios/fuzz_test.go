package scenarios

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// FuzzDecode decodes, validates and expands arbitrary bytes: it must never
// panic, and every error must be an ErrorList whose entries carry a line
// (except whole-file problems: an empty file, YAML the parser rejects
// without a line).
func FuzzDecode(f *testing.F) {
	f.Add([]byte(base))
	for _, c := range badInputs {
		f.Add([]byte(c.yaml))
	}
	for _, src := range roundTrips {
		if !strings.HasPrefix(src, "testdata/") {
			f.Add([]byte(src))
		}
	}
	// Keep the data sets and runs the fuzzer builds small.
	old := maxMemory
	maxMemory = 64 << 20
	defer func() { maxMemory = old }()
	slow := os.Getenv("THERMOSIM_FUZZ_SLOW") != ""
	f.Fuzz(func(t *testing.T, data []byte) {
		if slow {
			t0 := time.Now()
			defer func() {
				if d := time.Since(t0); d > 3*time.Second {
					t.Fatalf("slow input (%v):\n%s", d, data)
				}
			}()
		}
		s, err := Decode("fuzz.yaml", data)
		if err != nil {
			var el ErrorList
			if !errors.As(err, &el) || len(el) == 0 {
				t.Fatalf("error %T %v is not a non-empty ErrorList", err, err)
			}
			for _, e := range el {
				if e.Msg == "" {
					t.Fatalf("empty message: %+v", e)
				}
				if e.Line == 0 && !strings.HasPrefix(e.Msg, "empty file") && !strings.HasPrefix(e.Msg, "invalid YAML") {
					t.Fatalf("error without a position: %v\ninput:\n%s", e, data)
				}
			}
			return
		}
		if _, err := s.Expand(); err != nil {
			t.Fatalf("decoded scenario does not expand: %v", err)
		}
		out, err := Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		s2, err := Decode("fuzz.yaml", out)
		if err != nil {
			t.Fatalf("resolved scenario does not decode: %v\ninput:\n%s\nresolved:\n%s", err, data, out)
		}
		if diff := compare(s2, s); diff != "" {
			t.Fatalf("round trip: %s\ninput:\n%s\nresolved:\n%s", diff, data, out)
		}
	})
}
