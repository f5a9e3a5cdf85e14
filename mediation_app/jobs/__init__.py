"""Work beside the request: jobs recorded in the business transaction (an outbox of
work) and run after it commits, by RQ workers on Redis or, with no ``REDIS_URL``, in
this process through the same code path (see ``jobs.runner``)."""
