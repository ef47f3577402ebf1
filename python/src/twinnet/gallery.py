"""The articles' examples, trained and drawn (docs/pictures.md).

:func:`example_pictures` trains five networks (Analytics Vidhya's toy network
and its moons and blobs, Loy's network, a Fashion-MNIST network) and draws
their pictures with :mod:`twinnet.plot`. Twin: ``R/R/gallery.R``, which draws
the same files from the same numbers.
"""

import os

from .datasets import loy_data, make_blobs, make_moons, one_hot, toy_data
from .idx import FASHION_MNIST, FASHION_MNIST_CLASSES, read_mnist
from .layers import Activation, Dense
from .mlp import MLP
from .network import Network
from .plot import plot_decision_boundary, plot_images, plot_loss, plot_network
from .scale import apply_scaler, fit_scaler
from .validation import TwinnetError

__all__ = ["example_pictures"]


def example_pictures(folder, mode="exact", fashion_folder=None):
    """Train the articles' examples and draw their pictures into ``folder``.

    The same files, from the same numbers, as R's ``example_pictures()``
    (docs/pictures.md describes each). ``mode="exact"`` makes the data behind
    the two languages' pictures identical; Fashion-MNIST (from
    ``fashion_folder``, by default Debian's) is skipped when it is not there.

    Returns
    -------
    list of str
        The paths of the pictures written, in the order drawn (R's twin
        returns the same paths, invisibly). Each picture's data comes from
        the plot function that drew it (``plot_loss``, ...).
    """
    folder = os.fspath(folder)
    if not os.path.isdir(folder):
        raise TwinnetError(f"folder {folder} does not exist")
    out = {}

    def at(name):
        return os.path.join(folder, name)

    # Analytics Vidhya's toy network: 4-3-1 sigmoid, lr 0.1, 5000 epochs
    X, y = toy_data()
    toy = MLP([4, 3, 1], lr=0.1, seed=42, mode=mode).fit(X, y, 5000)
    out["toy_loss.png"] = plot_loss(
        toy, at("toy_loss.png"), title="Analytics Vidhya's toy network 4-3-1: loss per epoch"
    )
    out["toy_network.png"] = plot_network(toy, at("toy_network.png"))

    # Loy's network: 3-4-1, no bias, sum of squares, lr 1, 1500 iterations,
    # his uniform start drawn by runif after set.seed(2)
    X, y = loy_data()
    loy = Network(seed=2, mode=mode)
    loy.add(Dense(3, 4, bias=False, init="loy")).add(Activation("sigmoid"))
    loy.add(Dense(4, 1, bias=False, init="loy")).add(Activation("sigmoid"))
    loy.use("sse").fit(X, y, 1500, lr=1)
    out["loy_loss.png"] = plot_loss(
        loy,
        at("loy_loss.png"),
        title="Loy's network 3-4-1: loss per epoch (his loss per iteration)",
    )

    # Analytics Vidhya's second dataset: moons, normalised, 2-10-1 sigmoid
    X, y = make_moons(200, noise=0.2, seed=42)
    X = apply_scaler(fit_scaler(X), X)
    moons = MLP([2, 10, 1], lr=0.1, seed=42, mode=mode).fit(X, y, 3000)
    out["moons_loss.png"] = plot_loss(
        moons,
        at("moons_loss.png"),
        log=True,
        title="Moons, 2-10-1 sigmoid: loss per epoch (log scale)",
    )
    out["moons_boundary.png"] = plot_decision_boundary(
        moons,
        X,
        y,
        at("moons_boundary.png"),
        title="Moons (200 points, noise 0.2), 2-10-1 sigmoid network",
    )
    out["moons_network.png"] = plot_network(moons, at("moons_network.png"))

    # Its "blobs" exercise: three classes, softmax output
    X, y = make_blobs(300, centers=3, sd=4, seed=7)
    X = apply_scaler(fit_scaler(X), X)
    blobs = Network(seed=42, mode=mode)
    blobs.add(Dense(2, 8)).add(Activation("sigmoid"))
    blobs.add(Dense(8, 3)).add(Activation("softmax"))
    blobs.use("softmax_cross_entropy").fit(X, one_hot(y, 3), 1000, lr=1)
    out["blobs_boundary.png"] = plot_decision_boundary(
        blobs,
        X,
        y,
        at("blobs_boundary.png"),
        title="Blobs (300 points, 3 classes), 2-8-3 sigmoid-softmax network",
    )

    # Fashion-MNIST: a 784-32-10 network on 2000 training images, 25 test images
    fashion_folder = FASHION_MNIST if fashion_folder is None else fashion_folder
    if os.path.isdir(fashion_folder):
        X, y = read_mnist(fashion_folder, "train", n=2000)
        Xt, yt = read_mnist(fashion_folder, "t10k", n=25)
        fashion = Network(seed=42, mode=mode)
        fashion.add(Dense(784, 32, init="xavier")).add(Activation("sigmoid"))
        fashion.add(Dense(32, 10, init="xavier")).add(Activation("softmax"))
        fashion.use("softmax_cross_entropy").fit(
            X, one_hot(y, 10), 10, lr=0.01, batch_size=100, shuffle=True, optimizer="adam"
        )
        out["fashion_images.png"] = plot_images(
            Xt,
            yt,
            at("fashion_images.png"),
            predicted=fashion.predict(Xt),
            class_names=FASHION_MNIST_CLASSES,
        )
        out["fashion_network.png"] = plot_network(fashion, at("fashion_network.png"))
    return [at(name) for name in out]
