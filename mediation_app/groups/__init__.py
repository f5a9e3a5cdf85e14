"""Serial cases (系列案): one common party's disputes with many others, filed, assigned
and followed together, each member a normal case."""
