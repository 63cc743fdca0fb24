// RS4ANet — Float32 tensors, BLAS-backed layers, the reference architectures
// and the PyTorch checkpoint readers. Contract: ../shared/spec/MODELS.md.
