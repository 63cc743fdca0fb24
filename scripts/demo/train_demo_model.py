"""Train the demo classifier shipped in ckpts/demo/ (reproducible recipe).

Data: the handwritten-digits set bundled with scikit-learn (1797 images, 8×8,
offline), upsampled to the MNIST shape 1×28×28 with values in [0, 1].
Model: the reference LeNet for 1-channel 28×28 inputs behind the reference
normalisation layer (keys `norm.mu`, `norm.log_sig`, `model.conv1.weight`, …),
so the checkpoint is exactly what the reference code would save.
Training: SGD with Nesterov momentum, cosine learning rate, with Uniform
noise augmentation at sigma = 0.5 (lambda = sigma * sqrt(3)), the noise the
README example certifies against.

Outputs (ckpts/demo/): lenet_digits_uniform_050.pt (torch zip format),
examples.npy (float32 N×1×28×28 held-out inputs), examples_labels.npy (int64).

Run: python3 scripts/demo/train_demo_model.py   (needs torch, scikit-learn, numpy)
"""
import math
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.datasets import load_digits

SEED = 20200218
SIGMA = 0.5
EPOCHS = 60
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "ckpts", "demo")


class Normalize(nn.Module):
    def __init__(self, mu, sig):
        super().__init__()
        self.mu = nn.Parameter(torch.tensor(mu).reshape(1, 1, 1), requires_grad=False)
        self.log_sig = nn.Parameter(torch.log(torch.tensor(sig)).reshape(1, 1, 1), requires_grad=False)

    def forward(self, x):
        return (x - self.mu) / torch.exp(self.log_sig)


class LeNetBody(nn.Module):
    def __init__(self, channels, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.flatten(1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class Classifier(nn.Module):
    def __init__(self, mu, sig):
        super().__init__()
        self.norm = Normalize(mu, sig)
        self.model = LeNetBody(1, 10)

    def forward(self, x):
        return self.model(self.norm(x))


def load_data():
    digits = load_digits()
    x = torch.tensor(digits.images / 16.0, dtype=torch.float32).unsqueeze(1)
    x = F.interpolate(x, size=(28, 28), mode="bilinear", align_corners=False).clamp(0, 1)
    y = torch.tensor(digits.target, dtype=torch.int64)
    perm = torch.randperm(len(y), generator=torch.Generator().manual_seed(SEED))
    x, y = x[perm], y[perm]
    return (x[:1500], y[:1500]), (x[1500:], y[1500:])


def uniform_noise(x, sigma):
    lambd = sigma * math.sqrt(3.0)
    return x + (torch.rand_like(x) * 2 - 1) * lambd


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    (xtr, ytr), (xte, yte) = load_data()
    model = Classifier(float(xtr.mean()), float(xtr.std()))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, EPOCHS)
    for epoch in range(EPOCHS):
        model.train()
        perm = torch.randperm(len(ytr))
        for i in range(0, len(ytr), 64):
            idx = perm[i:i + 64]
            loss = F.cross_entropy(model(uniform_noise(xtr[idx], SIGMA)), ytr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        sched.step()
    model.eval()
    with torch.no_grad():
        clean = (model(xte).argmax(1) == yte).float().mean().item()
        noisy = np.mean([(model(uniform_noise(xte, SIGMA)).argmax(1) == yte).float().mean().item()
                         for _ in range(20)])
    print(f"held-out accuracy: clean {clean:.3f}, under Uniform sigma={SIGMA} noise {noisy:.3f}")
    os.makedirs(OUT, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(OUT, "lenet_digits_uniform_050.pt"))
    np.save(os.path.join(OUT, "examples.npy"), xte[:8].numpy().astype(np.float32))
    np.save(os.path.join(OUT, "examples_labels.npy"), yte[:8].numpy().astype(np.int64))


if __name__ == "__main__":
    main()
