CREATE TABLE rooms (id integer, during tstzrange,
                    CONSTRAINT rooms_id_excl EXCLUDE USING btree (id WITH =));
