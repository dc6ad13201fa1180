# tests/lib/sync-mysql.sh - what the MySQL sql-sync tests (t048x) share;
# source it after tests/lib/servers.sh.

# checksums SERVER DB [LIKE]: "table checksum" lines for every base table of
# DB (but those whose name matches the LIKE pattern)
checksums() {
	local t skip=
	test -z "${3:-}" || skip="AND table_name NOT LIKE '$3'"
	for t in $(my_sql "$1" "SELECT table_name FROM information_schema.tables
		WHERE table_schema='$2' AND table_type='BASE TABLE' $skip ORDER BY table_name"); do
		my_sql "$1" "CHECKSUM TABLE \`$2\`.\`$t\` EXTENDED" | sed "s/^$2\.//"
	done
}

# my_alias NAME ROLE SERVER DB USER [PASSWORD-ENV]: an alias entry for DB on
# the MariaDB SERVER started by start_mariadb (password in $PW by default)
my_alias() {
	local port
	eval "port=\$MY_$3_PORT"
	printf '%s:\n  role: %s\n  db: { driver: mysql, host: 127.0.0.1, port: %s, name: %s, user: %s, password-env: %s }\n' \
		"$1" "$2" "$port" "$4" "$5" "${6:-PW}"
}

# sync ARGS...: sitesync sql-sync with the aliases in ./aliases
sync() { sitesync --alias-path=aliases sql-sync "$@"; }

# start_sync_servers: the MariaDB servers src and tgt, each with a user of
# its name (src@127.0.0.1, tgt@127.0.0.1) that may do anything, password
# "pw", exported as $PW for my_alias
start_sync_servers() {
	start_mariadb src &&
	start_mariadb tgt &&
	my_sql src "CREATE USER src@127.0.0.1 IDENTIFIED BY 'pw'; GRANT ALL ON *.* TO src@127.0.0.1" &&
	my_sql tgt "CREATE USER tgt@127.0.0.1 IDENTIFIED BY 'pw'; GRANT ALL ON *.* TO tgt@127.0.0.1" &&
	export PW=pw
}

# my_aliases: aliases/self.site.yml from lines "NAME ROLE SERVER DB USER" on stdin
my_aliases() {
	local name role server db user
	mkdir -p aliases &&
	while read -r name role server db user; do
		my_alias "$name" "$role" "$server" "$db" "$user" || return 1
	done >aliases/self.site.yml
}

# my_objects SERVER DB: every table (with its type), view, trigger, routine
# and event of DB, one a line
my_objects() {
	my_sql "$1" "SELECT CONCAT(table_type, ' ', table_name) FROM information_schema.tables
		WHERE table_schema='$2' ORDER BY table_name;
		SELECT CONCAT('TRIGGER ', trigger_name, ' ON ', event_object_table) FROM information_schema.triggers
		WHERE trigger_schema='$2' ORDER BY trigger_name;
		SELECT CONCAT(routine_type, ' ', routine_name) FROM information_schema.routines
		WHERE routine_schema='$2' ORDER BY routine_name;
		SELECT CONCAT('EVENT ', event_name) FROM information_schema.events
		WHERE event_schema='$2' ORDER BY event_name"
}

# my_shop_source: the database shop on src with two tables (t1 holds one
# row "new"), a trigger, a view, a function and an event
my_shop_source() {
	my_sql src "CREATE DATABASE shop; USE shop;
		CREATE TABLE t1 (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO t1 VALUES (1, 'new');
		CREATE TABLE t2 (id INT PRIMARY KEY, n INT); INSERT INTO t2 VALUES (1, 1);
		CREATE TRIGGER tr_new BEFORE INSERT ON t2 FOR EACH ROW SET NEW.n = NEW.n + 1;
		CREATE VIEW v_new AS SELECT id FROM t1;
		CREATE FUNCTION f_new() RETURNS INT DETERMINISTIC RETURN 7;
		CREATE EVENT e_new ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM t2 WHERE id < 0"
}
