CREATE TABLE codes (code text);
CREATE TABLE uses (code text);
