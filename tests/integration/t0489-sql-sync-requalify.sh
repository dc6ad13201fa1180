#!/bin/bash
# sql-sync (MySQL/MariaDB) into a database of another name: views, triggers,
# routines and events are pointed at the target database by their schema
# qualifiers only; a table, a column, an alias, a parameter and a routine
# named like the database, the name inside strings and comments, and names
# with backticks, dots and unicode stay what they were; references to
# another database are left as they are, with one warning per object.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/sync-mysql.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd not installed"

# The issue's minimal case, and everything named "shop" that is not the schema.
cat >shop.sql <<\EOF
CREATE DATABASE shop;
CREATE DATABASE other;
CREATE TABLE other.o (id INT PRIMARY KEY, label VARCHAR(20));
INSERT INTO other.o VALUES (1, 'other one'), (2, 'other two');
USE shop;
CREATE TABLE shop.shop (id INT PRIMARY KEY, shop INT);
INSERT INTO shop.shop VALUES (1, 10), (2, 20), (3, 30);
CREATE TABLE shop.log (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(100));
CREATE VIEW shop.v AS SELECT shop.id FROM shop.shop;
CREATE FUNCTION shop.shop(x INT) RETURNS INT DETERMINISTIC RETURN x * 2;
CREATE VIEW shop.v_fn AS SELECT shop.shop(shop.id) AS twice, shop.shop.shop AS col,
	'shop.shop' AS s, "`shop`.`id`" AS q FROM shop.shop AS shop;
CREATE VIEW shop.v_other AS SELECT o.label FROM shop.shop JOIN other.o ON o.id = shop.id;
DELIMITER //
CREATE TRIGGER shop.tr BEFORE INSERT ON shop.shop FOR EACH ROW BEGIN
	/* shop.log gets a line: 'shop.shop' */
	-- shop.shop -- comment
	# shop.shop hash comment
	INSERT INTO shop.log (note) VALUES (CONCAT('shop.shop ', NEW.id, " `shop`.x"));
	SET NEW.shop = shop.shop(NEW.id) + (SELECT COUNT(*) FROM shop.shop);
END//
CREATE PROCEDURE shop.p_count(IN shop INT, OUT n INT) BEGIN
	-- the parameter, the alias and the table are all "shop"
	SELECT COUNT(*) INTO n FROM shop.shop shop WHERE shop.id >= shop;
END//
CREATE EVENT shop.e_purge ON SCHEDULE EVERY 1 DAY DISABLE
	DO DELETE FROM shop.log WHERE note = 'shop.log' /* shop.log *///
DELIMITER ;
EOF

# An employees-like schema: the view of the issue joins `employees` in
# database employees (SHOW CREATE VIEW prints `employees`.`emp_no`).
cat >employees.sql <<\EOF
CREATE DATABASE employees;
USE employees;
CREATE TABLE employees (emp_no INT PRIMARY KEY, first_name VARCHAR(14), last_name VARCHAR(16),
	hire_date DATE);
CREATE TABLE departments (dept_no CHAR(4) PRIMARY KEY, dept_name VARCHAR(40));
CREATE TABLE dept_emp (emp_no INT, dept_no CHAR(4), from_date DATE, to_date DATE,
	PRIMARY KEY (emp_no, dept_no));
INSERT INTO employees VALUES (10001, 'Georgi', 'Facello', '1986-06-26'),
	(10002, 'Bezalel', 'Simmel', '1985-11-21'), (10003, 'Parto', 'Bamford', '1986-08-28');
INSERT INTO departments VALUES ('d001', 'Marketing'), ('d005', 'Development');
INSERT INTO dept_emp VALUES (10001, 'd005', '1986-06-26', '9999-01-01'),
	(10002, 'd001', '1996-08-03', '9999-01-01'), (10003, 'd005', '1995-12-03', '9999-01-01');
CREATE FUNCTION emp_dept_name(n INT) RETURNS VARCHAR(40) READS SQL DATA
	RETURN (SELECT d.dept_name FROM employees.dept_emp de
		JOIN employees.departments d USING (dept_no)
		WHERE de.emp_no = n AND de.to_date = '9999-01-01' LIMIT 1);
CREATE VIEW v_full_employees AS
	SELECT employees.emp_no, employees.first_name, employees.last_name, employees.hire_date,
		departments.dept_name, employees.emp_dept_name(employees.emp_no) AS current_dept
	FROM employees.employees
	JOIN employees.dept_emp ON employees.emp_no = dept_emp.emp_no
	JOIN employees.departments ON dept_emp.dept_no = departments.dept_no;
EOF

# Names with a backtick, a dot and unicode, source and target.
cat >odd.sql <<\EOF
CREATE DATABASE `sh``op.ü`;
USE `sh``op.ü`;
CREATE TABLE `sh``op.ü` (id INT PRIMARY KEY, `sh``op.ü` INT);
INSERT INTO `sh``op.ü` VALUES (1, 5), (2, 6);
CREATE TABLE journal (id INT AUTO_INCREMENT PRIMARY KEY, note TEXT);
CREATE FUNCTION `sh``op.ü`.`sh``op.ü`(x INT) RETURNS INT DETERMINISTIC RETURN x + 100;
CREATE VIEW `sh``op.ü`.vv AS SELECT `sh``op.ü`.`sh``op.ü`(`sh``op.ü`.`sh``op.ü`) AS f,
	'`sh``op.ü`.x' AS s FROM `sh``op.ü`.`sh``op.ü`;
CREATE TRIGGER `sh``op.ü`.tr AFTER INSERT ON `sh``op.ü`.`sh``op.ü` FOR EACH ROW
	INSERT INTO `sh``op.ü`.journal (note) VALUES ('`sh``op.ü`.journal');
EOF

# my_file SERVER FILE: run the SQL of FILE as root, comments kept
my_file() {
	local sock
	eval "sock=\$MY_${1}_SOCK"
	mariadb --no-defaults --comments -S "$sock" -uroot -N -B <"$2"
}

# same_rows SOURCE-DB TARGET-DB VIEW: the view gives the same rows on both
# servers (database names as they go between backticks)
same_rows() {
	my_sql src "SELECT * FROM \`$1\`.\`$3\` ORDER BY 1" >expect &&
	my_sql tgt "SELECT * FROM \`$2\`.\`$3\` ORDER BY 1" >actual &&
	test_cmp expect actual
}

# views SERVER DB: the server's own text of every view (fully qualified)
views() {
	my_sql "$1" "SELECT table_name, view_definition FROM information_schema.views
		WHERE table_schema='$2' ORDER BY table_name"
}

# bodies SERVER DB: the text of every trigger, routine and event as written
bodies() {
	my_sql "$1" "SELECT trigger_name, action_statement FROM information_schema.triggers
		WHERE trigger_schema='$2' ORDER BY trigger_name;
		SELECT routine_name, routine_definition FROM information_schema.routines
		WHERE routine_schema='$2' ORDER BY routine_name;
		SELECT event_name, event_definition FROM information_schema.events
		WHERE event_schema='$2' ORDER BY event_name"
}

test_expect_success 'a source with databases shop, employees and sh`op.ü' '
	start_sync_servers &&
	my_file src shop.sql &&
	my_file src employees.sql &&
	my_file src odd.sql &&
	sed -n "/^CREATE DATABASE other/,/^INSERT INTO other/p" shop.sql >other.sql &&
	my_file tgt other.sql &&
	my_aliases <<-EOF
	shop production src shop src
	shopcopy local tgt shop_copy tgt
	emp production src employees src
	empcopy local tgt employees_copy tgt
	EOF
'

test_expect_success 'shop into shop_copy: one warning, for the view of another database' '
	sync @shop @shopcopy -y --create-db 2>err &&
	test_grep "warning: view .v_other. refers to another database (.other.): left as it is" err &&
	grep "warning" err >warnings &&
	test_line_count = 1 warnings &&
	my_objects src shop >expect &&
	my_objects tgt shop_copy >actual &&
	test_cmp expect actual
'

# The target server has no database shop: a schema qualifier left naming it
# fails there.  Named back, every definition is the source's, byte for byte.
test_expect_success 'the views of shop_copy read shop_copy and give the rows of shop' '
	same_rows shop shop_copy v &&
	same_rows shop shop_copy v_fn &&
	same_rows shop shop_copy v_other &&
	views src shop >expect &&
	views tgt shop_copy >actual.copy &&
	test_grep -q "\`shop_copy\`" actual.copy &&
	sed "s/\`shop_copy\`/\`shop\`/g" actual.copy >actual &&
	test_cmp expect actual
'

test_expect_success 'bodies: only schema qualifiers changed, strings and comments as they were' '
	bodies src shop >expect &&
	bodies tgt shop_copy | sed "s/\`shop_copy\`/shop/g" >actual &&
	test_cmp expect actual &&
	my_sql tgt "SHOW CREATE TRIGGER shop_copy.tr\G" >tr &&
	test_grep "INSERT INTO \`shop_copy\`.log (note)" tr &&
	test_grep "SET NEW.shop = \`shop_copy\`.shop(NEW.id) + (SELECT COUNT(\*) FROM \`shop_copy\`.shop);" tr &&
	test_grep "/\* shop.log gets a line: .shop.shop. \*/" tr &&
	test_grep -- "-- shop.shop -- comment" tr &&
	test_grep "# shop.shop hash comment" tr &&
	test_grep "CONCAT(.shop.shop ., NEW.id, \" \`shop\`.x\")" tr &&
	my_sql tgt "SHOW CREATE PROCEDURE shop_copy.p_count\G" >p &&
	test_grep "FROM \`shop_copy\`.shop shop WHERE shop.id >= shop;" p &&
	my_sql tgt "SHOW CREATE EVENT shop_copy.e_purge\G" >e &&
	test_grep "DELETE FROM \`shop_copy\`.log WHERE note = .shop.log. /\* shop.log \*/" e
'

test_expect_success 'the trigger, procedure and function of shop_copy work on shop_copy' '
	my_sql tgt "INSERT INTO shop_copy.shop (id) VALUES (4);
		SELECT shop FROM shop_copy.shop WHERE id = 4;
		SELECT note FROM shop_copy.log;
		CALL shop_copy.p_count(2, @n); SELECT @n" >actual &&
	cat >expect <<-\EOF &&
	11
	shop.shop 4 `shop`.x
	3
	EOF
	test_cmp expect actual
'

test_expect_success 'employees into employees_copy: v_full_employees works (issue #15)' '
	sync @emp @empcopy -y --create-db 2>err &&
	! grep "warning" err &&
	same_rows employees employees_copy v_full_employees &&
	test_line_count = 3 actual &&
	views src employees >expect &&
	views tgt employees_copy | sed "s/\`employees_copy\`/\`employees\`/g" >actual &&
	test_cmp expect actual &&
	bodies src employees >expect &&
	bodies tgt employees_copy | sed "s/\`employees_copy\`/employees/g" >actual &&
	test_cmp expect actual
'

test_expect_success 'a database named sh`op.ü into c`py.ü: names with backticks, dots, unicode' '
	cat >odd.site.yml <<-EOF &&
	odd:
	  role: production
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_src_PORT, name: "sh\`op.ü", user: src, password-env: PW }
	oddcopy:
	  role: local
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_tgt_PORT, name: "c\`py.ü", user: tgt, password-env: PW }
	EOF
	mv odd.site.yml aliases/ &&
	sync @odd.odd @odd.oddcopy -y --create-db 2>err &&
	! grep "warning" err &&
	same_rows "sh\`\`op.ü" "c\`\`py.ü" vv &&
	{ views src "sh\`op.ü" && bodies src "sh\`op.ü"; } >expect &&
	{ views tgt "c\`py.ü" && bodies tgt "c\`py.ü"; } |
		sed "s/\`c\`\`py.ü\`/\`sh\`\`op.ü\`/g" >actual &&
	test_cmp expect actual &&
	my_sql tgt "INSERT INTO \`c\`\`py.ü\`.\`sh\`\`op.ü\` VALUES (3, 7);
		SELECT note FROM \`c\`\`py.ü\`.journal" >actual &&
	echo "\`sh\`\`op.ü\`.journal" >expect &&
	test_cmp expect actual
'

test_done
