"""Benchmarks of the mediation app, run by ``make bench`` as ``python -m benchmarks``.

Each benchmark is a module with ``NAME`` and ``run(run)``; shared helpers
(throwaway databases, the app, gunicorn, load generation, timing, the report)
live in ``benchmarks.support``. They print figures and QUALITY.md's ratio goals;
they never assert on time.
"""
