"""Table declarations, one module per EBS product family; ``ALL_TABLES`` in load order."""

from __future__ import annotations

from harness.generators.ebs.schema import TableSpec
from harness.generators.ebs.tables import ap, ar, fa_ce, fnd_hr, gl, om_inv, po

ALL_TABLES: list[TableSpec] = [
    *fnd_hr.TABLES,
    *gl.TABLES,
    *ap.TABLES,
    *ar.TABLES,
    *po.TABLES,
    *om_inv.TABLES,
    *fa_ce.TABLES,
]
