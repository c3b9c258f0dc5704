package experiment

import (
	"fmt"
	"strings"

	"github.com/thermosim/thermosim/report/plot"
)

// sweepFigures draws, for a one-parameter sweep (or the first parameter of
// a grid, one curve per value of the others), each headline metric against
// the swept parameter with error bars.
func sweepFigures(r *Run) []Figure {
	if r.Scenario.Sweep == nil || len(r.Points) < 2 {
		return nil
	}
	key := r.Scenario.Sweep.Params[0].Key
	var names []string
	for _, n := range r.Points[0].Outcome.Metrics.Names() {
		if strings.Count(n, ".") <= 2 {
			names = append(names, n)
		}
	}
	var figs []Figure
	for _, n := range names {
		curves := map[string]*plot.Series{}
		var order []string
		for _, p := range r.Points {
			m, ok := p.Outcome.Metrics.Get(n)
			if !ok {
				continue
			}
			x, ok := toFloat(p.Point.Params[0].Value)
			if !ok {
				return nil
			}
			var lbl []string
			for _, kv := range p.Point.Params[1:] {
				lbl = append(lbl, fmt.Sprintf("%s=%v", kv.Key, kv.Value))
			}
			l := strings.Join(lbl, ", ")
			if l == "" {
				l = n
			}
			c, ok := curves[l]
			if !ok {
				c = &plot.Series{Label: l, Style: plot.LinePoints}
				curves[l] = c
				order = append(order, l)
			}
			c.X = append(c.X, x)
			c.Y = append(c.Y, m.Value)
			e := m.StdErr
			if !m.HasError() {
				e = 0 // exact metrics: no error bar
			}
			c.Err = append(c.Err, e)
		}
		var ss []plot.Series
		for _, l := range order {
			ss = append(ss, *curves[l])
		}
		if len(ss) == 0 {
			continue
		}
		figs = append(figs, Figure{Name: "sweep-" + strings.ReplaceAll(n, ".", "_"), Kind: "lines",
			Options: plot.Options{Title: n + " against " + key, XLabel: key, YLabel: n, LogX: allPositive(ss)}, Lines: ss})
	}
	return figs
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	}
	return 0, false
}

func allPositive(ss []plot.Series) bool {
	lo, hi := 0.0, 0.0
	for _, s := range ss {
		for _, x := range s.X {
			if x <= 0 {
				return false
			}
			if lo == 0 || x < lo {
				lo = x
			}
			if x > hi {
				hi = x
			}
		}
	}
	return hi/lo >= 8
}
