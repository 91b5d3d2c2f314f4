"""The neural head's training in PyTorch, as the paper's code runs it, for `npm run bench head`:
Linear → BatchNorm → ReLU → Dropout per hidden layer, weighted label-smoothed cross-entropy, input
noise, AdamW, clip_grad_norm_, batches of 16 (last short batch dropped), and after every epoch the
accuracy on the training and validation sets — the same work as loaders/models/mlp/head.ts. One
thread. Prints JSON: seconds per epoch for each hidden-layer shape."""
import json
import sys
import time

import torch
import torch.nn as nn

torch.set_num_threads(1)
torch.manual_seed(0)
n, d, k, epochs = int(sys.argv[1]), 1024, 3, int(sys.argv[2])
X = torch.randn(n, d)
y = torch.randint(0, k, (n,))
Xv = torch.randn(300, d)
yv = torch.randint(0, k, (300,))
out = {"torch": torch.__version__, "seconds_per_epoch": {}}
for hidden in ([512, 256], [1024, 512, 256]):
    layers, prev = [], d
    for h in hidden:
        layers += [nn.Linear(prev, h), nn.BatchNorm1d(h), nn.ReLU(), nn.Dropout(0.5)]
        prev = h
    model = nn.Sequential(*layers, nn.Linear(prev, k))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)
    loss_fn = nn.CrossEntropyLoss(weight=torch.ones(k), label_smoothing=0.1)
    t = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(n)
        for s in range(0, n - 15, 16):
            idx = perm[s:s + 16]
            xb = X[idx] + 0.01 * torch.randn(16, d)
            opt.zero_grad()
            loss = loss_fn(model(xb), y[idx])
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
        model.eval()
        with torch.no_grad():
            (model(X).argmax(1) == y).float().mean().item()
            (model(Xv).argmax(1) == yv).float().mean().item()
    out["seconds_per_epoch"]["-".join(map(str, hidden))] = (time.perf_counter() - t) / epochs
print(json.dumps(out))
