CREATE TABLE bookings (
  room integer,
  during tstzrange,
  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&)
);
