"""Default mapping collections of the OroCommerce connector, as JSON data files."""
