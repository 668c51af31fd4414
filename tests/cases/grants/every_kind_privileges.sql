-- What the roles of every_kind.sql hold, one row a fact; compared between the schema made by
-- hand and the one planned from its inspected declaration.
SELECT format('%s %s %s %s', r.role, o.name, p.privilege,
              CASE WHEN o.kind = 'table' THEN has_table_privilege(r.role, o.name, p.privilege)
                   WHEN o.kind = 'sequence' THEN has_sequence_privilege(r.role, o.name, p.privilege)
                   WHEN o.kind = 'function' THEN has_function_privilege(r.role, o.name, p.privilege)
                   WHEN o.kind = 'type' THEN has_type_privilege(r.role, o.name, p.privilege)
                   ELSE has_schema_privilege(r.role, o.name, p.privilege) END)
FROM (VALUES ('READER'), ('WRITER'), ('public')) AS r(role)
CROSS JOIN (VALUES ('table', 'shop.orders'), ('table', 'shop.big_orders'),
                   ('sequence', 'shop.invoice_no'), ('function', 'shop.order_count()'),
                   ('function', 'shop.f(integer)'), ('function', 'shop.f(text)'),
                   ('type', 'shop.mood'), ('type', 'shop.positive'), ('schema', 'shop')) AS o(kind, name)
CROSS JOIN (VALUES ('SELECT'), ('INSERT'), ('UPDATE'), ('USAGE'), ('EXECUTE'), ('CREATE'),
                   ('SELECT WITH GRANT OPTION'), ('INSERT WITH GRANT OPTION')) AS p(privilege)
WHERE (o.kind = 'table' AND p.privilege NOT IN ('USAGE', 'EXECUTE', 'CREATE'))
   OR (o.kind = 'sequence' AND p.privilege IN ('USAGE', 'SELECT', 'UPDATE'))
   OR (o.kind = 'function' AND p.privilege = 'EXECUTE')
   OR (o.kind = 'type' AND p.privilege = 'USAGE')
   OR (o.kind = 'schema' AND p.privilege IN ('USAGE', 'CREATE'))
UNION ALL
SELECT format('default %s %s %s', pg_get_userbyid(d.defaclrole), d.defaclobjtype, d.defaclacl)
FROM pg_default_acl d WHERE d.defaclnamespace = 'shop'::regnamespace
UNION ALL
SELECT format('column note %s %s', r.role, has_column_privilege(r.role, 'shop.orders', 'note', 'UPDATE'))
FROM (VALUES ('READER'), ('WRITER')) AS r(role)
ORDER BY 1;
