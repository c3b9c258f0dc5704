package report_test

import (
	"fmt"
	"math"
	"os"
	"time"

	"github.com/thermosim/thermosim/report"
)

func ExampleTable() {
	t := report.Table{
		Header: []string{"scenario", "metric", "measured", "result"},
		Rows: [][]string{
			{"dragged-trap", "ift.mean", "1.002 ± 0.004", "pass"},
			{"dragged-trap", "jarzynski.delta_f", "0.013 ± 0.011", "pass"},
		},
	}
	t.Render(os.Stdout)
	// Output:
	// scenario      metric             measured       result
	// ------------  -----------------  -------------  ------
	// dragged-trap  ift.mean           1.002 ± 0.004  pass
	// dragged-trap  jarzynski.delta_f  0.013 ± 0.011  pass
}

func ExampleFormatFloat() {
	for _, v := range []float64{0.1, 1.0 / 3, 6.02214076e23, math.NaN(), math.Inf(-1)} {
		fmt.Println(report.FormatFloat(v))
	}
	// Output:
	// 0.1
	// 0.3333333333333333
	// 6.02214076e+23
	// NaN
	// -inf
}

func ExampleRunID() {
	// The run id of a scenario started at 14:15:02 UTC on 1 March 2025.
	id := report.RunID([]byte("abc"), time.Date(2025, 3, 1, 14, 15, 2, 0, time.UTC))
	fmt.Println(id)
	// Output:
	// 20250301T141502Z-ba7816bf
}
