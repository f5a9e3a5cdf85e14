"""Federations of industry and commerce (工商联) and the figures of their member centres."""
