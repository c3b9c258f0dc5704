#!/usr/bin/python3
"""Make the pymbar 3.1 cross-check fixtures of package freeenergy.

Run with Debian's python3 (package python3-pymbar 3.1.0, whose pymbar module
reports version 3.0.5.dev-Unknown):

    cd freeenergy/testdata && /usr/bin/python3 make_fixtures.py

For each case it draws forward and reverse work samples from pymbar's own
test systems with a fixed seed and writes pymbar/<case>.json holding the
samples, the temperature T and pymbar's results in the units of the work:

    EXP_F = T * pymbar.EXP(w_F / T)           (estimate, standard error)
    EXP_R = T * pymbar.EXP(w_R / T)
    BAR   = T * pymbar.BAR(w_F / T, w_R / T)  (method 'false-position',
            relative_tolerance 1e-12, uncertainty_method 'BAR': the defaults)
    overlap = pymbar.bar.BARoverlap(w_F / T, w_R / T)  (MBAR, float32 u_kn)
    exact = the true Delta F of the test system

so that `go test ./freeenergy` needs no Python. Floats are written with
repr(), which round-trips exactly.
"""
import json
import warnings

import numpy as np
import pymbar
import pymbar.bar
from pymbar import testsystems


def gaussian(name, n_f, n_r, mu_f, sigma_f, seed, T=1.0):
    wF, wR = testsystems.gaussian_work_example(N_F=n_f, N_R=n_r, mu_F=mu_f, sigma_F=sigma_f, seed=seed)
    # gaussian_work_example works in units of kT; scale to temperature T.
    return dict(name=name, system="gaussian_work_example(N_F=%d, N_R=%d, mu_F=%g, sigma_F=%g, seed=%d) * T" % (n_f, n_r, mu_f, sigma_f, seed),
                T=T, exact=T * (mu_f - sigma_f**2 / 2), w_F=wF * T, w_R=wR * T)


def oscillators(name, O, K, N, seed):
    ho = testsystems.HarmonicOscillatorsTestCase(O_k=O, K_k=K, beta=1.0)
    x_kn, u_kln, N_k = ho.sample(N_k=N, mode="u_kln", seed=seed)
    wF = u_kln[0, 1, : N[0]] - u_kln[0, 0, : N[0]]  # state 0 samples, 0 -> 1
    wR = u_kln[1, 0, : N[1]] - u_kln[1, 1, : N[1]]  # state 1 samples, 1 -> 0
    f = ho.analytical_free_energies()
    return dict(name=name, system="HarmonicOscillatorsTestCase(O_k=%s, K_k=%s).sample(N_k=%s, seed=%d)" % (O, K, N, seed),
                T=1.0, exact=float(f[1] - f[0]), w_F=wF, w_R=wR)


cases = [
    gaussian("gauss_equal", 3000, 3000, 2.0, 1.0, seed=1),
    gaussian("gauss_unequal_wide", 2000, 3500, 3.0, 2.0, seed=2),
    gaussian("gauss_temperature", 2500, 2500, 2.0, 1.5, seed=3, T=2.5),
    oscillators("oscillators_shift", (0.0, 1.0), (1.0, 2.0), [3000, 3000], seed=4),
    oscillators("oscillators_unequal", (0.0, 0.5), (1.0, 4.0), [2500, 4000], seed=5),
]

for c in cases:
    T = c["T"]
    wF, wR = np.asarray(c["w_F"], np.float64), np.asarray(c["w_R"], np.float64)
    eF = pymbar.EXP(wF / T)
    eR = pymbar.EXP(wR / T)
    bar = pymbar.BAR(wF / T, wR / T)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ov = pymbar.bar.BARoverlap(wF / T, wR / T)
    out = dict(
        name=c["name"], system=c["system"], pymbar=pymbar.version.full_version, T=T, exact=c["exact"],
        EXP_F=[T * float(eF[0]), T * float(eF[1])],
        EXP_R=[T * float(eR[0]), T * float(eR[1])],
        BAR=[T * float(bar[0]), T * float(bar[1])],
        overlap=float(ov),
        w_F=[float(v) for v in wF], w_R=[float(v) for v in wR],
    )
    with open("pymbar/%s.json" % c["name"], "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("%-22s exact %.6f  EXP_F %.6f +- %.6f  EXP_R %.6f +- %.6f  BAR %.6f +- %.6f  overlap %.4f" % (
        c["name"], out["exact"], *out["EXP_F"], *out["EXP_R"], *out["BAR"], ov))
