/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * file.c - reading a kernel file whole into a reusable buffer, relative to a
 * directory fd. procfs files report size 0 in stat(), so the buffer grows until a
 * read returns 0 rather than trusting the size. POSIX (openat, read).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "unix.h"

/* Reads fd whole into b: read() from where it is, or pread() from offset 0 (a kept
 * procfs fd: seq_file produces the file anew at offset 0). short_is_eof stops at the
 * first short read. Returns 0 or the errno. */
static int read_loop(int fd, psutil__buf *b, int short_is_eof, int from_start)
{
    if (psutil__buf_reserve(b, 4096) != 0)
        return ENOMEM;
    b->len = 0;
    for (;;) {
        if (b->cap - b->len < 2 && psutil__buf_reserve(b, b->cap * 2) != 0)
            return ENOMEM;
        size_t room = b->cap - b->len - 1;
        ssize_t n = from_start ? pread(fd, b->data + b->len, room, (off_t)b->len)
                               : read(fd, b->data + b->len, room);
        if (n < 0) {
            /* EAGAIN too: the fds read here are blocking, so it can only be transient. */
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return errno;
        }
        b->len += (size_t)n;
        if (n == 0 || (short_is_eof && (size_t)n < room))
            break;
    }
    b->data[b->len] = '\0';
    return 0;
}

int psutil__openat(int dirfd, const char *path, int flags)
{
    int fd;
    do
        fd = openat(dirfd, path, flags | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    return fd;
}

DIR *psutil__opendirat(int dirfd, const char *path)
{
    int fd = psutil__openat(dirfd, path, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return NULL;
    DIR *d = fdopendir(fd);
    if (!d) {
        int err = errno;
        close(fd);
        errno = err;
    }
    return d;
}

struct dirent *psutil__readdir(DIR *d, int *err)
{
    errno = 0;
    struct dirent *e = readdir(d);
    *err = e ? 0 : errno;
    return e;
}

int psutil__listing_error(int err, const char *what)
{
    return err == 0 || err == ENOENT || err == ENOTDIR ? 0 : psutil__error_from_errno(err, what);
}

static int code_of(int os)
{
    return os == 0 ? 0 : os == ENOMEM ? PSUTIL_ENOMEM : PSUTIL_EOS;
}

/* Opens dirfd/relpath and reads it whole (read_loop). */
static int read_fd_at(int dirfd, const char *relpath, psutil__buf *b, int *err, int short_is_eof)
{
    int os = 0, fd = -1;
    if (psutil__buf_reserve(b, 4096) != 0)
        os = ENOMEM;
    else if ((fd = psutil__openat(dirfd, relpath, O_RDONLY | O_NOCTTY)) < 0)
        os = errno;
    else {
        os = read_loop(fd, b, short_is_eof, 0);
        close(fd);
    }
    if (err)
        *err = os;
    return code_of(os);
}

int psutil__pread_record(int fd, psutil__buf *b, int *err)
{
    int os = read_loop(fd, b, 1, 1);
    if (err)
        *err = os;
    return code_of(os);
}

int psutil__read_at(int dirfd, const char *relpath, psutil__buf *b, int *err)
{
    return read_fd_at(dirfd, relpath, b, err, 0);
}

int psutil__read_record_at(int dirfd, const char *relpath, psutil__buf *b, int *err)
{
    return read_fd_at(dirfd, relpath, b, err, 1);
}

int psutil__read_root_file(enum psutil__root_kind kind, const char *relpath, psutil__buf *b)
{
    int dirfd = psutil__root_open(kind);
    if (dirfd < 0)
        return dirfd;
    int err = 0;
    int rc = psutil__read_at(dirfd, relpath, b, &err);
    close(dirfd);
    if (rc == 0)
        return 0;
    char root[PSUTIL__ROOT_MAX], path[PSUTIL__ROOT_MAX + 256];
    psutil__root_path(kind, root);
    snprintf(path, sizeof(path), "%s/%s", root, relpath);
    return psutil__error_from_errno(err, path);
}
