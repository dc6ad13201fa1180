/* auth.c - authenticate a session: agent, identity files, then prompts on a terminal. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libssh/callbacks.h>

#include <sitesync/buf.h>

#include "lib/ssh/internal.h"

/*
 * Every prompt goes through here.  ssh_getpass() offers what the buffer
 * holds as a default answer ("prompt: [default]", taken on a bare Enter):
 * the buffer starts empty, or stack garbage would be shown and sent.
 */
static int ask(const char *prompt, char *buf, size_t len, int echo, int verify)
{
	memset(buf, 0, len);
	return ssh_getpass(prompt, buf, len, echo, verify);
}

/* Passphrase prompts from libssh, answered on the terminal. */
static int prompt_cb(const char *prompt, char *buf, size_t len, int echo, int verify,
		     void *userdata)
{
	(void)userdata;
	return ask(prompt, buf, len, echo, verify);
}

static void methods_text(int methods, struct ss_buf *b)
{
	static const struct { int bit; const char *name; } names[] = {
		{ SSH_AUTH_METHOD_PUBLICKEY, "publickey" },
		{ SSH_AUTH_METHOD_PASSWORD, "password" },
		{ SSH_AUTH_METHOD_INTERACTIVE, "keyboard-interactive" },
		{ SSH_AUTH_METHOD_HOSTBASED, "hostbased" },
		{ SSH_AUTH_METHOD_GSSAPI_MIC, "gssapi-with-mic" },
	};
	size_t start = b->len;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (methods & names[i].bit)
			ss_buf_addf(b, "%s%s", b->len > start ? ", " : "", names[i].name);
	if (b->len == start)
		ss_buf_adds(b, "none");
}

static void tried(struct ss_buf *b, const char *what)
{
	ss_buf_addf(b, "%s%s", b->len ? ", " : "", what);
}

/* The -i / IdentityFile keys named by the alias, in order. */
static int try_identities(struct ss_ssh *s, const struct ss_ssh_opts *o, int interactive,
			  struct ss_buf *log)
{
	for (size_t i = 0; i < o->nidentities; i++) {
		char *path = ss_ssh_expand_home(o->identities[i]);
		ssh_key key = NULL;
		int rc = ssh_pki_import_privkey_file(path, NULL, interactive ? prompt_cb : NULL, NULL,
						     &key);

		if (rc == SSH_OK)
			rc = ssh_userauth_publickey(s->session, NULL, key);
		else
			rc = SSH_AUTH_DENIED;
		ssh_key_free(key);
		if (rc == SSH_AUTH_SUCCESS) {
			s->auth_method = ss_xasprintf("publickey (%s)", path);
			free(path);
			return 0;
		}
		tried(log, path);
		free(path);
		if (rc == SSH_AUTH_ERROR)
			return -1;
	}
	return 1;
}

static int try_password(struct ss_ssh *s)
{
	char pass[512], *prompt;
	int rc;

	prompt = ss_xasprintf("%s's password: ", s->where);
	rc = ask(prompt, pass, sizeof(pass), 0, 0);
	free(prompt);
	if (rc < 0)
		return SSH_AUTH_DENIED;
	rc = ssh_userauth_password(s->session, NULL, pass);
	explicit_bzero(pass, sizeof(pass));
	return rc;
}

static int try_kbdint(struct ss_ssh *s)
{
	int rc = ssh_userauth_kbdint(s->session, NULL, NULL);

	while (rc == SSH_AUTH_INFO) {
		int n = ssh_userauth_kbdint_getnprompts(s->session);
		const char *instruction = ssh_userauth_kbdint_getinstruction(s->session);

		if (instruction && *instruction)
			fprintf(stderr, "%s\n", instruction);
		for (int i = 0; i < n; i++) {
			char echo = 0, answer[512];
			const char *prompt = ssh_userauth_kbdint_getprompt(s->session, (unsigned)i, &echo);

			if (ask(prompt, answer, sizeof(answer), echo, 0) < 0)
				return SSH_AUTH_DENIED;
			rc = ssh_userauth_kbdint_setanswer(s->session, (unsigned)i, answer);
			explicit_bzero(answer, sizeof(answer));
			if (rc < 0)
				return SSH_AUTH_ERROR;
		}
		rc = ssh_userauth_kbdint(s->session, NULL, NULL);
	}
	return rc;
}

static int auth_steps(struct ss_ssh *s, const struct ss_ssh_opts *o, int interactive, int methods,
		      struct ss_buf *log)
{
	int rc;

	if (methods & SSH_AUTH_METHOD_PUBLICKEY) {
		if (getenv("SSH_AUTH_SOCK")) {
			rc = ssh_userauth_agent(s->session, NULL);
			if (rc == SSH_AUTH_SUCCESS) {
				s->auth_method = ss_xstrdup("publickey (agent)");
				return 0;
			}
			tried(log, "agent");
			if (rc == SSH_AUTH_ERROR)
				return -1;
		}
		rc = try_identities(s, o, interactive, log);
		if (rc <= 0)
			return rc;
		rc = ssh_userauth_publickey_auto(s->session, NULL, NULL);
		if (rc == SSH_AUTH_SUCCESS) {
			s->auth_method = ss_xstrdup("publickey");
			return 0;
		}
		tried(log, "default identity files");
		if (rc == SSH_AUTH_ERROR)
			return -1;
	}
	if (!interactive)
		return 1;
	if (methods & SSH_AUTH_METHOD_INTERACTIVE) {
		rc = try_kbdint(s);
		if (rc == SSH_AUTH_SUCCESS) {
			s->auth_method = ss_xstrdup("keyboard-interactive");
			return 0;
		}
		tried(log, "keyboard-interactive");
	}
	if (methods & SSH_AUTH_METHOD_PASSWORD) {
		rc = try_password(s);
		if (rc == SSH_AUTH_SUCCESS) {
			s->auth_method = ss_xstrdup("password");
			return 0;
		}
		tried(log, "password");
	}
	return 1;
}

int ss_ssh_authenticate(struct ss_ssh *s, const char *alias, const char *user,
			const struct ss_ssh_opts *o, int interactive, struct ss_error *err)
{
	static struct ssh_callbacks_struct cb = { .auth_function = prompt_cb };
	struct ss_buf offered = SS_BUF_INIT, log = SS_BUF_INIT;
	int methods, rc;

	if (interactive) {
		/* static: libssh keeps the pointer for the session's lifetime */
		ssh_callbacks_init(&cb);
		ssh_set_callbacks(s->session, &cb);
	}
	rc = ssh_userauth_none(s->session, NULL);
	if (rc == SSH_AUTH_SUCCESS) {
		s->auth_method = ss_xstrdup("none");
		return 0;
	}
	methods = rc == SSH_AUTH_ERROR ? 0 : ssh_userauth_list(s->session, NULL);
	rc = rc == SSH_AUTH_ERROR ? -1 : auth_steps(s, o, interactive, methods, &log);
	if (rc == 0)
		goto out;
	methods_text(methods, &offered);
	if (rc < 0)
		ss_error_set(err, SS_FAILED, "alias '%s': ssh authentication as '%s' on '%s' failed: %s",
			     alias, user ? user : "?", s->where, ssh_get_error(s->session));
	else
		ss_error_set(err, SS_FAILED,
			     "alias '%s': ssh authentication as '%s' on '%s' failed (server offers: %s; "
			     "tried: %s%s)", alias, user ? user : "?", s->where, offered.data,
			     log.len ? log.data : "nothing",
			     interactive ? "" : "; password and passphrase prompts need a terminal");
	rc = -1;
out:
	ss_buf_release(&offered);
	ss_buf_release(&log);
	return rc;
}
