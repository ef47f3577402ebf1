"""Builds twinnet's exact core (twinnet._core._ext); the rest is pyproject.toml.

The core's C sources in src/twinnet/_core are byte-identical copies of
R/src's (make sync-core; a test compares them). No compiler flags are added:
the sources themselves forbid FMA contraction and fast-math (pragmas and
#error checks), so any optimisation level gives the same bits.
"""

import sys

from setuptools import Extension, setup

CORE = "src/twinnet/_core/"
libraries = [] if sys.platform == "win32" else ["pthread"]

setup(
    ext_modules=[
        Extension(
            "twinnet._core._ext",
            sources=[
                CORE + "module.c",
                CORE + "tn_linalg.c",
                CORE + "tn_math.c",
                CORE + "blas_kernels.c",  # blas mode's kernels, not the core
            ],
            depends=[CORE + "tn_core.h"],
            include_dirs=[CORE],
            libraries=libraries,
        )
    ]
)
