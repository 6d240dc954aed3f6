def pytest_configure(config):
    # the end-to-end robustness checks (1 000 dirty inputs, kill -9 loop) take ~20 s each:
    # `pytest -m "not slow"` leaves them out while iterating; the full suite runs them
    config.addinivalue_line("markers", "slow: end-to-end check of tens of seconds")
