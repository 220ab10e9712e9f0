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
    int fd = open(buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return psutil__error_from_errno(errno, buf);
    return fd;
}
