"""The ITA rules: indicators, weights, pass marks and levels, the analysis of a year's result, and the checks of the
scores an admin enters. Pure rules; imports nothing else of handlers/ (the bottom of the packages)."""
