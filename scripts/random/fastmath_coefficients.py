#!/usr/bin/env python3
"""Minimax coefficients for the Float32 polynomials in Sources/RS4ANumerics/Random/FastMath.swift.

Each fit is a linear programme on a dense grid (scipy.optimize.linprog): minimise the
maximum error δ subject to |f(x_i) − p(x_i)| ≤ δ. Coefficients are then rounded to Float32
and the error of the rounded polynomial (evaluated in float64) is printed next to them.

  sin ψ ≈ ψ + ψ³(s1 + ψ²(s2 + ψ² s3)),          |ψ| ≤ π/4, absolute error
  cos ψ ≈ 1 + ψ²(c1 + ψ²(c2 + ψ²(c3 + ψ² c4))),   |ψ| ≤ π/4, absolute error
  2·atanh(t)/t ≈ 2 + t²(a1 + t²(a2 + t² a3)),     |t| ≤ (√2 − 1)/(√2 + 1), absolute error
      (so −ln m = t·(…) with t = (1 − m)/(1 + m) has relative error ≤ half of it)
Usage: python3 scripts/random/fastmath_coefficients.py
"""
import numpy as np
from scipy.optimize import linprog


def minimax(x, target, basis):
    """Coefficients c minimising max_i |target_i − Σ c_k basis_k(x_i)|."""
    a = np.stack([b(x) for b in basis], axis=1)
    k = a.shape[1]
    # variables: c_1..c_k, δ; constraints ±(a c − target) ≤ δ
    ones = np.ones((len(x), 1))
    a_ub = np.vstack([np.hstack([a, -ones]), np.hstack([-a, -ones])])
    b_ub = np.concatenate([target, -target])
    cost = np.zeros(k + 1)
    cost[-1] = 1
    res = linprog(cost, A_ub=a_ub, b_ub=b_ub, bounds=[(None, None)] * k + [(0, None)], method="highs")
    assert res.success, res.message
    return res.x[:k]


def report(name, coefficients, error):
    c32 = [float(np.float32(c)) for c in coefficients]
    print(f"{name}: " + ", ".join(f"{c:.9e}" for c in c32) + f"   max error {error(c32):.3e}")


psi = np.linspace(0, np.pi / 4, 20001)[1:]
# sin: (sin ψ − ψ)/ψ³ weighted by ψ³ → fit sin ψ − ψ with basis ψ³, ψ⁵, ψ⁷
s = minimax(psi, np.sin(psi) - psi, [lambda x: x**3, lambda x: x**5, lambda x: x**7])
report("sin s1..s3", s, lambda c: np.max(np.abs(np.sin(psi) - (psi + psi**3 * (c[0] + psi**2 * (c[1] + psi**2 * c[2]))))))

psi0 = np.linspace(0, np.pi / 4, 20001)
c = minimax(psi0, np.cos(psi0) - 1, [lambda x: x**2, lambda x: x**4, lambda x: x**6, lambda x: x**8])
report("cos c1..c4", c, lambda k: np.max(np.abs(np.cos(psi0) - (1 + psi0**2 * (k[0] + psi0**2 * (k[1] + psi0**2 * (k[2] + psi0**2 * k[3])))))))

tmax = (np.sqrt(2) - 1) / (np.sqrt(2) + 1)
t = np.linspace(0, tmax, 20001)[1:]
g = 2 * np.arctanh(t) / t - 2
a = minimax(t, g, [lambda x: x**2, lambda x: x**4, lambda x: x**6])
report("atanh a1..a3", a, lambda k: np.max(np.abs(g - t**2 * (k[0] + t**2 * (k[1] + t**2 * k[2])))))
