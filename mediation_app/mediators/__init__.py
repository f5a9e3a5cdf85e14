"""The centre's mediator register (调解员名册): each mediator's profile, term of
appointment and training, kept by staff, and the public register parties read."""
