#!/usr/bin/env python3
"""PyTorch reference throughput for the smoothing benchmark (rs4a-bench area "smoothing").

The loop of upstream's smooth_predict_hard — expand the input to a noise batch of 512, add
Uniform noise (sigma 0.5, lambda = sigma * sqrt(3)), forward, argmax, count — on the shipped
demo LeNet (ckpts/demo/lenet_digits_uniform_050.pt), eval mode, no_grad, with 1 and 2 torch
threads. Prints one JSON object: {"threads1": draws_per_second, "threads2": ...}.

Usage: python3 scripts/bench/torch_smoothing.py [--draws N]
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


class Normalize(nn.Module):
    def __init__(self):
        super().__init__()
        self.mu = nn.Parameter(torch.zeros(1, 1, 1), requires_grad=False)
        self.log_sig = nn.Parameter(torch.zeros(1, 1, 1), requires_grad=False)

    def forward(self, x):
        return (x - self.mu) / torch.exp(self.log_sig)


class LeNetBody(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x.flatten(1))))))


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = Normalize()
        self.model = LeNetBody()

    def forward(self, x):
        return self.model(self.norm(x))


def draws_per_second(model, x, draws, batch=512, sigma=0.5):
    lambd = sigma * math.sqrt(3.0)
    counts = torch.zeros(10)
    left = draws
    start = time.perf_counter()
    with torch.no_grad():
        while left > 0:
            b = min(batch, left)
            samples = x.unsqueeze(0).expand((b,) + x.shape).contiguous()
            samples = samples + (torch.rand_like(samples) * 2 - 1) * lambd
            top = model(samples).argmax(dim=1)
            counts += torch.bincount(top, minlength=10).float()
            left -= b
    return draws / (time.perf_counter() - start)


def main():
    draws = int(sys.argv[sys.argv.index("--draws") + 1]) if "--draws" in sys.argv else 20000
    model = Classifier()
    model.load_state_dict(torch.load(os.path.join(ROOT, "ckpts/demo/lenet_digits_uniform_050.pt"), map_location="cpu"))
    model.eval()
    x = torch.from_numpy(np.load(os.path.join(ROOT, "ckpts/demo/examples.npy"))[0])
    out = {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        draws_per_second(model, x, 1024)  # warm-up
        out[f"threads{threads}"] = draws_per_second(model, x, draws)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
