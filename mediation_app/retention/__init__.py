"""The retention schedule (PIPL: kept no longer than needed): what is destroyed, when,
and the record of each destruction."""
