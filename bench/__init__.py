"""`make bench`: a dataset at 100× real size, the app under gunicorn, and two baselines on the same data."""
