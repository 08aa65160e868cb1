"""PDPA: the officer's own-data export, the provider registry other apps plug into,
and the anonymisation of officers who left long ago."""
