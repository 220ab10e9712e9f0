/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * slices.c - runs one piece of work over contiguous slices of a range, one slice per
 * online CPU when the range is large enough: the process table and the socket-owner
 * walk both split their pid lists this way. Slice 0 runs on the calling thread; a
 * worker that cannot start (or whose slot cannot be allocated) runs inline, so the
 * result never depends on getting threads. Workers get a small stack of their own and
 * are joined before the call returns. The first failing slice's code comes back with
 * its last-error detail recorded in the calling thread. psutil_set_max_threads()
 * (src/threads.c) caps the slices process-wide (1: never a thread).
 */
#include <limits.h>
#include <pthread.h>
#include <unistd.h>

#include "unix.h"

#define MAX_SLICES 64
/* A worker's stack: the slice functions use a few KiB (a path and a read buffer). */
#define WORKER_STACK (256 * 1024)

struct job {
    int (*fn)(void *arg, size_t slice, size_t begin, size_t end);
    void *arg;
    size_t slice, begin, end;
    int rc, started;
    pthread_t tid;
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

/* How many slices: one per online CPU up to max_slices and the process-wide cap. */
size_t psutil__slice_count(size_t n, size_t min_parallel, size_t max_slices)
{
    unsigned cap = psutil_max_threads();
    if (max_slices > MAX_SLICES)
        max_slices = MAX_SLICES;
    if (cap != 0 && cap < max_slices)
        max_slices = cap;
    if (n < min_parallel || max_slices < 2)
        return 1;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (cpus < 2)
        return 1;
    return (size_t)cpus < max_slices ? (size_t)cpus : max_slices;
}

int psutil__run_slices(size_t n, size_t min_parallel, size_t max_slices,
                       int (*fn)(void *arg, size_t slice, size_t begin, size_t end), void *arg,
                       size_t *nslices)
{
    size_t k = psutil__slice_count(n, min_parallel, max_slices);
    /* The slots live on the heap (each carries an error record of 1.3 KiB): the
     * caller's stack pays for one only, and only when there is no second slice. */
    struct job one, *jobs = k > 1 ? psutil__calloc(k, sizeof(*jobs)) : NULL;
    if (!jobs) {
        k = 1;
        jobs = &one;
    }
    size_t per = (n + k - 1) / k;
    for (size_t t = 0; t < k; t++) {
        size_t begin = t * per < n ? t * per : n;
        size_t end = begin + per < n ? begin + per : n;
        jobs[t] = (struct job){.fn = fn, .arg = arg, .slice = t, .begin = begin, .end = end};
    }
    pthread_attr_t attr;
    int have_attr = k > 1 && pthread_attr_init(&attr) == 0;
    if (have_attr && pthread_attr_setstacksize(&attr, WORKER_STACK > PTHREAD_STACK_MIN
                                                          ? WORKER_STACK
                                                          : PTHREAD_STACK_MIN) != 0) {
        pthread_attr_destroy(&attr);
        have_attr = 0;
    }
    for (size_t t = 1; t < k; t++)
        jobs[t].started =
            pthread_create(&jobs[t].tid, have_attr ? &attr : NULL, run_job, &jobs[t]) == 0;
    if (have_attr)
        pthread_attr_destroy(&attr);
    for (size_t t = 1; t < k; t++)
        if (!jobs[t].started)
            run_job(&jobs[t]);
    run_job(&jobs[0]);
    for (size_t t = 1; t < k; t++)
        if (jobs[t].started)
            pthread_join(jobs[t].tid, NULL);
    *nslices = k;
    int rc = 0;
    for (size_t t = 0; t < k && rc == 0; t++)
        if (jobs[t].rc != 0)
            rc = psutil__error(jobs[t].rc, jobs[t].err.os_errno, jobs[t].err.path, "%s",
                               jobs[t].err.detail);
    if (jobs != &one)
        psutil__dealloc(jobs);
    return rc;
}
