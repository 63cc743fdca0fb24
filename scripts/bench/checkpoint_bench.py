#!/usr/bin/env python3
"""PyTorch side of the checkpoint benchmark: best of 3 torch.load of the given file.
Called by rs4a-bench (Sources/rs4a-bench/CheckpointBench.swift); skips without torch."""
import os
import sys
import time

try:
    import torch
except ImportError:
    print("PyTorch comparison skipped: torch is not installed")
    sys.exit(0)

path = sys.argv[1]
best = float("inf")
for _ in range(3):
    t = time.perf_counter()
    sd = torch.load(path, weights_only=True)
    best = min(best, time.perf_counter() - t)
size = os.path.getsize(path)
print("torch.load (torch %s): %.3f s (%.0f MB/s)" % (torch.__version__, best, size / best / 1e6))
