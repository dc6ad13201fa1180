# Integration tests: shell scripts in the manner of git's t/, TAP output.
# Those that need servers start their own (tests/lib/servers.sh).
TESTS += \
	tests/integration/t0001-host.sh \
	tests/integration/t0002-servers.sh \
	tests/integration/t0003-plugins.sh \
	tests/integration/t0004-sdk.sh \
	tests/integration/t0005-harness.sh \
	tests/integration/t0006-docs.sh \
	tests/integration/t0008-interrupt.sh
EXTRA_DIST += $(filter tests/integration/%.sh,$(TESTS))
# data files integration tests read
EXTRA_DIST += tests/integration/mysql-zoo.sql
