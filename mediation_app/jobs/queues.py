"""RQ on Redis (only where ``REDIS_URL`` is set): one connection per process, one
queue per kind of work, so a long import never waits behind a burst of documents."""

from flask import Flask
from redis import Redis
from rq import Queue

QUEUES = ("documents", "default", "imports")  # a worker takes them in this order
_connections: dict[str, Redis] = {}


def connection(app: Flask) -> Redis:
    url = app.config["REDIS_URL"]
    if url not in _connections:
        _connections[url] = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)
    return _connections[url]


def queue(app: Flask, name: str) -> Queue:
    return Queue(name, connection=connection(app))
