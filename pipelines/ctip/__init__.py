"""ctip: the Caribbean counter-trafficking statistics warehouse."""
