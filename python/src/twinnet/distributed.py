"""Prediction over a Dask array or dataframe, partition by partition (docs/streaming.md).

one side: R has no Dask; R's data larger than memory go through idx_source()
and csv_source() (``streaming.R``), which Python has too.

Dask is an optional extra (``pip install twinnet[dask]``), imported only
when these functions are called. Each partition's rows go through the
network's forward pass on their own; a row's output does not depend on the
other rows of its batch, so in exact mode the result is bit for bit the
in-memory ``predict`` whatever the partitioning (blas mode: within rounding,
as BLAS may block a product differently for another number of rows).
"""

import numpy as np
import pandas as pd

from .validation import TwinnetError

__all__ = ["predict"]


def _dask():
    try:
        import dask.array as da
        import dask.dataframe as dd
    except ImportError:
        raise TwinnetError(
            "twinnet.distributed needs Dask: pip install 'twinnet[dask]' (dask[array,dataframe])"
        ) from None
    return da, dd


def predict(model, data):
    """The network's outputs for a Dask array or dataframe, computed lazily.

    Parameters
    ----------
    model : Network or MLP
        A trained network (``Network.predict`` is applied to each partition).
    data : dask.array.Array or dask.dataframe.DataFrame
        Rows of inputs: an array of 2 dimensions chunked along its rows only
        (one chunk across the columns), or a dataframe of numeric columns.

    Returns
    -------
    dask.array.Array or dask.dataframe.DataFrame
        n x k outputs, partitioned as ``data``: an array of float64 (the
        same row chunks) or a dataframe with columns ``y1 ... yk`` (the same
        divisions and index). Call ``.compute()`` for the numbers.
    """
    da, dd = _dask()
    k = model.dense_layers[-1].n_out if getattr(model, "dense_layers", None) else None
    if k is None:
        raise TwinnetError("the network has no dense layer; add one first")
    if isinstance(data, da.Array):
        if data.ndim != 2:
            raise TwinnetError(f"data must be a matrix (2 dimensions), got {data.ndim}")
        if len(data.chunks[1]) != 1:
            data = data.rechunk({1: -1})  # a row's inputs in one block
        return data.map_blocks(
            lambda block: model.predict(block) if block.shape[0] else np.empty((0, k)),
            dtype=np.float64,
            chunks=(data.chunks[0], (k,)),
        )
    if isinstance(data, dd.DataFrame):
        columns = [f"y{j + 1}" for j in range(k)]
        meta = pd.DataFrame({c: np.empty(0) for c in columns})

        def part(frame):
            values = model.predict(frame) if len(frame) else np.empty((0, k))
            return pd.DataFrame(values, index=frame.index, columns=columns)

        return data.map_partitions(part, meta=meta)
    raise TwinnetError(
        f"data must be a Dask array or dataframe, got {type(data).__name__} "
        "(for data in memory call model.predict)"
    )
