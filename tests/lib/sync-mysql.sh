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
