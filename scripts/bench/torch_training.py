#!/usr/bin/env python3
"""PyTorch reference throughput for the training benchmark (rs4a-bench area "training").

Training images per second (fresh Gaussian noise x + 0.25·randn added to the batch in every step,
as rs4a's TrainingBench and trainer do; forward, cross-entropy, backward, SGD Nesterov step; BN in
training mode; torch.set_num_threads(2)) for the models and batch sizes of
Sources/rs4a-bench/TrainingBench.swift. Models from scripts/fixtures/make_training_fixtures.py.
Prints one JSON object: {"LeNet": images_per_second, "LeNet/cpu": images_per_cpu_second, ...}.

Usage: python3 scripts/bench/torch_training.py [--min-seconds S] [names...]
"""
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "fixtures"))
import make_training_fixtures as m  # noqa: E402

CIFAR = ([0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.2010])
CASES = {
    "LeNet": (lambda: m.Forecaster(m.LeNetBody(1, 10, 28), [0.1307], [0.3081], False), (1, 28, 28), 64),
    "WRN-40-2": (lambda: m.Forecaster(m.WRNBody(40, 2, 10), *CIFAR, True), (3, 32, 32), 64),
}


def rate(name, min_seconds):
    make, shape, batch = CASES[name]
    model = make()
    model.train()
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.01, momentum=0.9,
                          weight_decay=1e-4, nesterov=True)
    x = torch.rand((batch,) + shape)
    y = torch.randint(0, 10, (batch,))

    def step():
        loss = F.cross_entropy(model(x + 0.25 * torch.randn_like(x)), y)
        opt.zero_grad()
        loss.backward()
        opt.step()

    step()
    steps, start, cpu = 0, time.perf_counter(), time.process_time()
    while True:
        step()
        steps += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds and steps >= 3:
            return steps * batch / elapsed, steps * batch / (time.process_time() - cpu)


def main():
    args = sys.argv[1:]
    min_seconds = 2.0
    if args[:1] == ["--min-seconds"]:
        min_seconds = float(args[1])
        args = args[2:]
    torch.set_num_threads(2)
    torch.manual_seed(0)
    out = {}
    for name in args or list(CASES):
        wall, cpu = rate(name, min_seconds)
        out[name] = wall
        out[name + "/cpu"] = cpu
    print(json.dumps(out))


if __name__ == "__main__":
    main()
