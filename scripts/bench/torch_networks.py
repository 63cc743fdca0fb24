#!/usr/bin/env python3
"""PyTorch reference throughput for the network benchmark (rs4a-bench area "network").

Measures noisy forward passes per second (eval mode, no_grad, torch.set_num_threads(2)) for the
same full-size models and batch sizes as Sources/rs4a-bench/NetworkBench.swift, with random
weights. Model definitions are shared with scripts/fixtures/make_network_fixtures.py; the ImageNet
ResNets are torchvision's own (they need torchvision: pip install --no-deps torchvision).
Prints one JSON object: {"LeNet": images_per_second, "LeNet/cpu": images_per_cpu_second, ...}
(CPU time of the whole process, so the figure is less sensitive to other load on the machine).

Usage: python3 scripts/bench/torch_networks.py [--min-seconds S] [names...]
"""
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "fixtures"))
import make_network_fixtures as m  # noqa: E402

CASES = {
    "LeNet": (lambda: m.Wrapper("mnist", m.LeNet(1, 10, 28), False), (1, 28, 28), 512),
    "WRN-40-2": (lambda: m.Wrapper("cifar", m.WideResNet(40, 2, 10), True), (3, 32, 32), 512),
    "ResNet-110": (lambda: m.Wrapper("cifar", m.CifarResNet(18), True), (3, 32, 32), 512),
    "ResNet-18": (lambda: m.Wrapper("imagenet", m.torchvision_full_size(18), True), (3, 224, 224), 32),
    "ResNet-50": (lambda: m.Wrapper("imagenet", m.torchvision_full_size(50), True), (3, 224, 224), 32),
}


def main():
    args = sys.argv[1:]
    min_seconds = 2.0
    if "--min-seconds" in args:
        i = args.index("--min-seconds")
        min_seconds = float(args[i + 1])
        del args[i:i + 2]
    names = args or list(CASES)
    torch.set_num_threads(2)
    torch.manual_seed(0)
    result = {}
    for name in names:
        make, shape, batch = CASES[name]
        model = make().eval()
        x = torch.rand((batch,) + shape) + 0.25 * torch.randn((batch,) + shape)
        with torch.no_grad():
            model(x)  # warm-up
            calls, start, cpu_start = 0, time.perf_counter(), time.process_time()
            while True:
                model(x)
                calls += 1
                elapsed = time.perf_counter() - start
                if elapsed >= min_seconds:
                    break
        result[name] = calls * batch / elapsed
        result[name + "/cpu"] = calls * batch / max(time.process_time() - cpu_start, 1e-9)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
