/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * wait.c - psutil_proc_wait() and psutil_wait_procs(): the loop every OS shares (the
 * deadline, a back-off from 0.1 ms to 40 ms as psutil's, callbacks in the order
 * processes end). The backend proves each process, says whether it ended, and blocks
 * on the handles it has (os.h, "Waiting").
 */
#include <errno.h>
#include <math.h>

#include "internal.h"
#include "os.h"

#define BACKOFF_FIRST 0.0001
#define BACKOFF_MAX 0.04

/* The loop behind both functions; arguments checked by the callers. */
static int wait_loop(psutil_proc_t *const *procs, size_t n, double timeout, psutil_wait_callback cb,
                     void *arg, int *gone, psutil_exit_t *status)
{
    psutil__waiter *w = psutil__calloc(n ? n : 1, sizeof(*w));
    int *begun = psutil__calloc(n ? n : 1, sizeof(*begun));
    double deadline = psutil__monotonic() + (timeout >= 0 ? timeout : 0);
    double backoff = BACKOFF_FIRST;
    size_t left = n;
    int rc = 0;
    if (!w || !begun) {
        rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "waiters");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        gone[i] = 0;
        status[i] = (psutil_exit_t){0, 0};
        w[i].handle = -1;
        int brc = psutil__os_wait_begin(procs[i], &w[i]);
        if (brc != 0 && !psutil_is_gone(brc)) {
            rc = brc; /* not a verdict on the process (a moved root, no memory) */
            goto out;
        }
        begun[i] = brc == 0;
        if (brc != 0) {
            gone[i] = 1; /* already ended (reaped, or its pid reused): status unknown */
            left--;
            if (cb)
                cb(procs[i], &status[i], arg);
        }
    }
    for (;;) {
        for (size_t i = 0; i < n; i++) {
            if (gone[i] || !psutil__os_wait_check(procs[i], &w[i], &status[i]))
                continue;
            gone[i] = 1;
            left--;
            if (cb)
                cb(procs[i], &status[i], arg);
        }
        if (left == 0)
            break;
        double remaining = deadline - psutil__monotonic();
        if (timeout >= 0 && remaining <= 0)
            break;
        /* Every process left has a handle: block until one is ready or the deadline.
         * Otherwise poll them with a growing back-off, as psutil. */
        size_t handles = 0;
        for (size_t i = 0; i < n; i++)
            handles += !gone[i] && w[i].handle >= 0;
        double wait_s = handles == left ? (timeout >= 0 ? remaining : -1) : backoff;
        if (timeout >= 0 && wait_s > remaining)
            wait_s = remaining;
        if ((rc = psutil__os_wait_any(w, gone, n, wait_s)) != 0)
            break;
        backoff = fmin(backoff * 2, BACKOFF_MAX);
    }
out:
    for (size_t i = 0; w && begun && i < n; i++)
        if (begun[i])
            psutil__os_wait_end(&w[i]);
    psutil__dealloc(begun);
    psutil__dealloc(w);
    return rc;
}

static int wait_one(psutil_proc_t *p, double timeout, psutil_exit_t *out)
{
    int gone = 0;
    psutil_exit_t st;
    if (!p || isnan(timeout))
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL handle or output");
    psutil_proc_t *const procs[1] = {p};
    int rc = wait_loop(procs, 1, timeout, NULL, NULL, &gone, &st);
    if (rc != 0)
        return rc;
    if (!gone)
        return psutil__error(PSUTIL_ETIMEOUT, ETIMEDOUT, NULL, "process still running");
    *out = st;
    return 0;
}

int(psutil_proc_wait)(psutil_proc_t *p, double timeout, psutil_exit_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_exit_t, out, size, wait_one(p, timeout, &tmp_));
}

int psutil_wait_procs(psutil_proc_t *const *procs, size_t n, double timeout,
                      psutil_wait_callback callback, void *arg, int *gone, psutil_exit_t *status)
{
    if ((!procs && n) || (n && (!gone || !status)) || isnan(timeout))
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL handle or output");
    for (size_t i = 0; i < n; i++)
        if (!procs[i])
            return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL handle or output");
    return wait_loop(procs, n, timeout, callback, arg, gone, status);
}
