/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * roots.c - a root in force (src/roots.c) opened as a directory fd, below which the
 * Unix backends open every file with openat.
 */
#include <errno.h>
#include <fcntl.h>

#include "unix.h"

int psutil__root_open(enum psutil__root_kind kind)
{
    char buf[PSUTIL__ROOT_MAX];
    psutil__root_path(kind, buf);
    int fd = psutil__openat(AT_FDCWD, buf, O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
        int err = errno, rc = psutil__error_from_errno(err, buf);
        errno = err; /* for callers to whom a missing root means "none here" */
        return rc;
    }
    return fd;
}

int psutil__root_absent_or(int code)
{
    return errno == ENOENT || errno == ENOTDIR ? 0 : code;
}
