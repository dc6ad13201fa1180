CREATE TABLE codes (code text, CONSTRAINT codes_code_key UNIQUE (code));
CREATE TABLE uses (code text REFERENCES codes (code));
