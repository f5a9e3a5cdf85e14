"""What every domain stands on: value types and schemas shared by all faces."""
