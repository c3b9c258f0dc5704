// Package plot draws the figures of a results folder with gonum.org/v1/plot,
// the only package of thermosim that imports it. Every function takes plain
// slices, never simulator types, and writes the same figure twice, as
// base+".svg" (vector, for papers; text stays text) and base+".png" (for
// READMEs and quick looks), each written atomically with
// report.WriteFileAtomic. The PNG is rendered at 150 dots per inch; the
// default size is 16 cm x 10 cm.
//
// The functions are
//
//	Lines      curves y(x) with optional error bands or error bars: F(t)
//	           with its band, the running IFT estimate against N, eps(t) on
//	           log axes, a metric against a swept parameter;
//	Histogram  weighted, optionally normalized histograms sharing one x
//	           range, with vertical marker lines: forward and reverse work
//	           histograms P_F(W), P_R(-W) with the Crooks crossing and Delta F;
//	Bars       binned values with error bars against reference values per
//	           bin: a stationary histogram against the Boltzmann probability
//	           of each bin;
//	Density2D  a heat map of a density on a grid with a colour bar and an
//	           optional field of arrows: the stationary density p(x, y) and
//	           the probability current J(x, y).
//
// Non-finite values (NaN, +-Inf) are left out of every figure, and so are
// non-positive coordinates on a logarithmic axis; a series with nothing left
// to draw is an error, since an empty figure would hide a problem upstream.
//
// # Histograms
//
// All series of a Histogram share the range [min, max] of their finite
// values, so that P_F(W) and P_R(-W) are drawn on the same bins when they
// have the same Bins. A series with k bins of width h = (max - min) / k
// and weights w_i (1 when Weights is nil) has bin heights
//
//	H_j = sum_{i in bin j} w_i              (Normalize false)
//	H_j = sum_{i in bin j} w_i / (n h)      (Normalize true)
//
// over the n finite values, so that a normalized histogram with unit
// weights estimates the probability density and integrates to one. With
// weights w_i = exp(-Delta s_i) it estimates the tilted density
// p(Delta s) exp(-Delta s), whose integral is the IFT average
// <exp(-Delta s_tot)>, one when the theorem holds (Seifert 2005). The default number of bins is
// Rice's rule, ceil(2 n^(1/3)), between 10 and 80.
//
// # Arrows
//
// Density2D draws the vector (u, v) at (x, y) as an arrow centred on
// (x, y) along (u, v) in data coordinates, scaled so that the longest arrow
// is as long as the smallest grid cell; arrow lengths are proportional to
// |(u, v)|. Arrows are drawn in black over a white halo, readable on any
// colour of the map.
//
// References: U. Seifert, "Entropy production along a stochastic
// trajectory and an integral fluctuation theorem", Phys. Rev. Lett. 95,
// 040602 (2005); G. E. Crooks, "Entropy production fluctuation theorem and
// the nonequilibrium work relation for free energy differences",
// Phys. Rev. E 60, 2721 (1999); K. Moreland, "Diverging color maps for
// scientific visualization" (2009), for the colour maps.
package plot
