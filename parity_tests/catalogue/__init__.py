"""The catalogue of bad and hostile inputs (issue 10): ``cases.CASES``, run
through both languages by ``parity_tests/test_catalogue.py``."""
