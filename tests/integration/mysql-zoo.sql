-- mysql-zoo.sql - a source database with every MySQL type and the awkward bytes
SET sql_mode = 'NO_ENGINE_SUBSTITUTION';
CREATE TABLE zoo (
  id int NOT NULL AUTO_INCREMENT,
  ti tinyint, si smallint unsigned, mi mediumint, bi bigint unsigned,
  de decimal(20,6), fl float, db double, bt bit(13), bo boolean,
  d date, dt datetime(6), ts timestamp NULL DEFAULT NULL, tm time(3), yr year,
  ch char(10), vc varchar(255), bn binary(4), vb varbinary(64),
  tt tinytext, tx text, mt mediumtext, lt longtext,
  tb tinyblob, bl blob, mb mediumblob, lb longblob,
  en enum('a','b','c d'), st set('x','y','z'),
  js json, lat varchar(20) CHARACTER SET latin1,
  g point, gen_v int AS (ti + 1) VIRTUAL, gen_s varchar(300) AS (concat(vc, '!')) STORED,
  PRIMARY KEY (id), KEY k_vc (vc), UNIQUE KEY u_bi (bi), KEY k_gen (gen_s)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO zoo (ti, si, mi, bi, de, fl, db, bt, bo, d, dt, ts, tm, yr, ch, vc, bn, vb,
  tt, tx, mt, lt, tb, bl, mb, lb, en, st, js, lat, g) VALUES
 (-128, 65535, -8388608, 18446744073709551615, -12345678901234.123456, 1.5, -2.25e-300,
  b'1010101010101', 1, '2024-02-29', '2024-01-02 03:04:05.123456', '2024-06-01 12:00:00',
  '-838:59:59.000', 2155, 'x', 'plain', 0x00090A5C, 0x000102090a0d5c4e27225c30ff,
  '', '', 'tab\there', 'nl\nhere', 0x00, 0x5c4e, 0x09, 0x0a, 'c d', 'x,z',
  '{"a": [1, "é", null]}', 'caf\xe9', ST_GeomFromText('POINT(1 2)')),
 (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '0000-00-00', '0000-00-00 00:00:00',
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL),
 (0, 0, 0, 0, 0, 0, 0, b'0', 0, '2000-00-00', '1000-01-01 00:00:00', NULL, '00:00:00', 0,
  '', '', '', '', '\\N', 'N', '\\', 'emoji 😀 🇫🇷 𝄞', '', '', '', '', 'a', '', '[]', '', NULL);
UPDATE zoo SET id = 0 WHERE id = 3;
INSERT INTO zoo (id, vc, lb) VALUES (100, 'bigblob', REPEAT(CONCAT(0x00090a5c, 'xyzé😀'), 1310720));
CREATE TABLE empty_t (a int PRIMARY KEY, b text) ENGINE=InnoDB;
CREATE TABLE parent (id int PRIMARY KEY, name varchar(20)) ENGINE=InnoDB;
CREATE TABLE child (id int PRIMARY KEY, pid int, KEY k_pid (pid),
  CONSTRAINT fk_child FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE CASCADE) ENGINE=InnoDB;
INSERT INTO parent VALUES (1, 'one'), (2, 'two');
INSERT INTO child VALUES (10, 1), (20, 2), (30, NULL);
CREATE TABLE cache_data (cid varchar(255) NOT NULL PRIMARY KEY, data longblob,
  expire int) ENGINE=InnoDB;
INSERT INTO cache_data VALUES ('k1', 0x00ff00ff, 0), ('k2', 'x', -1);
CREATE TABLE myisam_t (a int, b varchar(10)) ENGINE=MyISAM;
INSERT INTO myisam_t VALUES (1, 'a'), (2, 'b');
CREATE VIEW v_parent AS SELECT id, name FROM parent WHERE id > 0;
CREATE VIEW v_v AS SELECT name FROM v_parent;
CREATE TRIGGER trg_parent BEFORE INSERT ON parent FOR EACH ROW SET NEW.name = UPPER(NEW.name);
CREATE FUNCTION f_double(x int) RETURNS int DETERMINISTIC RETURN x * 2;
CREATE PROCEDURE p_count(OUT n int) SELECT COUNT(*) INTO n FROM parent;
CREATE EVENT ev_noop ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM cache_data WHERE expire < 0;
