package freeenergy

import "math"

// expTableBits is log2 of the size of the table of 2^(j/N) used by fastExp.
const expTableBits = 8

var expTable = func() (t [1 << expTableBits]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / (1 << expTableBits))
	}
	return t
}()

// fastExp returns e^x within 2 ulp of math.Exp (checked in the tests), for
// the hot loops of EXP and BAR. Tang's table method (ACM TOMS 15, 1989):
// x = (k/N) ln 2 + r with N = 256 and |r| <= ln2/(2N), e^x = 2^(k div N)
// 2^((k mod N)/N) e^r, e^r by its degree-5 Taylor polynomial (truncation
// below 1e-20). Arguments outside [-708, 709] go to math.Exp (subnormal
// results, overflow, NaN).
func fastExp(x float64) float64 {
	if !(x >= -708 && x <= 709) {
		return math.Exp(x)
	}
	const (
		shifter = 0x1.8p52
		invLn2N = (1 << expTableBits) / math.Ln2
		// ln2/N split (fdlibm's ln2_hi, 33 significant bits) so that
		// k*ln2hiN is exact for |k| < 2^20; the constant expression for the
		// low part is evaluated exactly by the compiler.
		ln2hi  = 0x1.62e42feep-1
		ln2hiN = ln2hi / (1 << expTableBits)
		ln2loN = (math.Ln2 - ln2hi) / (1 << expTableBits)
	)
	z := x*invLn2N + shifter
	k := int64(math.Float64bits(z)) - int64(math.Float64bits(shifter))
	z -= shifter
	r := (x - z*ln2hiN) - z*ln2loN
	q := r + r*r*(0.5+r*(1.0/6+r*(1.0/24+r*(1.0/120)))) // e^r - 1
	t := expTable[k&(1<<expTableBits-1)]
	scale := math.Float64frombits(uint64(k>>expTableBits+1023) << 52)
	return (t + t*q) * scale
}
