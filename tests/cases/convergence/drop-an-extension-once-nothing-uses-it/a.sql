CREATE EXTENSION btree_gist WITH SCHEMA app;
CREATE TABLE bookings (room int NOT NULL);
CREATE INDEX bookings_room_idx ON bookings USING gist (room);
