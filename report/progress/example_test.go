package progress_test

import (
	"os"
	"time"

	"github.com/thermosim/thermosim/report/progress"
)

func Example() {
	// A fake clock, so that the output is reproducible; real code leaves
	// Options.Now nil. On a terminal the same calls draw a progress bar.
	t := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	now := func() time.Time { return t }

	r := progress.New(os.Stdout, "dragged-trap", 100000, progress.Options{Mode: progress.Plain, Now: now})
	for range 10 {
		t = t.Add(time.Second)
		r.Add(10000) // from the workers, as trajectories finish
	}
	r.Finish()
	// Output:
	// dragged-trap: 50000/100000 trajectories (50%), 10000/s, ETA 5.0s
	// dragged-trap: 100000/100000 trajectories (100%), 10000/s, done in 10s
}
