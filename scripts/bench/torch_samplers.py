#!/usr/bin/env python3
"""PyTorch's sampler throughput on this machine, for rs4a-bench's "samplers" area.

Times torch.rand, torch.randn and torch.distributions.Laplace(0, 1).sample on 2 threads
(torch.set_num_threads(2)), N = 2**24 Float32 samples per call, and prints one JSON object
{"uniform": M/s, "normal": M/s, "laplace": M/s, "torch": version} with the best of REPS calls.
Usage: python3 scripts/bench/torch_samplers.py [N] [REPS]
"""
import json
import sys
import time

import torch


def best_rate(fn, n, reps):
    fn()  # warm-up: first call allocates and spins up the thread pool
    best = float("inf")
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return n / best / 1e6


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1 << 24
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    torch.set_num_threads(2)
    torch.manual_seed(0)
    laplace = torch.distributions.Laplace(torch.tensor(0.0), torch.tensor(1.0))
    rates = {
        "uniform": best_rate(lambda: torch.rand(n), n, reps),
        "normal": best_rate(lambda: torch.randn(n), n, reps),
        "laplace": best_rate(lambda: laplace.sample((n,)), n, reps),
        "torch": torch.__version__,
    }
    print(json.dumps(rates))


if __name__ == "__main__":
    main()
