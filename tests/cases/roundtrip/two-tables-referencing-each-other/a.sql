CREATE TABLE employees (id integer PRIMARY KEY, department_id integer);
CREATE TABLE departments (id integer PRIMARY KEY,
                          manager_id integer REFERENCES employees ON DELETE SET NULL);
ALTER TABLE employees ADD FOREIGN KEY (department_id) REFERENCES departments (id);
