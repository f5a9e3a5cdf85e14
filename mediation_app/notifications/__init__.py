"""E-mail notifications through an outbox table.

A business operation calls :func:`operations.queue_email`, which adds a row to
``outbox_messages`` inside the operation's own transaction: the message exists
exactly when the business change commits. :func:`operations.send_pending`
(``flask notifications send``) delivers due rows afterwards over SMTP and
retries with exponential backoff, so a mail server that is down loses nothing
and never slows down or breaks the business transaction.
"""
