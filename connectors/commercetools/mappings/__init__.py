"""Default mapping collections of the commercetools connector, as JSON data files."""
