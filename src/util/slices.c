/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * slices.c - runs one piece of work over contiguous slices of a range, one slice per
 * online CPU when the range is large enough: the process table and the socket-owner
 * walk both split their pid lists this way. Slice 0 runs on the calling thread; a
 * worker that cannot start runs inline. The first failing slice's code comes back with
 * its last-error detail recorded in the calling thread.
 */
#include <pthread.h>
#include <unistd.h>

#include "util.h"

#define MAX_SLICES 64

struct job {
    int (*fn)(void *arg, size_t slice, size_t begin, size_t end);
    void *arg;
    size_t slice, begin, end;
    int rc;
    psutil_error_info_t err;
};

static void *run_job(void *p)
{
    struct job *j = p;
    j->rc = j->fn(j->arg, j->slice, j->begin, j->end);
    if (j->rc != 0)
        psutil_last_error(&j->err);
    return NULL;
}

int psutil__run_slices(size_t n, size_t min_parallel, size_t max_slices,
                       int (*fn)(void *arg, size_t slice, size_t begin, size_t end), void *arg,
                       size_t *nslices)
{
    struct job jobs[MAX_SLICES];
    pthread_t tid[MAX_SLICES];
    int started[MAX_SLICES] = {0};
    size_t k = 1;
    if (max_slices > MAX_SLICES)
        max_slices = MAX_SLICES;
    if (n >= min_parallel && max_slices > 1) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        if (cpus > 1)
            k = (size_t)cpus < max_slices ? (size_t)cpus : max_slices;
    }
    size_t per = (n + k - 1) / k;
    for (size_t t = 0; t < k; t++) {
        size_t begin = t * per < n ? t * per : n;
        size_t end = begin + per < n ? begin + per : n;
        jobs[t] = (struct job){fn, arg, t, begin, end, 0, {0, 0, "", ""}};
    }
    for (size_t t = 1; t < k; t++)
        started[t] = pthread_create(&tid[t], NULL, run_job, &jobs[t]) == 0;
    for (size_t t = 1; t < k; t++)
        if (!started[t])
            run_job(&jobs[t]);
    run_job(&jobs[0]);
    for (size_t t = 1; t < k; t++)
        if (started[t])
            pthread_join(tid[t], NULL);
    *nslices = k;
    for (size_t t = 0; t < k; t++)
        if (jobs[t].rc != 0)
            return psutil__error(jobs[t].rc, jobs[t].err.os_errno, jobs[t].err.path, "%s",
                                 jobs[t].err.detail);
    return 0;
}
