package models

import "math"

// Integrate returns int_a^b f(x) dx by adaptive Gauss–Kronrod (7, 15)
// quadrature to relative tolerance tol.
func Integrate(f func(float64) float64, a, b, tol float64) float64 {
	v, _ := gk15(f, a, b)
	return adapt(f, a, b, v, tol*math.Abs(v)+1e-300, 0)
}

func adapt(f func(float64) float64, a, b, whole, tol float64, depth int) float64 {
	m := 0.5 * (a + b)
	l, el := gk15(f, a, m)
	r, er := gk15(f, m, b)
	if depth > 40 || (el+er <= tol && math.Abs(l+r-whole) <= 10*tol) {
		return l + r
	}
	return adapt(f, a, m, l, tol/2, depth+1) + adapt(f, m, b, r, tol/2, depth+1)
}

var (
	gkX = [8]float64{0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926, 0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961, 0.207784955007898467600689403773245, 0}
	gkW = [8]float64{0.022935322010529224963732008058970, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518, 0.140653259715525918745189590510238, 0.169004726639267902826583426598550, 0.190350578064785409913256402421014, 0.204432940075298892414161999234649, 0.209482141084727828012999174891714}
	gW  = [4]float64{0.129484966168869693270611432679082, 0.279705391489276667901467771423780, 0.381830050505118944950369775488975, 0.417959183673469387755102040816327}
)

// gk15 returns the 15-point Kronrod estimate and |K15 - G7| as its error.
func gk15(f func(float64) float64, a, b float64) (float64, float64) {
	c, h := 0.5*(a+b), 0.5*(b-a)
	fc := f(c)
	k := gkW[7] * fc
	g := gW[3] * fc
	for i := 0; i < 7; i++ {
		x := h * gkX[i]
		s := f(c-x) + f(c+x)
		k += gkW[i] * s
		if i%2 == 1 {
			g += gW[i/2] * s
		}
	}
	return k * h, math.Abs((k - g) * h)
}
