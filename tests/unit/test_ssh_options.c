/* test_ssh_options.c - ssh.options: word splitting and option parsing. */
#include "config.h"

#include <string.h>

#include <sitesync/error.h>

#include "lib/ssh/options.h"
#include "tests/unit/unit.h"

START_TEST(split_plain_and_quoted)
{
	char **w;
	size_t n;
	struct ss_error e;

	ck_assert_int_eq(ss_ssh_split_words("  -p  2222\t-i '/a b/k'  -o\"User=x y\" a\\ b \"q\\\"\\$\\n\" ''",
					    &w, &n, &e), 0);
	ck_assert_uint_eq(n, 8);
	ck_assert_str_eq(w[0], "-p");
	ck_assert_str_eq(w[1], "2222");
	ck_assert_str_eq(w[2], "-i");
	ck_assert_str_eq(w[3], "/a b/k");
	ck_assert_str_eq(w[4], "-oUser=x y");
	ck_assert_str_eq(w[5], "a b");
	ck_assert_str_eq(w[6], "q\"$\\n");
	ck_assert_str_eq(w[7], "");
	ck_assert_ptr_null(w[8]);
	ss_ssh_words_free(w);

	ck_assert_int_eq(ss_ssh_split_words(NULL, &w, &n, &e), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(w[0]);
	ss_ssh_words_free(w);
}
END_TEST

START_TEST(split_unterminated_quote)
{
	char **w;
	size_t n;
	struct ss_error e;

	ck_assert_int_eq(ss_ssh_split_words("-i 'abc", &w, &n, &e), -1);
	ck_assert_str_eq(e.msg, "unterminated single quote");
	ck_assert_int_eq(e.status, SS_USAGE);
	ck_assert_int_eq(ss_ssh_opts_parse("-o \"User=a", "@prod", &(struct ss_ssh_opts){ 0 }, &e), -1);
	ck_assert_str_eq(e.msg, "alias '@prod': ssh.options: unterminated double quote");
}
END_TEST

START_TEST(parse_every_form)
{
	struct ss_ssh_opts o;
	struct ss_error e;

	ck_assert_int_eq(ss_ssh_opts_parse("-p 2222 -i ~/.ssh/a -lroot -oIdentityFile=/k2 "
					   "-o 'UserKnownHostsFile /kh' -o StrictHostKeyChecking=accept-new "
					   "-o ConnectTimeout=7 -o BatchMode=yes -i/k3",
					   "@prod", &o, &e), 0);
	ck_assert_int_eq(o.port, 2222);
	ck_assert_str_eq(o.user, "root");
	ck_assert_uint_eq(o.nidentities, 3);
	ck_assert_str_eq(o.identities[0], "~/.ssh/a");
	ck_assert_str_eq(o.identities[1], "/k2");
	ck_assert_str_eq(o.identities[2], "/k3");
	ck_assert_str_eq(o.known_hosts, "/kh");
	ck_assert_int_eq(o.strict, SS_SSH_STRICT_ACCEPT_NEW);
	ck_assert_int_eq(o.connect_timeout, 7);
	ck_assert_int_eq(o.batch_mode, 1);
	ss_ssh_opts_release(&o);

	ck_assert_int_eq(ss_ssh_opts_parse("-o Port=22 -o User=deploy -o port 23 -p2024 -l x -o user=y",
					   "@a", &o, &e), 0);
	ck_assert_int_eq(o.port, 2024);
	ck_assert_str_eq(o.user, "y");
	ck_assert_int_eq(o.strict, SS_SSH_STRICT_UNSET);
	ss_ssh_opts_release(&o);

	ck_assert_int_eq(ss_ssh_opts_parse("-o Port 23 -o 'User = z'", "@a", &o, &e), 0);
	ck_assert_int_eq(o.port, 23);
	ck_assert_str_eq(o.user, "z");
	ss_ssh_opts_release(&o);

	ck_assert_int_eq(ss_ssh_opts_parse("-o StrictHostKeyChecking=no", "@a", &o, &e), 0);
	ck_assert_int_eq(o.strict, SS_SSH_STRICT_NO);
	ss_ssh_opts_release(&o);
	ck_assert_int_eq(ss_ssh_opts_parse("-oStrictHostKeyChecking=ask", "@a", &o, &e), 0);
	ck_assert_int_eq(o.strict, SS_SSH_STRICT_ASK);
	ss_ssh_opts_release(&o);
	ck_assert_int_eq(ss_ssh_opts_parse("", "@a", &o, &e), 0);
	ck_assert_int_eq(o.port, 0);
	ck_assert_ptr_null(o.user);
	ss_ssh_opts_release(&o);
}
END_TEST

struct bad_case {
	const char *options;
	const char *msg;
};

START_TEST(parse_rejects_with_names)
{
	static const struct bad_case cases[] = {
		{ "-A", "alias '@prod': ssh option '-A' is not supported" },
		{ "-p 22 -A", "alias '@prod': ssh option '-A' is not supported" },
		{ "--port=22", "alias '@prod': ssh option '--port=22' is not supported" },
		{ "host", "alias '@prod': ssh option 'host' is not supported" },
		{ "-o ForwardAgent=yes", "alias '@prod': ssh option '-o ForwardAgent=yes' is not supported" },
		{ "-oProxyCommand=evil", "alias '@prod': ssh option '-o ProxyCommand=evil' is not supported" },
		{ "-p", "alias '@prod': ssh option '-p' needs a value" },
		{ "-p 0", "alias '@prod': ssh port '0' is not a number from 1 to 65535" },
		{ "-p 22x", "alias '@prod': ssh port '22x' is not a number from 1 to 65535" },
		{ "-o Port=70000", "alias '@prod': ssh port '70000' is not a number from 1 to 65535" },
		{ "-o Port", "alias '@prod': ssh option '-o Port' needs the form Key=value" },
		{ "-o StrictHostKeyChecking=maybe",
		  "alias '@prod': StrictHostKeyChecking 'maybe' is not one of yes, no, accept-new, ask" },
		{ "-o ConnectTimeout=soon", "alias '@prod': ConnectTimeout 'soon' is not a number of seconds" },
		{ "-o BatchMode=perhaps", "alias '@prod': BatchMode 'perhaps' is not yes or no" },
	};
	struct ss_ssh_opts o;
	struct ss_error e;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&e, 0, sizeof(e));
		ck_assert_int_eq(ss_ssh_opts_parse(cases[i].options, "@prod", &o, &e), -1);
		ck_assert_str_eq(e.msg, cases[i].msg);
		ck_assert_int_eq(e.status, SS_USAGE);
		ck_assert_ptr_null(o.user);
		ck_assert_uint_eq(o.nidentities, 0);
	}
}
END_TEST

static Suite *ssh_options_suite(void)
{
	Suite *s = suite_create("ssh_options");
	TCase *tc = tcase_create("options");

	tcase_add_test(tc, split_plain_and_quoted);
	tcase_add_test(tc, split_unterminated_quote);
	tcase_add_test(tc, parse_every_form);
	tcase_add_test(tc, parse_rejects_with_names);
	suite_add_tcase(s, tc);
	return s;
}

SS_UNIT_MAIN(ssh_options_suite)
