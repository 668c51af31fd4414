CREATE TABLE bookings (room int NOT NULL, during tsrange NOT NULL);
