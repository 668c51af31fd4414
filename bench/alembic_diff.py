#!/usr/bin/python3
"""Alembic autogenerate as a schema diff tool, for the benchmark (issue 7).

Reflects schema SCHEMA of the target database into a MetaData (the "models"), compares it with
the source database the way `alembic revision --autogenerate` does, and prints the upgrade
operations as SQL (offline mode), ready for psql.

usage: alembic_diff.py SOCKET_DIR PORT DB_FROM DB_TO SCHEMA
"""
import io
import sys

import sqlalchemy as sa
from alembic.autogenerate import produce_migrations
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.operations import ops as alembic_ops


def engine(socket_dir, port, db):
    return sa.create_engine(
        f"postgresql+psycopg2://postgres@/{db}", connect_args={"host": socket_dir, "port": port}
    )


def flatten(op):
    if isinstance(op, (alembic_ops.UpgradeOps, alembic_ops.ModifyTableOps)):
        for sub in op.ops:
            yield from flatten(sub)
    else:
        yield op


def main():
    socket_dir, port, db_from, db_to, schema = sys.argv[1:6]
    target = sa.MetaData(schema=schema)
    with engine(socket_dir, port, db_to).connect() as conn:
        target.reflect(bind=conn, schema=schema)

    def include_name(name, type_, parent_names):
        if type_ == "schema":
            return name == schema
        return True

    with engine(socket_dir, port, db_from).connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "target_metadata": target,
                "include_schemas": True,
                "include_name": include_name,
                "compare_type": True,
                # compare_server_default=True fails on enum defaults (it evaluates
                # SELECT 'new'::app.status = "new'::app.status"), so it stays off, as by default.
            },
        )
        migration = produce_migrations(context, target)

    buffer = io.StringIO()
    offline = MigrationContext.configure(
        dialect_name="postgresql",
        opts={"as_sql": True, "output_buffer": buffer, "literal_binds": True},
    )
    operations = Operations(offline)
    for op in flatten(migration.upgrade_ops):
        operations.invoke(op)
    sys.stdout.write(buffer.getvalue())


if __name__ == "__main__":
    main()
