/* event.c - the --progress-fd stream: one JSON object a line for a program that drives sitesync. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sitesync/event.h>
#include <sitesync/json.h>

static int event_fd = -1;
static pthread_mutex_t event_lock = PTHREAD_MUTEX_INITIALIZER;

int ss_event_open(int fd, struct ss_error *err)
{
	int flags;

	if (fd <= STDERR_FILENO)
		return ss_error_set(err, SS_USAGE, "--progress-fd %d: use a descriptor above 2", fd);
	flags = fcntl(fd, F_GETFL);
	if (flags < 0)
		return ss_error_set(err, SS_USAGE, "--progress-fd %d: not an open descriptor", fd);
	if ((flags & O_ACCMODE) == O_RDONLY)
		return ss_error_set(err, SS_USAGE, "--progress-fd %d: not open for writing", fd);
	/* hooks and rsync run as children: the stream is ours alone */
	fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC);
	pthread_mutex_lock(&event_lock);
	event_fd = fd;
	pthread_mutex_unlock(&event_lock);
	return 0;
}

int ss_event_enabled(void)
{
	return event_fd >= 0;
}

/* One line in one write(2), so a reader never sees half an event. */
static void write_line(const struct ss_buf *line)
{
	size_t off = 0;

	pthread_mutex_lock(&event_lock);
	while (event_fd >= 0 && off < line->len) {
		/* a socket (what sitesync serve hands over) never raises SIGPIPE */
		ssize_t w = send(event_fd, line->data + off, line->len - off, MSG_NOSIGNAL);

		if (w < 0 && errno == ENOTSOCK)
			w = write(event_fd, line->data + off, line->len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			/* the reader went away: stop writing, the run goes on */
			event_fd = -1;
			break;
		}
		off += (size_t)w;
	}
	pthread_mutex_unlock(&event_lock);
}

void ss_event_begin(struct ss_json *j, struct ss_buf *b, const char *event)
{
	ss_json_init(j, b, 0);
	ss_json_obj_begin(j);
	ss_json_key(j, "event");
	ss_json_str(j, event);
}

void ss_event_end(struct ss_json *j, struct ss_buf *b)
{
	ss_json_obj_end(j);
	ss_buf_addc(b, '\n');
	write_line(b);
	ss_buf_release(b);
}

void ss_event_stage(const char *stage, const char *detail)
{
	struct ss_buf b = SS_BUF_INIT;
	struct ss_json j;

	if (!ss_event_enabled())
		return;
	ss_event_begin(&j, &b, "stage");
	ss_json_key(&j, "stage");
	ss_json_str(&j, stage);
	ss_json_key(&j, "detail");
	ss_json_str(&j, detail);
	ss_event_end(&j, &b);
}

void ss_event_progress(const struct ss_event_progress *p)
{
	struct ss_buf b = SS_BUF_INIT;
	struct ss_json j;

	if (!ss_event_enabled())
		return;
	ss_event_begin(&j, &b, "progress");
	ss_json_key(&j, "bytes");
	ss_json_int(&j, p->bytes);
	ss_json_key(&j, "bytes_total");
	ss_json_int(&j, p->bytes_total);
	ss_json_key(&j, "rows");
	ss_json_int(&j, p->rows);
	ss_json_key(&j, "rows_total");
	ss_json_int(&j, p->rows_total);
	ss_json_key(&j, "files");
	ss_json_int(&j, p->files);
	ss_json_key(&j, "files_total");
	ss_json_int(&j, p->files_total);
	ss_json_key(&j, "seconds");
	ss_json_double(&j, p->seconds);
	ss_json_key(&j, "current");
	ss_json_str(&j, p->current);
	ss_event_end(&j, &b);
}
