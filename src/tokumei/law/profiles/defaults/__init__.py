"""Defaults that profiles inherit with `extends:`."""
