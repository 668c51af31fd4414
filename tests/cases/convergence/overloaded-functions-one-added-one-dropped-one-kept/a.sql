CREATE FUNCTION area(side integer) RETURNS integer LANGUAGE sql AS $$SELECT side * side$$;
CREATE FUNCTION area(w integer, h integer) RETURNS integer LANGUAGE sql AS $$SELECT w * h$$;
