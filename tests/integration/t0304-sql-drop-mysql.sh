#!/bin/bash
# sql-drop on MariaDB: everything gone (views on views, foreign keys, triggers,
# routines, events, sequences), -s and "no" change nothing, production is
# refused, a held lock makes it busy, and every run is in the history.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd is not installed"
sitesync help sql-drop >/dev/null 2>&1 || test_skip_all "the sql-drop plugin is not built"
sitesync help sa >/dev/null 2>&1 || test_skip_all "needs the alias loader (branch alias)"
# performance_schema shows the program name of the session holding the lock
SS_MARIADB_OPTS="--performance-schema=ON --performance-schema-instrument=%=OFF"
. "$abs_top_srcdir/tests/lib/servers.sh"
# the @dev hook waits for this file: never leave it waiting
test_at_exit "touch '$TRASH/go'"

# The objects of database $1 still there, as one number.
count_objects() {
	my_sql t "SELECT
		(SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$1') +
		(SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '$1') +
		(SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '$1') +
		(SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '$1')"
}

# fill DB: 3 tables (FKs, a name that needs quoting), 3 views on views, a
# trigger, a function, a procedure, an event and a sequence: 11 objects
fill() {
	my_sql t "CREATE DATABASE IF NOT EXISTS $1; USE $1;
		CREATE TABLE parent (id INT PRIMARY KEY) ENGINE=InnoDB;
		CREATE TABLE child (id INT PRIMARY KEY, pid INT,
			FOREIGN KEY (pid) REFERENCES parent (id)) ENGINE=InnoDB;
		CREATE TABLE \`odd\`\`name; DROP DATABASE other\` (x INT);
		INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1);
		CREATE VIEW v1 AS SELECT id FROM parent;
		CREATE VIEW v2 AS SELECT id FROM v1;
		CREATE VIEW v3 AS SELECT v2.id FROM v2 JOIN child ON child.pid = v2.id;
		CREATE TRIGGER trg BEFORE INSERT ON child FOR EACH ROW SET NEW.id = NEW.id;
		CREATE FUNCTION f1() RETURNS INT DETERMINISTIC RETURN 1;
		CREATE PROCEDURE p1() SELECT 1;
		CREATE EVENT e1 ON SCHEDULE EVERY 1 DAY DO SELECT 1;
		CREATE SEQUENCE s1;"
}

test_expect_success 'start MariaDB with the databases and the aliases' '
	start_mariadb t &&
	my_sql t "CREATE USER drupal@\"%\" IDENTIFIED BY \"pw-s3cret\";
		GRANT ALL ON drupal.* TO drupal@\"%\"; GRANT ALL ON prodcopy.* TO drupal@\"%\";
		GRANT ALL ON devdb.* TO drupal@\"%\";
		CREATE DATABASE other; CREATE TABLE other.keep (x INT)" &&
	fill drupal && fill prodcopy && fill devdb &&
	mkdir -p aliases site &&
	cat >aliases/self.site.yml <<-YML &&
	default:
	  root: $TRASH/site
	  role: local
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_t_PORT, name: drupal, user: drupal, password-env: TEST_DB_PW }
	  hooks:
	    pre-sql-drop: ["echo pre \$(pwd) >>$TRASH/hooks.log"]
	    post-sql-drop: ["echo post >>$TRASH/hooks.log"]
	prod:
	  role: production
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_t_PORT, name: prodcopy, user: drupal, password-env: TEST_DB_PW }
	dev:
	  role: development
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_t_PORT, name: devdb, user: drupal, password-env: TEST_DB_PW }
	  hooks:
	    pre-sql-drop: ["touch $TRASH/in-hook; while [ ! -e $TRASH/go ]; do sleep 0.1; done"]
	YML
	chmod 700 aliases &&
	export SITESYNC_ALIAS_PATH="$TRASH/aliases" TEST_DB_PW=pw-s3cret &&
	test "$(count_objects drupal)" = 11
'

test_expect_success '-s lists the objects and changes nothing' '
	sitesync sql-drop default -s >out &&
	test_grep "^would drop 3 tables, 3 views, 1 sequence, 2 routines, 1 event, 1 trigger in default (localhost/drupal)" out &&
	test_grep "^  view  *v2$" out &&
	test_grep "^  table  *odd.name; DROP DATABASE other$" out &&
	test_grep "^  trigger  *trg (on table child, goes with it)$" out &&
	test_grep "^  routine  *p1 (PROCEDURE)$" out &&
	test "$(count_objects drupal)" = 11 &&
	test ! -e hooks.log
'

test_expect_success 'without -y and without a terminal nothing is dropped (exit 3)' '
	test_must_fail --status=3 setsid -w "$SITESYNC_BIN" sql-drop default 2>err </dev/null &&
	test_grep "sql-drop of .default.: not confirmed: no terminal to ask on; run with -y to answer yes" err &&
	test "$(count_objects drupal)" = 11
'

test_expect_success '-n answers no (exit 3), nothing dropped' '
	test_must_fail --status=3 sitesync sql-drop default -n 2>err &&
	test_grep "^drop 3 tables, 3 views, 1 sequence, 2 routines, 1 event, 1 trigger in default (localhost/drupal)? (y/N) no$" err &&
	test_grep "answered no" err &&
	test "$(count_objects drupal)" = 11
'

test_expect_success 'a production target is refused (exit 3), nothing dropped' '
	test_must_fail --status=3 sitesync -y sql-drop @prod 2>err &&
	test_grep "refusing to sql-drop .@[a-z.]*prod.: it is a production environment (role set in $TRASH/aliases/self.site.yml:[0-9]*)" err &&
	test "$(count_objects prodcopy)" = 11
'

test_expect_success 'a lock held by another session makes it busy (exit 4), nothing dropped' '
	{ mariadb --no-defaults -h 127.0.0.1 -P "$MY_t_PORT" -u drupal -p"$TEST_DB_PW" -N -B --unbuffered \
		-e "SELECT CONNECTION_ID(), GET_LOCK(\"sitesync:drupal\", 0); SELECT SLEEP(60)" \
		>holder.out 2>&1 & } &&
	holder=$! &&
	ss_wait_for 10 grep -q "	1\$" holder.out &&
	test_must_fail --status=4 sitesync -y sql-drop default 2>err;
	rc=$?; my_sql t "KILL $(cut -f1 holder.out)"; wait $holder; test $rc = 0 &&
	test_grep "target .default. (localhost/drupal) is busy: the sitesync lock is held since [0-9][0-9]:[0-9][0-9] by connection [0-9]* of drupal@127.0.0.1:[0-9]* (mysql)$" err &&
	test "$(count_objects drupal)" = 11
'

test_expect_success 'a second sql-drop while one runs is busy (exit 4)' '
	rm -f in-hook go &&
	{ "$SITESYNC_BIN" -y sql-drop @dev >first.out 2>first.err & } &&
	first=$! &&
	ss_wait_for 20 test -e in-hook &&
	test_must_fail --status=4 sitesync -y sql-drop @dev 2>err;
	rc=$?; touch go; wait $first && test $rc = 0 &&
	test_grep "target .@[a-z.]*dev. (localhost/devdb) is busy: sitesync sql-drop held since [0-9][0-9]:[0-9][0-9] by [^ ]*@[^ ]* pid $first$" err &&
	test "$(count_objects devdb)" = 0
'

test_expect_success 'on a terminal the answer is read from it: n keeps, y drops' '
	fill devdb &&
	printf "n\n" | script -qec "\"$SITESYNC_BIN\" sql-drop @dev" /dev/null >out 2>&1;
	test $? = 3 &&
	test_grep "drop 3 tables, 3 views, 1 sequence, 2 routines, 1 event, 1 trigger in @[a-z.]*dev (localhost/devdb)? (y/N)" out &&
	test_grep "not confirmed: answered no" out &&
	test "$(count_objects devdb)" = 11 &&
	touch go &&
	printf "yes\n" | script -qec "\"$SITESYNC_BIN\" sql-drop @dev" /dev/null >out 2>&1 &&
	test "$(count_objects devdb)" = 0
'

test_expect_success '-y drops everything, hooks run around it, other databases stay' '
	sitesync -y sql-drop default 2>err &&
	test_grep "^drop 3 tables, 3 views, 1 sequence, 2 routines, 1 event, 1 trigger in default (localhost/drupal)? (y/N) yes$" err &&
	test "$(count_objects drupal)" = 0 &&
	test "$(count_objects other)" = 1 &&
	printf "pre %s\npost\n" "$TRASH/site" >expect &&
	test_cmp expect hooks.log
'

test_expect_success 'an empty database: nothing to drop' '
	sitesync -y sql-drop default >out &&
	test_grep "^nothing to drop in default (localhost/drupal)$" out
'

test_expect_success 'bad use: no alias, --schemas on MySQL, unknown alias' '
	test_must_fail --status=2 sitesync sql-drop 2>err &&
	test_grep "takes one alias" err &&
	test_must_fail --status=2 sitesync -y sql-drop default --schemas=public 2>err &&
	test_grep "schemas is for PostgreSQL" err &&
	test_must_fail sitesync -y sql-drop @nosuch 2>err &&
	test_grep "nosuch" err
'

test_expect_success 'every run is in the history (private file, no password)' '
	test "$(stat -c %a "$SITESYNC_HISTORY")" = 600 &&
	! grep -q s3cret "$SITESYNC_HISTORY" &&
	sitesync history --limit=0 >out &&
	test_grep "sql-drop  *default  *simulated  *11 / " out &&
	test_grep "sql-drop  *default  *refused .*no terminal to ask on" out &&
	test_grep "sql-drop  *@[a-z.]*prod  *refused .*production environment" out &&
	test_grep "sql-drop  *default  *busy .*is busy" out &&
	test_grep "sql-drop  *default  *ok  *11 / " out &&
	test_grep "sql-drop  *@[a-z.]*dev  *ok " out
'

test_done
