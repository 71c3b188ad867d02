"""The features and the ITA rules, one package per thing the office does, without any I/O library.

From the bottom up (a package imports only those before it; tests/unit/test_layout.py enforces it):
ita → conversation → complaints → casework → measures → oit → jobs → documents → public → staff."""
