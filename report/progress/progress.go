package progress

import (
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Mode selects how a Reporter shows progress.
type Mode int

const (
	// Auto draws a bar when the writer is a terminal (an *os.File for which
	// term.IsTerminal holds, with TERM not "dumb") and plain lines otherwise.
	Auto Mode = iota
	// Bar always draws a progress bar.
	Bar
	// Plain always prints plain lines.
	Plain
	// Quiet prints nothing.
	Quiet
)

// DefaultInterval is the least time between two plain lines.
const DefaultInterval = 5 * time.Second

// Options configures a Reporter. The zero value is ready to use.
type Options struct {
	Mode Mode
	// Interval is the least time between two plain lines; 0 means
	// DefaultInterval.
	Interval time.Duration
	// Unit names what is counted; "" means "trajectories".
	Unit string
	// Now is the clock of plain mode; nil means time.Now. Tests and examples
	// set it to a fake clock.
	Now func() time.Time
}

// Reporter shows the progress of one run of total units. Add is safe for
// concurrent use.
type Reporter struct {
	w        io.Writer
	label    string
	total    int
	unit     string
	interval time.Duration
	now      func() time.Time
	bar      *progressbar.ProgressBar // bar mode
	quiet    bool

	mu       sync.Mutex
	done     int
	start    time.Time
	last     time.Time // last plain line
	finished bool
}

// New returns a Reporter that writes the progress of label (a scenario
// name, say) to w, for total units. A total of 0 or less means unknown: no
// percentage, no time left, and plain lines instead of a bar.
func New(w io.Writer, label string, total int, opts Options) *Reporter {
	r := &Reporter{w: w, label: label, total: total, unit: opts.Unit, interval: opts.Interval, now: opts.Now}
	if r.unit == "" {
		r.unit = "trajectories"
	}
	if r.interval <= 0 {
		r.interval = DefaultInterval
	}
	if r.now == nil {
		r.now = time.Now
	}
	r.start = r.now()
	r.last = r.start
	mode := opts.Mode
	if mode == Auto {
		mode = Plain
		if isTerminal(w) {
			mode = Bar
		}
	}
	switch {
	case mode == Quiet || w == nil:
		r.quiet = true
	case mode == Bar && total > 0:
		r.bar = progressbar.NewOptions64(int64(total),
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(label),
			progressbar.OptionSetWidth(30),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("traj"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionShowElapsedTimeOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetRenderBlankState(true),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
		)
	}
	return r
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

// Add records n more units done. Calls after Finish are ignored.
func (r *Reporter) Add(n int) {
	if r.quiet {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished {
		return
	}
	r.done += n
	if r.bar != nil {
		r.bar.Add(n)
		return
	}
	now := r.now()
	// At 100% the final line of Finish follows: no periodic line.
	if now.Sub(r.last) >= r.interval && (r.total <= 0 || r.done < r.total) {
		r.last = now
		io.WriteString(r.w, r.line(now, false))
	}
}

// Finish ends the report. In plain mode it prints the final line. In bar
// mode it completes the bar or, if fewer than total units were done (an
// interrupted run), ends the bar's line and prints the plain final line
// "... stopped after ...". Calls after the first do nothing.
func (r *Reporter) Finish() {
	if r.quiet {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished {
		return
	}
	r.finished = true
	if r.bar != nil {
		if r.done >= r.total {
			r.bar.Finish()
			return
		}
		// The bar may show a throttled, older count: end its line and say
		// where the run stopped.
		r.bar.Exit()
	}
	io.WriteString(r.w, r.line(r.now(), true))
}

// line formats a plain progress line at time now.
func (r *Reporter) line(now time.Time, final bool) string {
	b := make([]byte, 0, 96)
	b = append(b, r.label...)
	b = append(b, ": "...)
	b = strconv.AppendInt(b, int64(r.done), 10)
	if r.total > 0 {
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(r.total), 10)
	}
	b = append(b, ' ')
	b = append(b, r.unit...)
	if r.total > 0 {
		pct := math.Floor(100 * float64(r.done) / float64(r.total))
		b = fmt.Appendf(b, " (%.0f%%)", pct)
	}
	elapsed := now.Sub(r.start)
	if elapsed > 0 {
		rate := float64(r.done) / elapsed.Seconds()
		b = append(b, ", "...)
		b = append(b, formatRate(rate)...)
		b = append(b, "/s"...)
		if !final && r.total > 0 && r.done > 0 && r.done < r.total {
			left := time.Duration(float64(r.total-r.done) / rate * float64(time.Second))
			b = append(b, ", ETA "...)
			b = append(b, formatDuration(left)...)
		}
	}
	if final {
		if r.total > 0 && r.done < r.total {
			b = append(b, ", stopped after "...)
		} else {
			b = append(b, ", done in "...)
		}
		b = append(b, formatDuration(elapsed)...)
	}
	return string(append(b, '\n'))
}

// formatRate formats a rate with about three significant digits and no
// exponent.
func formatRate(r float64) string {
	switch {
	case r >= 100:
		return strconv.FormatFloat(math.Round(r), 'f', 0, 64)
	case r >= 10:
		return strconv.FormatFloat(r, 'f', 1, 64)
	default:
		return strconv.FormatFloat(r, 'f', 2, 64)
	}
}

// formatDuration formats d for humans: 0.4s, 8.3s, 42s, 3m05s, 2h07m.
func formatDuration(d time.Duration) string {
	s := d.Seconds()
	if s < 9.95 {
		return strconv.FormatFloat(s, 'f', 1, 64) + "s"
	}
	n := int(math.Round(s))
	switch {
	case n < 60:
		return strconv.Itoa(n) + "s"
	case n < 3600:
		return fmt.Sprintf("%dm%02ds", n/60, n%60)
	default:
		m := int(math.Round(s / 60))
		return fmt.Sprintf("%dh%02dm", m/60, m%60)
	}
}
