package progress

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a fake clock that tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newClock() *clock { return &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)} }

func TestPlainLines(t *testing.T) {
	c := newClock()
	var b bytes.Buffer
	r := New(&b, "dragged-trap", 100000, Options{Mode: Plain, Now: c.now})
	c.advance(time.Second)
	r.Add(12000) // 1 s < 5 s since the start: no line
	if b.Len() != 0 {
		t.Fatalf("line before the interval: %q", b.String())
	}
	c.advance(2750 * time.Millisecond)
	r.Add(33000) // 3.75 s
	if b.Len() != 0 {
		t.Fatalf("line before the interval: %q", b.String())
	}
	c.advance(1250 * time.Millisecond)
	r.Add(15000) // 5 s: 60000 done at 12000/s, 40000 left: ETA 3.3 s
	c.advance(2 * time.Second)
	r.Add(20000) // 7 s: only 2 s since the last line
	c.advance(3 * time.Second)
	r.Add(10000) // 10 s: 90000 at 9000/s, 10000 left: ETA 1.1 s
	c.advance(500 * time.Millisecond)
	r.Add(10000)
	r.Finish()
	r.Finish() // idempotent
	r.Add(5)   // ignored
	want := "dragged-trap: 60000/100000 trajectories (60%), 12000/s, ETA 3.3s\n" +
		"dragged-trap: 90000/100000 trajectories (90%), 9000/s, ETA 1.1s\n" +
		"dragged-trap: 100000/100000 trajectories (100%), 9524/s, done in 11s\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestPlainStopped(t *testing.T) {
	c := newClock()
	var b bytes.Buffer
	r := New(&b, "double-well", 2000, Options{Interval: time.Minute, Now: c.now, Unit: "paths"}) // a Buffer is not a terminal: plain
	c.advance(90 * time.Second)
	r.Add(3)
	c.advance(95 * time.Second)
	r.Finish()
	want := "double-well: 3/2000 paths (0%), 0.03/s, ETA 16h39m\n" +
		"double-well: 3/2000 paths (0%), 0.02/s, stopped after 3m05s\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestPlainUnknownTotal(t *testing.T) {
	c := newClock()
	var b bytes.Buffer
	r := New(&b, "sgd", 0, Options{Mode: Bar, Now: c.now}) // no bar without a total
	c.advance(20 * time.Second)
	r.Add(500)
	r.Finish()
	want := "sgd: 500 trajectories, 25.0/s\nsgd: 500 trajectories, 25.0/s, done in 20s\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestQuiet(t *testing.T) {
	var b bytes.Buffer
	r := New(&b, "x", 10, Options{Mode: Quiet, Interval: time.Nanosecond})
	for range 10 {
		r.Add(1)
	}
	r.Finish()
	if b.Len() != 0 {
		t.Errorf("quiet mode wrote %q", b.String())
	}
}

func TestConcurrentAdd(t *testing.T) {
	c := newClock()
	var b bytes.Buffer
	r := New(&b, "x", 8000, Options{Mode: Plain, Now: c.now})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				r.Add(1)
			}
		})
	}
	wg.Wait()
	c.advance(2 * time.Second)
	r.Finish()
	if want := "x: 8000/8000 trajectories (100%), 4000/s, done in 2.0s\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// syncBuffer is a bytes.Buffer safe for the bar's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestBarOnNonFileWriter(t *testing.T) {
	var b syncBuffer
	r := New(&b, "dragged-trap", 100, Options{Mode: Bar})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 25 {
				r.Add(1)
			}
		})
	}
	wg.Wait()
	r.Finish()
	out := b.String()
	if !strings.Contains(out, "dragged-trap") || !strings.Contains(out, "100/100") || !strings.HasSuffix(out, "\n") {
		t.Errorf("bar output %q: want the label, 100/100 and a final newline", out)
	}

	// An interrupted run ends the bar's line and says where it stopped.
	var b2 syncBuffer
	c := newClock()
	r = New(&b2, "double-well", 100, Options{Mode: Bar, Now: c.now})
	r.Add(40)
	c.advance(4 * time.Second)
	r.Finish()
	out = b2.String()
	if !strings.HasSuffix(out, "\ndouble-well: 40/100 trajectories (40%), 10.0/s, stopped after 4.0s\n") || strings.Contains(out, "100/100") {
		t.Errorf("interrupted bar output %q: want a final line at 40/100 and no 100/100", out)
	}
}

func TestAutoOnFileIsPlain(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := newClock()
	r := New(f, "x", 10, Options{Now: c.now})
	r.Add(10)
	c.advance(time.Second)
	r.Finish()
	got, _ := os.ReadFile(f.Name())
	if want := "x: 10/10 trajectories (100%), 10.0/s, done in 1.0s\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFormatDuration(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0.0s"}, {400 * time.Millisecond, "0.4s"}, {9940 * time.Millisecond, "9.9s"}, {9960 * time.Millisecond, "10s"},
		{59600 * time.Millisecond, "1m00s"}, {185 * time.Second, "3m05s"}, {3599600 * time.Millisecond, "1h00m"},
		{2*time.Hour + 7*time.Minute, "2h07m"},
	} {
		if got := formatDuration(c.d); got != c.want {
			t.Errorf("formatDuration(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

// BenchmarkAdd measures the cost of Add between two plain lines, what
// every worker pays per finished trajectory or block.
func BenchmarkAdd(b *testing.B) {
	var buf bytes.Buffer
	r := New(&buf, "bench", b.N+1, Options{Mode: Plain, Interval: time.Hour})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r.Add(1)
		}
	})
}
