/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sendfile.c - psutil_sendfile() on every Unix backend (psutil__os_sendfile). Validates
 * the pair, contains SIGPIPE, makes the socket's waits obey the timeout, loops over the
 * backend's zero-copy step (psutil__unix_zero_copy) and falls back to read+send when that
 * step cannot serve the pair before any byte went out. POSIX only.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../os.h"
#include "unix.h"

#define UNTIL_EOF UINT64_MAX
#define COPY_BUFFER (256 * 1024)
#define ZERO_COPY_CHUNK (1UL << 30)

static int seam_no_zero_copy;
static uint64_t seam_fail_after;
static int seam_fail_errno;

void psutil__test_sendfile_seams(int no_zero_copy, uint64_t fail_after, int fail_errno)
{
    seam_no_zero_copy = no_zero_copy;
    seam_fail_after = fail_after;
    seam_fail_errno = fail_errno;
}

struct xfer {
    int sock, fd;
    uint64_t off;  /* next file offset */
    uint64_t left; /* bytes still to send, or UNTIL_EOF */
    uint64_t sent;
    double timeout;
};

/* Waits until fd is ready for events, within timeout seconds (negative: no limit). */
static int wait_ready(int fd, short events, double timeout)
{
    double deadline = psutil__monotonic() + timeout;
    for (;;) {
        struct pollfd p = {fd, events, 0};
        int ms = timeout >= 0 ? psutil__poll_ms(deadline - psutil__monotonic()) : -1;
        int r = poll(&p, 1, ms);
        if (r > 0)
            return 0; /* ready, or POLLERR/POLLHUP: the next call reports it */
        /* A timeout longer than poll's INT_MAX milliseconds polls again until it is due. */
        if (r == 0 && deadline - psutil__monotonic() <= 0)
            return psutil__error(PSUTIL_ETIMEOUT, ETIMEDOUT, NULL,
                                 "no progress within the timeout");
        if (r == 0)
            continue;
        if (errno != EINTR)
            return psutil__error(PSUTIL_EOS, errno, NULL, "poll: %s", strerror(errno));
    }
}

static int failed(const char *what, int err)
{
    return psutil__error(PSUTIL_EOS, err, NULL, "%s: %s", what, strerror(err));
}

/* Errors meaning "sendfile cannot serve this pair", as opposed to a transfer failure. */
static int cannot_serve(int err)
{
    return err == ENOSYS || err == EINVAL || err == ESPIPE || err == EOVERFLOW || err == EOPNOTSUPP;
}

static int zero_copy(struct xfer *x, int *fall_back)
{
    while (x->left > 0) {
        size_t chunk = x->left > ZERO_COPY_CHUNK ? ZERO_COPY_CHUNK : (size_t)x->left;
        size_t n = 0;
        int err = 0, r;
        if (seam_fail_errno && x->sent >= seam_fail_after) {
            r = PSUTIL_EOS;
            err = seam_fail_errno;
        } else {
            if (seam_fail_errno && chunk > seam_fail_after - x->sent)
                chunk = (size_t)(seam_fail_after - x->sent);
            r = psutil__unix_zero_copy(x->sock, x->fd, &x->off, chunk, &n, &err);
        }
        if (r == 0 && n > 0) {
            x->sent += (uint64_t)n;
            if (x->left != UNTIL_EOF)
                x->left -= (uint64_t)n;
            continue;
        }
        if (r == 0)
            return 0; /* end of file (the file shrank) */
        if (err == EINTR)
            continue;
        if (err == EAGAIN || err == EWOULDBLOCK) {
            int rc = wait_ready(x->sock, POLLOUT, x->timeout);
            if (rc != 0)
                return rc;
            continue;
        }
        if (x->sent == 0 && cannot_serve(err)) {
            *fall_back = 1;
            return 0;
        }
        return failed("sendfile", err);
    }
    return 0;
}

/* Sends len bytes of buf completely, waiting for the socket as the timeout allows. */
static int send_all(struct xfer *x, const char *buf, size_t len)
{
    size_t pos = 0;
    while (pos < len) {
        ssize_t n = send(x->sock, buf + pos, len - pos, MSG_NOSIGNAL);
        if (n >= 0) {
            pos += (size_t)n;
            x->sent += (uint64_t)n;
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            int rc = wait_ready(x->sock, POLLOUT, x->timeout);
            if (rc != 0)
                return rc;
            continue;
        }
        return failed("send", errno);
    }
    return 0;
}

/* Reads up to want bytes: at the offset for files with a position, else in stream
 * order. Returns the count, 0 at end of file, or a negative PSUTIL_E* code. */
static long read_some(struct xfer *x, int seekable, char *buf, size_t want)
{
    for (;;) {
        ssize_t r = seekable ? pread(x->fd, buf, want, (off_t)x->off) : read(x->fd, buf, want);
        if (r >= 0)
            return (long)r;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            /* A non-blocking pipe with nothing yet: wait as for the socket. */
            int rc = wait_ready(x->fd, POLLIN, x->timeout);
            if (rc != 0)
                return rc;
            continue;
        }
        return failed("read", errno);
    }
}

static int copy_loop(struct xfer *x, int seekable)
{
    char *buf = psutil__malloc(COPY_BUFFER);
    int rc = 0;
    if (!buf)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "sendfile copy buffer");
    /* Without a position, "offset" means bytes of the stream to skip. */
    while (!seekable && x->off > 0) {
        long r = read_some(x, 0, buf, x->off < COPY_BUFFER ? (size_t)x->off : COPY_BUFFER);
        if (r <= 0) {
            rc = r < 0 ? (int)r : 0;
            goto out;
        }
        x->off -= (uint64_t)r;
    }
    while (x->left > 0) {
        size_t want = x->left < COPY_BUFFER ? (size_t)x->left : COPY_BUFFER;
        long r = read_some(x, seekable, buf, want);
        if (r < 0) {
            rc = (int)r;
            break;
        }
        if (r == 0)
            break;
        if (seekable)
            x->off += (uint64_t)r;
        if (x->left != UNTIL_EOF)
            x->left -= (uint64_t)r;
        if ((rc = send_all(x, buf, (size_t)r)) != 0)
            break;
    }
out:
    psutil__dealloc(buf);
    return rc;
}

/* Checks the pair; fills st with fd's status. */
static int validate(int sock, int fd, struct stat *st)
{
    struct stat ss;
    int type = 0, fl;
    socklen_t len = sizeof(type);
    struct sockaddr_storage peer;
    socklen_t plen = sizeof(peer);
    if (fstat(sock, &ss) != 0)
        return psutil__error(PSUTIL_EINVAL, errno, NULL, "sock is not an open descriptor");
    if (!S_ISSOCK(ss.st_mode))
        return psutil__error(PSUTIL_EINVAL, ENOTSOCK, NULL, "sock is not a socket");
    if (getsockopt(sock, SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_STREAM)
        return psutil__error(PSUTIL_EINVAL, EPROTOTYPE, NULL, "sock is not a stream socket");
    if (getpeername(sock, (struct sockaddr *)&peer, &plen) != 0)
        return psutil__error(PSUTIL_EINVAL, errno, NULL, "sock is not connected");
    if ((fl = fcntl(fd, F_GETFL)) < 0 || fstat(fd, st) != 0)
        return psutil__error(PSUTIL_EINVAL, errno, NULL, "fd is not an open descriptor");
    if ((fl & O_ACCMODE) == O_WRONLY)
        return psutil__error(PSUTIL_EINVAL, EBADF, NULL, "fd is not open for reading");
    if (S_ISDIR(st->st_mode))
        return psutil__error(PSUTIL_EINVAL, EISDIR, NULL, "fd is a directory");
    return 0;
}

int psutil__os_sendfile(int sock, int fd, uint64_t offset, uint64_t count, double timeout,
                        uint64_t *sent)
{
    struct xfer x = {sock, fd, offset, count ? count : UNTIL_EOF, 0, timeout};
    struct stat st;
    sigset_t pipe_set, old_mask, pending;
    int rc = validate(sock, fd, &st), fall_back = 0, flags = -1;
    if (rc != 0)
        goto done;
    /* A regular file is sent up to its size at the start, as Python does. */
    if (S_ISREG(st.st_mode)) {
        uint64_t size = (uint64_t)st.st_size;
        uint64_t avail = offset < size ? size - offset : 0;
        if (x.left > avail)
            x.left = avail;
        if (x.left == 0)
            goto done;
    }
    int seekable = lseek(fd, 0, SEEK_CUR) >= 0;

    /* sendfile(2) raises SIGPIPE on a closed peer and has no MSG_NOSIGNAL: block it in
     * this thread and discard one we caused, unless one was already pending. */
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask);
    sigpending(&pending);
    int pipe_was_pending = sigismember(&pending, SIGPIPE);

    /* A timeout needs non-blocking writes, or a full socket would block past it. */
    if (timeout >= 0) {
        flags = fcntl(sock, F_GETFL);
        if (flags >= 0 && !(flags & O_NONBLOCK))
            fcntl(sock, F_SETFL, flags | O_NONBLOCK);
        else
            flags = -1; /* nothing to restore */
    }

    if (seekable && !seam_no_zero_copy)
        rc = zero_copy(&x, &fall_back);
    else
        fall_back = 1;
    if (rc == 0 && fall_back)
        rc = copy_loop(&x, seekable);

    if (flags >= 0)
        fcntl(sock, F_SETFL, flags);
    if (!pipe_was_pending) {
        struct timespec zero = {0, 0};
        sigpending(&pending);
        if (sigismember(&pending, SIGPIPE))
            sigtimedwait(&pipe_set, NULL, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
done:
    *sent = x.sent;
    return rc;
}
