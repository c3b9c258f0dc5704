package plot_test

import (
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"

	"github.com/thermosim/thermosim/report/plot"
)

func Example() {
	dir, err := os.MkdirTemp("", "thermosim-plot")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	// The relaxation of a free energy F(t) to F_eq = -1 with its standard
	// error, as a line with a shaded band and a reference line.
	var t, f, se []float64
	for k := 0; k <= 40; k++ {
		x := 0.1 * float64(k)
		t = append(t, x)
		f = append(f, -1+2*math.Exp(-x))
		se = append(se, 0.05)
	}
	opts := plot.Options{Title: "Free energy", XLabel: "t", YLabel: "F(t)", HLines: []plot.Marker{{At: -1, Label: "F_eq"}}}
	base := filepath.Join(dir, "plots", "freeenergy")
	if err := plot.Lines(base, opts, plot.Series{Label: "F(t)", X: t, Y: f, Err: se}); err != nil {
		log.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "plots", "*"))
	for _, f := range files {
		fmt.Println(filepath.Base(f))
	}
	// Output:
	// freeenergy.png
	// freeenergy.svg
}

func ExampleHistogram() {
	// An empty series is an error: an empty figure would hide a problem.
	err := plot.Histogram("work", plot.Options{}, plot.HistSeries{Label: "P_F(W)", Values: []float64{math.NaN()}})
	fmt.Println(err)
	// Output:
	// plot: work: series "P_F(W)" has no finite value to draw
}
