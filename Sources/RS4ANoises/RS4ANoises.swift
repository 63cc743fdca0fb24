// RS4ANoises — the Noise protocol and every distribution of the paper:
// parameters, sampling, closed-form radii, differential- and level-set-method
// tables and their on-disk cache. Contract: ../shared/spec/NOISES.md.
