package estimate

import "math"

// LogMeanExp accumulates ln <exp(a)> over a stream of samples a without
// overflow, by keeping the running maximum Max and S = sum exp(a - Max). It
// also keeps S2 = sum exp(2 (a - Max)) for the standard error and the
// effective sample size of the weights exp(a). The zero value is empty.
type LogMeanExp struct {
	N   int     `json:"n"`
	Max float64 `json:"max"`
	S   float64 `json:"s"`
	S2  float64 `json:"s2"`
}

// Add adds one sample a.
func (l *LogMeanExp) Add(a float64) {
	if l.N == 0 || a > l.Max {
		if l.N > 0 {
			r := math.Exp(l.Max - a)
			l.S *= r
			l.S2 *= r * r
		}
		l.Max = a
	}
	e := math.Exp(a - l.Max)
	l.S += e
	l.S2 += e * e
	l.N++
}

// AddAll adds every sample in order.
func (l *LogMeanExp) AddAll(as []float64) {
	for _, a := range as {
		l.Add(a)
	}
}

// Merge adds o's samples as if they followed l's.
func (l *LogMeanExp) Merge(o LogMeanExp) {
	if o.N == 0 {
		return
	}
	if l.N == 0 {
		*l = o
		return
	}
	if o.Max > l.Max {
		r := math.Exp(l.Max - o.Max)
		l.S, l.S2, l.Max = l.S*r+o.S, l.S2*r*r+o.S2, o.Max
	} else {
		r := math.Exp(o.Max - l.Max)
		l.S += o.S * r
		l.S2 += o.S2 * r * r
	}
	l.N += o.N
}

// Log returns ln <exp(a)>.
func (l LogMeanExp) Log() float64 { return l.Max + math.Log(l.S/float64(l.N)) }

// LogStdErr returns the delta-method standard error of ln <exp(a)>:
// sqrt(Var(exp(a)) / N) / <exp(a)>.
func (l LogMeanExp) LogStdErr() float64 {
	n := float64(l.N)
	m := l.S / n
	v := (l.S2/n - m*m) * n / (n - 1)
	return math.Sqrt(math.Max(v, 0)/n) / m
}

// MeanExp returns <exp(a)> with its standard error sqrt(Var(exp(a))/N),
// computed relative to the maximum so that it overflows only if the answer does.
func (l LogMeanExp) MeanExp() Result {
	n := float64(l.N)
	m := l.S / n
	v := (l.S2/n - m*m) * n / (n - 1)
	scale := math.Exp(l.Max)
	return NewResult(m*scale, math.Sqrt(math.Max(v, 0)/n)*scale, l.N)
}

// ESS returns Kish's effective sample size (sum w)^2 / sum w^2 of the weights
// w = exp(a).
func (l LogMeanExp) ESS() float64 { return l.S * l.S / l.S2 }
