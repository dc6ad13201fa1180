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
EXTRA_DIST += tests/integration/mysql-zoo.sql tests/integration/pg-pagila-like.sql

# sitesync serve (plugins/serve): the API against real servers, jobs
# (cancel, restart, parallel, a source lost mid-copy), the web page in a
# real browser, the load generator's smoke run.
TESTS += tests/integration/t0901-serve-api.sh tests/integration/t0902-serve-jobs.sh \
	tests/integration/t0903-serve-web.sh tests/integration/t0904-serve-bench.sh
CLEANFILES += tests/serve-browser.png
EXTRA_DIST += tests/lib/serve.sh tests/lib/holdproxy.py tests/lib/webhook-receiver.py \
	tests/lib/serve-browser.py
