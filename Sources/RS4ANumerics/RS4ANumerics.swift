// RS4ANumerics — the pure mathematics every certificate depends on (Float64):
// special functions, distributions (cdf/sf/ppf), quadrature, root finding,
// binomial statistics, and the counter-based random generator with its bulk
// samplers. No I/O, no BLAS, no tensors. See README.md in this folder.
