#!/usr/bin/env python3
"""PyTorch's sampler throughput on this machine, for rs4a-bench's "samplers" area.

Times torch.rand, torch.randn and torch.distributions.Laplace(0, 1).sample on 2 threads
(torch.set_num_threads(2)), N = 2**24 Float32 samples per call, by wall clock; then the same
on 1 thread by the calling thread's CPU time (time.thread_time), which other processes'
load barely affects. torch.rand/randn allocate a fresh tensor per call (as rs4a's figures do
not: it fills a preallocated buffer), so the in-place forms x.uniform_() and x.normal_() are
timed too ("uniform_inplace", "normal_inplace"). Prints one JSON object {"uniform": M/s, …,
"cpu1": {same keys, 1 thread}, "torch": version}, each the best of REPS calls.
Usage: python3 scripts/bench/torch_samplers.py [N] [REPS]
"""
import json
import sys
import time

import torch


def best_rate(fn, n, reps, clock=time.perf_counter):
    fn()  # warm-up: first call allocates and spins up the thread pool
    best = float("inf")
    for _ in range(reps):
        start = clock()
        fn()
        best = min(best, clock() - start)
    return n / best / 1e6


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1 << 24
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    torch.set_num_threads(2)
    torch.manual_seed(0)
    laplace = torch.distributions.Laplace(torch.tensor(0.0), torch.tensor(1.0))
    buffer = torch.empty(n)
    calls = {
        "uniform": lambda: torch.rand(n),
        "normal": lambda: torch.randn(n),
        "laplace": lambda: laplace.sample((n,)),
        "uniform_inplace": lambda: buffer.uniform_(),
        "normal_inplace": lambda: buffer.normal_(),
    }
    rates = {name: best_rate(fn, n, reps) for name, fn in calls.items()}
    torch.set_num_threads(1)
    rates["cpu1"] = {name: best_rate(fn, n, reps, time.thread_time) for name, fn in calls.items()}
    rates["torch"] = torch.__version__
    print(json.dumps(rates))


if __name__ == "__main__":
    main()
