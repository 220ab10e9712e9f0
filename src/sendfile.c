/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sendfile.c - psutil_sendfile(): the checks every OS shares; the transfer itself is
 * the backend's (src/unix/sendfile.c on the Unix ones).
 */
#include <math.h>

#include "internal.h"
#include "os.h"

int psutil_sendfile(int sock, int fd, uint64_t offset, uint64_t count, double timeout,
                    uint64_t *sent)
{
    uint64_t n = 0;
    int rc;
    if (isnan(timeout))
        rc = psutil__error(PSUTIL_EINVAL, 0, NULL, "timeout is NaN");
    else
        rc = psutil__os_sendfile(sock, fd, offset, count, timeout, &n);
    if (sent)
        *sent = n;
    return rc;
}
