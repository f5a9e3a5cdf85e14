"""The administrator's accounts of their centre: making one, its role, a mediator's
specialty and chamber, and (through ``auth``) resetting a password or disabling it."""
