"""Entity matching: tie a signal to the one account it is about, or to none."""
