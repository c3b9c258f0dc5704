package plot

import (
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"
)

// linTicks puts about five labelled ticks at multiples of a "nice" step,
// 1, 2, 2.5 or 5 x 10^k, with unlabelled minor ticks between them. Every
// label is the shortest decimal string of its value, so that no label is
// rounded to a number it is not (gonum's DefaultTicks can label the tick at
// 1.05 "1.1").
type linTicks struct{}

func (linTicks) Ticks(min, max float64) []gplot.Tick {
	if !(max > min) || !finite(min) || !finite(max) {
		return nil
	}
	raw := (max - min) / 5
	e := int(math.Floor(math.Log10(raw)))
	f := raw / math.Pow10(e)
	// The step is mant x 10^exp with an integer mantissa, so that tick
	// values can be spelled exactly as k*mant "e" exp.
	var mant, minor int
	exp := e
	switch {
	case f <= 1:
		mant, minor = 1, 5
	case f <= 2:
		mant, minor = 2, 4
	case f <= 2.5:
		mant, minor, exp = 25, 5, e-1
	case f <= 5:
		mant, minor = 5, 5
	default:
		mant, minor, exp = 1, 5, e+1
	}
	step := float64(mant) * math.Pow10(exp)
	k0 := int64(math.Ceil(min/step - 1e-9))
	k1 := int64(math.Floor(max/step + 1e-9))
	var ticks []gplot.Tick
	for k := k0 - 1; k <= k1; k++ {
		v, _ := strconv.ParseFloat(strconv.FormatInt(k*int64(mant), 10)+"e"+strconv.Itoa(exp), 64)
		if k >= k0 {
			ticks = append(ticks, gplot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)})
		}
		for j := 1; j < minor; j++ {
			if m := v + float64(j)*step/float64(minor); m >= min && m <= max {
				ticks = append(ticks, gplot.Tick{Value: m})
			}
		}
	}
	return ticks
}
