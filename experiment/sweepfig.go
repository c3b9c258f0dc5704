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
			// grid: one curve per value of the other keys; zip: the keys
			// move together, one curve
			var lbl []string
			if r.Scenario.Sweep.Mode != "zip" {
				for _, kv := range p.Point.Params[1:] {
					lbl = append(lbl, fmt.Sprintf("%s=%v", kv.Key, kv.Value))
				}
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
		// overlay the prediction of a measured metric (sgd.temperature and
		// sgd.temperature.predicted, say)
		for _, ov := range [][2]string{{".predicted", "predicted (exact)"}, {".predicted_small_eta", "predicted (small eta)"}} {
			if len(ss) == 0 || ss[0].Label != n && ss[0].Label != "measured ± se" {
				break
			}
			pred := plot.Series{Label: ov[1], Style: plot.Line}
			for _, p := range r.Points {
				if m, ok := p.Outcome.Metrics.Get(n + ov[0]); ok {
					x, _ := toFloat(p.Point.Params[0].Value)
					pred.X, pred.Y = append(pred.X, x), append(pred.Y, m.Value)
				}
			}
			if len(pred.X) > 0 {
				ss[0].Label = "measured ± se"
				ss = append(ss, pred)
			}
		}
		if len(ss) == 0 {
			continue
		}
		title := n + " against " + lastKey(key)
		if r.Scenario.Sweep.Mode == "zip" && len(r.Scenario.Sweep.Params) > 1 {
			var with []string
			for _, sp := range r.Scenario.Sweep.Params[1:] {
				with = append(with, lastKey(sp.Key))
			}
			title += " (zip with " + strings.Join(with, ", ") + ")"
		}
		figs = append(figs, Figure{Name: "sweep-" + strings.ReplaceAll(n, ".", "_"), Kind: "lines",
			Options: plot.Options{Title: title, XLabel: key, YLabel: n, LogX: allPositive(ss)}, Lines: ss})
	}
	return figs
}

// lastKey is the last element of a dotted key (dynamics.batch_size ->
// batch_size), for titles.
func lastKey(k string) string {
	if i := strings.LastIndex(k, "."); i >= 0 {
		return k[i+1:]
	}
	return k
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
