"""Reference solutions to the code questions, each a reply as a person would send it."""

TWO_LAYER = """```python
import numpy as np

def forward(X, W1, b1, W2, b2):
    z1 = X @ W1 + b1
    h = np.maximum(0, z1)
    out = h @ W2 + b2
    return out, (X, W1, W2, z1, h)

def backward(dout, cache):
    X, W1, W2, z1, h = cache
    dW2 = h.T @ dout
    db2 = dout.sum(axis=0)
    dh = dout @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0)
    dX = dz1 @ W1.T
    return dX, dW1, db1, dW2, db2
```"""

DROPOUT = """Here is mine:
```python
import numpy as np

def dropout_forward(x, p, rng):
    mask = (rng.random(x.shape) < p) / p
    return x * mask, mask

def dropout_backward(dout, mask):
    return dout * mask
```"""

NORMAL_PDF = """```python
import numpy as np

def normal_pdf(x, mu, sigma):
    return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))
```"""

NORMAL_PDF_DX = """```python
import numpy as np

def normal_pdf_dx(x, mu, sigma):
    pdf = np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))
    return -(x - mu) / sigma**2 * pdf
```"""

SIGMOID_BACKWARD = """```python
import numpy as np

def sigmoid_backward(x, grad_output):
    s = 1 / (1 + np.exp(-x))
    return grad_output * s * (1 - s)
```"""

SIGMOID_POW2 = """```python
import numpy as np

def sigmoid2_forward(x):
    return 1 / (1 + 2.0 ** (-1.5 * x))

def sigmoid2_backward(x, grad_output):
    s = sigmoid2_forward(x)
    return grad_output * 1.5 * np.log(2) * s * (1 - s)
```"""

CORRECT = {
    "two_layer": TWO_LAYER,
    "dropout": DROPOUT,
    "normal_pdf": NORMAL_PDF,
    "normal_pdf_dx": NORMAL_PDF_DX,
    "sigmoid_backward": SIGMOID_BACKWARD,
    "sigmoid_pow2": SIGMOID_POW2,
}
