"""Party satisfaction surveys on concluded cases, and the mediators' evaluation."""
