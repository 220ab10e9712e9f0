/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sendfile.c - the zero-copy step of psutil_sendfile() on Linux: one sendfile(2) call
 * (man 2 sendfile). The kernel moves at most 0x7ffff000 bytes per call; the portable
 * loop in src/unix/sendfile.c does the rest.
 */
#include <errno.h>
#include <sys/sendfile.h>

#include "../unix/unix.h"

#define LINUX_SENDFILE_MAX 0x7ffff000UL

long psutil__unix_zero_copy(int sock, int fd, uint64_t *offset, size_t count)
{
    if (*offset > (uint64_t)INT64_MAX)
        return -EOVERFLOW;
    off_t off = (off_t)*offset;
    ssize_t n = sendfile(sock, fd, &off, count > LINUX_SENDFILE_MAX ? LINUX_SENDFILE_MAX : count);
    if (n < 0)
        return -errno;
    *offset = (uint64_t)off;
    return (long)n;
}
