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

int psutil__unix_zero_copy(int sock, int fd, uint64_t *offset, size_t count, size_t *sent, int *err)
{
    if (*offset > (uint64_t)INT64_MAX) {
        *err = EOVERFLOW;
        return PSUTIL_EOS;
    }
    off_t off = (off_t)*offset;
    ssize_t n = sendfile(sock, fd, &off, count > LINUX_SENDFILE_MAX ? LINUX_SENDFILE_MAX : count);
    if (n < 0) {
        *err = errno;
        return PSUTIL_EOS;
    }
    *offset = (uint64_t)off;
    *sent = (size_t)n;
    return 0;
}
