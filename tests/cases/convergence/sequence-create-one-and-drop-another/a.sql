CREATE SEQUENCE old_numbers;
