"""Population estimates built on the warehouse: multiple systems estimation of hidden victims."""
