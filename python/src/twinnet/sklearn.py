"""scikit-learn's name for twinnet's estimators: ``from twinnet.sklearn import TwinnetClassifier``.

one side: the module name scikit-learn users import; the estimators live in
``twinnet/estimator.py`` (twin: ``R/R/estimator.R``), re-exported here.
"""

from .estimator import OUTPUTS, TwinnetClassifier, TwinnetRegressor

__all__ = ["TwinnetClassifier", "TwinnetRegressor", "OUTPUTS"]
